package sqlstore_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// The red-flag thresholds are rule parameters by jurisdiction and date: a
// process is judged by the values in force in its region on the day it
// started. Zhejiang's own stricter GM-CEILING share (95 % from 2026-06-01)
// flags an award at 96 % of the ceiling that the national 98 % does not (in
// Jiangsu, or in Zhejiang before the date); a looser value Zhejiang sets
// later (99 % from 2026-09-01) changes no flag of the processes started
// before it, even after a full recompute, and judges those started after.
// The flags cite the set applied; the store equals the bulk recompute.
func TestRedFlagParamsByRegionAndDate(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		shanghai := func(m time.Month) time.Time { return time.Date(2026, m, 1, 0, 0, 0, 0, goumai.Shanghai) }
		stricter := paramSet("330000", shanghai(6), 200_000_000)
		stricter.CeilingCloseMinPct = 95
		stricter = addSet(t, s, stricter)
		const buyer, supplier = "CN-USCC-11330106334385828B", "CN-USCC-91330106MAT0KAUW9H"
		n := 0
		process := func(region, start string) string {
			t.Helper()
			n++
			ocid := fmt.Sprintf("ocds-gm0000-%d", n)
			body := fmt.Sprintf(`"parties":[{"id":%q,"address":{"region":%q},"roles":["buyer"]}],"buyer":{"id":%q},`+
				`"tender":{"status":"complete","procurementMethodDetails":"竞争性磋商","mainProcurementCategory":"services","value":{"amount":100000},`+
				`"tenderPeriod":{"startDate":"%sT10:00:00+08:00","endDate":"%sT10:00:00+08:00"}},`+
				`"awards":[{"id":"award-1","status":"active","date":"%sT10:00:00+08:00","value":{"amount":96000},"suppliers":[{"id":%q}]}]`,
				buyer, region, buyer, start, start[:8]+"28", start[:8]+"28", supplier)
			if err := appendReleaseIn(ctx, s, region, ocid, func(idx int64) string {
				return fmt.Sprintf(`{"ocid":%q,"id":"%s-%d","date":"%sT10:00:00+08:00","tag":["award"],%s}`, ocid, ocid, idx, start, body)
			}, true); err != nil {
				t.Fatal(err)
			}
			return ocid
		}
		ceiling := func() map[string]string {
			t.Helper()
			out := map[string]string{}
			for _, f := range storedActive(t, s) {
				if f.Indicator == "GM-CEILING" {
					out[f.OCID] = f.ParamsVersion
				}
			}
			compareFlags(t, storedActive(t, s), recomputedFromBulk(t, s))
			return out
		}
		zjBefore := process("330106", "2026-03-02")
		zjAfter := process("330106", "2026-07-01")
		jsAfter := process("320106", "2026-07-01")
		want := map[string]string{zjAfter: fmt.Sprintf("330000/2026-06-01/%d", stricter.ID)}
		if got := ceiling(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("GM-CEILING flags %v, want %v (Zhejiang's 95 %% from June only; %s and %s judged by 98 %%)", got, want, zjBefore, jsAfter)
		}
		looser := paramSet("330000", shanghai(9), 200_000_000)
		looser.CeilingCloseMinPct = 99
		// Stored without its event: the fake releases above are leaves
		// without tree hashes, so nothing more is logged after them.
		sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) error {
			_, err := tx.InsertParamSet(ctx, looser)
			return err
		}))
		if err := s.RecomputeRedFlags(ctx); err != nil {
			t.Fatal(err)
		}
		if got := ceiling(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("after a later value and a recompute: %v, want %v", got, want)
		}
		process("330106", "2026-10-08") // under the 99 % of September: not close
		if got := ceiling(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("a process started under the later value: %v, want %v", got, want)
		}
	})
}

// ENG-J1 across instances: a poor grade another instance published and
// this one received (fed_grades), followed by an award here to the same
// supplier (by credit code), raises ENG-J1 citing the publisher and the
// grade's leaf in its log; an award before the grade does not. The order of
// arrival does not matter: an award published before the grade arrives is
// flagged in the transaction that receives it. The store equals a
// recompute (from the bulk file with the received grades, and its own).
func TestRedFlagGradesElsewhere(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		const buyer = "CN-USCC-11330106334385828B"
		codeA, codeB := "91320100MA0000001X", "91320100MA0000002X"
		graded := time.Date(2026, 4, 1, 10, 0, 0, 0, goumai.Shanghai)
		idx, prev := int64(100), int64(-1)
		receive := func(objectType, objectID, state string) int64 {
			t.Helper()
			e := goumai.Event{ID: idx, At: graded, Actor: "system", Region: "320100", Action: objectType + ".x", ObjectType: objectType,
				ObjectID: objectID, Public: true, State: json.RawMessage(state)}
			out, err := s.ApplyReceived(ctx, sqlstore.Received{Publisher: "js", Prev: prev, Event: e, CheckpointSize: idx + 1, CheckpointRoot: fmt.Sprint("r", idx)})
			if err != nil || out != sqlstore.Applied {
				t.Fatalf("receive %s %s: %v %v", objectType, objectID, out, err)
			}
			prev, idx = idx, idx+3
			return e.ID
		}
		gradeOf := func(org int, code string) int64 {
			receive("orgs", fmt.Sprint(org), fmt.Sprintf(`{"id":%d,"name":"南京某服务公司","credit_code":%q}`, org, code))
			receive("contracts", fmt.Sprint(10+org), fmt.Sprintf(`{"id":%d,"supplier_org_id":%d,"amount":150000000}`, 10+org, org))
			return receive("contract_grades", fmt.Sprint(10+org), fmt.Sprintf(`{"contract_id":%d,"grade":"poor","score":55}`, 10+org))
		}
		award := func(p int, code, date string) string {
			t.Helper()
			ocid := fmt.Sprintf("ocds-gm0000-%d", p)
			if err := appendRelease(ctx, s, ocid, func(idx int64) string {
				return fmt.Sprintf(`{"ocid":%q,"id":"%s-%d","date":"%sT10:00:00+08:00","tag":["award"],"parties":[{"id":%q,"address":{"region":"330106"},"roles":["buyer"]}],`+
					`"buyer":{"id":%q},"awards":[{"id":"award-1","status":"active","date":"%sT10:00:00+08:00","value":{"amount":90000},"suppliers":[{"id":"CN-USCC-%s"}]}]}`,
					ocid, ocid, idx, date, buyer, buyer, date, code)
			}); err != nil {
				t.Fatal(err)
			}
			return ocid
		}
		j1 := func() map[string]string {
			t.Helper()
			got := storedActive(t, s)
			compareFlags(t, got, recomputedFromBulk(t, s))
			if diffs, err := s.CheckStats(ctx); err != nil || len(diffs) != 0 { // the flags' statistics follow a received grade too
				t.Fatalf("statistics differ from a recompute: %v %v", diffs, err)
			}
			out := map[string]string{}
			for _, f := range got {
				if f.Indicator == "ENG-J1" {
					var leaves []string
					for _, l := range f.Evidence.Leaves {
						leaves = append(leaves, fmt.Sprintf("%s#%d %s", l.Source, l.LogIndex, l.Object))
					}
					out[f.OCID] = strings.Join(leaves, ",")
					if !strings.Contains(f.Evidence.Detail.EN, "js") || len(f.Evidence.Releases) != 1 {
						t.Errorf("ENG-J1 %s evidence %+v", f.OCID, f.Evidence)
					}
				}
			}
			return out
		}
		leafA := gradeOf(7, codeA)
		before := award(1, codeA, "2026-03-02")
		after := award(2, codeA, "2026-05-06")
		want := map[string]string{after: fmt.Sprintf("js#%d contract_grades/17", leafA)}
		if got := j1(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("ENG-J1 %v, want %v (%s was awarded before the grade)", got, want, before)
		}
		early := award(3, codeB, "2026-05-06") // awarded here before js's grade of B arrives
		if got := j1(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("before B's grade arrives: %v", got)
		}
		leafB := gradeOf(8, codeB)
		want[early] = fmt.Sprintf("js#%d contract_grades/18", leafB)
		if got := j1(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Fatalf("after B's grade arrived: %v, want %v", got, want)
		}
		stored := storedActive(t, s)
		if err := s.RecomputeRedFlags(ctx); err != nil {
			t.Fatal(err)
		}
		compareFlags(t, storedActive(t, s), stored)
	})
}
