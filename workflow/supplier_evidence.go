package workflow

import (
	"context"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Evidence items (ENG-A3, GPL-IR Art. 17) and the uploads they refer to.

// StoreUpload checks an upload (goumai.NewFile: size, name, type sniffed from
// the content) and stores its content once by digest, recording a new file
// with a private event in region. Any use case that keeps uploaded documents
// (evidence, bids) calls it inside its transaction and refers to the file by
// the returned File's SHA256.
func (s *Service) StoreUpload(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, region, name string, content []byte) (goumai.File, error) {
	f, err := goumai.NewFile(name, content)
	if err != nil {
		return f, err
	}
	digest, created, err := tx.PutFile(ctx, f.Type, content)
	if err != nil {
		return f, err
	}
	if created {
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "file.store", Table: "files", Key: digest, Region: region}); err != nil {
			return f, err
		}
	}
	return f, nil
}

// AddEvidence stores a new evidence version with its file. For a required
// kind it supersedes the current version of that kind; an "other" item
// supersedes only the item in.Supersedes names. Superseded versions are kept.
func (s *Service) AddEvidence(ctx context.Context, a goumai.Actor, orgID int64, in goumai.EvidenceInput, fileName string, content []byte) (goumai.Evidence, error) {
	var e goumai.Evidence
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := s.supplierOrg(ctx, tx, a, goumai.ActManageSupplier, orgID)
		if err != nil {
			return err
		}
		if err := in.Validate(tx.Now()); err != nil {
			return err
		}
		current, err := tx.SupplierEvidence(ctx, orgID, true)
		if err != nil {
			return err
		}
		var replaced int64
		for _, c := range current {
			if in.Kind != goumai.EvidenceOther && c.Kind == in.Kind || in.Supersedes != 0 && c.ID == in.Supersedes && c.Kind == in.Kind {
				replaced = c.ID
			}
		}
		if in.Supersedes != 0 && replaced == 0 {
			return goumai.Fields{"supersedes": goumai.M("要替换的材料不存在或已被替换", "the item to replace does not exist or was already replaced")}.Err()
		}
		f, err := s.StoreUpload(ctx, tx, a, o.Region, fileName, content)
		if err != nil {
			return err
		}
		e = goumai.Evidence{OrgID: orgID, Kind: in.Kind, Title: in.Title, File: f, ValidFrom: goumai.StartOfDay(in.ValidFrom),
			ValidUntil: dayOf(in.ValidUntil), DeclaredOn: dayOf(in.DeclaredOn), Supersedes: replaced}
		if e.ID, err = tx.InsertEvidence(ctx, a, e); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "supplier.evidence_add", Table: "supplier_evidence", Key: e.ID, Region: o.Region}); err != nil {
			return err
		}
		if replaced != 0 {
			if err := tx.SupersedeEvidence(ctx, replaced, e.ID); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "supplier.evidence_supersede", Table: "supplier_evidence", Key: replaced, Region: o.Region}); err != nil {
				return err
			}
		}
		e, err = tx.Evidence(ctx, e.ID)
		return err
	})
	return e, err
}

// dayOf returns the start of t's day in China Standard Time, or nil.
func dayOf(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	d := goumai.StartOfDay(*t)
	return &d
}

// SupplierEvidence lists a supplier's evidence versions (all of them, or only the current ones).
func (s *Service) SupplierEvidence(ctx context.Context, a goumai.Actor, orgID int64, currentOnly bool) ([]goumai.Evidence, error) {
	if _, err := s.supplierOrg(ctx, nil, a, goumai.ActViewSupplier, orgID); err != nil {
		return nil, err
	}
	return s.Store.SupplierEvidence(ctx, orgID, currentOnly)
}

// EvidenceFile returns an evidence version of the supplier and its file's content.
func (s *Service) EvidenceFile(ctx context.Context, a goumai.Actor, orgID, id int64) (goumai.Evidence, []byte, error) {
	if _, err := s.supplierOrg(ctx, nil, a, goumai.ActViewSupplier, orgID); err != nil {
		return goumai.Evidence{}, nil, err
	}
	e, err := s.Store.Evidence(ctx, id)
	if err != nil {
		return e, nil, err
	}
	if e.OrgID != orgID {
		return goumai.Evidence{}, nil, goumai.ErrNotFound("证明材料", "evidence item")
	}
	_, content, err := s.Store.FileContent(ctx, e.File.SHA256)
	return e, content, err
}
