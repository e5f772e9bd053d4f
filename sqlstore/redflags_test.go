package sqlstore_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// The red-flag list reads a region's subtree newest first, page by page, with
// its filters, and one flag with its evidence.
func TestRedFlagsList(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		ev, _ := json.Marshal(goumai.RedFlagEvidence{Releases: []goumai.RedFlagRelease{{OCID: "ocds-gm0000-1", ReleaseID: "ocds-gm0000-1-5", LogIndex: 5}},
			Detail: goumai.M("合计 300 万元", "total ¥3,000,000")})
		rows := []struct {
			indicator, ocid, region, state string
			purchaser                      int64
		}{
			{"ENG-C3", "ocds-gm0000-1", "330106", "active", 7},
			{"ENG-C3", "ocds-gm0000-2", "330106", "cleared", 7},
			{"R018", "ocds-gm0000-3", "330105", "active", 8},
			{"R018", "ocds-gm0000-4", "330106", "active", 0},
			{"ENG-H3", "ocds-gm0000-5", "330200", "active", 9},
		}
		for _, r := range rows {
			if _, err := s.DB().ExecContext(ctx, `INSERT INTO red_flags (indicator, ocid, subject, region, buyer_id, purchaser_org_id, supplier_id,
				supplier_org_id, value, legal_basis, evidence, params_version, state, first_raised_at, updated_at, log_index)
				VALUES ($1, $2, '', $3, 'CN-USCC-X', $4, '', NULL, 1.5, 'GPL-IR Art. 28', $5, '100000/2020-01-01/0', $6,
				'2026-12-07T02:00:00.000000Z', '2026-12-07T02:00:00.000000Z', 5)`,
				r.indicator, r.ocid, r.region, nullable(r.purchaser), string(ev), r.state); err != nil {
				t.Fatal(err)
			}
		}
		ocids := func(fs []goumai.RedFlag) (out []string) {
			for _, f := range fs {
				out = append(out, f.OCID)
			}
			return out
		}
		for _, c := range []struct {
			name string
			f    sqlstore.RedFlagFilter
			want []string
		}{
			{"city subtree", sqlstore.RedFlagFilter{Region: "330100"}, []string{"ocds-gm0000-4", "ocds-gm0000-3", "ocds-gm0000-2", "ocds-gm0000-1"}},
			{"county", sqlstore.RedFlagFilter{Region: "330106"}, []string{"ocds-gm0000-4", "ocds-gm0000-2", "ocds-gm0000-1"}},
			{"national", sqlstore.RedFlagFilter{Region: goumai.NationalCode}, []string{"ocds-gm0000-5", "ocds-gm0000-4", "ocds-gm0000-3", "ocds-gm0000-2", "ocds-gm0000-1"}},
			{"indicator", sqlstore.RedFlagFilter{Region: "330100", Indicator: "R018"}, []string{"ocds-gm0000-4", "ocds-gm0000-3"}},
			{"purchaser", sqlstore.RedFlagFilter{PurchaserOrgID: 7}, []string{"ocds-gm0000-2", "ocds-gm0000-1"}},
			{"state", sqlstore.RedFlagFilter{Region: "330106", State: goumai.RedFlagActive}, []string{"ocds-gm0000-4", "ocds-gm0000-1"}},
			{"page 1", sqlstore.RedFlagFilter{Region: "330100", Limit: 2}, []string{"ocds-gm0000-4", "ocds-gm0000-3"}},
			{"process", sqlstore.RedFlagFilter{OCID: "ocds-gm0000-2"}, []string{"ocds-gm0000-2"}},
		} {
			got, err := s.RedFlags(ctx, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if g := ocids(got); !equalStrings(g, c.want) {
				t.Errorf("%s: %v, want %v", c.name, g, c.want)
			}
			if c.name == "page 1" {
				next, err := s.RedFlags(ctx, sqlstore.RedFlagFilter{Region: "330100", Limit: 2, BeforeID: got[len(got)-1].ID})
				if err != nil {
					t.Fatal(err)
				}
				if g := ocids(next); !equalStrings(g, []string{"ocds-gm0000-2", "ocds-gm0000-1"}) {
					t.Errorf("page 2: %v", g)
				}
			}
		}
		all, _ := s.RedFlags(ctx, sqlstore.RedFlagFilter{OCID: "ocds-gm0000-1"})
		f, err := s.RedFlag(ctx, all[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if f.Indicator != "ENG-C3" || f.PurchaserOrgID != 7 || f.State != goumai.RedFlagActive || f.Value != 1.5 ||
			len(f.Evidence.Releases) != 1 || f.Evidence.Releases[0].LogIndex != 5 || f.Evidence.Detail.EN != "total ¥3,000,000" ||
			f.FirstRaisedAt.IsZero() || f.ParamsVersion != "100000/2020-01-01/0" {
			t.Errorf("flag: %+v", f)
		}
		var e *goumai.Error
		if _, err := s.RedFlag(ctx, 99999); !errors.As(err, &e) {
			t.Errorf("a missing flag: %v", err)
		}
	})
}

func nullable(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
