package workflow

import (
	"bytes"
	"context"
	"strings"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Credit lists and bans (ENG-A4, ENG-A5), imported by finance departments.
//
// Who may import: any finance department's staff, in the department's own
// name (goumai.ActImportCreditLists). What they import counts everywhere — a
// ban imposed by any finance department takes effect nationwide (财库〔2015〕150号)
// — so the lists that are national data rather than the department's own
// decisions (失信被执行人, 重大税收违法, 政府采购严重违法失信, read from 信用中国,
// the tax administration and 中国政府采购网) are imported only by departments
// of province level or above: a stale or mistaken copy from a county would
// otherwise bind every procurement in the country, and one provincial import
// serves all its counties. Bans and major violations are decisions that every
// level's finance department makes itself (GPL Arts. 13, 77; GPL-IR Art. 73),
// so any level imports its own.

// MaxListSource bounds the note of where a list's data came from.
const MaxListSource = 200

// ListImport is an import's description (the file comes apart).
type ListImport struct {
	Kind   goumai.ListKind `json:"kind"`
	Source string          `json:"source"` // where the data came from, e.g. "信用中国 2026-03-01 查询结果"
}

// ImportCreditList imports a new version of a list from the actor's finance
// department: the file (CSV or .xlsx) is parsed first, every problem reported
// by row and column, and nothing is written unless every row is good. The new
// version supersedes the department's previous version of the same list; the
// file is kept as the snapshot of the query (ENG-A4). Every row is a public
// event (the lists are published).
func (s *Service) ImportCreditList(ctx context.Context, a goumai.Actor, in ListImport, content []byte) (goumai.CreditList, error) {
	if err := s.Policy.Can(a, goumai.ActImportCreditLists, goumai.Target{OrgID: a.Org.ID, Region: a.Org.Region}); err != nil {
		return goumai.CreditList{}, err
	}
	in.Source = strings.TrimSpace(in.Source)
	f := goumai.Fields{}
	if !in.Kind.Valid() {
		f.Add("kind", "请选择名单类别", "choose the kind of list")
	}
	switch n := utf8.RuneCountInString(in.Source); {
	case n == 0:
		f.Add("source", "请写明数据来源（如：信用中国 2026-03-01 查询结果、处罚决定书）", "say where the data came from (e.g. a Credit China query of a date, a decision)")
	case n > MaxListSource:
		f.Add("source", "数据来源不能超过200个字", "the source has at most 200 characters")
	}
	if len(content) == 0 {
		f.Add("file", "请选择要导入的 CSV 或 .xlsx 文件", "choose the CSV or .xlsx file to import")
	}
	if err := f.Err(); err != nil {
		return goumai.CreditList{}, err
	}
	if r, ok := s.Store.Regions().Get(a.Org.Region); in.Kind.National() && !a.IsSystem() && (!ok || r.Level > goumai.LevelProvince) {
		return goumai.CreditList{}, &goumai.Error{Code: goumai.EForbidden, Rule: "ENG-A4",
			Message: goumai.M("全国性信用名单（失信被执行人、重大税收违法、政府采购严重违法失信）由省级以上财政部门导入；本级可导入本部门作出的禁止参加政府采购活动处罚和重大违法记录（ENG-A4）",
				"the national credit lists are imported by finance departments of province level or above; this department may import the bans and major violations it decided (ENG-A4)")}
	}
	entries, err := ParseCreditList(in.Kind, content)
	if err != nil {
		return goumai.CreditList{}, err
	}
	contentType := "text/csv"
	if bytes.HasPrefix(content, []byte("PK\x03\x04")) {
		contentType = goumai.FileTypes[5].MIME
	}
	var l goumai.CreditList
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		prev, err := tx.LatestCreditList(ctx, in.Kind, a.Org.ID)
		if err != nil {
			return err
		}
		digest, created, err := tx.PutFile(ctx, contentType, content)
		if err != nil {
			return err
		}
		if created {
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "file.store", Table: "files", Key: digest, Region: a.Org.Region}); err != nil {
				return err
			}
		}
		l = goumai.CreditList{Kind: in.Kind, SourceOrgID: a.Org.ID, Region: a.Org.Region, Version: prev.Version + 1, Source: in.Source,
			FileSHA256: digest, Entries: len(entries)}
		if l.ID, err = tx.InsertCreditList(ctx, a, l); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "credit.list_import", Table: "credit_lists", Key: l.ID, Region: a.Org.Region, Public: true}); err != nil {
			return err
		}
		if prev.ID != 0 {
			if err := tx.SupersedeCreditList(ctx, prev.ID, l.ID); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "credit.list_supersede", Table: "credit_lists", Key: prev.ID, Region: a.Org.Region, Public: true}); err != nil {
				return err
			}
		}
		for _, e := range entries {
			e.ListID = l.ID
			id, err := tx.InsertCreditEntry(ctx, e)
			if err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "credit.entry", Table: "credit_list_entries", Key: id, Region: a.Org.Region, Public: true}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return goumai.CreditList{}, err
	}
	return s.Store.CreditList(ctx, l.ID)
}

// CreditLists lists imported list versions, newest first, for finance staff.
func (s *Service) CreditLists(ctx context.Context, a goumai.Actor, f sqlstore.CreditListFilter) ([]goumai.CreditList, error) {
	if err := s.Policy.Can(a, goumai.ActImportCreditLists, goumai.Target{OrgID: a.Org.ID, Region: a.Org.Region}); err != nil {
		return nil, err
	}
	if f.Kind != "" && !f.Kind.Valid() {
		return nil, goumai.Fields{"kind": goumai.M("未知的名单类别", "unknown kind of list")}.Err()
	}
	return s.Store.FindCreditLists(ctx, f)
}

// CreditList returns one list version and a page of its entries (by id after
// afterID), for finance staff.
func (s *Service) CreditList(ctx context.Context, a goumai.Actor, id, afterID int64, limit int) (goumai.CreditList, []goumai.CreditEntry, error) {
	if err := s.Policy.Can(a, goumai.ActImportCreditLists, goumai.Target{OrgID: a.Org.ID, Region: a.Org.Region}); err != nil {
		return goumai.CreditList{}, nil, err
	}
	l, err := s.Store.CreditList(ctx, id)
	if err != nil {
		return l, nil, err
	}
	es, err := s.Store.FindCreditEntries(ctx, sqlstore.CreditEntryFilter{ListIDs: []int64{id}, AfterID: afterID, Limit: limit})
	return l, es, err
}

// BanEntry is a procurement ban in force, with the department that imported it.
type BanEntry struct {
	goumai.CreditEntry
	Source string `json:"source_name"`
}

// ActiveBans lists the procurement bans in force now, from the current ban
// list of every department (public: bans are published), by entry id.
func (s *Service) ActiveBans(ctx context.Context, afterID int64, limit int) ([]BanEntry, error) {
	lists, err := s.Store.FindCreditLists(ctx, sqlstore.CreditListFilter{Kind: goumai.ListBan, CurrentOnly: true, Limit: 1000})
	if err != nil || len(lists) == 0 {
		return nil, err
	}
	ids := make([]int64, len(lists))
	source := map[int64]string{}
	for i, l := range lists {
		ids[i], source[l.ID] = l.ID, l.SourceName
	}
	es, err := s.Store.FindCreditEntries(ctx, sqlstore.CreditEntryFilter{ListIDs: ids, ActiveAt: s.Clock.Now(), AfterID: afterID, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := make([]BanEntry, len(es))
	for i, e := range es {
		out[i] = BanEntry{CreditEntry: e, Source: source[e.ListID]}
	}
	return out, nil
}
