package publish_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/ocds/publish"
)

// lookup is a Lookup over hand-written rows: table → key → state JSON.
type lookup map[string]map[int64]string

func (l lookup) State(_ context.Context, table string, key any) (json.RawMessage, error) {
	if table == "broken" {
		return nil, errors.New("database is gone")
	}
	s, ok := l[table][key.(int64)]
	if !ok {
		return nil, nil
	}
	return json.RawMessage(s), nil
}

// world is the rows the builders read: a purchaser, an agency-less procedure
// of project 7 with one lot, a supplier, a contract and its budget line.
var world = lookup{
	"orgs": {
		20: `{"id":20,"name":"杭州市西湖区民政局","credit_code":"11330106334385828B","region":"330106","phone":"0571-80000102"}`,
		51: `{"id":51,"name":"杭州康宁养老服务有限公司","credit_code":"91330106MAT0KAUW9H","region":"330106"}`,
		54: `{"id":54,"name":"无代码工作室","credit_code":"","region":"330106"}`,
	},
	"projects":     {7: `{"id":7,"region":"330106","code":"GM-330106-2026-0007"}`},
	"budget_lines": {1: `{"id":1,"mof_div_code":"330106","agency_code":"106001","pro_code":"33010626000000000101","bgt_id":"330106-2026-0101"}`},
	"procurements": {1: procurement1, 2: `{"id":2,"code":"CG-X","project_id":0}`},
	"contracts":    {1: contract1},
}

const procurement1 = `{"id":1,"code":"CG-330106-2026-0001","project_id":7,"region":"330106","purchaser_org_id":20,"agency_org_id":null,
	"title":"走访慰问服务","status":"tendering","amount":8000000,"category":"services","method":"competitive_consultation","invited":[],
	"reason_detail":"政府购买服务","docs_from":"2026-01-08T02:00:00.000000Z","bid_deadline":"2026-01-18T01:30:00.000000Z",
	"documents":{"requirements":"走访慰问","evaluation":"comprehensive"}}`

const contract1 = `{"id":1,"procurement_id":1,"award_id":3,"lot_id":1,"title":"走访慰问服务合同","status":"signed","amount":7280000,"amended_amount":0,
	"signed_at":"2026-01-22T03:01:00.000000Z","start_on":"2026-01-23","end_on":"2026-02-22","purchaser_org_id":20,"supplier_org_id":51,
	"terms":{"service_content":"走访慰问"}}`

// with returns procurement1 with some members replaced.
func with(base string, members string) string {
	var m map[string]any
	if err := json.Unmarshal([]byte(base), &m); err != nil {
		panic(err)
	}
	if err := json.Unmarshal([]byte(members), &m); err != nil {
		panic(err)
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// at reads a decoded JSON value at a slash path: "awards/0/id".
func at(v any, path string) any {
	for _, k := range strings.Split(path, "/") {
		switch x := v.(type) {
		case map[string]any:
			v = x[k]
		case []any:
			var i int
			if _, err := fmt.Sscan(k, &i); err != nil || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// Each public action yields one release with its tag and the fields its
// state gives, at stable ids.
func TestBuilders(t *testing.T) {
	for _, c := range []struct {
		action, object, state string
		tag                   string
		want                  map[string]any // path → value (as decoded JSON)
	}{
		{"project.approve", "projects", `{"id":7,"purchaser_org_id":20,"code":"GM-330106-2026-0007","title":"走访慰问","amount":8000000,"content":"为困难群众",
			"catalog_code":"A0101","ex_ante":"建议实施","budget_line_id":1,"double_funded":["街道仍有编制"],"region":"330106",
			"decided_at":"2026-01-05T01:00:02.607093Z"}`, "planning", map[string]any{
			"planning/milestones/0/id": "milestone-approval-7", "planning/milestones/0/dateMet": "2026-01-05T09:00:02.607093+08:00",
			"ocid": "ocds-gm0000-7", "planning/budget/amount/amount": 80000.0, "planning/guidanceCatalogue/id": "A0101",
			"planning/exAnteAssessment": "建议实施", "planning/budget/budgetSystem/bgtId": "330106-2026-0101",
			"planning/doubleFundingFindings/0/id": "finding-1", "parties/0/id": "CN-USCC-11330106334385828B", "parties/0/roles/0": "buyer"}},
		{"project.close", "project_closures", `{"project_id":7,"closed_at":"2026-03-03T07:40:00.000000Z","contracts":1,"paid":6916000}`, "planningUpdate", map[string]any{
			"planning/milestones/0/id": "milestone-closure-7", "planning/milestones/0/dateMet": "2026-03-03T15:40:00+08:00"}},
		{"procurement.publish", "procurements", procurement1, "tender", map[string]any{
			"tender/id": "CG-330106-2026-0001", "tender/status": "active", "tender/procurementMethod": "open",
			"tender/procurementMethodDetails": "竞争性磋商", "tender/awardCriteria": "ratedCriteria",
			"tender/tenderPeriod/endDate": "2026-01-18T09:30:00+08:00", "tender/value/amount": 80000.0,
			"parties/0/roles": []any{"buyer", "procuringEntity"}, "tender/procuringEntity/id": "CN-USCC-11330106334385828B"}},
		{"procurement.clarify", "procurements", procurement1, "tenderAmendment", map[string]any{"tender/status": "active"}},
		{"procurement.open", "procurements", with(procurement1, `{"status":"evaluation"}`), "tenderUpdate", map[string]any{
			"tender/bidOpening/date": "2026-05-01T10:00:00+08:00"}},
		{"procurement.fail", "procurements", with(procurement1, `{"status":"failed"}`), "tenderCancellation", map[string]any{"tender/status": "unsuccessful"}},
		{"procurement.terminate", "procurements", with(procurement1, `{"status":"terminated"}`), "tenderCancellation", map[string]any{"tender/status": "cancelled"}},
		{"procurement.close", "procurements", with(procurement1, `{"status":"closed"}`), "tenderUpdate", map[string]any{"tender/status": "complete"}},
		{"notice.correction", "notices", `{"id":79,"kind":"correction","procurement_id":1,"published_at":"2026-12-06T08:00:00.000000Z","title":"更正公告",
			"body":{"changes":"补充说明","lots":[{"id":1,"budget":8000000,"title":"包1"}],"purchaser_contact":{"phone":"0571-1"}}}`, "tenderAmendment", map[string]any{
			"tender/documents/0/id": "notice-79", "tender/documents/0/documentType": "clarifications",
			"tender/documents/0/url": "https://goumai.example/notices/79", "tender/documents/0/datePublished": "2026-12-06T16:00:00+08:00",
			"tender/amendments/0/description": "补充说明", "tender/lots/0/id": "lot-1", "tender/lots/0/value/amount": 80000.0}},
		{"notice.opening", "notices", `{"id":3,"kind":"opening","procurement_id":1,"published_at":"2026-01-18T02:00:00.000000Z","title":"开标记录",
			"body":{"opening":[{"id":1,"lot_id":1,"price":7280000,"salt":"s1","commitment":"c1"},{"id":2,"lot_id":1,"price":7520000,"salt":"s2","commitment":"c2"}]}}`,
			"tenderUpdate", map[string]any{"bids/statistics/0/id": "bids-lot-1", "bids/statistics/0/value": 2.0, "tender/documents/0/documentType": "bidders"}},
		{"notice.result", "notices", `{"id":5,"kind":"result","procurement_id":1,"published_at":"2026-01-20T03:00:00.000000Z","title":"结果公告",
			"body":{"lots":[{"id":1,"budget":8000000}]}}`,
			"tenderUpdate", map[string]any{"tender/documents/0/documentType": "awardNotice", "tender/lots/0/status": "complete"}},
		{"notice.failure", "notices", `{"id":66,"kind":"failure","procurement_id":1,"published_at":"2026-10-29T02:00:00.000000Z","title":"废标公告",
			"body":{"lots":[{"id":1,"budget":8000000}],"agency_contact":{"phone":"0571-2"}}}`,
			"tenderCancellation", map[string]any{"tender/documents/0/documentType": "cancellationDetails", "tender/lots/0/status": "unsuccessful"}},
		{"enquiry.answer", "enquiries", `{"id":6,"procurement_id":1,"number":2,"question":"服务对象名单何时提供？","asked_at":"2026-12-03T02:00:00.000000Z",
			"answer":"合同签订后5个工作日内。","answered_at":"2026-12-04T02:00:00.000000Z","answered_by":45}`, "tenderUpdate", map[string]any{
			"tender/hasEnquiries": true, "tender/enquiries/0/id": "enquiry-6", "tender/enquiries/0/answer": "合同签订后5个工作日内。",
			"tender/enquiries/0/dateAnswered": "2026-12-04T10:00:00+08:00", "tender/enquiries/0/author": nil}},
		{"bid.open", "opened_bids", `{"id":1,"lot_id":1,"org_id":51,"procurement_id":1,"price":7280000,"opened_at":"2026-01-18T02:00:00.000000Z",
			"set_aside":"","sme_size":"small","salt":"s1","commitment":"c1"}`, "tenderUpdate", map[string]any{
			"bids/details/0/id": "bid-1", "bids/details/0/value/amount": 72800.0, "bids/details/0/status": "valid",
			"bids/details/0/relatedLots/0": "lot-1", "parties/0/details/scale": "sme", "parties/0/roles": []any{"tenderer"}}},
		{"bid.set_aside", "opened_bids", `{"id":1,"lot_id":1,"org_id":51,"procurement_id":1,"price":7280000,"set_aside":"ENG-D8"}`, "tenderUpdate",
			map[string]any{"bids/details/0/status": "disqualified"}},
		{"qualification.qualified", "supplier_qualifications", `{"id":1,"opened_bid_id":1,"org_id":51,"procurement_id":1,"result":"qualified"}`,
			"tenderUpdate", map[string]any{"bids/details/0/id": "bid-1", "bids/details/0/status": "valid"}},
		{"award.confirm", "lot_awards", `{"id":3,"amount":7280000,"confirmed_at":"2026-01-20T02:00:00.000000Z","lot_id":1,"opened_bid_id":1,"org_id":51,"procurement_id":1}`,
			"award", map[string]any{"awards/0/id": "award-3", "awards/0/status": "active", "awards/0/relatedLots/0": "lot-1",
				"awards/0/relatedBids/0": "bid-1", "awards/0/suppliers/0/id": "CN-USCC-91330106MAT0KAUW9H", "parties/0/roles": []any{"tenderer", "supplier"}}},
		{"contract.signed", "contracts", contract1, "contract", map[string]any{
			"contracts/0/id": "contract-1", "contracts/0/awardID": "award-3", "contracts/0/status": "active",
			"contracts/0/period/startDate": "2026-01-23T00:00:00+08:00", "contracts/0/dateSigned": "2026-01-22T11:01:00+08:00",
			"contracts/0/signatories/1/id": "CN-USCC-91330106MAT0KAUW9H", "parties/0/roles": []any{"buyer", "procuringEntity", "payer"},
			"parties/1/roles": []any{"tenderer", "supplier", "payee"}}},
		{"contract.amended", "contracts", with(contract1, `{"amended_amount":700000}`), "contractAmendment", map[string]any{
			"contracts/0/value/amount": 79800.0, "contracts/0/amendments/0/date": "2026-05-01T10:00:00+08:00"}},
		{"contract.terminated", "contracts", with(contract1, `{"status":"terminated"}`), "contractTermination", map[string]any{"contracts/0/status": "terminated"}},
		{"contract.subcontract_agree", "subcontracts", `{"id":4,"contract_id":1,"parent_org_id":51,"subcontractor_org_id":54,"amount":1820000,"status":"approved"}`,
			"contractUpdate", map[string]any{"contracts/0/subcontracts/0/id": "subcontract-4", "contracts/0/subcontracts/0/sharePercentage": 25.0,
				"contracts/0/subcontracts/0/chainDepth": 1.0, "contracts/0/subcontractingChainDepth": 1.0,
				"contracts/0/subcontracts/0/supplier/id": "goumai-org-54", "parties/0/roles": []any{"subcontractor"}}},
		{"payment.paid", "payment_requests", `{"id":2,"contract_id":1,"amount":3640000,"paid_at":"2026-02-09T07:40:00.000000Z","purchaser_org_id":20,"supplier_org_id":51,
			"mof_div_code":"330106","agency_code":"106001","pro_code":"P","bgt_id":"B","accepted_on":"2026-01-20","payment_term_days":15,"due_on":"2026-02-04"}`, "implementation", map[string]any{
			"contracts/0/id": "contract-1", "contracts/0/awardID": "award-3", "contracts/0/implementation/transactions/0/id": "payment-2",
			"contracts/0/implementation/transactions/0/value/amount": 36400.0, "contracts/0/implementation/transactions/0/payer/id": "CN-USCC-11330106334385828B",
			"contracts/0/implementation/transactions/0/budgetSystem/bgtId": "B", "contracts/0/implementation/transactions/0/dueDate": "2026-02-04T00:00:00+08:00",
			"contracts/0/implementation/transactions/0/acceptanceDate": "2026-01-20T00:00:00+08:00", "contracts/0/implementation/transactions/0/paymentTermDays": 15.0}},
		{"performance.publish", "performance_evaluations", `{"id":1,"contract_id":1,"kind":"self","grade":"fair","score":7570,"published_at":"2026-02-26T04:00:00.000000Z",
			"summary":"基本达标","indicators":[{"name":"服务数量","category":"output","level":"output","weight":50,"target":"≥1000","unit":"人次","score":75,"evidence":"台账"}]}`,
			"implementationUpdate", map[string]any{"contracts/0/implementation/performanceEvaluation/id": "evaluation-1",
				"contracts/0/implementation/performanceEvaluation/score": 75.7, "contracts/0/implementation/performanceEvaluation/grade": "fair",
				"contracts/0/implementation/performanceEvaluation/indicators/0/id":       "indicator-1",
				"contracts/0/implementation/performanceEvaluation/indicators/0/weight":   50.0,
				"contracts/0/implementation/performanceEvaluation/indicators/0/evidence": nil}},
		{"contract.grade", "contract_grades", `{"contract_id":1,"evaluation_id":1,"grade":"fair","score":7570,"published_at":"2026-02-26T04:00:00.000000Z"}`,
			"implementationUpdate", map[string]any{"contracts/0/implementation/performanceEvaluation/id": "evaluation-1",
				"contracts/0/implementation/performanceEvaluation/score": 75.7}},
	} {
		t.Run(c.action, func(t *testing.T) {
			e := goumai.Event{ID: 100, At: time.Date(2026, 5, 1, 2, 0, 0, 0, time.UTC), Action: c.action, ObjectType: c.object, ObjectID: "1",
				Public: true, State: json.RawMessage(c.state)}
			rs, err := publish.Publisher{BaseURL: "https://goumai.example"}.Releases(context.Background(), world, e)
			if err != nil || len(rs) != 1 {
				t.Fatalf("Releases = %d releases, %v; want 1", len(rs), err)
			}
			r := rs[0]
			if got := strings.Join(r.Tags, " "); got != c.tag {
				t.Errorf("tag %q, want %q", got, c.tag)
			}
			var tree map[string]any
			if err := json.Unmarshal(r.Body, &tree); err != nil {
				t.Fatal(err)
			}
			for _, k := range []string{"ocid", "id", "date", "tag", "initiationType"} {
				if tree[k] == nil {
					t.Errorf("no %s: %s", k, r.Body)
				}
			}
			if tree["date"] != "2026-05-01T10:00:00+08:00" || r.ID != "ocds-gm0000-7-100" || r.LogIndex != 100 {
				t.Errorf("release %s of event 100 dated %v", r.ID, tree["date"])
			}
			for path, want := range c.want {
				got := at(tree, path)
				gb, _ := json.Marshal(got)
				wb, _ := json.Marshal(want)
				if string(gb) != string(wb) {
					t.Errorf("%s = %s, want %s", path, gb, wb)
				}
			}
			for _, private := range []string{"salt", "commitment", "phone", "0571-", "evidence"} {
				if strings.Contains(string(r.Body), private) {
					t.Errorf("release contains %q: %s", private, r.Body)
				}
			}
		})
	}
}

// Events that OCDS does not describe, that are private, whose state is gone
// or whose project cannot be found yield no release and no error; a failing
// lookup is an error.
func TestBuildersNoRelease(t *testing.T) {
	ctx := context.Background()
	p := publish.Publisher{}
	for _, e := range []goumai.Event{
		{ID: 1, Action: "bid.commit", Public: true, State: json.RawMessage(`{"commitment":"c"}`)},
		{ID: 2, Action: "procurement.publish", Public: false, State: json.RawMessage(procurement1)},
		{ID: 3, Action: "award.withdrawn", Public: true, State: json.RawMessage(`null`)},
		{ID: 4, Action: "procurement.publish", Public: true, State: json.RawMessage(`{"id":9}`)},
		{ID: 5, Action: "procurement.publish", Public: true, State: json.RawMessage(`{"id":2}`)},
		{ID: 6, Action: "payment.paid", Public: true, State: json.RawMessage(`{"id":1,"contract_id":99}`)},
		{ID: 7, Action: "project.close", Public: true, State: json.RawMessage(`{"project_id":99}`)},
		{ID: 8, Action: "notice.unknown_kind", Public: true, State: json.RawMessage(`{"kind":"x","procurement_id":1}`)},
	} {
		rs, err := p.Releases(ctx, world, e)
		if err != nil || len(rs) != 0 {
			t.Errorf("%s (event %d): %d releases, %v; want none", e.Action, e.ID, len(rs), err)
		}
	}
	broken := lookup{"orgs": world["orgs"]}
	e := goumai.Event{ID: 9, Action: "award.confirm", Public: true, State: json.RawMessage(`{"id":1,"procurement_id":1}`)}
	if _, err := p.Releases(ctx, brokenLookup{broken}, e); err == nil {
		t.Error("a failing lookup gives no error")
	}
}

// brokenLookup fails on procurements, as a database error would.
type brokenLookup struct{ lookup }

func (b brokenLookup) State(ctx context.Context, table string, key any) (json.RawMessage, error) {
	if table == "procurements" {
		return b.lookup.State(ctx, "broken", key)
	}
	return b.lookup.State(ctx, table, key)
}

// withHistory is a lookup that reads objects' previous states from a log.
type withHistory struct {
	lookup
	log map[string]string // "object_type/object_id" → last state
}

func (h withHistory) Previous(_ context.Context, objectType, objectID string, before int64) (json.RawMessage, error) {
	if before <= 0 {
		return nil, errors.New("no leaf index")
	}
	s, ok := h.log[objectType+"/"+objectID]
	if !ok {
		return nil, nil
	}
	return json.RawMessage(s), nil
}

// A withdrawn award (null state) cancels the award when the lookup can read
// its last state from the log, and yields nothing otherwise.
func TestAwardWithdrawn(t *testing.T) {
	ctx := context.Background()
	e := goumai.Event{ID: 200, At: time.Date(2026, 11, 19, 2, 0, 0, 0, time.UTC), Action: "award.withdrawn", ObjectType: "lot_awards", ObjectID: "3",
		Public: true, State: json.RawMessage(`null`)}
	h := withHistory{world, map[string]string{"lot_awards/3": `{"id":3,"lot_id":1,"org_id":51,"procurement_id":1,"amount":7280000}`}}
	rs, err := publish.Publisher{}.Releases(ctx, h, e)
	if err != nil || len(rs) != 1 {
		t.Fatalf("Releases = %d, %v; want one", len(rs), err)
	}
	var tree map[string]any
	if err := json.Unmarshal(rs[0].Body, &tree); err != nil {
		t.Fatal(err)
	}
	if at(tree, "awards/0/id") != "award-3" || at(tree, "awards/0/status") != "cancelled" || strings.Join(rs[0].Tags, " ") != "awardCancellation" {
		t.Errorf("withdrawn award: %s", rs[0].Body)
	}
	h.log = nil
	if rs, err := (publish.Publisher{}).Releases(ctx, h, e); err != nil || len(rs) != 0 {
		t.Errorf("without a previous state: %d releases, %v", len(rs), err)
	}
	if rs, err := (publish.Publisher{}).Releases(ctx, world, e); err != nil || len(rs) != 0 {
		t.Errorf("with a plain lookup: %d releases, %v", len(rs), err)
	}
}
