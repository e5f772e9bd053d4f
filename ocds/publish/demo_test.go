package publish_test

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/ocds"
	"github.com/goumai/goumai/ocds/validate"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// demoRelease is a release the store wrote while loading the demo world,
// with the action of the event it comes from.
type demoRelease struct {
	index  int64
	action string
	ocid   string
	tags   string
	body   []byte
	tree   map[string]any
}

var (
	demoOnce     sync.Once
	demoReleases []demoRelease
	demoEvents   map[string]int // public events per action
	demoStates   map[string][]string
	demoErr      error
)

// loadDemo loads the demo world into a fresh SQLite store once per test
// binary and reads back the releases the store published.
func loadDemo(t *testing.T) []demoRelease {
	t.Helper()
	if testing.Short() {
		t.Skip("loads the demo world")
	}
	demoOnce.Do(func() {
		ctx := context.Background()
		// Late in the year, so that the history holds evaluations, grades and
		// closed projects.
		s := sqltest.SQLite(t, goumai.NewFakeClock(time.Date(2026, 12, 7, 10, 0, 0, 0, goumai.Shanghai)))
		svc := workflow.New(s)
		// With a sealer the demo world lives through the whole year, every
		// stage of the process included (demo/year.go).
		if svc.Sealer, demoErr = goumai.NewSealer([]byte("goumai publish tests' seal key!!")); demoErr != nil {
			return
		}
		if _, demoErr = demo.Load(ctx, svc); demoErr != nil {
			return
		}
		rows, err := s.DB().QueryContext(ctx, `SELECT r.log_index, e.action, r.ocid, r.tags, r.body
			FROM ocds_releases r JOIN events e ON e.id = r.log_index ORDER BY r.log_index`)
		if err != nil {
			demoErr = err
			return
		}
		defer rows.Close()
		for rows.Next() {
			var r demoRelease
			var body string
			if demoErr = rows.Scan(&r.index, &r.action, &r.ocid, &r.tags, &body); demoErr != nil {
				return
			}
			r.body = []byte(body)
			if demoErr = json.Unmarshal(r.body, &r.tree); demoErr != nil {
				return
			}
			demoReleases = append(demoReleases, r)
		}
		if demoErr = rows.Err(); demoErr != nil {
			return
		}
		demoEvents, demoStates = map[string]int{}, map[string][]string{}
		ev, err := s.DB().QueryContext(ctx, `SELECT action, object_type, state FROM events WHERE public`)
		if err != nil {
			demoErr = err
			return
		}
		defer ev.Close()
		for ev.Next() {
			var action, object string
			var state *string
			if demoErr = ev.Scan(&action, &object, &state); demoErr != nil {
				return
			}
			demoEvents[action]++
			if state != nil {
				demoStates[object] = append(demoStates[object], *state)
			}
		}
		demoErr = ev.Err()
	})
	if demoErr != nil {
		t.Fatalf("demo world: %v", demoErr)
	}
	return demoReleases
}

// Every public event kind the demo world records yields releases with its tag.
func TestDemoReleaseTags(t *testing.T) {
	rs := loadDemo(t)
	want := map[string]string{
		"project.approve":               "planning",
		"project.close":                 "planningUpdate",
		"procurement.publish":           "tender",
		"procurement.publish_prequal":   "tender",
		"procurement.publish_publicity": "tender",
		"procurement.clarify":           "tenderAmendment",
		"procurement.open":              "tenderUpdate",
		"procurement.report":            "tenderUpdate",
		"procurement.confirm":           "tenderUpdate",
		"procurement.publish_result":    "tenderUpdate",
		"procurement.rerank":            "tenderUpdate",
		"procurement.fail":              "tenderCancellation",
		"procurement.terminate":         "tenderCancellation",
		"procurement.close":             "tenderUpdate",
		"notice.tender":                 "tender",
		"notice.prequal":                "tender",
		"notice.non_tender":             "tender",
		"notice.single_source":          "tender",
		"notice.correction":             "tenderAmendment",
		"notice.opening":                "tenderUpdate",
		"notice.result":                 "tenderUpdate",
		"notice.contract":               "tenderUpdate",
		"notice.acceptance":             "tenderUpdate",
		"notice.failure":                "tenderCancellation",
		"notice.termination":            "tenderCancellation",
		"bid.open":                      "tenderUpdate",
		"bid.set_aside":                 "tenderUpdate",
		"qualification.qualified":       "tenderUpdate",
		"award.confirm":                 "award",
		"contract.signed":               "contract",
		"payment.paid":                  "implementation",
		"performance.publish":           "implementationUpdate",
		"contract.grade":                "implementationUpdate",
	}
	got := map[string]int{}
	for _, r := range rs {
		if tag, ok := want[r.action]; ok && r.tags != tag {
			t.Errorf("release of %s (event %d) is tagged %q, want %q", r.action, r.index, r.tags, tag)
		}
		got[r.action]++
	}
	for action := range want {
		if got[action] == 0 {
			t.Errorf("no release of %s", action)
		} else if got[action] != demoEvents[action] {
			t.Errorf("%d releases of %s for %d public events", got[action], action, demoEvents[action])
		}
	}
}

// Merging each ocid's releases with the 1.1 rules succeeds and gives the
// process's state: its contracts, awards, payments and notices once each.
func TestDemoReleasesMerge(t *testing.T) {
	rs := loadDemo(t)
	rules, err := ocds.RulesForVersion("1.1")
	if err != nil {
		t.Fatal(err)
	}
	byOCID := map[string][][]byte{}
	var order []string
	for _, r := range rs {
		if byOCID[r.ocid] == nil {
			order = append(order, r.ocid)
		}
		byOCID[r.ocid] = append(byOCID[r.ocid], r.body)
		if !strings.HasPrefix(r.ocid, "ocds-gm0000-") {
			t.Errorf("ocid %s", r.ocid)
		}
	}
	m := ocds.NewMerger(rules)
	patched, err := ocds.NewRules(patchedSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	mp := ocds.NewMerger(patched)
	contracts, payments := 0, 0
	for _, ocid := range order {
		compiled, err := m.Compile(byOCID[ocid]...)
		if err != nil {
			t.Fatalf("%s: %v", ocid, err)
		}
		// With the goumai extension's schema the merge rules are exact
		// (identifier merge of indicators, subcontracts, findings).
		if again, err := mp.Compile(byOCID[ocid]...); err != nil {
			t.Fatalf("%s with the goumai extension: %v", ocid, err)
		} else if len(again) == 0 {
			t.Fatalf("%s: empty compiled release", ocid)
		}
		if _, err := m.Version(byOCID[ocid]...); err != nil {
			t.Fatalf("%s versioned: %v", ocid, err)
		}
		var c struct {
			Parties []struct {
				ID    string   `json:"id"`
				Roles []string `json:"roles"`
			} `json:"parties"`
			Buyer  struct{ ID string } `json:"buyer"`
			Awards []struct {
				ID          string                `json:"id"`
				Status      string                `json:"status"`
				RelatedBids []string              `json:"relatedBids"`
				Suppliers   []struct{ ID string } `json:"suppliers"`
			} `json:"awards"`
			Bids struct {
				Details []struct {
					ID     string `json:"id"`
					Status string `json:"status"`
				} `json:"details"`
			} `json:"bids"`
			Contracts []struct {
				ID             string `json:"id"`
				Implementation struct {
					Transactions []struct {
						ID    string              `json:"id"`
						Payer struct{ ID string } `json:"payer"`
						Payee struct{ ID string } `json:"payee"`
					} `json:"transactions"`
				} `json:"implementation"`
			} `json:"contracts"`
		}
		if err := json.Unmarshal(compiled, &c); err != nil {
			t.Fatal(err)
		}
		// Merging replaces a party's roles with the last release's list:
		// the compiled parties still hold every role they play.
		roles := map[string]map[string]bool{}
		for _, p := range c.Parties {
			roles[p.ID] = map[string]bool{}
			for _, r := range p.Roles {
				roles[p.ID][r] = true
			}
		}
		hasRole := func(id, role string) {
			if id != "" && !roles[id][role] {
				t.Errorf("%s: party %s is not %s in the compiled release: %v", ocid, id, role, roles[id])
			}
		}
		hasRole(c.Buyer.ID, "buyer")
		setAside := map[string]bool{}
		for _, b := range c.Bids.Details {
			setAside[b.ID] = b.Status == "disqualified"
		}
		for _, a := range c.Awards {
			if len(a.RelatedBids) == 1 && setAside[a.RelatedBids[0]] {
				// The award of a bid set aside after an upheld challenge was
				// withdrawn: the store's lookup reads the deleted award's
				// last state from the log, and the release cancels it.
				if a.Status != "cancelled" {
					t.Errorf("%s: award %s of a bid set aside is %q, want cancelled", ocid, a.ID, a.Status)
				}
				continue
			}
			for _, s := range a.Suppliers {
				hasRole(s.ID, "supplier")
			}
		}
		contracts += len(c.Contracts)
		for _, k := range c.Contracts {
			payments += len(k.Implementation.Transactions)
			for _, tr := range k.Implementation.Transactions {
				hasRole(tr.Payer.ID, "payer")
				hasRole(tr.Payee.ID, "payee")
			}
		}
	}
	if contracts != demoEvents["contract.signed"] || payments != demoEvents["payment.paid"] {
		t.Errorf("compiled releases hold %d contracts and %d payments; the log %d and %d",
			contracts, payments, demoEvents["contract.signed"], demoEvents["payment.paid"])
	}
}

var partyID = regexp.MustCompile(`^(CN-USCC-[0-9A-Z]{18}|goumai-org-\d+)$`)

// idPatterns are the stable ids of array items, by the array's member name.
var idPatterns = map[string]*regexp.Regexp{
	"parties":               partyID,
	"lots":                  regexp.MustCompile(`^lot-\d+$`),
	"awards":                regexp.MustCompile(`^award-\d+$`),
	"contracts":             regexp.MustCompile(`^contract-\d+$`),
	"transactions":          regexp.MustCompile(`^payment-\d+$`),
	"documents":             regexp.MustCompile(`^notice-\d+$`),
	"details":               regexp.MustCompile(`^bid-\d+$`),
	"statistics":            regexp.MustCompile(`^bids-lot-\d+$`),
	"milestones":            regexp.MustCompile(`^milestone-[a-z]+-\d+$`),
	"amendments":            regexp.MustCompile(`^(notice|amendment)-\d+$`),
	"subcontracts":          regexp.MustCompile(`^subcontract-\d+$`),
	"indicators":            regexp.MustCompile(`^indicator-\d+$`),
	"enquiries":             regexp.MustCompile(`^enquiry-\d+$`),
	"doubleFundingFindings": regexp.MustCompile(`^finding-\d+$`),
	"tenderers":             partyID,
	"suppliers":             partyID,
	"signatories":           partyID,
}

// walk calls fn on every member of a decoded JSON value with its path.
func walk(v any, path string, fn func(path, key string, v any)) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			fn(path, k, x)
			walk(x, path+"/"+k, fn)
		}
	case []any:
		for i, x := range v {
			walk(x, fmt.Sprintf("%s/%d", path, i), fn)
		}
	}
}

// Array items have stable ids of their kind, and an item keeps what
// identifies it across the releases of its ocid: an award its lot, a contract
// its award, a bid its tenderer and lot.
func TestDemoStableIDs(t *testing.T) {
	rs := loadDemo(t)
	seen := map[string]string{} // ocid + path-free id → identifying members
	for _, r := range rs {
		walk(r.tree, "", func(path, key string, v any) {
			items, ok := v.([]any)
			if !ok {
				return
			}
			if key == "evaluationPanel" {
				return // a whole list (wholeListMerge): its members have no ids
			}
			for _, it := range items {
				o, ok := it.(map[string]any)
				if !ok {
					continue
				}
				id, _ := o["id"].(string)
				if p := idPatterns[key]; p == nil {
					t.Errorf("%s %s: unexpected array of objects %s/%s", r.ocid, r.action, path, key)
				} else if !p.MatchString(id) {
					t.Errorf("%s %s: %s/%s item id %q", r.ocid, r.action, path, key, id)
				}
				for _, m := range []string{"awardID", "relatedLots", "tenderers", "suppliers", "relatedBids", "supplier"} {
					x, ok := o[m]
					if !ok {
						continue
					}
					b, _ := json.Marshal(x)
					k := r.ocid + " " + key + " " + id + " " + m
					if before, ok := seen[k]; ok && before != string(b) {
						t.Errorf("%s: %s changes from %s to %s", r.action, k, before, b)
					}
					seen[k] = string(b)
				}
			}
		})
	}
}

var chinaDate = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$`)

// Dates are in China's zone, parties are identified by their credit codes,
// and nothing private is published: no commitment or salt, no phone number
// or person's name from a notice, no bid before its procedure's bid deadline.
func TestDemoReleasesPublic(t *testing.T) {
	rs := loadDemo(t)
	var secrets []string
	for _, object := range []string{"opened_bids", "bid_commitments"} {
		for _, s := range demoStates[object] {
			var m map[string]any
			if err := json.Unmarshal([]byte(s), &m); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"commitment", "salt", "content_digest"} {
				if v, _ := m[k].(string); v != "" {
					secrets = append(secrets, v)
				}
			}
		}
	}
	if len(secrets) == 0 {
		t.Fatal("no bid commitments in the demo world")
	}
	deadlines := map[string]time.Time{} // ocid → the current tender's bid deadline
	opens := map[string][]time.Time{}   // ocid → when its procedures were opened
	for _, r := range rs {
		if r.action == "procurement.open" {
			d, _ := time.Parse(time.RFC3339, r.tree["date"].(string))
			opens[r.ocid] = append(opens[r.ocid], d)
		}
	}
	for _, r := range rs {
		for _, s := range secrets {
			if strings.Contains(string(r.body), s) {
				t.Errorf("release of %s publishes the commitment or salt %s", r.action, s)
			}
		}
		for _, bad := range []string{"phone", "telephone", "0571-", "members", "id_number", "salt", "commitment"} {
			if strings.Contains(string(r.body), bad) {
				t.Errorf("release of %s contains %q: %s", r.action, bad, r.body)
			}
		}
		date, _ := r.tree["date"].(string)
		walk(r.tree, "", func(path, key string, v any) {
			s, ok := v.(string)
			if ok && (key == "date" || strings.HasSuffix(key, "Date") || key == "datePublished" || key == "dateSigned" || key == "dateMet") && !chinaDate.MatchString(s) {
				t.Errorf("%s: %s/%s = %q, not RFC 3339 at +08:00", r.action, path, key, s)
			}
			if key == "parties" {
				for _, p := range v.([]any) {
					p := p.(map[string]any)
					ident, _ := p["identifier"].(map[string]any)
					if ident == nil || p["id"] != "CN-USCC-"+ident["id"].(string) || ident["scheme"] != "CN-USCC" {
						t.Errorf("%s: party %v not identified by its credit code", r.action, p)
					}
				}
			}
		})
		if end, ok := dig(r.tree, "tender", "tenderPeriod", "endDate").(string); ok {
			d, _ := time.Parse(time.RFC3339, end)
			deadlines[r.ocid] = d
		}
		if details, ok := dig(r.tree, "bids", "details").([]any); ok {
			for _, b := range details {
				if _, priced := b.(map[string]any)["value"]; !priced {
					continue
				}
				at, _ := time.Parse(time.RFC3339, date)
				if d, ok := deadlines[r.ocid]; !ok || at.Before(d) {
					t.Errorf("%s: bid %v published at %s, before the bid deadline %s", r.action, b, date, d)
				}
				// The opening is one transaction: its procurement.open
				// release has the bid's date, whichever event comes first.
				if opened := opens[r.ocid]; !slices.ContainsFunc(opened, func(o time.Time) bool { return !at.Before(o) }) {
					t.Errorf("%s: bid %v published at %s, before any opening of its procedure %v", r.action, b, date, opened)
				}
			}
		}
	}
}

func dig(v any, path ...string) any {
	for _, k := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

// extensionFields are the fields the releases may add to the 1.1 schema: the
// official extensions' (lots, bid, bidOpening, contract signatories,
// subcontracting, partyDetails scale) and the goumai extension's.
var extensionFields = map[string]bool{
	"lots": true, "relatedLots": true, "enquiries": true, "bids": true, "relatedBids": true, "bidOpening": true,
	"signatories": true, "details": true, "scale": true,
	"guidanceCatalogue": true, "exAnteAssessment": true, "budgetSystem": true, "doubleFundingFindings": true,
	"feeFollowsFunction": true, "procurementCatalogue": true, "performanceEvaluation": true,
	"subcontracts": true, "subcontractingChainDepth": true, "evaluationPanel": true,
	"acceptanceDate": true, "paymentTermDays": true, "dueDate": true,
}

// Every release is valid against the OCDS 1.1 release schema as the Data
// Review Tool checks it; the only warnings are the extension fields.
func TestDemoReleasesValid(t *testing.T) {
	rs := loadDemo(t)
	ctx := context.Background()
	reported := map[string]bool{}
	for _, r := range rs {
		problems, err := validate.Release(ctx, "1.1", r.body)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range problems {
			if p.Severity == validate.Info {
				continue
			}
			if p.Type == validate.TypeAdditionalField && extensionFields[p.Path[strings.LastIndex(p.Path, "/")+1:]] {
				continue
			}
			if k := r.action + " " + p.String(); !reported[k] {
				reported[k] = true
				t.Errorf("%s (event %d): %s", r.action, r.index, p)
			}
		}
	}
}
