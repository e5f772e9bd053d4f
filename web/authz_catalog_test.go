package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The organisations of the catalogue's rows.
const (
	catMOF       = "中华人民共和国财政部"
	catZjFin     = "浙江省财政厅"
	catZjMZ      = "浙江省民政厅"     // a department of the 浙江省 tier, not the purchaser's
	catXihuMZ    = "杭州市西湖区民政局"  // the purchaser's own department (330106, tier 330000)
	catEffective = "2027-01-01" // fixture versions take effect later, so the catalogue in force stays the demo's
)

// catalogActor is a demo account acting in its organisation with roles, as
// the use cases see it.
func (f fixture) catalogActor(username, org string, roles ...goumai.Role) goumai.Actor {
	f.t.Helper()
	u := f.w.user(f.t, username)
	return goumai.Actor{UserID: u.ID, Username: u.Username, Name: u.DisplayName, Org: f.w.org(f.t, org), Roles: roles}
}

// The drafters and the approvers of the catalogues of the rows.
func (f fixture) zjReviewer() goumai.Actor {
	return f.catalogActor("zj.reviewer", catZjFin, goumai.RoleFinanceReviewer)
}
func (f fixture) zjApprover() goumai.Actor {
	return f.catalogActor(approver, catZjFin, goumai.RoleFinanceApprover)
}
func (f fixture) mofReviewer() goumai.Actor {
	return f.catalogActor("mof.reviewer", catMOF, goumai.RoleFinanceReviewer)
}
func (f fixture) xihuMZStaff() goumai.Actor {
	return f.catalogActor(purchaser, catXihuMZ, goumai.RolePurchaserStaff)
}
func (f fixture) zjMZStaff() goumai.Actor {
	return f.catalogActor("zj.minzheng", catZjMZ, goumai.RolePurchaserStaff)
}

// catalogDraft starts a fresh draft of a tier's catalogue (dept "") or of a
// department's, as drafter: a copy of the version it derives from. A
// catalogue has one version in preparation at most, so the one a previous
// row left open is published first (catalogClose).
func (f fixture) catalogDraft(drafter goumai.Actor, region, dept string) int64 {
	f.t.Helper()
	in := workflow.CatalogDraftInput{Region: region, Title: fmt.Sprintf("授权测试目录%03d", f.next()), EffectiveFrom: catEffective}
	if dept != "" {
		in.DeptOrgID = f.w.org(f.t, dept).ID
	}
	f.catalogClose(region, in.DeptOrgID)
	v, err := f.w.svc.CreateCatalogDraft(context.Background(), drafter, in)
	if err != nil {
		f.t.Fatalf("draft %s as %s: %v", in.Title, drafter.Username, err)
	}
	return v.ID
}

// catalogClose publishes, as goumai itself, the version of a catalogue left in
// preparation, so that a new one may be drafted. Fixture versions take effect
// in 2027: the catalogue in force now stays the demo's.
func (f fixture) catalogClose(region string, dept int64) {
	f.t.Helper()
	ctx := context.Background()
	open, err := f.w.store.FindCatalogVersions(ctx, sqlstore.VersionFilter{Region: region, DeptOrgID: dept,
		Statuses: []goumai.CatalogStatus{goumai.CatalogDraft, goumai.CatalogInReview}})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, v := range open {
		if v.Status == goumai.CatalogDraft {
			if _, err := f.w.svc.SubmitCatalog(ctx, goumai.System, v.ID, ""); err != nil {
				f.t.Fatalf("close version %d: %v", v.ID, err)
			}
		}
		if _, err := f.w.svc.PublishCatalog(ctx, goumai.System, v.ID, ""); err != nil {
			f.t.Fatalf("close version %d: %v", v.ID, err)
		}
	}
}

// catalogSubmitted is a draft that its drafter has sent for review.
func (f fixture) catalogSubmitted(drafter goumai.Actor, region, dept string) int64 {
	f.t.Helper()
	id := f.catalogDraft(drafter, region, dept)
	if _, err := f.w.svc.SubmitCatalog(context.Background(), drafter, id, "请审核"); err != nil {
		f.t.Fatalf("submit version %d as %s: %v", id, drafter.Username, err)
	}
	return id
}

// catalogPublished is a version of the purchaser's department, drafted and
// submitted by the purchaser and published by 浙江省财政厅's approver.
func (f fixture) catalogPublished() int64 {
	f.t.Helper()
	id := f.catalogSubmitted(f.xihuMZStaff(), "330000", catXihuMZ)
	if _, err := f.w.svc.PublishCatalog(context.Background(), f.zjApprover(), id, "同意备案"); err != nil {
		f.t.Fatalf("publish version %d: %v", id, err)
	}
	return id
}

// approverDrafted is a 浙江省 version under review that zj.approver drafted
// and submitted while also holding the reviewer role (taken away since): as
// one of its drafters the approver may not decide on it (IC-12).
func (f fixture) approverDrafted() int64 {
	f.t.Helper()
	ctx := context.Background()
	ap := f.zjApprover()
	m, err := f.w.svc.AddMembership(ctx, goumai.System, ap.UserID, ap.Org.ID, goumai.RoleFinanceReviewer)
	if err != nil {
		f.t.Fatalf("grant the reviewer role to %s: %v", ap.Username, err)
	}
	ap.Roles = append(ap.Roles, goumai.RoleFinanceReviewer)
	id := f.catalogSubmitted(ap, "330000", "")
	if err := f.w.svc.RemoveMembership(ctx, goumai.System, m.ID); err != nil {
		f.t.Fatalf("take the reviewer role back: %v", err)
	}
	return id
}

// catalogDemo returns the demo's version of a tier whose title has part.
func (f fixture) catalogDemo(region, part string) int64 {
	f.t.Helper()
	vs, err := f.w.store.FindCatalogVersions(context.Background(), sqlstore.VersionFilter{Region: region})
	if err != nil {
		f.t.Fatal(err)
	}
	for _, v := range vs {
		if strings.Contains(v.Title, part) {
			return v.ID
		}
	}
	f.t.Fatalf("no version %q of %s in the demo world", part, region)
	return 0
}

// suggestion is a fresh open suggestion on a tier's catalogue.
func (f fixture) suggestion(region string) int64 {
	f.t.Helper()
	g, err := f.w.svc.SubmitSuggestion(context.Background(), workflow.SuggestionInput{Region: region,
		Title: fmt.Sprintf("授权测试建议%03d", f.next()), Body: "建议内容", Submitter: "市民", Contact: "13800000000"})
	if err != nil {
		f.t.Fatalf("suggest: %v", err)
	}
	return g.ID
}

// answered is a 浙江省 suggestion already answered by 浙江省财政厅.
func (f fixture) answered() int64 {
	f.t.Helper()
	id := f.suggestion("330000")
	if _, err := f.w.svc.AnswerSuggestion(context.Background(), f.zjReviewer(), id, "已研究。"); err != nil {
		f.t.Fatalf("answer %d: %v", id, err)
	}
	return id
}

// shared makes one target for every actor of a row that only reads it.
func shared(mk func(f fixture) int64) func(f fixture) int64 {
	var id int64
	return func(f fixture) int64 {
		if id == 0 {
			id = mk(f)
		}
		return id
	}
}

func versionPath(prefix string, id int64, suffix string) string {
	return prefix + "/catalog/versions/" + strconv.FormatInt(id, 10) + suffix
}

// catalogAuthzRows are the authorisation matrix's rows for the guidance
// catalogue's pages and API (routes.go, catalogRoutes).
//
// Who is who for the catalogue: only a tier's (100000 or a province's) own
// finance department drafts, publishes and answers for its catalogue, so the
// county reviewer holds the drafting role but drafts nothing; a department
// drafts its own catalogue, which 浙江省财政厅 (the tier) publishes. Drafts are
// seen by the tier's finance staff and auditors and by the department itself;
// to everyone else they do not exist (404).
func catalogAuthzRows() []authzRow {
	const (
		s409 = http.StatusConflict
		s422 = http.StatusUnprocessableEntity
	)
	everyone := func(s int) map[string]int { return expect(s, s, s, s, s, s, s, s, s, s) }
	var (
		// Targets.
		provinceDraft = func(f fixture) int64 { return f.catalogDraft(f.zjReviewer(), "330000", "") }
		ownDraft      = func(f fixture) int64 { return f.catalogDraft(f.xihuMZStaff(), "330000", catXihuMZ) }
		otherDraft    = func(f fixture) int64 { return f.catalogDraft(f.zjMZStaff(), "330000", catZjMZ) }
		centralDraft  = func(f fixture) int64 { return f.catalogDraft(f.mofReviewer(), "100000", "") }
		provinceSent  = func(f fixture) int64 { return f.catalogSubmitted(f.zjReviewer(), "330000", "") }
		ownSent       = func(f fixture) int64 { return f.catalogSubmitted(f.xihuMZStaff(), "330000", catXihuMZ) }
		centralSent   = func(f fixture) int64 { return f.catalogSubmitted(f.mofReviewer(), "100000", "") }
		zj2025        = func(f fixture) int64 { return f.catalogDemo("330000", "2025年版") }
		zj2026        = func(f fixture) int64 { return f.catalogDemo("330000", "2026年版") }
		missing       = func(fixture) int64 { return 999999 }
		// Who sees a draft: the province's, a department's of the province, the centre's.
		seesProvince = expect(s404, s404, s404, s404, s200, s404, s404, s200, s200, s200)
		seesOwnDept  = expect(s404, s404, s200, s404, s200, s404, s404, s200, s200, s200)
		seesCentral  = expect(s404, s404, s404, s404, s404, s404, s404, s404, s404, s200)
		pageProvince = expect(s303, s404, s404, s404, s200, s404, s404, s200, s200, s200)
		pageOwnDept  = expect(s303, s404, s200, s404, s200, s404, s404, s200, s200, s200)
		// Editing: the purchaser edits its own department's draft; the drafts it
		// may not see are 404 to it and to the county reviewer.
		editOwn       = func(ok int) map[string]int { return expect(s401, s403, ok, s404, s403, s403, s403, s403, s403, s403) }
		editUnseen    = expect(s401, s403, s404, s404, s403, s403, s403, s403, s403, s403)
		editRefused   = expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403)
		editSent      = expect(s401, s403, s409, s404, s403, s403, s403, s403, s403, s403) // its own, no longer a draft
		editPublished = expect(s401, s403, s409, s403, s403, s403, s403, s403, s403, s403) // public now: refused, not hidden
		createOwn     = func(ok int) map[string]int { return expect(s401, s403, ok, s403, s403, s403, s403, s403, s403, s403) }
		// Deciding: only 浙江省财政厅's approver, on its own tier, on what it did not draft.
		decide = func(ap int) map[string]int {
			return expect(s401, s403, s403, s403, ap, s403, s403, s403, s403, s403)
		}
		// Answering suggestions: the finance reviewers and approvers pass the
		// gate; only the tier's own answer.
		answer = func(rv, ap int) map[string]int {
			return expect(s401, s403, s403, rv, ap, s403, s403, s403, s403, s403)
		}
		answerPage = func(rv, ap int) map[string]int {
			return expect(s303, s403, s403, rv, ap, s403, s403, s403, s403, s403)
		}
	)
	get := func(path func(f fixture) string) func(fixture) request {
		return func(f fixture) request { return request{method: "GET", path: path(f)} }
	}
	apiVersion := func(target func(fixture) int64, suffix string) func(fixture) string {
		return func(f fixture) string { return versionPath("/api/v1", target(f), suffix) }
	}
	pageVersion := func(prefix string, target func(fixture) int64, suffix string) func(fixture) string {
		return func(f fixture) string { return versionPath(prefix, target(f), suffix) }
	}
	diff := func(prefix string, from, to func(fixture) int64) func(fixture) string {
		return func(f fixture) string { return fmt.Sprintf("%s/catalog/diff?from=%d&to=%d", prefix, from(f), to(f)) }
	}
	apiDo := func(method string, target func(fixture) int64, suffix string, body any) func(fixture) request {
		return func(f fixture) request {
			r := request{method: method, path: versionPath("/api/v1", target(f), suffix)}
			if body != nil {
				r.body = mustJSON(f.t, body)
			}
			return r
		}
	}
	formDo := func(target func(fixture) int64, suffix string, v url.Values) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: versionPath("/staff", target(f), suffix), form: v}
		}
	}
	newDraft := func(region, dept string) func(fixture) map[string]any {
		return func(f fixture) map[string]any {
			in := map[string]any{"region": region, "title": fmt.Sprintf("授权测试新版本%03d", f.next()), "effective_from": catEffective}
			if dept != "" {
				in["dept_org_id"] = f.w.org(f.t, dept).ID
			}
			return in
		}
	}
	// closeOpen makes room for the version a create row drafts.
	closeOpen := func(f fixture, in map[string]any) {
		dept, _ := in["dept_org_id"].(int64)
		f.catalogClose(in["region"].(string), dept)
	}
	apiCreate := func(in func(fixture) map[string]any) func(fixture) request {
		return func(f fixture) request {
			closeOpen(f, in(f))
			return request{method: "POST", path: "/api/v1/catalog/versions", body: mustJSON(f.t, in(f))}
		}
	}
	formCreate := func(in func(fixture) map[string]any) func(fixture) request {
		return func(f fixture) request {
			closeOpen(f, in(f))
			v := url.Values{}
			for k, x := range in(f) {
				v.Set(k, fmt.Sprint(x))
			}
			return request{method: "POST", path: "/staff/catalog/versions", form: v}
		}
	}
	// A department's draft derives from its last version, which carries what
	// earlier rows changed (catalogClose publishes it): so each row adds, changes
	// or removes items of its own. Its own items are fourth-level items under
	// the tier's leaf A0104.
	ownItem := func(code string) map[string]any {
		return map[string]any{"code": code, "parent": "A0104", "name": "困境儿童上门探访服务" + code, "item_code": "C1805"}
	}
	ownItemForm := func(code string) url.Values {
		return url.Values{"code": {code}, "parent": {"A0104"}, "name": {"困境儿童上门探访服务" + code}, "item_code": {"C1805"}}
	}
	// withOwnItem is the purchaser's department draft with its own item code.
	withOwnItem := func(code string) func(f fixture) int64 {
		return func(f fixture) int64 {
			ctx := context.Background()
			id := ownDraft(f)
			switch _, _, err := f.w.store.CatalogItem(ctx, id, code); {
			case err == nil:
				return id // carried over from the last version
			case goumai.ErrorCode(err) != goumai.ENotFound:
				f.t.Fatal(err)
			}
			if _, err := f.w.svc.AddCatalogItem(ctx, f.xihuMZStaff(), id, workflow.CatalogItemInput{
				Code: code, Parent: "A0104", Name: "困境儿童上门探访服务", ItemCode: "C1805"}); err != nil {
				f.t.Fatalf("add %s to version %d: %v", code, id, err)
			}
			return id
		}
	}
	renamed := map[string]any{"parent": "A0104", "name": "困境儿童关爱探访服务", "item_code": "C1805", "negative": []string{}}
	renamedForm := url.Values{"parent": {"A0104"}, "name": {"困境儿童关爱探访服务"}, "item_code": {"C1805"}}
	meta := map[string]any{"title": "授权测试（修改稿）", "note": "", "effective_from": catEffective}
	metaForm := url.Values{"title": {"授权测试（修改稿）"}, "effective_from": {catEffective}}
	opinion := map[string]any{"opinion": "请补充说明"}
	opinionForm := url.Values{"opinion": {"请补充说明"}}
	suggestionAPI := func(target func(fixture) int64, body string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: fmt.Sprintf("/api/v1/catalog/suggestions/%d/answer", target(f)), body: body}
		}
	}
	suggestionPage := func(target func(fixture) int64, suffix string, v url.Values) func(fixture) request {
		return func(f fixture) request {
			r := request{method: "GET", path: fmt.Sprintf("/staff/catalog/suggestions/%d%s", target(f), suffix)}
			if v != nil {
				r.method, r.form = "POST", v
			}
			return r
		}
	}
	zjSuggestion := func(f fixture) int64 { return f.suggestion("330000") }
	centralSuggestion := func(f fixture) int64 { return f.suggestion("100000") }
	suggest := map[string]any{"region": "330000", "title": "建议增加社区托育服务", "body": "建议将普惠托育纳入目录。", "submitter": "市民"}
	suggestForm := url.Values{"region": {"330000"}, "title": {"建议增加社区托育服务"}, "body": {"建议将普惠托育纳入目录。"}, "submitter": {"市民"}}

	return []authzRow{
		// The public portal: versions in force for all, drafts only to those who may see them.
		{"GET /catalog central", true, get(func(fixture) string { return "/catalog" }), everyone(s200)},
		{"GET /catalog 浙江省", true, get(func(fixture) string { return "/catalog?region=330000" }), everyone(s200)},
		{"GET /catalog version published", true, get(pageVersion("", zj2026, "")), everyone(s200)},
		{"GET /catalog version province draft", true, get(pageVersion("", shared(provinceDraft), "")), seesProvince},
		{"GET /catalog version own department draft", true, get(pageVersion("", shared(ownDraft), "")), seesOwnDept},
		{"GET /catalog version missing", true, get(pageVersion("", missing, "")), everyone(s404)},
		{"GET /catalog diff published", true, get(diff("", zj2025, zj2026)), everyone(s200)},
		{"GET /catalog diff to a province draft", true, get(diff("", zj2026, shared(provinceDraft))), seesProvince},
		{"POST /catalog/suggestions", true, func(fixture) request {
			return request{method: "POST", path: "/catalog/suggestions", form: suggestForm}
		}, everyone(s303)},
		{"POST /catalog/suggestions without title", true, func(fixture) request {
			return request{method: "POST", path: "/catalog/suggestions", form: url.Values{"region": {"330000"}, "body": {"b"}, "submitter": {"s"}}}
		}, everyone(s422)},

		// Staff pages: listing and reading versions.
		{"GET /staff/catalog", true, get(func(fixture) string { return "/staff/catalog" }), expect(s303, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET staff version published", true, get(pageVersion("/staff", zj2026, "")), expect(s303, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET staff version province draft", true, get(pageVersion("/staff", shared(provinceDraft), "")), pageProvince},
		{"GET staff version own department draft", true, get(pageVersion("/staff", shared(ownDraft), "")), pageOwnDept},

		// Staff forms: drafting.
		{"POST staff draft own department", true, formCreate(newDraft("330000", catXihuMZ)), createOwn(s303)},
		{"POST staff draft another department", true, formCreate(newDraft("330000", catZjMZ)), editRefused},
		{"POST staff draft province tier", true, formCreate(newDraft("330000", "")), editRefused},
		{"POST staff meta own department draft", true, formDo(ownDraft, "/meta", metaForm), editOwn(s303)},
		{"POST staff meta province draft", true, formDo(provinceDraft, "/meta", metaForm), editUnseen},
		{"POST staff meta own department published", true, formDo(func(f fixture) int64 { return f.catalogPublished() }, "/meta", metaForm), editPublished},
		{"POST staff item add own department draft", true, formDo(ownDraft, "/items", ownItemForm("A010401")), editOwn(s303)},
		{"POST staff item add province draft", true, formDo(provinceDraft, "/items", ownItemForm("A010401")), editUnseen},
		{"POST staff item update own department draft", true, formDo(withOwnItem("A010402"), "/items/A010402", renamedForm), editOwn(s303)},
		{"POST staff item update another department's draft", true, formDo(otherDraft, "/items/A0101", renamedForm), editUnseen},
		{"POST staff item delete own department draft", true, formDo(ownDraft, "/items/A02/delete", url.Values{}), editOwn(s303)},
		{"POST staff item delete province draft", true, formDo(provinceDraft, "/items/A02/delete", url.Values{}), editUnseen},
		{"POST staff submit own department draft", true, formDo(ownDraft, "/submit", url.Values{}), editOwn(s303)},
		{"POST staff submit another department's draft", true, formDo(otherDraft, "/submit", url.Values{}), editUnseen},
		{"POST staff submit own department under review", true, formDo(ownSent, "/submit", url.Values{}), editSent},

		// Staff forms: deciding (separation of duties: the drafter never decides).
		{"POST staff return own department under review", true, formDo(ownSent, "/return", opinionForm), decide(s303)},
		{"POST staff return drafted by the approver (IC-12)", true, formDo(func(f fixture) int64 { return f.approverDrafted() }, "/return", opinionForm), decide(s403)},
		{"POST staff publish province under review", true, formDo(provinceSent, "/publish", url.Values{}), decide(s303)},
		{"POST staff publish drafted by the approver (IC-12)", true, formDo(func(f fixture) int64 { return f.approverDrafted() }, "/publish", url.Values{}), decide(s403)},
		{"POST staff publish a draft not submitted", true, formDo(provinceDraft, "/publish", url.Values{}), decide(s409)},

		// Staff: suggestions (the private contact) and answering them.
		{"GET staff suggestion 浙江省", true, suggestionPage(shared(zjSuggestion), "", nil), answerPage(s403, s200)},
		{"GET staff suggestion central", true, suggestionPage(shared(centralSuggestion), "", nil), answerPage(s403, s403)},
		{"GET staff suggestion missing", true, suggestionPage(missing, "", nil), answerPage(s404, s404)},
		{"POST staff answer 浙江省", true, suggestionPage(zjSuggestion, "/answer", url.Values{"answer": {"已研究采纳。"}}), answer(s403, s303)},
		{"POST staff answer central", true, suggestionPage(centralSuggestion, "/answer", url.Values{"answer": {"已研究。"}}), answer(s403, s403)},
		{"POST staff answer answered", true, suggestionPage(func(f fixture) int64 { return f.answered() }, "/answer", url.Values{"answer": {"再答"}}), answer(s403, s409)},

		// The API: reading.
		{"GET versions 浙江省", false, get(func(fixture) string { return "/api/v1/catalog/versions?region=330000" }), everyone(s200)},
		{"GET version published", false, get(apiVersion(zj2026, "")), everyone(s200)},
		{"GET version province draft", false, get(apiVersion(shared(provinceDraft), "")), seesProvince},
		{"GET version own department draft", false, get(apiVersion(shared(ownDraft), "")), seesOwnDept},
		{"GET version another department's draft", false, get(apiVersion(shared(otherDraft), "")), seesProvince},
		{"GET version central draft", false, get(apiVersion(shared(centralDraft), "")), seesCentral},
		{"GET version missing", false, get(apiVersion(missing, "")), everyone(s404)},
		{"GET trail published", false, get(apiVersion(zj2026, "/trail")), everyone(s200)},
		{"GET trail province draft", false, get(apiVersion(shared(provinceDraft), "/trail")), seesProvince},
		{"GET diff published", false, get(diff("/api/v1", zj2025, zj2026)), everyone(s200)},
		{"GET diff to a province draft", false, get(diff("/api/v1", zj2026, shared(provinceDraft))), seesProvince},
		{"GET diff without ids", false, get(func(fixture) string { return "/api/v1/catalog/diff?from=x" }), everyone(s422)},
		{"GET lookup", false, get(func(fixture) string { return "/api/v1/catalog/lookup?region=330106&code=A0101" }), everyone(s200)},
		{"GET suggestions", false, get(func(fixture) string { return "/api/v1/catalog/suggestions?region=330000" }), everyone(s200)},
		{"POST suggestions", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/catalog/suggestions", body: mustJSON(f.t, suggest)}
		}, everyone(s201)},

		// The API: drafting.
		{"POST version own department", false, apiCreate(newDraft("330000", catXihuMZ)), createOwn(s201)},
		{"POST version another department", false, apiCreate(newDraft("330000", catZjMZ)), editRefused},
		{"POST version province tier", false, apiCreate(newDraft("330000", "")), editRefused},
		{"POST version central tier", false, apiCreate(newDraft("100000", "")), editRefused},
		{"PUT version own department draft", false, apiDo("PUT", ownDraft, "", meta), editOwn(s200)},
		{"PUT version province draft", false, apiDo("PUT", provinceDraft, "", meta), editUnseen},
		{"PUT version another department's draft", false, apiDo("PUT", otherDraft, "", meta), editUnseen},
		{"PUT version published province", false, apiDo("PUT", zj2026, "", meta), editRefused},
		{"PUT version own department published", false, apiDo("PUT", func(f fixture) int64 { return f.catalogPublished() }, "", meta), editPublished},
		{"POST item own department draft", false, apiDo("POST", ownDraft, "/items", ownItem("A010403")), editOwn(s201)},
		{"POST item province draft", false, apiDo("POST", provinceDraft, "/items", ownItem("A010403")), editUnseen},
		{"PUT item own department draft", false, apiDo("PUT", withOwnItem("A010404"), "/items/A010404", renamed), editOwn(s200)},
		{"PUT item province draft", false, apiDo("PUT", provinceDraft, "/items/A0101", renamed), editUnseen},
		{"DELETE item own department draft", false, apiDo("DELETE", ownDraft, "/items/A03", nil), editOwn(s204)},
		{"DELETE item province draft", false, apiDo("DELETE", provinceDraft, "/items/A02", nil), editUnseen},
		{"DELETE item another department's draft", false, apiDo("DELETE", otherDraft, "/items/A01", nil), editUnseen},
		{"POST submit own department draft", false, apiDo("POST", ownDraft, "/submit", map[string]any{}), editOwn(s200)},
		{"POST submit province draft", false, apiDo("POST", provinceDraft, "/submit", map[string]any{}), editUnseen},
		{"POST submit own department under review", false, apiDo("POST", ownSent, "/submit", map[string]any{}), editSent},

		// The API: deciding.
		{"POST return own department under review", false, apiDo("POST", ownSent, "/return", opinion), decide(s200)},
		{"POST return province under review", false, apiDo("POST", provinceSent, "/return", opinion), decide(s200)},
		{"POST return drafted by the approver (IC-12)", false, apiDo("POST", func(f fixture) int64 { return f.approverDrafted() }, "/return", opinion), decide(s403)},
		{"POST return central under review", false, apiDo("POST", centralSent, "/return", opinion), decide(s404)},
		{"POST publish own department under review", false, apiDo("POST", ownSent, "/publish", map[string]any{}), decide(s200)},
		{"POST publish province under review", false, apiDo("POST", provinceSent, "/publish", map[string]any{}), decide(s200)},
		{"POST publish drafted by the approver (IC-12)", false, apiDo("POST", func(f fixture) int64 { return f.approverDrafted() }, "/publish", map[string]any{}), decide(s403)},
		{"POST publish a draft not submitted", false, apiDo("POST", provinceDraft, "/publish", map[string]any{}), decide(s409)},
		{"POST publish central under review", false, apiDo("POST", centralSent, "/publish", map[string]any{}), decide(s404)},

		// The API: answering suggestions.
		{"POST answer 浙江省", false, suggestionAPI(zjSuggestion, `{"answer":"已研究采纳。"}`), answer(s403, s200)},
		{"POST answer central", false, suggestionAPI(centralSuggestion, `{"answer":"已研究。"}`), answer(s403, s403)},
		{"POST answer answered", false, suggestionAPI(func(f fixture) int64 { return f.answered() }, `{"answer":"再答"}`), answer(s403, s409)},
		{"POST answer missing", false, suggestionAPI(missing, `{"answer":"答复"}`), answer(s404, s404)},
	}
}

// TestCatalogSeparationRule checks that the matrix's 403 for the approver who
// drafted a version is separation of duties (rule IC-12), on the API and the
// staff page alike, and that the version stays under review.
func TestCatalogSeparationRule(t *testing.T) {
	w := demoWorld(t)
	f := fixture{w: w, t: t, seq: new(int)}
	tok, sess := w.token(t, approver), w.login(t, approver)
	for _, c := range []struct {
		name string
		r    func(id int64) request
	}{
		{"API publish", func(id int64) request {
			return request{method: "POST", path: versionPath("/api/v1", id, "/publish"), bearer: tok, body: `{}`}
		}},
		{"API return", func(id int64) request {
			return request{method: "POST", path: versionPath("/api/v1", id, "/return"), bearer: tok, body: `{"opinion":"退回"}`}
		}},
		{"page publish", func(id int64) request {
			return request{method: "POST", path: versionPath("/staff", id, "/publish"), session: sess, csrf: true}
		}},
	} {
		id := f.approverDrafted()
		res := w.do(t, c.r(id))
		if res.status != http.StatusForbidden || !strings.Contains(string(res.body), goumai.RuleSeparation) {
			t.Errorf("%s: %d %s, want 403 with rule %s", c.name, res.status, firstLine(res.body), goumai.RuleSeparation)
		}
		if v, err := w.store.CatalogVersion(context.Background(), id); err != nil || v.Status != goumai.CatalogInReview {
			t.Errorf("%s: version %d is %s (%v), want still in review", c.name, id, v.Status, err)
		}
	}
}
