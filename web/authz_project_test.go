package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// Amounts of the applications of the project rows.
const (
	smallProject = goumai.Fen(1_000_000)  // ¥10,000: the default review chain
	twoReviews   = goumai.Fen(15_000_000) // ¥150,000: the chain of twoReviewsChain in 330106
)

// twoReviewsChain is a chain of 330106 in which the finance reviewers act at
// two steps (初审, 复审), so that one of them could decide both.
func twoReviewsChain() goumai.ReviewChain {
	return goumai.ReviewChain{Region: "330106", MinAmount: twoReviews, Steps: []goumai.ReviewStep{
		{Name: "单位内部审核", Role: goumai.RolePurchaserApprover, Where: goumai.WherePurchaser},
		{Name: "财政初审", Role: goumai.RoleFinanceReviewer, Where: goumai.WhereFinance},
		{Name: "财政复审", Role: goumai.RoleFinanceReviewer, Where: goumai.WhereFinance}}}
}

// application creates a complete application of the purchaser whose staff account is
// staff (it would pass every rule of intake), on the organisation's first
// budget line (created if it has none). It is outside the guidance catalogue,
// with a filing reference, so that the catalogue's rows cannot change it.
func (f fixture) application(staff string, amount goumai.Fen) goumai.Project {
	f.t.Helper()
	a := f.account(staff)
	ls, err := f.w.store.FindBudgetLines(context.Background(), sqlstore.BudgetLineFilter{OrgID: a.Org.ID, Limit: 1})
	if err != nil {
		f.t.Fatal(err)
	}
	line := func() int64 {
		if len(ls) > 0 {
			return ls[0].ID
		}
		return f.newLine(a.Org.Name).ID
	}()
	var in workflow.ProjectInput
	body := projectBody(f.t, f.w, map[string]any{"budget_line_id": line, "amount": amount, "catalog_code": "",
		"filing_ref": "财购备〔2026〕1号", "class": goumai.ClassAuxiliaryService})
	if err := json.Unmarshal([]byte(mustJSON(f.t, body)), &in); err != nil {
		f.t.Fatal(err)
	}
	p, err := f.w.svc.CreateProject(context.Background(), a, in)
	if err != nil {
		f.t.Fatalf("draft of %s: %v", staff, err)
	}
	return p
}

// inReview submits a new application of staff's organisation and has its first
// steps approved by the accounts given, in order.
func (f fixture) inReview(staff string, amount goumai.Fen, deciders ...string) goumai.Project {
	f.t.Helper()
	ctx := context.Background()
	p := f.application(staff, amount)
	p, err := f.w.svc.SubmitProject(ctx, f.account(staff), p.ID, p.Version)
	if err != nil {
		f.t.Fatalf("submit %s's application: %v", staff, err)
	}
	for _, d := range deciders {
		if p, err = f.w.svc.DecideProject(ctx, f.account(d), p.ID, workflow.Decision{Version: p.Version, Action: goumai.ActApprove, Opinion: "同意", NegativeListConfirmed: true}); err != nil {
			f.t.Fatalf("%s approves step %d: %v", d, p.Step, err)
		}
	}
	return p
}

// approvedProject is one of the demo's approved (public) applications.
func (f fixture) approvedProject() goumai.Project {
	f.t.Helper()
	ps, err := f.w.store.FindProjects(context.Background(), sqlstore.ProjectFilter{Statuses: []goumai.ProjectStatus{goumai.ProjectApproved}, Limit: 1})
	if err != nil || len(ps) == 0 {
		f.t.Fatalf("no approved project: %v", err)
	}
	return ps[0]
}

// reviewChain configures a chain of region (for projects above ¥500,000,000, which
// no row applies for), as the system.
func (f fixture) reviewChain(region string) goumai.ReviewChain {
	f.t.Helper()
	c, err := f.w.svc.SetReviewChain(context.Background(), goumai.System, goumai.ReviewChain{Region: region,
		MinAmount: 50_000_000_000 + goumai.Fen(f.next()), Steps: slices.Clone(goumai.DefaultReviewChain)})
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

// unitCost sets a unit-cost standard in region from 2026-01-01, as the system.
func (f fixture) unitCost(region string) goumai.UnitCostStandard {
	f.t.Helper()
	u, err := f.w.svc.AddUnitCostStandard(context.Background(), goumai.System, goumai.UnitCostStandard{Region: region, CatalogCode: "A0102",
		MaxUnitCost: 10_000, Unit: "户", EffectiveFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, goumai.Shanghai)})
	if err != nil {
		f.t.Fatal(err)
	}
	return u
}

// projectAuthzRows are the authorisation matrix's rows for application and
// review (routes.go, projectRoutes).
func projectAuthzRows() []authzRow {
	const (
		s409        = http.StatusConflict
		s422        = http.StatusUnprocessableEntity
		xihuStaff   = purchaser        // 杭州市西湖区民政局, 330106
		hzStaff     = "hz.minzheng"    // 杭州市民政局, 330100
		haishuStaff = "haishu.weijian" // 宁波市海曙区卫生健康局, 330203
		zjStaff     = "zj.minzheng"    // 浙江省民政厅, 330000
	)
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	drafted := func(staff string) func(fixture) goumai.Project {
		return func(f fixture) goumai.Project { return f.application(staff, smallProject) }
	}
	reviewing := func(staff string, deciders ...string) func(fixture) goumai.Project {
		return func(f fixture) goumai.Project { return f.inReview(staff, smallProject, deciders...) }
	}
	missing := func(fixture) goumai.Project { return goumai.Project{ID: 999999, Version: 1} }
	// show GETs a project's path under prefix.
	show := func(prefix string, pick func(fixture) goumai.Project, suffix string) func(fixture) request {
		return func(f fixture) request { return request{method: "GET", path: idPath(prefix, pick(f).ID, suffix)} }
	}
	// staffPost posts the project's version, and more, to a staff page's action.
	staffPost := func(pick func(fixture) goumai.Project, suffix string, more url.Values) func(fixture) request {
		return func(f fixture) request {
			p := pick(f)
			v := url.Values{"version": {strconv.Itoa(p.Version)}}
			for k, x := range more {
				v[k] = x
			}
			return request{method: "POST", path: idPath("/staff/projects/", p.ID, suffix), form: v}
		}
	}
	// A finance step's approval confirms the applicant's negative-list answers (ENG-B3).
	approve := url.Values{"action": {"approve"}, "opinion": {"同意"}, "negative_list_confirmed": {"1"}}
	// apiPost posts the project's version (and the fields given) to an API action.
	apiPost := func(pick func(fixture) goumai.Project, suffix string, more map[string]any) func(fixture) request {
		return func(f fixture) request {
			p := pick(f)
			b := map[string]any{"version": p.Version}
			for k, x := range more {
				b[k] = x
			}
			return request{method: "POST", path: idPath("/api/v1/projects/", p.ID, suffix), body: mustJSON(f.t, b)}
		}
	}
	decision := map[string]any{"action": "approve", "opinion": "同意", "negative_list_confirmed": true}
	// validate asks for the checks of an application (no body).
	validate := func(pick func(fixture) goumai.Project) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: idPath("/api/v1/projects/", pick(f).ID, "/validate")}
		}
	}
	update := func(pick func(fixture) goumai.Project) func(fixture) request {
		return func(f fixture) request {
			p := pick(f)
			return request{method: "PUT", path: idPath("/api/v1/projects/", p.ID, ""), body: mustJSON(f.t, map[string]any{"version": p.Version, "title": "修改后的申报"})}
		}
	}
	stale := func(f fixture) goumai.Project {
		p := f.inReview(xihuStaff, smallProject, "xihu.minzheng.approver")
		p.Version--
		return p
	}
	// twoSteps awaits the second finance review of a ¥150,000 application, the first done by xihu.reviewer.
	twoSteps := func(f fixture) goumai.Project {
		if _, err := f.w.svc.SetReviewChain(context.Background(), goumai.System, twoReviewsChain()); err != nil {
			f.t.Fatal(err)
		}
		return f.inReview(xihuStaff, twoReviews, "xihu.minzheng.approver", reviewer)
	}
	chainForm := func(region string) func(fixture) request {
		return func(f fixture) request {
			v := url.Values{"region": {region}, "min_amount": {strconv.Itoa(600_000_000 + f.next())}}
			for i, st := range goumai.DefaultReviewChain {
				n := strconv.Itoa(i)
				v["step_name_"+n], v["step_role_"+n], v["step_where_"+n] = []string{st.Name}, []string{string(st.Role)}, []string{st.Where}
			}
			return request{method: "POST", path: "/staff/review-config/chains", form: v}
		}
	}
	chainBody := func(region string) func(fixture) request {
		return func(f fixture) request {
			return request{method: "POST", path: "/api/v1/review-chains", body: mustJSON(f.t, map[string]any{"region": region,
				"min_amount": 60_000_000_000 + f.next(), "steps": goumai.DefaultReviewChain})}
		}
	}
	deleteChain := func(html bool, region string) func(fixture) request {
		return func(f fixture) request {
			id := strconv.FormatInt(f.reviewChain(region).ID, 10)
			if html {
				return request{method: "POST", path: "/staff/review-config/chains/" + id + "/delete", form: url.Values{}}
			}
			return request{method: "DELETE", path: "/api/v1/review-chains/" + id}
		}
	}
	addCost := func(html bool, region string) func(fixture) request {
		return func(fixture) request {
			if html {
				return request{method: "POST", path: "/staff/review-config/unit-costs", form: url.Values{"region": {region}, "catalog_code": {"A0102"},
					"max_unit_cost": {"100.00"}, "unit": {"户"}, "effective_from": {"2026-07-01"}}}
			}
			return request{method: "POST", path: "/api/v1/unit-cost-standards", body: fmt.Sprintf(
				`{"region":%q,"catalog_code":"A0102","max_unit_cost":10000,"unit":"户","effective_from":"2026-07-01"}`, region)}
		}
	}
	// changeCost ends (or replaces) a new standard of region from a future date.
	changeCost := func(html bool, region, change string) func(fixture) request {
		return func(f fixture) request {
			id := strconv.FormatInt(f.unitCost(region).ID, 10)
			form, body := url.Values{"effective_to": {"2026-12-31"}}, `{"effective_to":"2026-12-31"}`
			if change == "replace" {
				form = url.Values{"max_unit_cost": {"120.00"}, "unit": {"户"}, "effective_from": {"2026-07-01"}}
				body = `{"max_unit_cost":12000,"unit":"户","effective_from":"2026-07-01"}`
			}
			if html {
				return request{method: "POST", path: "/staff/review-config/unit-costs/" + id + "/" + change, form: form}
			}
			return request{method: "POST", path: "/api/v1/unit-cost-standards/" + id + "/" + change, body: body}
		}
	}

	return []authzRow{
		// Public: approved projects (财综〔2013〕111号 二（三）) and purchase intentions.
		{"GET /projects", true, get("/projects"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /projects approved", true, show("/projects/", fixture.approvedProject, ""), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /projects draft (unpublished: not found on the portal)", true, show("/projects/", drafted(xihuStaff), ""), expect(s404, s404, s404, s404, s404, s404, s404, s404, s404, s404)},
		// A published project's public history (issue 10 item 7): anyone; an unpublished one's only those who may read it.
		// A published project's print view (issue 11 item 5): anyone; an unpublished one: no one, as its page.
		{"GET /projects print approved", true, show("/projects/", fixture.approvedProject, "/print"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /projects print draft (unpublished: not found on the portal)", true, show("/projects/", drafted(xihuStaff), "/print"), expect(s404, s404, s404, s404, s404, s404, s404, s404, s404, s404)},
		{"GET /projects history approved", true, show("/projects/", fixture.approvedProject, "/history"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /projects history print approved", true, show("/projects/", fixture.approvedProject, "/history/print"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /projects history draft 330203", true, show("/projects/", drafted(haishuStaff), "/history"), expect(s404, s404, s404, s404, s200, s404, s404, s200, s200, s200)},
		{"GET project timeline approved (API)", false, show("/api/v1/projects/", fixture.approvedProject, "/timeline"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET project timeline draft 330106 (API)", false, show("/api/v1/projects/", drafted(xihuStaff), "/timeline"), expect(s404, s404, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET project timeline missing (API)", false, show("/api/v1/projects/", missing, "/timeline"), expect(s404, s404, s404, s404, s404, s404, s404, s404, s404, s404)},
		{"GET /intentions 330106", true, get("/intentions?region=330106"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},

		// Staff: the organisation's own applications; finance staff and auditors those of their subtree.
		{"GET /staff/projects", true, get("/staff/projects"), expect(s303, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET new application form", true, get("/staff/projects/new"), expect(s303, s403, s200, s403, s403, s403, s403, s403, s403, s403)},
		{"POST new application", true, func(fixture) request {
			return request{method: "POST", path: "/staff/projects", form: url.Values{"title": {"授权测试申报"}}}
		}, expect(s401, s403, s303, s403, s403, s403, s403, s403, s403, s403)},
		{"GET project red flags", true, get("/staff/projects/redflags"), expect(s303, s403, s403, s200, s200, s200, s200, s200, s200, s200)},
		{"GET project approved", true, show("/staff/projects/", fixture.approvedProject, ""), expect(s303, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET project draft 330106", true, show("/staff/projects/", drafted(xihuStaff), ""), expect(s303, s404, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET project draft 330100 (above the county)", true, show("/staff/projects/", drafted(hzStaff), ""), expect(s303, s404, s404, s404, s200, s404, s200, s200, s200, s200)},
		{"GET project draft 330203", true, show("/staff/projects/", drafted(haishuStaff), ""), expect(s303, s404, s404, s404, s200, s404, s404, s200, s200, s200)},
		{"GET project missing", true, show("/staff/projects/", missing, ""), expect(s303, s404, s404, s404, s404, s404, s404, s404, s404, s404)},
		{"GET edit own draft", true, show("/staff/projects/", drafted(xihuStaff), "/edit"), expect(s303, s403, s200, s403, s403, s403, s403, s403, s403, s403)},
		{"GET edit another purchaser's draft", true, show("/staff/projects/", drafted(hzStaff), "/edit"), expect(s303, s403, s404, s403, s403, s403, s403, s403, s403, s403)},
		{"POST update own draft", true, staffPost(drafted(xihuStaff), "", url.Values{"title": {"修改后的申报"}}), expect(s401, s403, s303, s403, s403, s403, s403, s403, s403, s403)},
		{"POST update another purchaser's draft", true, staffPost(drafted(hzStaff), "", url.Values{"title": {"修改后的申报"}}), expect(s401, s403, s404, s403, s403, s403, s403, s403, s403, s403)},
		{"POST update own application in review", true, staffPost(reviewing(xihuStaff), "", url.Values{"title": {"修改后的申报"}}), expect(s401, s403, s409, s403, s403, s403, s403, s403, s403, s403)},
		{"POST validate own draft", true, staffPost(drafted(xihuStaff), "/validate", nil), expect(s401, s403, s200, s403, s403, s403, s403, s403, s403, s403)},
		{"POST validate another purchaser's draft", true, staffPost(drafted(haishuStaff), "/validate", nil), expect(s401, s403, s404, s403, s403, s403, s403, s403, s403, s403)},
		{"POST submit own draft", true, staffPost(drafted(xihuStaff), "/submit", nil), expect(s401, s404, s303, s403, s403, s403, s403, s403, s403, s403)},
		{"POST submit a draft of 330203", true, staffPost(drafted(haishuStaff), "/submit", nil), expect(s401, s404, s404, s404, s403, s404, s404, s403, s403, s403)},
		{"POST withdraw own application before any step", true, staffPost(reviewing(xihuStaff), "/withdraw", nil), expect(s401, s404, s303, s403, s403, s403, s403, s403, s403, s403)},
		{"POST withdraw after the first step", true, staffPost(reviewing(xihuStaff, "xihu.minzheng.approver"), "/withdraw", nil), expect(s401, s404, s409, s403, s403, s403, s403, s403, s403, s403)},
		// Decisions: only the organisation acting at the step, in the step's role,
		// and never someone who drafted it or decided another step (IC-12).
		{"POST decide at the Xihu finance reviewer's step", true, staffPost(reviewing(xihuStaff, "xihu.minzheng.approver"), "/decide", approve), expect(s401, s404, s403, s303, s403, s403, s403, s403, s403, s403)},
		{"POST decide at the Haishu finance reviewer's step", true, staffPost(reviewing(haishuStaff, "haishu.weijian.approver"), "/decide", approve), expect(s401, s404, s404, s404, s403, s404, s404, s403, s403, s403)},
		{"POST decide at the Xihu finance approver's step", true, staffPost(reviewing(xihuStaff, "xihu.minzheng.approver", reviewer), "/decide", approve), expect(s401, s404, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"POST decide at the province's finance approver's step", true, staffPost(reviewing(zjStaff, "zj.minzheng.approver", "zj.reviewer"), "/decide", approve), expect(s401, s404, s404, s404, s303, s404, s404, s403, s403, s403)},
		{"POST decide a second step after deciding the first (IC-12)", true, staffPost(twoSteps, "/decide", approve), expect(s401, s404, s403, s403, s403, s403, s403, s403, s403, s403)},
		// Someone acted first: stale for everyone who sees it, before who may decide.
		{"POST decide with a stale version", true, staffPost(stale, "/decide", approve), expect(s401, s404, s409, s409, s409, s409, s409, s409, s409, s409)},

		// Review configuration: the finance department's administrators, for their region subtree.
		{"GET review config", true, get("/staff/review-config"), expect(s303, s403, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"POST review chain 330106", true, chainForm("330106"), expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST review chain 330100 (above the county)", true, chainForm("330100"), expect(s401, s403, s403, s403, s403, s403, s303, s303, s403, s303)},
		{"POST review chain 330203", true, chainForm("330203"), expect(s401, s403, s403, s403, s403, s403, s403, s303, s403, s303)},
		{"POST delete review chain 330106", true, deleteChain(true, "330106"), expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST delete review chain 330203", true, deleteChain(true, "330203"), expect(s401, s403, s403, s403, s403, s403, s403, s303, s403, s303)},
		{"POST unit cost 330106", true, addCost(true, "330106"), expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST unit cost 330203", true, addCost(true, "330203"), expect(s401, s403, s403, s403, s403, s403, s403, s303, s403, s303)},
		{"POST end unit cost 330106", true, changeCost(true, "330106", "end"), expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST end unit cost 330203", true, changeCost(true, "330203", "end"), expect(s401, s403, s403, s403, s403, s403, s403, s303, s403, s303)},
		{"POST replace unit cost 330106", true, changeCost(true, "330106", "replace"), expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST replace unit cost 330203", true, changeCost(true, "330203", "replace"), expect(s401, s403, s403, s403, s403, s403, s403, s303, s403, s303)},

		// The project API.
		{"GET projects", false, get("/api/v1/projects"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"POST project", false, func(fixture) request {
			return request{method: "POST", path: "/api/v1/projects", body: `{"title":"授权测试申报"}`}
		}, expect(s401, s403, s201, s403, s403, s403, s403, s403, s403, s403)},
		{"GET project red flags (API)", false, get("/api/v1/projects/redflags"), expect(s401, s403, s403, s200, s200, s200, s200, s200, s200, s200)},
		{"GET project approved (API)", false, show("/api/v1/projects/", fixture.approvedProject, ""), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET project draft 330106 (API)", false, show("/api/v1/projects/", drafted(xihuStaff), ""), expect(s404, s404, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET project draft 330203 (API)", false, show("/api/v1/projects/", drafted(haishuStaff), ""), expect(s404, s404, s404, s404, s200, s404, s404, s200, s200, s200)},
		{"GET project missing (API)", false, show("/api/v1/projects/", missing, ""), expect(s404, s404, s404, s404, s404, s404, s404, s404, s404, s404)},
		{"PUT own draft", false, update(drafted(xihuStaff)), expect(s401, s403, s200, s403, s403, s403, s403, s403, s403, s403)},
		{"PUT another purchaser's draft", false, update(drafted(hzStaff)), expect(s401, s403, s404, s403, s403, s403, s403, s403, s403, s403)},
		{"PUT own application in review", false, update(reviewing(xihuStaff)), expect(s401, s403, s409, s403, s403, s403, s403, s403, s403, s403)},
		{"POST validate own draft (API)", false, validate(drafted(xihuStaff)), expect(s401, s403, s200, s403, s403, s403, s403, s403, s403, s403)},
		{"POST validate another purchaser's draft (API)", false, validate(drafted(haishuStaff)), expect(s401, s403, s404, s403, s403, s403, s403, s403, s403, s403)},
		{"POST submit own draft (API)", false, apiPost(drafted(xihuStaff), "/submit", nil), expect(s401, s403, s200, s403, s403, s403, s403, s403, s403, s403)},
		{"POST submit own incomplete draft (API)", false, func(f fixture) request {
			p, err := f.w.svc.CreateProject(context.Background(), f.account(xihuStaff), workflow.ProjectInput{Title: "未完成的申报"})
			if err != nil {
				f.t.Fatal(err)
			}
			return request{method: "POST", path: idPath("/api/v1/projects/", p.ID, "/submit"), body: mustJSON(f.t, map[string]any{"version": p.Version})}
		}, expect(s401, s403, s422, s403, s403, s403, s403, s403, s403, s403)},
		{"POST submit another purchaser's draft (API)", false, apiPost(drafted(hzStaff), "/submit", nil), expect(s401, s403, s404, s403, s403, s403, s403, s403, s403, s403)},
		{"POST withdraw own application (API)", false, apiPost(reviewing(xihuStaff), "/withdraw", nil), expect(s401, s403, s200, s403, s403, s403, s403, s403, s403, s403)},
		{"POST withdraw after the first step (API)", false, apiPost(reviewing(xihuStaff, "xihu.minzheng.approver"), "/withdraw", nil), expect(s401, s403, s409, s403, s403, s403, s403, s403, s403, s403)},
		{"POST decision at the Xihu finance reviewer's step", false, apiPost(reviewing(xihuStaff, "xihu.minzheng.approver"), "/decision", decision), expect(s401, s403, s403, s200, s403, s403, s403, s403, s403, s403)},
		{"POST decision at the Haishu finance reviewer's step", false, apiPost(reviewing(haishuStaff, "haishu.weijian.approver"), "/decision", decision), expect(s401, s403, s403, s404, s403, s403, s403, s403, s403, s403)},
		{"POST decision at the Xihu finance approver's step", false, apiPost(reviewing(xihuStaff, "xihu.minzheng.approver", reviewer), "/decision", decision), expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"POST decision at the province's finance approver's step", false, apiPost(reviewing(zjStaff, "zj.minzheng.approver", "zj.reviewer"), "/decision", decision), expect(s401, s403, s403, s404, s200, s403, s403, s403, s403, s403)},
		{"POST decision on a second step after the first (IC-12)", false, apiPost(twoSteps, "/decision", decision), expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403)},
		{"POST decision on a missing project", false, apiPost(missing, "/decision", decision), expect(s401, s403, s403, s404, s404, s403, s403, s403, s403, s403)},
		{"GET intentions 330106", false, get("/api/v1/intentions?region=330106"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},

		// The review-configuration API.
		{"GET review chains", false, get("/api/v1/review-chains"), expect(s401, s403, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"POST review chain 330106 (API)", false, chainBody("330106"), expect(s401, s403, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"POST review chain 330100 (API)", false, chainBody("330100"), expect(s401, s403, s403, s403, s403, s403, s200, s200, s403, s200)},
		{"POST review chain 330203 (API)", false, chainBody("330203"), expect(s401, s403, s403, s403, s403, s403, s403, s200, s403, s200)},
		{"DELETE review chain 330106", false, deleteChain(false, "330106"), expect(s401, s403, s403, s403, s403, s204, s204, s204, s403, s204)},
		{"DELETE review chain 330203", false, deleteChain(false, "330203"), expect(s401, s403, s403, s403, s403, s403, s403, s204, s403, s204)},
		{"DELETE review chain missing", false, func(fixture) request { return request{method: "DELETE", path: "/api/v1/review-chains/999999"} },
			expect(s401, s403, s403, s403, s403, s404, s404, s404, s403, s404)},
		{"GET unit-cost standards", false, get("/api/v1/unit-cost-standards"), expect(s401, s403, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"POST unit cost 330106 (API)", false, addCost(false, "330106"), expect(s401, s403, s403, s403, s403, s201, s201, s201, s403, s201)},
		{"POST unit cost 330203 (API)", false, addCost(false, "330203"), expect(s401, s403, s403, s403, s403, s403, s403, s201, s403, s201)},
		{"POST end unit cost 330106 (API)", false, changeCost(false, "330106", "end"), expect(s401, s403, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"POST end unit cost 330203 (API)", false, changeCost(false, "330203", "end"), expect(s401, s403, s403, s403, s403, s403, s403, s200, s403, s200)},
		{"POST end unit cost missing (API)", false, func(fixture) request {
			return request{method: "POST", path: "/api/v1/unit-cost-standards/999999/end", body: `{"effective_to":"2026-12-31"}`}
		}, expect(s401, s403, s403, s403, s403, s404, s404, s404, s403, s404)},
		{"POST replace unit cost 330106 (API)", false, changeCost(false, "330106", "replace"), expect(s401, s403, s403, s403, s403, s201, s201, s201, s403, s201)},
		{"POST replace unit cost 330203 (API)", false, changeCost(false, "330203", "replace"), expect(s401, s403, s403, s403, s403, s403, s403, s201, s403, s201)},
	}
}
