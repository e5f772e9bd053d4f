package sqltest

import (
	"context"
	"testing"

	"github.com/goumai/goumai/sqlstore"
)

// InsertRedFlag writes an active red flag directly in SQL, as the release
// hook would, and returns its id: for the tests of the follow-up of flags
// (issue 12 item 2), which need flags, not the releases that raise them.
// purchaser 0 is a purchaser not on goumai. The statistics are rebuilt, as
// the hook would have counted the flag.
func InsertRedFlag(t testing.TB, s *sqlstore.Store, indicator, ocid, region string, purchaser int64) int64 {
	t.Helper()
	ctx := context.Background()
	var p any
	if purchaser != 0 {
		p = purchaser
	}
	if _, err := s.DB().ExecContext(ctx, `INSERT INTO red_flags (indicator, ocid, subject, region, buyer_id, purchaser_org_id, supplier_id,
		supplier_org_id, value, legal_basis, evidence, params_version, state, first_raised_at, updated_at, log_index)
		VALUES ($1, $2, '', $3, 'CN-USCC-X', $4, '', NULL, 1.5, 'GPL-IR Art. 28',
		'{"releases":[{"ocid":"'||$2||'","release_id":"'||$2||'-1","log_index":1}],"detail":{"zh":"合计 300 万元","en":"total ¥3,000,000"}}',
		'100000/2020-01-01/0', 'active', '2026-12-07T02:00:00.000000Z', '2026-12-07T02:00:00.000000Z', 1)`,
		indicator, ocid, region, p); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RebuildStats(ctx); err != nil {
		t.Fatal(err)
	}
	fs, err := s.RedFlags(ctx, sqlstore.RedFlagFilter{OCID: ocid, Indicator: indicator})
	if err != nil || len(fs) != 1 {
		t.Fatal(fs, err)
	}
	return fs[0].ID
}
