package web

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/goumai/goumai"

	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
)

// withBudget loads the demo budget unless demo.Load already did.
func withBudget(t *testing.T, w *world) {
	t.Helper()
	ctx := context.Background()
	ls, err := w.store.FindBudgetLines(ctx, sqlstore.BudgetLineFilter{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) == 0 {
		if err := demo.LoadBudget(ctx, w.svc); err != nil {
			t.Fatal(err)
		}
	}
}

func lineByName(t *testing.T, w *world, name string) sqlstore.LineBalance {
	t.Helper()
	ls, err := w.store.FindBudgetLines(context.Background(), sqlstore.BudgetLineFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if l.Name == name {
			return l
		}
	}
	t.Fatalf("no line %s", name)
	return sqlstore.LineBalance{}
}

// TestBudgetAPI makes a successful request to every budget and reform route
// (each validated against openapi.json) and checks who sees what.
func TestBudgetAPI(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		withBudget(t, w)
		xihu := w.token(t, "xihu.reviewer")
		staff := w.token(t, "xihu.minzheng")
		other := w.token(t, "yinzhou.sifa")
		line := lineByName(t, w, "2026年居家养老服务补助")
		meals := lineByName(t, w, "2026年老年助餐服务")
		inst := orgNamed(t, w, "杭州市西湖区社会福利中心")
		mz := w.org(t, "杭州市西湖区民政局")

		var sheet bytes.Buffer
		f := excelize.NewFile()
		for i, r := range [][]any{{"MOF_DIV_CODE", "FISCAL_YEAR", "AGENCY_CODE", "PRO_NAME", "BGT_ID", "AMT"}, {"330106", 2026, "106001", "2026年社区助残服务", "330106-2026-0199", "88000.5"}} {
			cell, err := excelize.CoordinatesToCellName(1, i+1)
			must(t, err)
			must(t, f.SetSheetRow("Sheet1", cell, &r))
		}
		must(t, f.Write(&sheet))
		steps := []struct {
			r    request
			want int
		}{
			{request{method: "GET", path: "/api/v1/budget/lines?region=330106&year=2026"}, 200},
			{request{method: "GET", path: "/api/v1/budget/lines?region=330106", bearer: staff}, 200},
			{request{method: "POST", path: "/api/v1/budget/lines", bearer: xihu, body: mustJSON(t, map[string]any{"org_id": mz.ID, "fiscal_year": 2026,
				"name": "2026年社区矫正社会工作服务", "amount": 30000000, "funding_source": "一般公共预算", "bgt_id": "330106-2026-0150", "agency_code": "106001"})}, 201},
			{request{method: "GET", path: fmt.Sprintf("/api/v1/budget/lines/%d", line.ID)}, 200},
			{request{method: "GET", path: fmt.Sprintf("/api/v1/budget/lines/%d/ledger", line.ID)}, 200},
			{request{method: "GET", path: fmt.Sprintf("/api/v1/budget/lines/%d/ledger?limit=1", line.ID), bearer: staff}, 200},
			{request{method: "POST", path: fmt.Sprintf("/api/v1/budget/lines/%d/ledger", line.ID), bearer: xihu, body: `{"kind":"appropriate","amount":100000,"memo":"追加"}`}, 201},
			{request{method: "POST", path: "/api/v1/budget/import", bearer: xihu, body: mustJSON(t, map[string]any{"file": base64.StdEncoding.EncodeToString(sheet.Bytes()), "default_org_id": mz.ID})}, 201},
			{request{method: "POST", path: "/api/v1/budget/transfers", bearer: xihu, body: mustJSON(t, map[string]any{"from_line": line.ID, "to_line": meals.ID, "amount": 1000, "memo": "调剂"})}, 201},
			{request{method: "GET", path: "/api/v1/reform/functions?region=330106"}, 200},
			{request{method: "POST", path: "/api/v1/reform/functions", bearer: xihu, body: mustJSON(t, map[string]any{"org_id": inst.ID, "name": "老年人能力评估", "catalog_code": "A0104", "funded_posts": 2, "annual_cost": 24000000})}, 201},
			{request{method: "GET", path: fmt.Sprintf("/api/v1/reform/double-funded?purchaser_org_id=%d&catalog_code=%s", mz.ID, demo.DemoCodeMeals)}, 200},
			{request{method: "GET", path: "/api/v1/reform/redflags?region=330106"}, 200},
		}
		for _, s := range steps {
			if res := w.do(t, s.r); res.status != s.want {
				t.Errorf("%s %s: %d, want %d: %s", s.r.method, s.r.path, res.status, s.want, compactJSON(res.body))
			}
		}
		fns, err := w.store.FindFunctions(context.Background(), sqlstore.FunctionFilter{OrgID: inst.ID})
		if err != nil || len(fns) == 0 {
			t.Fatalf("functions of %s: %v %v", inst.Name, fns, err)
		}
		res := w.do(t, request{method: "PUT", path: fmt.Sprintf("/api/v1/reform/functions/%d", fns[len(fns)-1].ID), bearer: xihu, body: `{"funded_posts":1,"annual_cost":12000000}`})
		if res.status != 200 {
			t.Errorf("PUT function: %d %s", res.status, res.body)
		}
		// The demo's requested transfer: listed for the finance staff, refused to
		// a reviewer (no approver role), approved by the approver.
		pending, err := w.store.FindTransfers(context.Background(), sqlstore.TransferFilter{Region: "330106", Status: goumai.TransferRequested, Limit: 10})
		if err != nil || len(pending) == 0 {
			t.Fatalf("no requested transfer in the demo: %v", err)
		}
		tr := pending[len(pending)-1]
		res = w.do(t, request{method: "GET", path: "/api/v1/budget/transfers?status=requested", bearer: xihu})
		if list, _ := res.json(t)["transfers"].([]any); res.status != 200 || len(list) == 0 {
			t.Errorf("GET transfers: %d %s", res.status, compactJSON(res.body))
		}
		if res := w.do(t, request{method: "GET", path: "/api/v1/budget/transfers", bearer: staff}); res.status != http.StatusForbidden {
			t.Errorf("GET transfers as the purchaser: %d", res.status)
		}
		decide := fmt.Sprintf("/api/v1/budget/transfers/%d/decision", tr.ID)
		if res := w.do(t, request{method: "POST", path: decide, bearer: xihu, body: `{"approve": true}`}); res.status != http.StatusForbidden {
			t.Errorf("a reviewer approves a transfer: %d", res.status)
		}
		res = w.do(t, request{method: "POST", path: decide, bearer: w.token(t, "xihu.approver"), body: `{"approve": true, "opinion": "同意"}`})
		if got, _ := res.json(t)["transfer"].(map[string]any); res.status != 200 || got["status"] != "posted" {
			t.Errorf("approve: %d %s", res.status, compactJSON(res.body))
		}
		res = w.do(t, request{method: "GET", path: "/api/v1/budget/export?region=330106&year=2026"})
		if res.status != 200 || !bytes.HasPrefix(res.body, []byte("PK")) {
			t.Errorf("export: %d", res.status)
		}

		// Who sees what: the public the appropriation only, the purchaser everything, another county nothing more than the public.
		for _, c := range []struct {
			name, bearer string
			full         bool
		}{{"public", "", false}, {"purchaser", staff, true}, {"finance", xihu, true}, {"other county", other, false}} {
			res := w.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/budget/lines/%d", line.ID), bearer: c.bearer})
			l, _ := res.json(t)["line"].(map[string]any)
			if l["full"] != c.full || !c.full && l["available"].(float64) != 0 {
				t.Errorf("%s: line %v", c.name, l)
			}
		}
		// Refusals: bad amounts, other region, overdraw with the rule, unknown line.
		for _, c := range []struct {
			r      request
			status int
			field  string
			rule   string
		}{
			{request{method: "POST", path: fmt.Sprintf("/api/v1/budget/lines/%d/ledger", line.ID), bearer: xihu, body: `{"kind":"commit","amount":1.5}`}, statusOf(goumai.EInvalid), "amount", ""},
			{request{method: "POST", path: fmt.Sprintf("/api/v1/budget/lines/%d/ledger", line.ID), bearer: xihu, body: `{"kind":"commit","amount":-1}`}, statusOf(goumai.EInvalid), "amount", ""},
			{request{method: "POST", path: fmt.Sprintf("/api/v1/budget/lines/%d/ledger", line.ID), bearer: xihu, body: `{"kind":"commit","amount":99999999999999999999}`}, statusOf(goumai.EInvalid), "amount", ""},
			{request{method: "POST", path: fmt.Sprintf("/api/v1/budget/lines/%d/ledger", line.ID), bearer: xihu, body: `{"kind":"commit","amount":100000000000000}`}, statusOf(goumai.EFunds), "amount", "ENG-B2"},
			{request{method: "POST", path: fmt.Sprintf("/api/v1/budget/lines/%d/ledger", line.ID), bearer: w.token(t, "yinzhou.reviewer"), body: `{"kind":"commit","amount":1}`}, statusOf(goumai.EForbidden), "", ""},
			{request{method: "POST", path: fmt.Sprintf("/api/v1/budget/lines/%d/ledger", line.ID), bearer: staff, body: `{"kind":"commit","amount":1}`}, statusOf(goumai.EForbidden), "", ""},
			{request{method: "POST", path: "/api/v1/budget/lines/999999/ledger", bearer: xihu, body: `{"kind":"commit","amount":1}`}, statusOf(goumai.ENotFound), "", ""},
			{request{method: "GET", path: "/api/v1/reform/double-funded?catalog_code=A0103"}, statusOf(goumai.EInvalid), "purchaser_org_id", ""},
		} {
			before := w.treeSize(t)
			res := w.do(t, c.r)
			body := res.json(t)
			fields, _ := body["fields"].(map[string]any)
			if res.status != c.status || c.field != "" && fields[c.field] == nil || body["rule"] != nil && body["rule"] != c.rule || c.rule != "" && body["rule"] != c.rule {
				t.Errorf("%s %s: %d %s, want %d on %q rule %q", c.r.method, c.r.path, res.status, compactJSON(res.body), c.status, c.field, c.rule)
			}
			if after := w.treeSize(t); after != before {
				t.Errorf("%s %s: refused but wrote events", c.r.method, c.r.path)
			}
		}
		// Every budget and reform route of the registry had a successful request validated against openapi.json.
		n := 0
		for _, rt := range w.srv.apiRoutes() {
			if strings.HasPrefix(rt.Path, "/api/v1/budget/") || strings.HasPrefix(rt.Path, "/api/v1/reform/") {
				n++
				if !w.covered[rt.Pattern()] {
					t.Errorf("no successful request of %s was validated against openapi.json", rt.Pattern())
				}
			}
		}
		if n < 15 {
			t.Errorf("only %d budget and reform routes registered", n)
		}
	})
}

// orgNamed finds an organisation created after the world was loaded.
func orgNamed(t *testing.T, w *world, name string) goumai.Org {
	t.Helper()
	os, err := w.store.FindOrgs(context.Background(), sqlstore.OrgFilter{Query: name, Limit: 5})
	if err != nil || len(os) == 0 {
		t.Fatalf("no organisation %s: %v", name, err)
	}
	return os[0]
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestBudgetPages walks the pages as the public, the purchaser and the finance
// department: lists with balances, a line's ledger, forms with field errors.
func TestBudgetPages(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		withBudget(t, w)
		line := lineByName(t, w, "2026年居家养老服务补助")
		for _, c := range []struct {
			path string
			sess *session
			want []string
			not  []string
		}{
			{"/budget?region=330106", nil, []string{"2026年居家养老服务补助", "4,800,000.00", "执行数不公开"}, []string{"new-line"}},
			{"/budget?region=330106", w.login(t, "xihu.reviewer"), []string{"new-line", "import", "4,800,000.00"}, []string{"执行数不公开"}},
			{fmt.Sprintf("/budget/lines/%d", line.ID), nil, []string{"330106-2026-0101", "费随事转", "下达指标"}, []string{"/ledger\""}},
			{"/reform?region=330106", nil, []string{"老年助餐配送", "已转为购买服务", "仍有编制或经费"}, nil},
			{"/reform/redflags?region=330106", nil, []string{"2026年老年助餐服务", "杭州市西湖区社会福利中心"}, nil},
		} {
			res := w.do(t, request{method: "GET", path: c.path, session: c.sess})
			if res.status != http.StatusOK {
				t.Errorf("%s: %d", c.path, res.status)
				continue
			}
			for _, s := range c.want {
				if !strings.Contains(string(res.body), s) {
					t.Errorf("%s: no %q", c.path, s)
				}
			}
			for _, s := range c.not {
				if strings.Contains(string(res.body), s) {
					t.Errorf("%s: has %q", c.path, s)
				}
			}
		}
		fin := w.login(t, "xihu.reviewer")
		// A fraction of a fen is refused with the field marked; nothing written.
		before := w.treeSize(t)
		res := w.do(t, request{method: "POST", path: fmt.Sprintf("/staff/budget/lines/%d/ledger", line.ID), session: fin, csrf: true,
			form: url.Values{"kind": {"appropriate"}, "amount": {"10.001"}}})
		if res.status != statusOf(goumai.EInvalid) || !strings.Contains(string(res.body), "两位小数") {
			t.Errorf("fraction of a fen: %d", res.status)
		}
		if after := w.treeSize(t); after != before {
			t.Error("a refused entry wrote events")
		}
		res = w.do(t, request{method: "POST", path: "/staff/budget/transfer", session: fin, csrf: true,
			form: url.Values{"from_line": {fmt.Sprint(line.ID)}, "to_line": {fmt.Sprint(lineByName(t, w, "2026年老年助餐服务").ID)}, "amount": {"99999999.99"}}})
		if res.status != http.StatusConflict || !strings.Contains(string(res.body), "ENG-B2") {
			t.Errorf("transfer overdraw: %d", res.status)
		}
		res = w.do(t, request{method: "POST", path: "/staff/budget/lines", session: fin, csrf: true, form: url.Values{
			"org_id": {fmt.Sprint(w.org(t, "杭州市西湖区民政局").ID)}, "name": {"2026年新增指标"}, "fiscal_year": {"2026"}, "amount": {"1,000.00"}, "bgt_id": {"330106-2026-0177"}}})
		if res.status != http.StatusSeeOther {
			t.Errorf("new line: %d %s", res.status, res.body)
		}
		if res := w.do(t, request{method: "GET", path: "/staff/budget/lines/new", session: w.login(t, "xihu.minzheng")}); res.status != http.StatusForbidden {
			t.Errorf("purchaser opening the new-line form: %d", res.status)
		}
		for _, p := range []string{"/staff/budget/lines/new", "/staff/budget/import", "/staff/budget/transfer", "/staff/reform/functions/new"} {
			if res := w.do(t, request{method: "GET", path: p, session: fin}); res.status != http.StatusOK {
				t.Errorf("%s: %d", p, res.status)
			}
		}
		if res := w.do(t, request{method: "GET", path: "/staff/budget/import", session: fin}); !strings.Contains(string(res.body), "10 MB") {
			t.Error("the import form does not state the size limit")
		}
		rep, err := w.store.Verify(context.Background(), nil)
		if err != nil || !rep.OK() {
			t.Errorf("verify: %v %v", err, rep.Problems)
		}
	})
}
