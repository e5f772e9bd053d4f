package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/goumai/goumai"
)

// Red flags on live data (issue 12 item 1, migration 0051): see
// goumai.RedFlag. The flags are written by the release hook (redflags_update.go)
// in the transaction of the releases that raise or clear them; this file reads them.

var redFlagWhat = goumai.M("风险提示", "red flag")

const redFlagCols = `id, indicator, ocid, subject, region, buyer_id, purchaser_org_id, supplier_id, supplier_org_id,
	value, legal_basis, evidence, params_version, state, first_raised_at, updated_at`

func scanRedFlag(sc scanner) (goumai.RedFlag, error) {
	var f goumai.RedFlag
	var purchaser, supplier sql.NullInt64
	var evidence, state, first, updated string
	if err := sc.Scan(&f.ID, &f.Indicator, &f.OCID, &f.Subject, &f.Region, &f.BuyerID, &purchaser, &f.SupplierID, &supplier,
		&f.Value, &f.LegalBasis, &evidence, &f.ParamsVersion, &state, &first, &updated); err != nil {
		return f, err
	}
	f.PurchaserOrgID, f.SupplierOrgID, f.State = purchaser.Int64, supplier.Int64, goumai.RedFlagState(state)
	if err := json.Unmarshal([]byte(evidence), &f.Evidence); err != nil {
		return f, fmt.Errorf("red flag %d evidence: %w", f.ID, err)
	}
	var err error
	if f.FirstRaisedAt, err = parseTime(first); err != nil {
		return f, err
	}
	f.UpdatedAt, err = parseTime(updated)
	return f, err
}

// RedFlagFilter selects red flags, newest first, keyset-paged by id: every
// condition given holds.
type RedFlagFilter struct {
	Region         string              // subtree root; "" for all
	Indicator      string              // a rule's code
	PurchaserOrgID int64               // the purchaser's flags
	State          goumai.RedFlagState // "" for both states
	OCID           string              // one process's flags
	BeforeID       int64               // keyset: ids below this
	Limit          int                 // page size (default 50, at most 500)
}

// RedFlags lists the red flags f selects, newest first. The next page is
// asked with BeforeID set to the last flag's id.
func (s *Store) RedFlags(ctx context.Context, f RedFlagFilter) ([]goumai.RedFlag, error) {
	q, args := s.redFlagsSQL(f)
	return queryList(ctx, s.r, listRedFlags, scanRedFlag, q, args...)
}

var listRedFlags = registerList("RedFlags", func(s *Store) []listSample {
	return []listSample{
		sample(s.redFlagsSQL(RedFlagFilter{Region: "330106", Limit: 51})),
		sample(s.redFlagsSQL(RedFlagFilter{Region: "330106", BeforeID: 90, Limit: 51})),
		sample(s.redFlagsSQL(RedFlagFilter{Region: "330106", State: goumai.RedFlagActive, BeforeID: 90, Limit: 51})),
		sample(s.redFlagsSQL(RedFlagFilter{Region: "330106", Indicator: "ENG-C3", Limit: 51})),
		sample(s.redFlagsSQL(RedFlagFilter{Region: "330100", Limit: 51})).sorted("a prefecture's regions each give their flags in id order"),
		sample(s.redFlagsSQL(RedFlagFilter{Region: "330100", Indicator: "ENG-C3", State: goumai.RedFlagActive, Limit: 51})).sorted("a prefecture's regions each give their flags in id order"),
		sample(s.redFlagsSQL(RedFlagFilter{PurchaserOrgID: 7, BeforeID: 90, Limit: 51})),
		sample(s.redFlagsSQL(RedFlagFilter{PurchaserOrgID: 7, Region: "330106", State: goumai.RedFlagActive, Limit: 51})),
		sample(s.redFlagsSQL(RedFlagFilter{OCID: "ocds-gm0000-1", Limit: 51})),
	}
})

func (s *Store) redFlagsSQL(f RedFlagFilter) (string, []any) {
	var w where
	w.region(s, "region", f.Region)
	if f.Indicator != "" {
		w.add("indicator = $%d", f.Indicator)
	}
	if f.PurchaserOrgID != 0 {
		w.add("purchaser_org_id = $%d", f.PurchaserOrgID)
	}
	if f.State != "" {
		w.add("state = $%d", string(f.State))
	}
	if f.OCID != "" {
		w.add("ocid = $%d", f.OCID)
	}
	if f.BeforeID > 0 {
		w.add("id < $%d", f.BeforeID)
	}
	limit := w.limit(f.Limit, 50, 500)
	return `SELECT ` + redFlagCols + ` FROM red_flags WHERE ` + w.sql() + ` ORDER BY id DESC LIMIT ` + limit, w.args
}

// RedFlag returns one red flag.
func (s *Store) RedFlag(ctx context.Context, id int64) (goumai.RedFlag, error) {
	f, err := scanRedFlag(s.r.QueryRowContext(ctx, `SELECT `+redFlagCols+` FROM red_flags WHERE id = $1`, id))
	return f, interpretError(err, redFlagWhat)
}
