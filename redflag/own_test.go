package redflag

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

func ownRule(t *testing.T, id string) OwnRule {
	t.Helper()
	for _, r := range Own {
		if r.Rule.ID == id {
			return r
		}
	}
	t.Fatalf("no rule %s", id)
	return OwnRule{}
}

const (
	buyer = "CN-USCC-BUYER"
	sup   = "CN-USCC-SUPPLIER"
)

// proc is a process with an active award to sup.
func proc(ocid string, mod func(f *Facts)) *Facts {
	f := &Facts{OCID: ocid, Region: "330106", BuyerID: buyer, Start: "2026-03-02T10:00:00+08:00", Year: 2026, Method: "open", Details: "竞争性磋商",
		Category: "services", Catalogue: "A0101", BudgetItem: "P1", Ceiling: 100000, TenderEnd: "2026-03-12T09:30:00+08:00",
		Bids:   []BidFact{{ID: "bid-1", Supplier: sup, Amount: 90000, Valid: true}, {ID: "bid-2", Supplier: "CN-USCC-OTHER", Amount: 95000, Valid: true}},
		Awards: []AwardFact{{ID: "award-1", Active: true, Suppliers: []string{sup}, Amount: 90000, Date: "2026-03-20T10:00:00+08:00", Bids: []string{"bid-1"}}},
		Contracts: []ContractFact{{ID: "contract-1", Supplier: sup, Signed: "2026-03-25T10:00:00+08:00", Original: 90000, Current: 90000,
			Payments: []PaymentFact{{ID: "payment-1", Date: "2026-06-01T10:00:00+08:00", Amount: 45000}}}},
		Acceptances: []string{"2026-05-30T10:00:00+08:00"},
	}
	if mod != nil {
		mod(f)
	}
	return f
}

// Each clause of each of goumai's rules, one row each: the process (or
// group) that raises the flag, and the nearest one that does not.
func TestOwnRulesClauses(t *testing.T) {
	national := rules.NationalDefaults(rules.Services) // open-tender threshold ¥2,000,000; 磋商 10 days; 招标 20 days
	stricter := national
	stricter.ConsultMinDays = 15
	stricter.OpenTenderThreshold = 100_000_000 // ¥1,000,000
	// A province's own red-flag thresholds, stricter than the national ones.
	stricter.LuxuryFactorPct, stricter.LuxuryMinComparables, stricter.RepeatMinWins = 150, 2, 2
	stricter.CeilingCloseMinPct, stricter.SubcontractMaxSharePct, stricter.AmendmentMaxPct = 95, 30, 5
	linked := func(f *Facts) {
		f.PanelLinks = []PanelLink{{Member: "member-7", Supplier: "CN-USCC-OTHER", Reason: "employment", LogIndex: 42}}
	}
	split := func(n int, ceiling float64, details string) []*Facts {
		var out []*Facts
		for i := range n {
			out = append(out, proc(fmt.Sprint("s-", i), func(f *Facts) { f.Ceiling, f.Details = ceiling, details }))
		}
		return out
	}
	tests := []struct {
		name, rule string
		facts      []*Facts // one for a process rule; a group's members
		params     rules.Params
		want       int     // flags raised
		value      float64 // the first flag's value, when want > 0
	}{
		{"ENG-C3: non-tender purchases of one line, year and category summing above the threshold", "ENG-C3", split(3, 700000, "竞争性磋商"), national, 3, 2100000},
		{"ENG-C3: the same sum at the threshold is not above it", "ENG-C3", split(4, 500000, "竞争性磋商"), national, 0, 0},
		{"ENG-C3: the threshold in force in the region", "ENG-C3", split(2, 600000, "询价"), stricter, 2, 1200000},
		{"ENG-C3: a purchase at or above the threshold is counted apart (its own approval, ENG-C1)", "ENG-C3", append(split(1, 1500000, "竞争性谈判"), proc("big", func(f *Facts) { f.Ceiling, f.Details = 2500000, "竞争性谈判" })), national, 0, 0},
		{"ENG-C3: tenders are not split purchases", "ENG-C3", split(3, 700000, "公开招标"), national, 0, 0},
		{"GM-LUX: an award above twice the median of three comparables", "GM-LUX", []*Facts{proc("a", nil), proc("b", nil), proc("c", nil),
			proc("d", func(f *Facts) { f.Awards[0].Amount = 200000 })}, national, 1, 2.22},
		{"GM-LUX: 1.78 times the median, above the region's 150 %", "GM-LUX", []*Facts{proc("a", nil), proc("b", nil), proc("c", nil),
			proc("d", func(f *Facts) { f.Awards[0].Amount = 160000 })}, stricter, 1, 1.78},
		{"GM-LUX: 1.78 times the median is not above the national 200 %", "GM-LUX", []*Facts{proc("a", nil), proc("b", nil), proc("c", nil),
			proc("d", func(f *Facts) { f.Awards[0].Amount = 160000 })}, national, 0, 0},
		{"GM-LUX: two comparables are enough where the region says so", "GM-LUX", []*Facts{proc("a", nil), proc("b", nil), proc("d", func(f *Facts) { f.Awards[0].Amount = 500000 })}, stricter, 1, 5.56},
		{"GM-LUX: fewer than three comparables", "GM-LUX", []*Facts{proc("a", nil), proc("b", nil), proc("d", func(f *Facts) { f.Awards[0].Amount = 500000 })}, national, 0, 0},
		{"ENG-H4: a subcontractor subcontracting again", "ENG-H4", []*Facts{proc("x", func(f *Facts) { f.Contracts[0].Chain = 2 })}, national, 1, 2},
		{"ENG-H4: one level of subcontracting is allowed", "ENG-H4", []*Facts{proc("x", func(f *Facts) { f.Contracts[0].Chain = 1 })}, national, 0, 0},
		{"ENG-H4-SHARE: more than half the contract subcontracted", "ENG-H4-SHARE", []*Facts{proc("x", func(f *Facts) { f.Contracts[0].SubShare = 60 })}, national, 1, 60},
		{"ENG-H4-SHARE: half is not more than half", "ENG-H4-SHARE", []*Facts{proc("x", func(f *Facts) { f.Contracts[0].SubShare = 50 })}, national, 0, 0},
		{"ENG-H4-SHARE: 40 % subcontracted where the region allows 30 %", "ENG-H4-SHARE", []*Facts{proc("x", func(f *Facts) { f.Contracts[0].SubShare = 40 })}, stricter, 1, 40},
		{"ENG-H4-SHARE: 40 % nationally", "ENG-H4-SHARE", []*Facts{proc("x", func(f *Facts) { f.Contracts[0].SubShare = 40 })}, national, 0, 0},
		{"GM-DOUBLE: 两头占 findings at approval", "GM-DOUBLE", []*Facts{proc("x", func(f *Facts) { f.DoubleFunding = []string{"编制内 3 人仍从事该服务"} })}, national, 1, 1},
		{"GM-DOUBLE: none found", "GM-DOUBLE", []*Facts{proc("x", nil)}, national, 0, 0},
		{"GM-SINGLE: a competitive procedure awarded on one valid bid", "GM-SINGLE", []*Facts{proc("x", func(f *Facts) { f.Bids[1].Valid = false })}, national, 1, 1},
		{"GM-SINGLE: single source is single by nature", "GM-SINGLE", []*Facts{proc("x", func(f *Facts) { f.Bids = f.Bids[:1]; f.Details = "单一来源" })}, national, 0, 0},
		{"ENG-D1: a tender open 19 days", "ENG-D1", []*Facts{proc("x", func(f *Facts) { f.Details, f.TenderEnd = "公开招标", "2026-03-21T09:30:00+08:00" })}, national, 1, 19},
		{"ENG-D1: 20 days is enough", "ENG-D1", []*Facts{proc("x", func(f *Facts) { f.Details, f.TenderEnd = "公开招标", "2026-03-22T09:30:00+08:00" })}, national, 0, 0},
		{"ENG-D3: 磋商 with 10 days where the region asks 15", "ENG-D3", []*Facts{proc("x", nil)}, stricter, 1, 10},
		{"ENG-D3: 磋商 with 10 days nationally", "ENG-D3", []*Facts{proc("x", nil)}, national, 0, 0},
		{"ENG-D4: 询价 answered after 2 working days", "ENG-D4", []*Facts{proc("x", func(f *Facts) { f.Details, f.TenderEnd = "询价", "2026-03-04T09:30:00+08:00" })}, national, 1, 2},
		{"ENG-D4: 3 working days (over a weekend) is enough", "ENG-D4", []*Facts{proc("x", func(f *Facts) {
			f.Details, f.Start, f.TenderEnd = "询价", "2026-03-05T10:00:00+08:00", "2026-03-10T09:30:00+08:00"
		})}, national, 0, 0},
		{"GM-CEILING: awarded at 99 % of the ceiling", "GM-CEILING", []*Facts{proc("x", func(f *Facts) { f.Awards[0].Amount = 99000 })}, national, 1, 99},
		{"GM-CEILING: 90 % is not close", "GM-CEILING", []*Facts{proc("x", nil)}, national, 0, 0},
		{"GM-CEILING: 96 % is close where the region says 95 %", "GM-CEILING", []*Facts{proc("x", func(f *Facts) { f.Awards[0].Amount = 96000 })}, stricter, 1, 96},
		{"GM-CEILING: 96 % nationally", "GM-CEILING", []*Facts{proc("x", func(f *Facts) { f.Awards[0].Amount = 96000 })}, national, 0, 0},
		{"ENG-G7: below half the mean of compliant prices", "ENG-G7", []*Facts{proc("x", func(f *Facts) {
			f.Ceiling = 0
			f.Bids = []BidFact{{ID: "b1", Amount: 20000, Valid: true}, {ID: "b2", Amount: 100000, Valid: true}, {ID: "b3", Amount: 100000, Valid: true}}
			f.Awards[0].Amount = 20000
		})}, national, 1, 20000},
		{"ENG-G7: below half the second-lowest price", "ENG-G7", []*Facts{proc("x", func(f *Facts) {
			f.Ceiling = 0
			f.Bids = []BidFact{{ID: "b1", Amount: 40000, Valid: true}, {ID: "b2", Amount: 90000, Valid: true}}
			f.Awards[0].Amount = 40000
		})}, national, 1, 40000},
		{"ENG-G7: below 45 % of the ceiling", "ENG-G7", []*Facts{proc("x", func(f *Facts) {
			f.Bids = []BidFact{{ID: "b1", Amount: 44000, Valid: true}, {ID: "b2", Amount: 50000, Valid: true}}
			f.Awards[0].Amount = 44000
		})}, national, 1, 44000},
		{"ENG-G7: a normal price", "ENG-G7", []*Facts{proc("x", nil)}, national, 0, 0},
		{"ENG-H3: supplementary contracts adding 12 %", "ENG-H3", []*Facts{proc("x", func(f *Facts) { f.Contracts[0].Current = 100800 })}, national, 1, 12},
		{"ENG-H3: exactly 10 % is allowed", "ENG-H3", []*Facts{proc("x", func(f *Facts) { f.Contracts[0].Current = 99000 })}, national, 0, 0},
		{"ENG-H3: 8 % where the region flags from 5 %", "ENG-H3", []*Facts{proc("x", func(f *Facts) { f.Contracts[0].Current = 97200 })}, stricter, 1, 8},
		{"ENG-H7: paid before the first acceptance notice", "ENG-H7", []*Facts{proc("x", func(f *Facts) { f.Contracts[0].Payments[0].Date = "2026-05-20T10:00:00+08:00" })}, national, 1, 45000},
		{"ENG-H7: paid after acceptance", "ENG-H7", []*Facts{proc("x", nil)}, national, 0, 0},
		{"GM-LATE: paid 3 days after its due date", "GM-LATE", []*Facts{proc("x", func(f *Facts) { f.Contracts[0].Payments[0].Due = "2026-05-29T00:00:00+08:00" })}, national, 1, 3},
		{"GM-LATE: paid on its due date (China time)", "GM-LATE", []*Facts{proc("x", func(f *Facts) {
			f.Contracts[0].Payments[0].Due, f.Contracts[0].Payments[0].Date = "2026-06-01T00:00:00+08:00", "2026-06-01T15:59:00Z"
		})}, national, 0, 0},
		{"GM-LATE: no due date published", "GM-LATE", []*Facts{proc("x", nil)}, national, 0, 0},
		{"GM-REPEAT: a third award by one purchaser to one supplier in a year", "GM-REPEAT", []*Facts{proc("a", nil), proc("b", nil), proc("c", nil)}, national, 3, 3},
		{"GM-REPEAT: two awards", "GM-REPEAT", []*Facts{proc("a", nil), proc("b", nil)}, national, 0, 0},
		{"GM-REPEAT: two awards where the region counts from two", "GM-REPEAT", []*Facts{proc("a", nil), proc("b", nil)}, stricter, 2, 2},
		{"ENG-F4: a panel member employed by a bidder, the process awarded", "ENG-F4", []*Facts{proc("x", linked)}, national, 1, 1},
		{"ENG-F4: the same link before any award", "ENG-F4", []*Facts{proc("x", func(f *Facts) { linked(f); f.Awards[0].Active = false })}, national, 0, 0},
		{"ENG-F4: no link found", "ENG-F4", []*Facts{proc("x", nil)}, national, 0, 0},
		{"ENG-J1: an award after a published poor grade", "ENG-J1", []*Facts{
			proc("graded", func(f *Facts) { f.Contracts[0].Grade, f.Contracts[0].GradeDate = "poor", "2026-04-01T10:00:00+08:00" }),
			proc("later", func(f *Facts) { f.Awards[0].Date = "2026-05-01T10:00:00+08:00" })}, national, 1, 90000},
		{"ENG-J1: an award before the grade", "ENG-J1", []*Facts{
			proc("graded", func(f *Facts) { f.Contracts[0].Grade, f.Contracts[0].GradeDate = "poor", "2026-04-01T10:00:00+08:00" }),
			proc("earlier", func(f *Facts) { f.Awards[0].Date = "2026-03-01T10:00:00+08:00" })}, national, 0, 0},
		{"ENG-J1: a fair grade", "ENG-J1", []*Facts{
			proc("graded", func(f *Facts) { f.Contracts[0].Grade, f.Contracts[0].GradeDate = "fair", "2026-04-01T10:00:00+08:00" }),
			proc("later", func(f *Facts) { f.Awards[0].Date = "2026-05-01T10:00:00+08:00" })}, national, 0, 0},
	}
	covered := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			covered[tt.rule] = true
			r := ownRule(t, tt.rule)
			e := &Engine{Rules: []OwnRule{r}, Params: func(string, time.Time) (rules.Params, string, error) { return tt.params, "test", nil }}
			for i, f := range tt.facts { // every fact set has one release per part
				f.Releases = nil
				f.Parts = nil
				for p := PartPlanning; p != 0 && p <= PartGrades; p <<= 1 {
					f.Releases = append(f.Releases, releaseRef(f.OCID, int64(100*i)+int64(p)))
					f.Parts = append(f.Parts, p)
				}
			}
			flags, err := e.All(tt.facts)
			if err != nil {
				t.Fatal(err)
			}
			if len(flags) != tt.want {
				t.Fatalf("%d flags, want %d: %+v", len(flags), tt.want, flags)
			}
			if tt.want == 0 {
				return
			}
			f := flags[0]
			if f.Value != tt.value {
				t.Errorf("value %v, want %v", f.Value, tt.value)
			}
			if f.LegalBasis != r.Rule.LegalBasis || f.ParamsVersion != "test" || f.Evidence.Detail.ZH == "" || f.Evidence.Detail.EN == "" {
				t.Errorf("flag %+v", f)
			}
			if len(f.Evidence.Releases) == 0 {
				t.Fatalf("no evidence")
			}
			if tt.rule == "ENG-F4" && (len(f.Evidence.Leaves) != 1 || f.Evidence.Leaves[0].LogIndex != 42 || !strings.Contains(f.Evidence.Detail.EN, "not public")) {
				t.Errorf("ENG-F4 evidence %+v: the seating leaf and why no release shows it", f.Evidence)
			}
			for _, ev := range f.Evidence.Releases { // only the releases of the parts the rule reads
				if Part(ev.LogIndex%100)&r.Reads == 0 {
					t.Errorf("evidence %d is of a part %s does not read", ev.LogIndex, tt.rule)
				}
			}
		})
	}
	for _, r := range Own {
		if !covered[r.Rule.ID] {
			t.Errorf("rule %s has no test", r.Rule.ID)
		}
		if r.Reads == 0 || (r.Process == nil) == (r.Group == nil) || (r.Group == nil) != (r.Groups == nil) {
			t.Errorf("rule %s: incomplete registration", r.Rule.ID)
		}
	}
}

// A cancelled process raises nothing and belongs to no group.
func TestOwnCancelled(t *testing.T) {
	e := NewEngine(nil)
	f := proc("x", func(f *Facts) { f.Cancelled = true; f.Contracts[0].Chain = 2 })
	if fl, _ := e.ProcessFlags(f); len(fl) != 0 || len(e.GroupKeys(f)) != 0 {
		t.Errorf("cancelled: %v %v", fl, e.GroupKeys(f))
	}
}

// FactsOf reads a contract's amount when signed from its releases, and tells
// which part each release set; a release that sets none is no evidence.
func TestFactsOf(t *testing.T) {
	rel := func(idx int64, date, rest string) ReleaseIn {
		return ReleaseIn{LogIndex: idx, Body: []byte(fmt.Sprintf(`{"ocid":"ocds-x-1","id":"ocds-x-1-%d","date":%q,"tag":["tender"],%s}`, idx, date, rest))}
	}
	rs := []ReleaseIn{
		rel(1, "2026-01-01T10:00:00+08:00", `"buyer":{"id":"B"},"parties":[{"id":"B","address":{"region":"330106"}}],"planning":{"budget":{"id":"GM-1","budgetSystem":{"proCode":"P9"}},"guidanceCatalogue":{"id":"A01"}}`),
		rel(2, "2026-01-02T10:00:00+08:00", `"tender":{"status":"active","procurementMethodDetails":"公开招标","value":{"amount":100},"tenderPeriod":{"startDate":"2026-01-02T10:00:00+08:00","endDate":"2026-01-25T09:00:00+08:00"}}`),
		rel(3, "2026-01-03T10:00:00+08:00", `"tender":{"enquiries":[{"id":"q1"}]}`),
		rel(4, "2026-02-01T10:00:00+08:00", `"awards":[{"id":"award-1","status":"active","value":{"amount":90},"suppliers":[{"id":"S"}]}]`),
		rel(5, "2026-02-05T10:00:00+08:00", `"contracts":[{"id":"contract-1","awardID":"award-1","status":"active","value":{"amount":90}}]`),
		rel(6, "2026-03-05T10:00:00+08:00", `"contracts":[{"id":"contract-1","awardID":"award-1","status":"active","value":{"amount":120},"amendments":[{"id":"a1"}]}]`),
	}
	f, err := FactsOf("", rs)
	if err != nil {
		t.Fatal(err)
	}
	if f.Region != "330106" || f.BudgetItem != "P9" || f.Catalogue != "A01" || f.Year != 2026 || f.Ceiling != 100 || f.Details != "公开招标" {
		t.Errorf("facts %+v", f)
	}
	if len(f.Contracts) != 1 || f.Contracts[0].Original != 90 || f.Contracts[0].Current != 120 || !f.Contracts[0].Amended || f.Contracts[0].Supplier != "S" {
		t.Errorf("contracts %+v", f.Contracts)
	}
	var idx []string
	for _, r := range f.Releases {
		idx = append(idx, fmt.Sprint(r.LogIndex))
	}
	if got := strings.Join(idx, " "); got != "1 2 4 5 6" {
		t.Errorf("evidence releases %s, want 1 2 4 5 6 (the enquiry sets nothing)", got)
	}
	if ev := f.EvidenceOf(PartContracts); len(ev) != 2 || ev[0].LogIndex != 5 {
		t.Errorf("contract evidence %v", ev)
	}
	fl, err := NewEngine(nil).ProcessFlags(f)
	if err != nil || len(fl) != 1 || fl[0].Indicator != "ENG-H3" || fl[0].Subject != "contract-1" {
		t.Errorf("flags %+v %v", fl, err)
	}
}

func releaseRef(ocid string, idx int64) goumai.RedFlagRelease {
	return goumai.RedFlagRelease{OCID: ocid, ReleaseID: fmt.Sprintf("%s-%d", ocid, idx), LogIndex: idx}
}

// A flag uses the thresholds in force in its process's region on the day
// the process started: a province's own stricter value raises a flag the
// national default does not, and a value that takes effect later changes
// no earlier process's flag, even when the flags are decided afterwards.
func TestOwnParamsByRegionAndDate(t *testing.T) {
	changed := time.Date(2026, 6, 1, 0, 0, 0, 0, goumai.Shanghai)
	params := func(region string, at time.Time) (rules.Params, string, error) {
		p := rules.NationalDefaults(rules.Services)
		if strings.HasPrefix(region, "33") && !at.Before(changed) { // Zhejiang's own values from 2026-06-01
			p.Jurisdiction, p.EffectiveFrom = "330000", changed
			p.RepeatMinWins, p.CeilingCloseMinPct = 2, 95
			return p, ParamsVersion(p, 7), nil
		}
		return p, ParamsVersion(p, 0), nil
	}
	at := func(region, start string, amount float64) func(f *Facts) {
		return func(f *Facts) { f.Region, f.Start, f.Awards[0].Amount = region, start, amount }
	}
	e := &Engine{Rules: []OwnRule{ownRule(t, "GM-REPEAT"), ownRule(t, "GM-CEILING")}, Params: params}
	flags, err := e.All([]*Facts{
		proc("zj-before-1", at("330106", "2026-03-02T10:00:00+08:00", 96000)),
		proc("zj-before-2", at("330106", "2026-04-02T10:00:00+08:00", 96000)),
		proc("zj-after", at("330106", "2026-07-02T10:00:00+08:00", 96000)),
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range flags {
		got[f.Indicator+" "+f.OCID] = f.ParamsVersion
	}
	// Three awards: the repeat count is met under every value; the ceiling
	// rule flags only the process started under Zhejiang's 95 %.
	want := map[string]string{
		"GM-REPEAT zj-before-1": "100000/2020-01-01/0", "GM-REPEAT zj-before-2": "100000/2020-01-01/0", "GM-REPEAT zj-after": "330000/2026-06-01/7",
		"GM-CEILING zj-after": "330000/2026-06-01/7",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("flags %v, want %v", got, want)
	}
	// Two awards of one purchaser to one supplier: a repeat winner under
	// Zhejiang's later value of two, not under the national three, and not
	// for the processes started before the value took effect.
	for _, c := range []struct {
		name string
		a, b func(f *Facts)
		want int
	}{
		{"Zhejiang after its value", at("330106", "2026-07-02T10:00:00+08:00", 90000), at("330106", "2026-08-02T10:00:00+08:00", 90000), 2},
		{"Jiangsu, national default", at("320106", "2026-07-02T10:00:00+08:00", 90000), at("320106", "2026-08-02T10:00:00+08:00", 90000), 0},
		{"Zhejiang before its value", at("330106", "2026-03-02T10:00:00+08:00", 90000), at("330106", "2026-04-02T10:00:00+08:00", 90000), 0},
		{"one before, one after: only the later one", at("330106", "2026-03-02T10:00:00+08:00", 90000), at("330106", "2026-07-02T10:00:00+08:00", 90000), 1},
	} {
		flags, err := (&Engine{Rules: []OwnRule{ownRule(t, "GM-REPEAT")}, Params: params}).All([]*Facts{proc("p1", c.a), proc("p2", c.b)})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range flags {
			if f.Indicator == "GM-REPEAT" {
				n++
			}
		}
		if n != c.want {
			t.Errorf("%s: %d GM-REPEAT flags, want %d (%+v)", c.name, n, c.want, flags)
		}
	}
}

// ENG-J1 across instances, one row per clause: a poor grade another
// instance published (received through federation) followed by an award
// here to the same supplier raises the flag citing the publisher and its
// leaf; an award before it, a grade not poor, or a grade without a date do
// not; a poor grade here before the received one is the one cited.
func TestOwnGradesElsewhereClauses(t *testing.T) {
	js := func(grade, at string) RemoteGrade {
		return RemoteGrade{Source: "js", LogIndex: 4316, ContractID: "contract-7", Region: "320100", Grade: grade, At: at}
	}
	award := func(date string) *Facts { return proc("here", func(f *Facts) { f.Awards[0].Date = date }) }
	tests := []struct {
		name    string
		members []*Facts
		remote  []RemoteGrade
		want    int
		leaf    int64 // the cited leaf of another instance, 0 for a local grade
	}{
		{"ENG-J1: a poor grade received from js, then an award here", []*Facts{award("2026-05-01T10:00:00+08:00")}, []RemoteGrade{js("poor", "2026-04-01T10:00:00+08:00")}, 1, 4316},
		{"ENG-J1: the award came before the grade", []*Facts{award("2026-03-01T10:00:00+08:00")}, []RemoteGrade{js("poor", "2026-04-01T10:00:00+08:00")}, 0, 0},
		{"ENG-J1: a fair grade elsewhere", []*Facts{award("2026-05-01T10:00:00+08:00")}, []RemoteGrade{js("fair", "2026-04-01T10:00:00+08:00")}, 0, 0},
		{"ENG-J1: a received grade without its date cannot be ordered", []*Facts{award("2026-05-01T10:00:00+08:00")}, []RemoteGrade{js("poor", "")}, 0, 0},
		{"ENG-J1: no engine source (a file from elsewhere)", []*Facts{award("2026-05-01T10:00:00+08:00")}, nil, 0, 0},
		{"ENG-J1: a poor grade here before the received one is cited", []*Facts{
			proc("graded", func(f *Facts) {
				f.Awards[0].Date, f.Contracts[0].Grade, f.Contracts[0].GradeDate = "2026-01-15T10:00:00+08:00", "poor", "2026-02-01T10:00:00+08:00"
			}),
			award("2026-05-01T10:00:00+08:00")}, []RemoteGrade{js("poor", "2026-04-01T10:00:00+08:00")}, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := &Engine{Rules: []OwnRule{ownRule(t, "ENG-J1")}, Params: NationalParams}
			var asked []string
			if tt.remote != nil {
				e.Remote = func(supplier string) ([]RemoteGrade, error) { asked = append(asked, supplier); return tt.remote, nil }
			}
			for i, f := range tt.members {
				f.Releases = []goumai.RedFlagRelease{releaseRef(f.OCID, int64(i+1))}
				f.Parts = []Part{PartAwards | PartGrades}
			}
			flags, err := e.All(tt.members)
			if err != nil {
				t.Fatal(err)
			}
			if len(flags) != tt.want {
				t.Fatalf("%d flags, want %d: %+v", len(flags), tt.want, flags)
			}
			if tt.remote != nil && (len(asked) != 1 || asked[0] != sup) {
				t.Errorf("received grades asked for %v, want the supplier %s", asked, sup)
			}
			if tt.want == 0 {
				return
			}
			f := flags[0]
			if f.OCID != "here" || f.SupplierID != sup || f.Value != 90000 {
				t.Errorf("flag %+v", f)
			}
			if tt.leaf == 0 {
				if len(f.Evidence.Leaves) != 0 || len(f.Evidence.Releases) != 2 {
					t.Errorf("a local grade's evidence %+v", f.Evidence)
				}
				return
			}
			if l := f.Evidence.Leaves; len(l) != 1 || l[0].Source != "js" || l[0].LogIndex != tt.leaf || l[0].Object != "contract_grades/contract-7" {
				t.Errorf("leaves %+v, want js's entry %d", l, tt.leaf)
			}
			for _, s := range []string{f.Evidence.Detail.ZH, f.Evidence.Detail.EN} {
				if !strings.Contains(s, "js") || !strings.Contains(s, "4316") || !strings.Contains(s, "320100") {
					t.Errorf("detail %q does not cite the publisher, region and leaf", s)
				}
			}
		})
	}
}

// Every rule of goumai's own names its legal basis (issue 12: "each with its
// legal basis"), shown with each flag it raises.
func TestOwnRulesLegalBasis(t *testing.T) {
	for _, r := range Own {
		if strings.TrimSpace(r.Rule.LegalBasis) == "" {
			t.Errorf("%s (%s) has no legal basis", r.Rule.ID, r.Rule.Title)
		}
	}
}
