package workflow

import (
	"context"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/policydata"
	"github.com/goumai/goumai/sqlstore"
)

// The policy library (培训宣传, issue 13 item 5): a finance department's staff
// add the documents of their region subtree, describe them, publish new
// versions of their text (the old ones are kept) and say which document
// supersedes which. Every change is a public event of the log.

// PolicyInput is a new document as its keeper enters it.
type PolicyInput struct {
	TitleZH      string `json:"title_zh"`
	TitleEN      string `json:"title_en"`
	Number       string `json:"number"`
	Authority    string `json:"authority"`
	Region       string `json:"region"` // "" for the actor's own region
	IssuedOn     string `json:"issued_on"`
	EffectiveOn  string `json:"effective_on"`
	Status       string `json:"status"` // "" for in_force
	SupersedesID int64  `json:"supersedes_id"`
	SourceURL    string `json:"source_url"`
	Licence      string `json:"licence"`
	Body         string `json:"body"`
}

// PolicyEdit is a change of a document's description (not its text), at the
// version the actor saw.
type PolicyEdit struct {
	Version      int    `json:"version"`
	TitleZH      string `json:"title_zh"`
	TitleEN      string `json:"title_en"`
	Number       string `json:"number"`
	Authority    string `json:"authority"`
	IssuedOn     string `json:"issued_on"`
	EffectiveOn  string `json:"effective_on"`
	Status       string `json:"status"`
	SupersedesID int64  `json:"supersedes_id"`
	SourceURL    string `json:"source_url"`
	Licence      string `json:"licence"`
}

// PolicyVersionInput is a new version of a document's text, at the version
// the actor saw.
type PolicyVersionInput struct {
	Version     int    `json:"version"`
	Body        string `json:"body"`
	Note        string `json:"note"`
	EffectiveOn string `json:"effective_on"`
}

func (s *Service) mayManagePolicy(a goumai.Actor, region string) error {
	return s.Policy.Can(a, goumai.ActManagePolicy, goumai.Target{Region: region})
}

func recordPolicy(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, action, table string, key int64, region string) error {
	_, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: table, Key: key, Region: region, Public: true})
	return err
}

var errStalePolicy = goumai.Errorf(goumai.EStale, "政策文件已被他人修改，请刷新后重试", "the document changed meanwhile; reload and try again")

// supersede links d to the document it supersedes: the actor must keep that
// one too, it must be another document, and one in force becomes superseded.
func (s *Service) supersede(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, d goumai.PolicyDoc) error {
	if d.SupersedesID == 0 {
		return nil
	}
	bad := goumai.Fields{"supersedes_id": goumai.M("没有可由您替代的该文件", "no such document that you may supersede")}.Err()
	if d.SupersedesID == d.ID {
		return goumai.Fields{"supersedes_id": goumai.M("文件不能替代自身", "a document cannot supersede itself")}.Err()
	}
	old, err := tx.PolicyDoc(ctx, d.SupersedesID)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return bad
	} else if err != nil {
		return err
	}
	if s.mayManagePolicy(a, old.Region) != nil {
		return bad
	}
	if old.SupersedesID == d.ID && d.ID != 0 {
		return goumai.Fields{"supersedes_id": goumai.M("两份文件不能相互替代", "two documents cannot supersede each other")}.Err()
	}
	if old.Status != goumai.PolicyInForce {
		return nil
	}
	old.Status = goumai.PolicySuperseded
	if err := tx.UpdatePolicyDoc(ctx, old); err != nil {
		return err
	}
	return recordPolicy(ctx, tx, a, "policy.supersede", "policy_docs", old.ID, old.Region)
}

// AddPolicy adds a document to the library at version 1.
func (s *Service) AddPolicy(ctx context.Context, a goumai.Actor, in PolicyInput) (goumai.PolicyDoc, error) {
	d := goumai.PolicyDoc{TitleZH: in.TitleZH, TitleEN: in.TitleEN, Number: in.Number, Authority: in.Authority, Region: in.Region,
		IssuedOn: in.IssuedOn, EffectiveOn: in.EffectiveOn, Status: goumai.PolicyStatus(strings.TrimSpace(in.Status)),
		SupersedesID: in.SupersedesID, SourceURL: in.SourceURL, Licence: in.Licence, Body: in.Body, Version: 1, CreatedBy: a.UserID}
	d.Normalise()
	if d.Region == "" {
		d.Region = a.Org.Region
	}
	if d.Status == "" {
		d.Status = goumai.PolicyInForce
	}
	if err := s.mayManagePolicy(a, d.Region); err != nil {
		return d, err
	}
	if err := d.Check(s.Store.Regions()); err != nil {
		return d, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := s.supersede(ctx, tx, a, d); err != nil {
			return err
		}
		var vid int64
		var err error
		if d.ID, vid, err = tx.InsertPolicyDoc(ctx, d, "首次发布 / first published"); err != nil {
			return err
		}
		d.CreatedAt, d.UpdatedAt = tx.Now(), tx.Now()
		if err := recordPolicy(ctx, tx, a, "policy.add", "policy_docs", d.ID, d.Region); err != nil {
			return err
		}
		return recordPolicy(ctx, tx, a, "policy.version", "policy_versions", vid, d.Region)
	})
	return d, err
}

// changePolicy runs one change of a document in one transaction: the actor
// must keep it, and the version seen must be its current one.
func (s *Service) changePolicy(ctx context.Context, a goumai.Actor, id int64, version int,
	change func(tx *sqlstore.Tx, d *goumai.PolicyDoc) error) (goumai.PolicyDoc, error) {
	var d goumai.PolicyDoc
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if d, err = tx.PolicyDoc(ctx, id); err != nil {
			return err
		}
		if err := s.mayManagePolicy(a, d.Region); err != nil {
			return err
		}
		if version != d.Version {
			return errStalePolicy
		}
		return change(tx, &d)
	})
	return d, err
}

// EditPolicy changes a document's description, status and supersedes link.
func (s *Service) EditPolicy(ctx context.Context, a goumai.Actor, id int64, in PolicyEdit) (goumai.PolicyDoc, error) {
	return s.changePolicy(ctx, a, id, in.Version, func(tx *sqlstore.Tx, d *goumai.PolicyDoc) error {
		was := d.SupersedesID
		d.TitleZH, d.TitleEN, d.Number, d.Authority, d.IssuedOn, d.EffectiveOn = in.TitleZH, in.TitleEN, in.Number, in.Authority, in.IssuedOn, in.EffectiveOn
		d.Status, d.SupersedesID, d.SourceURL, d.Licence = goumai.PolicyStatus(strings.TrimSpace(in.Status)), in.SupersedesID, in.SourceURL, in.Licence
		d.Normalise()
		if err := d.Check(tx.Regions()); err != nil {
			return err
		}
		if d.SupersedesID != was {
			if err := s.supersede(ctx, tx, a, *d); err != nil {
				return err
			}
		}
		if err := tx.UpdatePolicyDoc(ctx, *d); err != nil {
			return err
		}
		d.UpdatedAt = tx.Now()
		return recordPolicy(ctx, tx, a, "policy.edit", "policy_docs", d.ID, d.Region)
	})
}

// AddPolicyVersion publishes a new version of a document's text; every
// earlier version is kept.
func (s *Service) AddPolicyVersion(ctx context.Context, a goumai.Actor, id int64, in PolicyVersionInput) (goumai.PolicyDoc, error) {
	v := goumai.PolicyVersion{DocID: id, Body: strings.TrimSpace(in.Body), Note: strings.TrimSpace(in.Note),
		EffectiveOn: strings.TrimSpace(in.EffectiveOn), CreatedBy: a.UserID}
	return s.changePolicy(ctx, a, id, in.Version, func(tx *sqlstore.Tx, d *goumai.PolicyDoc) error {
		if err := goumai.CheckPolicyVersion(v); err != nil {
			return err
		}
		v.Version = d.Version + 1
		vid, err := tx.InsertPolicyVersion(ctx, v)
		if err != nil {
			return err
		}
		d.Version, d.Body = v.Version, v.Body
		if v.EffectiveOn != "" {
			d.EffectiveOn = v.EffectiveOn
		}
		if err := tx.UpdatePolicyDoc(ctx, *d); err != nil {
			return err
		}
		d.UpdatedAt = tx.Now()
		if err := recordPolicy(ctx, tx, a, "policy.version", "policy_versions", vid, d.Region); err != nil {
			return err
		}
		return recordPolicy(ctx, tx, a, "policy.edit", "policy_docs", d.ID, d.Region)
	})
}

// LoadPolicyLibrary adds the documents of package policydata that the
// library does not hold yet (by number, national region), as a; it returns
// how many it added. Loading twice adds nothing.
func (s *Service) LoadPolicyLibrary(ctx context.Context, a goumai.Actor) (int, error) {
	docs, err := policydata.Documents()
	if err != nil {
		return 0, err
	}
	added := 0
	for _, d := range docs {
		if _, err := s.Store.PolicyByNumber(ctx, d.Region, d.Number); err == nil {
			continue
		} else if goumai.ErrorCode(err) != goumai.ENotFound {
			return added, err
		}
		in := PolicyInput{TitleZH: d.TitleZH, TitleEN: d.TitleEN, Number: d.Number, Authority: d.Authority, Region: d.Region,
			IssuedOn: d.IssuedOn, EffectiveOn: d.EffectiveOn, Status: string(d.Status), SourceURL: d.SourceURL, Licence: d.Licence, Body: d.Body}
		if d.Supersedes != "" {
			old, err := s.Store.PolicyByNumber(ctx, d.Region, d.Supersedes)
			if err != nil {
				return added, err
			}
			in.SupersedesID = old.ID
		}
		if _, err := s.AddPolicy(ctx, a, in); err != nil {
			return added, err
		}
		added++
	}
	return added, nil
}
