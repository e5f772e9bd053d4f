package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The demo world's budget lines (demo/budget.go) that the rows act on.
const (
	lineHomeCare = "2026年居家养老服务补助"  // 杭州市西湖区民政局, 330106
	lineMeals    = "2026年老年助餐服务"    // 杭州市西湖区民政局, 330106
	lineYuhang   = "2026年课后服务第三方评估" // 杭州市余杭区教育局, 330110
	lineHaishu   = "2026年社区心理健康服务"  // 宁波市海曙区卫生健康局, 330203
	lineYinzhou  = "2026年基层公共法律服务"  // 宁波市鄞州区司法局, 330212
	xihuWelfare  = "杭州市西湖区社会福利中心"   // 事业单位 under 杭州市西湖区民政局, 330106
)

// account is a demo account acting for its first organisation, as the use cases see it.
func (f fixture) account(username string) goumai.Actor {
	f.t.Helper()
	u := f.w.user(f.t, username)
	ms, err := f.w.store.Memberships(context.Background(), u.ID)
	if err != nil || len(ms) == 0 {
		f.t.Fatalf("memberships of %s: %v %v", username, ms, err)
	}
	a := goumai.Actor{UserID: u.ID, Username: u.Username, Name: u.DisplayName, Org: ms[0].Org}
	for _, m := range ms {
		if m.Org.ID == a.Org.ID {
			a.Roles = append(a.Roles, m.Role)
		}
	}
	return a
}

// lineID is the id of a demo budget line.
func (f fixture) lineID(name string) int64 { return lineByName(f.t, f.w, name).ID }

// idPath is the path of an object by its id: prefix, id, suffix.
func idPath(prefix string, id int64, suffix string) string {
	return prefix + strconv.FormatInt(id, 10) + suffix
}

// newLine creates a budget line of ¥1,000,000 for an organisation, as the system.
func (f fixture) newLine(orgName string) goumai.BudgetLine {
	f.t.Helper()
	o := f.w.org(f.t, orgName)
	in := workflow.BudgetLineInput{Amount: 100_000_000}
	in.OrgID, in.FiscalYear, in.FundingSource = o.ID, 2026, "一般公共预算"
	in.Name, in.BgtID = fmt.Sprintf("授权测试指标%03d", f.next()), fmt.Sprintf("authz-%03d", f.next())
	l, err := f.w.svc.CreateBudgetLine(context.Background(), goumai.System, in)
	if err != nil {
		f.t.Fatalf("budget line of %s: %v", orgName, err)
	}
	return l
}

// newLineForm is a new line of ¥1,000 for an organisation, as the form posts it.
func newLineForm(f fixture, orgName string) url.Values {
	return url.Values{"org_id": {strconv.FormatInt(f.w.org(f.t, orgName).ID, 10)}, "name": {fmt.Sprintf("授权测试指标%03d", f.next())},
		"fiscal_year": {"2026"}, "amount": {"1000.00"}, "bgt_id": {fmt.Sprintf("authz-form-%03d", f.next())}}
}

// newLineBody is a new line of ¥1,000 for an organisation, as the API takes it.
func newLineBody(f fixture, orgName string) string {
	return mustJSON(f.t, map[string]any{"org_id": f.w.org(f.t, orgName).ID, "name": fmt.Sprintf("授权测试指标%03d", f.next()),
		"fiscal_year": 2026, "amount": 100_000, "bgt_id": fmt.Sprintf("authz-api-%03d", f.next())})
}

// importBody is an .xlsx of one new line for an organisation (named by its
// credit code), as the API's import takes it.
func importBody(f fixture, orgName string) string {
	f.t.Helper()
	o := f.w.org(f.t, orgName)
	l := goumai.BudgetLine{OrgID: o.ID, FiscalYear: 2026, MofDivCode: o.Region, AgencyCode: "900001", FundingSource: "一般公共预算",
		Name: fmt.Sprintf("授权测试导入%03d", f.next()), BgtID: fmt.Sprintf("authz-xlsx-%03d", f.next())}
	var sheet bytes.Buffer
	view := workflow.BudgetLineView{LineBalance: sqlstore.LineBalance{BudgetLine: l, Balance: goumai.Balance{Appropriated: 100_000}}}
	if err := workflow.WriteBudgetXLSX(&sheet, []workflow.BudgetLineView{view}, map[int64]string{o.ID: o.CreditCode}); err != nil {
		f.t.Fatal(err)
	}
	return mustJSON(f.t, map[string]any{"file": sheet.Bytes()})
}

// transfer is a requested transfer of ¥1,000 between two lines, asked for by a demo account.
func (f fixture) transfer(requester string, from, to int64) goumai.Transfer {
	f.t.Helper()
	tr, err := f.w.svc.RequestTransfer(context.Background(), f.account(requester), workflow.TransferInput{FromLine: from, ToLine: to, Amount: 100_000, Memo: "授权测试调剂"})
	if err != nil {
		f.t.Fatalf("transfer requested by %s: %v", requester, err)
	}
	return tr
}

// nationalTransfer is a transfer between two lines of the central level,
// requested by the Ministry's reviewer: outside every province.
func (f fixture) nationalTransfer() goumai.Transfer {
	return f.transfer("mof.reviewer", f.newLine("中华人民共和国财政部").ID, f.newLine("中华人民共和国审计署").ID)
}

// postedTransfer is the demo's 费随事转 transfer, approved already.
func (f fixture) postedTransfer() goumai.Transfer {
	f.t.Helper()
	ts, err := f.w.store.FindTransfers(context.Background(), sqlstore.TransferFilter{Region: "330106", Status: goumai.TransferPosted, Limit: 1})
	if err != nil || len(ts) == 0 {
		f.t.Fatalf("no posted transfer in 330106: %v", err)
	}
	return ts[0]
}

// reformFunction records a staffed function of an institution, as the system.
func (f fixture) reformFunction(orgName string) goumai.Function {
	f.t.Helper()
	fn, err := f.w.svc.CreateFunction(context.Background(), goumai.System, workflow.FunctionInput{OrgID: f.w.org(f.t, orgName).ID,
		Name: fmt.Sprintf("授权测试职能%03d", f.next()), CatalogCode: "A0106", FundedPosts: 2, AnnualCost: 20_000_000})
	if err != nil {
		f.t.Fatalf("function of %s: %v", orgName, err)
	}
	return fn
}

// budgetAuthzRows are the authorisation matrix's rows for the budget, its
// ledger, transfers and the reform of public institutions (routes.go, budgetRoutes).
func budgetAuthzRows() []authzRow {
	const (
		s409         = http.StatusConflict
		s422         = http.StatusUnprocessableEntity
		hzGongjijin  = "杭州住房公积金管理中心"  // 事业单位, 330100
		haishuKangfu = "宁波市海曙区精神康复医院" // 事业单位, 330203
	)
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	// onLine builds a request on a demo line's path.
	onLine := func(method, prefix, name, suffix, body string) func(fixture) request {
		return func(f fixture) request {
			return request{method: method, path: idPath(prefix, f.lineID(name), suffix), body: body}
		}
	}
	entryForm := url.Values{"kind": {"appropriate"}, "amount": {"1.00"}, "memo": {"追加"}}
	postEntry := func(name string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: idPath("/staff/budget/lines/", f.lineID(name), "/ledger"), form: entryForm}
		}
	}
	const entryBody = `{"kind":"appropriate","amount":100,"memo":"追加"}`
	transferForm := func(from, to string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: "/staff/budget/transfer", form: url.Values{"from_line": {strconv.FormatInt(f.lineID(from), 10)},
				"to_line": {strconv.FormatInt(f.lineID(to), 10)}, "amount": {"1000.00"}, "memo": {"调剂"}}}
		}
	}
	transferBody := func(from, to string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: "/api/v1/budget/transfers", body: mustJSON(f.t, map[string]any{
				"from_line": f.lineID(from), "to_line": f.lineID(to), "amount": 100_000, "memo": "调剂"})}
		}
	}
	// The transfers the rows show and decide, each new for every actor.
	xihuTransfer := func(f fixture) goumai.Transfer {
		return f.transfer(reviewer, f.lineID(lineHomeCare), f.lineID(lineMeals))
	}
	ownTransfer := func(f fixture) goumai.Transfer {
		return f.transfer(approver, f.lineID(lineHomeCare), f.lineID(lineMeals))
	}
	ningboTransfer := func(f fixture) goumai.Transfer {
		return f.transfer("nb.reviewer", f.lineID(lineHaishu), f.lineID(lineYinzhou))
	}
	showTransfer := func(pick func(fixture) goumai.Transfer) func(fixture) request {
		return func(f fixture) request {
			return request{method: "GET", path: "/staff/budget/transfers/" + strconv.FormatInt(pick(f).ID, 10)}
		}
	}
	decideForm := func(pick func(fixture) goumai.Transfer) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: "/staff/budget/transfers/" + strconv.FormatInt(pick(f).ID, 10) + "/decision",
				form: url.Values{"decision": {"approve"}, "opinion": {"同意"}}}
		}
	}
	decideBody := func(pick func(fixture) goumai.Transfer) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: "/api/v1/budget/transfers/" + strconv.FormatInt(pick(f).ID, 10) + "/decision",
				body: `{"approve":true,"opinion":"同意"}`}
		}
	}
	missingTransfer := func(fixture) goumai.Transfer { return goumai.Transfer{ID: 999999} }
	createFunction := func(html bool, orgName string) func(fixture) request {
		return func(f fixture) request {
			id := f.w.org(f.t, orgName).ID
			if html {
				return request{method: "POST", path: "/staff/reform/functions", form: url.Values{"org_id": {strconv.FormatInt(id, 10)},
					"name": {"老年人能力评估"}, "catalog_code": {"A0106"}, "funded_posts": {"2"}, "annual_cost": {"240000.00"}}}
			}
			return request{method: "POST", path: "/api/v1/reform/functions", body: mustJSON(f.t, map[string]any{"org_id": id,
				"name": "老年人能力评估", "catalog_code": "A0106", "funded_posts": 2, "annual_cost": 24_000_000})}
		}
	}
	editFunction := func(orgName string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "GET", path: idPath("/staff/reform/functions/", f.reformFunction(orgName).ID, "/edit")}
		}
	}
	updateFunction := func(html bool, orgName string) func(fixture) request {
		return func(f fixture) request {
			fn := f.reformFunction(orgName)
			if html {
				return request{method: "POST", path: idPath("/staff/reform/functions/", fn.ID, ""), form: url.Values{
					"name": {fn.Name}, "catalog_code": {fn.CatalogCode}, "funded_posts": {"1"}, "annual_cost": {"100000.00"}}}
			}
			return request{method: "PUT", path: idPath("/api/v1/reform/functions/", fn.ID, ""), body: `{"funded_posts":1,"annual_cost":10000000}`}
		}
	}

	return []authzRow{
		// Public: lines and appropriations, ledgers, export, functions and red flags (《预算法》第十四条).
		{"GET /budget 330106", true, get("/budget?region=330106"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /budget line 330203", true, onLine("GET", "/budget/lines/", lineHaishu, "", ""), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /budget line missing", true, get("/budget/lines/999999"), expect(s404, s404, s404, s404, s404, s404, s404, s404, s404, s404)},
		{"GET /budget/export.xlsx 330106", true, get("/budget/export.xlsx?region=330106&year=2026"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /reform 330106", true, get("/reform?region=330106"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /reform/redflags 330106", true, get("/reform/redflags?region=330106"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},

		// The finance department's forms: its staff (admin, reviewer, approver), not auditors.
		{"GET new line form", true, get("/staff/budget/lines/new"), expect(s303, s403, s403, s200, s200, s200, s200, s200, s403, s200)},
		{"POST new line 330106", true, func(f fixture) request {
			return request{method: "POST", path: "/staff/budget/lines", form: newLineForm(f, "杭州市西湖区民政局")}
		}, expect(s401, s403, s403, s303, s303, s303, s303, s303, s403, s303)},
		{"POST new line 330100 (above the county)", true, func(f fixture) request {
			return request{method: "POST", path: "/staff/budget/lines", form: newLineForm(f, "杭州市民政局")}
		}, expect(s401, s403, s403, s403, s303, s403, s303, s303, s403, s303)},
		{"POST new line 330203 (another prefecture)", true, func(f fixture) request {
			return request{method: "POST", path: "/staff/budget/lines", form: newLineForm(f, "宁波市海曙区卫生健康局")}
		}, expect(s401, s403, s403, s403, s303, s403, s403, s303, s403, s303)},
		{"POST ledger entry 330106", true, postEntry(lineHomeCare), expect(s401, s403, s403, s303, s303, s303, s303, s303, s403, s303)},
		{"POST ledger entry 330110 (another county)", true, postEntry(lineYuhang), expect(s401, s403, s403, s403, s303, s403, s303, s303, s403, s303)},
		{"POST ledger entry 330203", true, postEntry(lineHaishu), expect(s401, s403, s403, s403, s303, s403, s403, s303, s403, s303)},
		{"POST ledger entry missing line", true, func(fixture) request {
			return request{method: "POST", path: "/staff/budget/lines/999999/ledger", form: entryForm}
		}, expect(s401, s403, s403, s404, s404, s404, s404, s404, s403, s404)},
		{"GET import form", true, get("/staff/budget/import"), expect(s303, s403, s403, s200, s200, s200, s200, s200, s403, s200)},
		// A browser row cannot carry a file with its CSRF token: this row shows the
		// gate; the API's import rows below show the target's region.
		{"POST import without a file (the gate)", true, func(fixture) request {
			return request{method: "POST", path: "/staff/budget/import", form: url.Values{}}
		}, expect(s401, s403, s403, s422, s422, s422, s422, s422, s403, s422)},
		{"GET transfer form", true, get("/staff/budget/transfer"), expect(s303, s403, s403, s200, s200, s200, s200, s200, s403, s200)},
		{"POST transfer within 330106", true, transferForm(lineHomeCare, lineMeals), expect(s401, s403, s403, s303, s303, s303, s303, s303, s403, s303)},
		{"POST transfer 330106 to 330110 (both lines' regions)", true, transferForm(lineHomeCare, lineYuhang), expect(s401, s403, s403, s403, s303, s403, s303, s303, s403, s303)},
		{"POST transfer 330203 to 330212", true, transferForm(lineHaishu, lineYinzhou), expect(s401, s403, s403, s403, s303, s403, s403, s303, s403, s303)},

		// Transfers: listed for finance staff and auditors of the source line's region.
		{"GET transfers", true, get("/staff/budget/transfers"), expect(s303, s403, s403, s200, s200, s200, s200, s200, s200, s200)},
		{"GET transfers of 330203", true, get("/staff/budget/transfers?region=330203"), expect(s303, s403, s403, s403, s200, s403, s403, s200, s200, s200)},
		{"GET transfer 330106", true, showTransfer(xihuTransfer), expect(s303, s403, s403, s200, s200, s200, s200, s200, s200, s200)},
		{"GET transfer 330203 (invisible below the province)", true, showTransfer(ningboTransfer), expect(s303, s403, s403, s404, s200, s404, s404, s200, s200, s200)},
		{"GET transfer missing", true, showTransfer(missingTransfer), expect(s303, s403, s403, s404, s404, s404, s404, s404, s404, s404)},
		// Decisions: a finance approver of both lines' regions who did not request it (IC-12).
		{"POST approve a transfer xihu.reviewer requested", true, decideForm(xihuTransfer), expect(s401, s403, s403, s403, s303, s403, s403, s403, s403, s403)},
		{"POST approve the approver's own request (IC-12)", true, decideForm(ownTransfer), expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"POST approve a national transfer (invisible to the province)", true, decideForm(fixture.nationalTransfer), expect(s401, s403, s403, s403, s404, s403, s403, s403, s403, s403)},
		{"POST approve a transfer already posted", true, decideForm(fixture.postedTransfer), expect(s401, s403, s403, s403, s409, s403, s403, s403, s403, s403)},

		// Reform: 事业单位 functions, recorded by the finance staff of their region.
		{"GET new function form", true, get("/staff/reform/functions/new"), expect(s303, s403, s403, s200, s200, s200, s200, s200, s403, s200)},
		{"POST function 330106", true, createFunction(true, xihuWelfare), expect(s401, s403, s403, s303, s303, s303, s303, s303, s403, s303)},
		{"POST function 330100 (above the county)", true, createFunction(true, hzGongjijin), expect(s401, s403, s403, s403, s303, s403, s303, s303, s403, s303)},
		{"POST function 330203", true, createFunction(true, haishuKangfu), expect(s401, s403, s403, s403, s303, s403, s403, s303, s403, s303)},
		{"GET edit function 330106", true, editFunction(xihuWelfare), expect(s303, s403, s403, s200, s200, s200, s200, s200, s403, s200)},
		{"GET edit function 330203", true, editFunction(haishuKangfu), expect(s303, s403, s403, s403, s200, s403, s403, s200, s403, s200)},
		{"GET edit function missing", true, get("/staff/reform/functions/999999/edit"), expect(s303, s403, s403, s404, s404, s404, s404, s404, s403, s404)},
		{"POST function update 330106", true, updateFunction(true, xihuWelfare), expect(s401, s403, s403, s303, s303, s303, s303, s303, s403, s303)},
		{"POST function update 330203", true, updateFunction(true, haishuKangfu), expect(s401, s403, s403, s403, s303, s403, s403, s303, s403, s303)},

		// The budget API.
		{"GET budget lines 330106", false, get("/api/v1/budget/lines?region=330106"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"POST budget line 330106", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/budget/lines", body: newLineBody(f, "杭州市西湖区民政局")}
		}, expect(s401, s403, s403, s201, s201, s201, s201, s201, s403, s201)},
		{"POST budget line 330203", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/budget/lines", body: newLineBody(f, "宁波市海曙区卫生健康局")}
		}, expect(s401, s403, s403, s403, s201, s403, s403, s201, s403, s201)},
		{"GET budget line 330203", false, onLine("GET", "/api/v1/budget/lines/", lineHaishu, "", ""), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET budget line missing", false, get("/api/v1/budget/lines/999999"), expect(s404, s404, s404, s404, s404, s404, s404, s404, s404, s404)},
		{"GET ledger 330203", false, onLine("GET", "/api/v1/budget/lines/", lineHaishu, "/ledger", ""), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET ledger missing", false, get("/api/v1/budget/lines/999999/ledger"), expect(s404, s404, s404, s404, s404, s404, s404, s404, s404, s404)},
		{"POST ledger 330106", false, onLine("POST", "/api/v1/budget/lines/", lineHomeCare, "/ledger", entryBody), expect(s401, s403, s403, s201, s201, s201, s201, s201, s403, s201)},
		{"POST ledger 330203", false, onLine("POST", "/api/v1/budget/lines/", lineHaishu, "/ledger", entryBody), expect(s401, s403, s403, s403, s201, s403, s403, s201, s403, s201)},
		{"POST ledger missing line", false, func(fixture) request {
			return request{method: "POST", path: "/api/v1/budget/lines/999999/ledger", body: entryBody}
		}, expect(s401, s403, s403, s404, s404, s404, s404, s404, s403, s404)},
		{"POST import 330106", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/budget/import", body: importBody(f, "杭州市西湖区民政局")}
		}, expect(s401, s403, s403, s201, s201, s201, s201, s201, s403, s201)},
		// An import reports every row's problem at once, a row outside the actor's
		// region among them: refused as invalid, nothing imported.
		{"POST import 330203 (refused per row)", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/budget/import", body: importBody(f, "宁波市海曙区卫生健康局")}
		}, expect(s401, s403, s403, s422, s201, s422, s422, s201, s403, s201)},
		{"GET budget export 330106", false, get("/api/v1/budget/export?region=330106"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET transfers (API)", false, get("/api/v1/budget/transfers"), expect(s401, s403, s403, s200, s200, s200, s200, s200, s200, s200)},
		{"GET transfers of 330203 (API)", false, get("/api/v1/budget/transfers?region=330203"), expect(s401, s403, s403, s403, s200, s403, s403, s200, s200, s200)},
		{"POST transfer within 330106 (API)", false, transferBody(lineHomeCare, lineMeals), expect(s401, s403, s403, s201, s201, s201, s201, s201, s403, s201)},
		{"POST transfer 330203 to 330212 (API)", false, transferBody(lineHaishu, lineYinzhou), expect(s401, s403, s403, s403, s201, s403, s403, s201, s403, s201)},
		{"POST decide a transfer xihu.reviewer requested (API)", false, decideBody(xihuTransfer), expect(s401, s403, s403, s403, s200, s403, s403, s403, s403, s403)},
		{"POST decide the approver's own request (API, IC-12)", false, decideBody(ownTransfer), expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"POST decide a national transfer (API, invisible to the province)", false, decideBody(fixture.nationalTransfer), expect(s401, s403, s403, s403, s404, s403, s403, s403, s403, s403)},
		{"POST decide a transfer already posted (API)", false, decideBody(fixture.postedTransfer), expect(s401, s403, s403, s403, s409, s403, s403, s403, s403, s403)},
		{"POST decide a missing transfer (API)", false, decideBody(missingTransfer), expect(s401, s403, s403, s403, s404, s403, s403, s403, s403, s403)},

		// The reform API.
		{"GET functions 330106", false, get("/api/v1/reform/functions?region=330106"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"POST function 330106 (API)", false, createFunction(false, xihuWelfare), expect(s401, s403, s403, s201, s201, s201, s201, s201, s403, s201)},
		{"POST function 330203 (API)", false, createFunction(false, haishuKangfu), expect(s401, s403, s403, s403, s201, s403, s403, s201, s403, s201)},
		{"PUT function 330106", false, updateFunction(false, xihuWelfare), expect(s401, s403, s403, s200, s200, s200, s200, s200, s403, s200)},
		{"PUT function 330203", false, updateFunction(false, haishuKangfu), expect(s401, s403, s403, s403, s200, s403, s403, s200, s403, s200)},
		{"PUT function missing", false, func(fixture) request {
			return request{method: "PUT", path: "/api/v1/reform/functions/999999", body: `{"funded_posts":1,"annual_cost":10000000}`}
		}, expect(s401, s403, s403, s404, s404, s404, s404, s404, s403, s404)},
		{"GET double-funded", false, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/api/v1/reform/double-funded?purchaser_org_id=%d&catalog_code=A0103", f.w.org(f.t, "杭州市西湖区民政局").ID)}
		}, expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET reform red flags 330106", false, get("/api/v1/reform/redflags?region=330106"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
	}
}
