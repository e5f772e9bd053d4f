package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestRedFlagCases: cases are opened once per flag, updated at their
// version, and read with their flags by subtree, status, purchaser (sent
// only) and the public (closed only); the counts per region, purchaser and
// indicator add up.
func TestRedFlagCases(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		var auditor int64
		if err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			var err error
			auditor, err = tx.InsertOrg(ctx, goumai.Org{Name: "杭州市财政局", Kind: goumai.KindStateOrgan, Region: "330100", Active: true, FinanceDept: true})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		f1 := sqltest.InsertRedFlag(t, s, "ENG-C3", "ocds-gm0000-1", "330106", 7)
		f2 := sqltest.InsertRedFlag(t, s, "R018", "ocds-gm0000-2", "330106", 7)
		f3 := sqltest.InsertRedFlag(t, s, "R018", "ocds-gm0000-3", "330110", 8)
		sqltest.InsertRedFlag(t, s, "R018", "ocds-gm0000-4", "330203", 9)
		due := clock.Now().Add(72 * time.Hour)
		open := func(flag, purchaser int64, st goumai.RedFlagCaseStatus) goumai.RedFlagCase {
			c := goumai.RedFlagCase{FlagID: flag, Region: "330106", PurchaserOrgID: purchaser, OrgID: auditor, Status: st, Request: "请说明", Days: 5}
			now := clock.Now()
			if st == goumai.RedFlagCaseSent {
				c.DueAt, c.SentAt = &due, &now
			} else {
				c.InspectedAt, c.Findings, c.Days, c.Request = &now, "核查", 0, ""
			}
			if err := s.Update(ctx, func(tx *sqlstore.Tx) error {
				var err error
				c.ID, err = tx.InsertRedFlagCase(ctx, c)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			c.Version = 1
			return c
		}
		c1 := open(f1, 7, goumai.RedFlagCaseSent)
		open(f3, 8, goumai.RedFlagCaseInspecting)
		// One case per flag.
		if err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			_, err := tx.InsertRedFlagCase(ctx, goumai.RedFlagCase{FlagID: f1, Region: "330106", OrgID: auditor, Status: goumai.RedFlagCaseSent})
			return err
		}); err == nil {
			t.Error("a second case on one flag was opened")
		}
		// The purchaser answers, then the outcome closes it.
		now := clock.Now()
		c1.Status, c1.Answer, c1.AnsweredAt, c1.Files = goumai.RedFlagCaseAnswered, "预算分批下达", &now, []goumai.File{}
		if err := s.Update(ctx, func(tx *sqlstore.Tx) error { return tx.UpdateRedFlagCase(ctx, c1, 0) }); err != nil {
			t.Fatal(err)
		}
		// A stale version changes nothing.
		if err := s.Update(ctx, func(tx *sqlstore.Tx) error { return tx.UpdateRedFlagCase(ctx, c1, 0) }); goumai.ErrorCode(err) != goumai.EStale {
			t.Errorf("stale update: %v", err)
		}
		c1.Version++
		c1.Status, c1.Outcome, c1.Opinion, c1.ClosedAt = goumai.RedFlagCaseClosed, goumai.RedFlagJustified, "说明合理", &now
		if err := s.Update(ctx, func(tx *sqlstore.Tx) error { return tx.UpdateRedFlagCase(ctx, c1, 0) }); err != nil {
			t.Fatal(err)
		}
		got, err := s.FlagWithCase(ctx, f1)
		if err != nil || got.Case == nil || got.Case.Status != goumai.RedFlagCaseClosed || got.Case.Answer != "预算分批下达" ||
			got.Case.Outcome != goumai.RedFlagJustified || got.Case.Version != 3 || got.Case.DueAt == nil || !got.Case.DueAt.Equal(due) ||
			got.Flag.Indicator != "ENG-C3" {
			t.Errorf("flag with case: %+v %+v %v", got.Flag, got.Case, err)
		}
		if got, err := s.FlagWithCase(ctx, f2); err != nil || got.Case != nil {
			t.Errorf("flag without a case: %+v %v", got.Case, err)
		}
		ids := func(f sqlstore.RedFlagCaseFilter) (out []int64) {
			t.Helper()
			xs, err := s.FlagsWithCases(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range xs {
				out = append(out, x.Flag.ID)
			}
			return out
		}
		for _, c := range []struct {
			name string
			f    sqlstore.RedFlagCaseFilter
			want []int64
		}{
			{"city", sqlstore.RedFlagCaseFilter{Region: "330100"}, []int64{f3, f2, f1}},
			{"no case", sqlstore.RedFlagCaseFilter{Region: "330100", Status: "none"}, []int64{f2}},
			{"inspecting", sqlstore.RedFlagCaseFilter{Region: "330100", Status: "inspecting"}, []int64{f3}},
			{"purchaser's sent", sqlstore.RedFlagCaseFilter{PurchaserOrgID: 7, SentOnly: true}, []int64{f1}},
			{"purchaser 8 sent", sqlstore.RedFlagCaseFilter{PurchaserOrgID: 8, SentOnly: true}, nil},
			{"public", sqlstore.RedFlagCaseFilter{ClosedOnly: true}, []int64{f1}},
			{"page", sqlstore.RedFlagCaseFilter{Region: "330100", BeforeID: f3, Limit: 1}, []int64{f2}},
		} {
			if g := ids(c.f); len(g) != len(c.want) || len(g) > 0 && (g[0] != c.want[0] || g[len(g)-1] != c.want[len(c.want)-1]) {
				t.Errorf("%s: %v, want %v", c.name, g, c.want)
			}
		}
		openCases, err := s.OpenRedFlagCases(ctx, "330100", 0)
		if err != nil || len(openCases) != 1 || openCases[0].FlagID != f3 {
			t.Errorf("open cases of the city: %+v %v", openCases, err)
		}
		counts, err := s.RedFlagCounts(ctx, "330100", sqlstore.CountByRegion)
		if err != nil {
			t.Fatal(err)
		}
		var total goumai.RedFlagCounts
		for _, c := range counts {
			total.Add(c)
			if c.Region == "330106" && c.PurchaserOrgID == 7 && (c.Raised != 2 || c.Sent != 1 || c.Answered != 1 || c.Justified != 1) {
				t.Errorf("330106/7: %+v", c)
			}
		}
		if total.Raised != 3 || total.Sent != 1 || total.Inspected != 1 || total.Justified != 1 || total.Referred != 0 {
			t.Errorf("city total: %+v (%+v)", total, counts)
		}
		byInd, err := s.RedFlagCounts(ctx, "", sqlstore.CountByIndicator)
		if err != nil || len(byInd) != 2 || byInd[0].Indicator != "ENG-C3" || byInd[1].Raised != 3 {
			t.Errorf("per indicator: %+v %v", byInd, err)
		}
	})
}
