package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// Release by release, a flag is raised with the releases that raised it as
// evidence, cleared (kept, with its history) when a later release corrects
// the data, and a group flag follows its group: after every step the stored
// active flags equal a full recompute from the bulk file; the statistics of
// the flags, kept in the releases' transactions, equal their recompute and
// the flags table, at the county and the country.
func TestRedFlagsIncremental(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		const buyer, supplier = "CN-USCC-11330106334385828B", "CN-USCC-91330106MAT0KAUW9H"
		idxOf := map[string]int64{}
		write := func(name, ocid, rest string) {
			t.Helper()
			if err := appendRelease(ctx, s, ocid, func(idx int64) string {
				idxOf[name] = idx
				return fmt.Sprintf(`{"ocid":%q,"id":"%s-%d","date":"2026-%02d-01T10:00:00+08:00","tag":["tender"],%s}`, ocid, ocid, idx, 1+len(idxOf)%12, rest)
			}); err != nil {
				t.Fatal(err)
			}
		}
		check := func(step string, want map[string]int) {
			t.Helper()
			got := storedActive(t, s)
			full := recomputedFromBulk(t, s)
			compareFlags(t, got, full)
			checkFlagStats(t, s)
			count := map[string]int{}
			for _, f := range got {
				count[f.Indicator]++
			}
			for k, n := range want {
				if count[k] != n {
					t.Fatalf("%s: %d %s flags, want %d (%v)", step, count[k], k, n, count)
				}
			}
		}
		party := fmt.Sprintf(`"parties":[{"id":%q,"address":{"region":"330106"},"roles":["buyer"]}],"buyer":{"id":%q}`, buyer, buyer)
		tender := func(end string) string {
			return `"tender":{"status":"active","procurementMethodDetails":"竞争性磋商","mainProcurementCategory":"services","value":{"amount":100000},` +
				`"tenderPeriod":{"startDate":"2026-02-02T10:00:00+08:00","endDate":"` + end + `"}}`
		}
		award := func(p int, status string) string {
			return fmt.Sprintf(`"awards":[{"id":"award-%d","status":%q,"date":"2026-03-01T10:00:00+08:00","value":{"amount":90000},"suppliers":[{"id":%q}]}]`, p, status, supplier)
		}
		ocid := func(p int) string { return fmt.Sprintf("ocds-gm0000-%d", p) }

		write("plan1", ocid(1), party)
		write("tender1", ocid(1), tender("2026-02-10T09:30:00+08:00")) // 8 days: too short for 磋商
		check("short period", map[string]int{"ENG-D3": 1})
		fs, err := s.RedFlags(ctx, sqlstore.RedFlagFilter{OCID: ocid(1), Indicator: "ENG-D3"})
		if err != nil || len(fs) != 1 {
			t.Fatalf("%v %v", fs, err)
		}
		if ev := fs[0].Evidence.Releases; len(ev) != 1 || ev[0].LogIndex != idxOf["tender1"] || fs[0].Value != 8 || fs[0].Region != "330106" {
			t.Errorf("ENG-D3 flag %+v", fs[0])
		}
		flagID := fs[0].ID

		write("amend1", ocid(1), tender("2026-02-20T09:30:00+08:00")) // extended to 18 days
		check("period extended", map[string]int{"ENG-D3": 0})
		f, err := s.RedFlag(ctx, flagID)
		if err != nil || f.State != goumai.RedFlagCleared {
			t.Errorf("after the extension: %+v %v", f, err)
		}

		for p := 1; p <= 3; p++ {
			if p > 1 {
				write(fmt.Sprint("plan", p), ocid(p), party)
			}
			write(fmt.Sprint("award", p), ocid(p), award(p, "active"))
		}
		check("third award", map[string]int{"GM-REPEAT": 3})
		fs, _ = s.RedFlags(ctx, sqlstore.RedFlagFilter{OCID: ocid(2), Indicator: "GM-REPEAT"})
		if len(fs) != 1 || len(fs[0].Evidence.Releases) != 3 || fs[0].SupplierID != supplier || fs[0].Value != 3 {
			t.Fatalf("GM-REPEAT on process 2: %+v", fs)
		}

		write("cancel3", ocid(3), award(3, "cancelled"))
		check("award cancelled", map[string]int{"GM-REPEAT": 0})
		fs, _ = s.RedFlags(ctx, sqlstore.RedFlagFilter{Indicator: "GM-REPEAT", State: goumai.RedFlagCleared})
		if len(fs) != 3 {
			t.Errorf("%d cleared GM-REPEAT flags, want 3", len(fs))
		}
	})
}
