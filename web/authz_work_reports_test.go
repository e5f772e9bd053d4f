package web

import (
	"context"
	"fmt"
	"net/url"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// freeReportPeriod is a quarter long ended (2000-Q1 onwards) for which region
// has no report yet.
func (f fixture) freeReportPeriod(region string) string {
	have, err := f.w.store.WorkReportsOf(context.Background(), region, 200)
	if err != nil {
		f.t.Fatal(err)
	}
	used := map[string]bool{}
	for _, r := range have {
		used[r.Period] = true
	}
	for n := 0; ; n++ {
		p := fmt.Sprintf("%04d-Q%d", 2000+n/4, n%4+1)
		if !used[p] {
			return p
		}
	}
}

// workReport is a new report of 西湖区 drafted by its finance administrator,
// complete, filed or accepted (by 杭州市's approver) as asked.
func (f fixture) workReport(status goumai.WorkReportStatus) goumai.WorkReport {
	ctx := context.Background()
	filer := f.w.actor(f.t, county)
	r, err := f.w.svc.DraftWorkReport(ctx, filer, workflow.WorkReportInput{Region: "330106", Kind: goumai.ReportQuarterly, Period: f.freeReportPeriod("330106"),
		WorkReportText: workflow.WorkReportText{NewSituations: "进展顺利", MajorProblems: "无", Suggestions: "加强培训"}})
	if err != nil {
		f.t.Fatalf("draft: %v", err)
	}
	if status == goumai.WorkReportDraft {
		return r
	}
	if r, err = f.w.svc.FileWorkReport(ctx, filer, r.ID, r.Version); err != nil {
		f.t.Fatalf("file: %v", err)
	}
	if status == goumai.WorkReportAccepted {
		if r, err = f.w.svc.ReviewWorkReport(ctx, f.w.actor(f.t, hzApprover), r.ID, workflow.WorkReportDecision{Version: r.Version, Action: "accept", Opinion: "同意"}); err != nil {
			f.t.Fatalf("accept: %v", err)
		}
	}
	return r
}

// workReportAuthzRows are the matrix's rows for the progress reports
// (routes_work_reports.go): the public reads accepted reports; the finance
// staff and auditors of 西湖区 and the regions above read its unpublished
// ones (others learn nothing: 404); only 西湖区's own finance staff draft,
// edit and file them; only 杭州市's reviewers and approvers decide on them.
func workReportAuthzRows() []authzRow {
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	of := func(status goumai.WorkReportStatus, format string) func(f fixture) request {
		return func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf(format, f.workReport(status).ID)}
		}
	}
	all200 := expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)
	readers := expect(s404, s404, s404, s200, s200, s200, s200, s200, s200, s200)
	readersPage := expect(s303, s403, s403, s200, s200, s200, s200, s200, s200, s200)
	filers := func(ok int) statuses { return expect(s401, s403, s403, ok, s403, ok, s403, s403, s403, s403) }
	return []authzRow{
		{"GET the accepted progress reports", false, get("/api/v1/work-reports"), all200},
		{"GET an unpublished progress report", false, of(goumai.WorkReportDraft, "/api/v1/work-reports/%d"), readers},
		{"GET an accepted progress report", false, of(goumai.WorkReportAccepted, "/api/v1/work-reports/%d"), all200},
		{"GET a region's progress reports and board", false, get("/api/v1/regions/330106/work-reports"),
			expect(s401, s403, s403, s200, s200, s200, s200, s200, s200, s200)},
		{"POST draft a progress report of 西湖区", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/work-reports", body: mustJSON(f.t, map[string]any{"region": "330106", "kind": "quarter", "period": f.freeReportPeriod("330106")})}
		}, filers(s201)},
		{"PUT edit a draft progress report", false, func(f fixture) request {
			r := f.workReport(goumai.WorkReportDraft)
			return request{method: "PUT", path: fmt.Sprintf("/api/v1/work-reports/%d", r.ID), body: mustJSON(f.t, map[string]any{"version": r.Version, "new_situations": "改", "major_problems": "无", "suggestions": "无"})}
		}, filers(s200)},
		{"POST file a progress report", false, func(f fixture) request {
			r := f.workReport(goumai.WorkReportDraft)
			return request{method: "POST", path: fmt.Sprintf("/api/v1/work-reports/%d/file", r.ID), body: mustJSON(f.t, map[string]any{"version": r.Version})}
		}, filers(s200)},
		{"POST accept a filed progress report", false, func(f fixture) request {
			r := f.workReport(goumai.WorkReportFiled)
			return request{method: "POST", path: fmt.Sprintf("/api/v1/work-reports/%d/decision", r.ID), body: mustJSON(f.t, map[string]any{"version": r.Version, "action": "accept", "opinion": "同意"})}
		}, expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403).and(hzApprover, s200)},
		{"GET the public progress reports page", false, get("/work-reports"), all200},
		{"GET an accepted progress report's page", false, of(goumai.WorkReportAccepted, "/work-reports/%d"), all200},
		{"GET an accepted progress report's print view", false, of(goumai.WorkReportAccepted, "/work-reports/%d/print"), all200},
		{"GET the staff progress reports page", false, get("/staff/work-reports"), readersPage},
		{"GET a progress report's staff page", false, of(goumai.WorkReportDraft, "/staff/work-reports/%d"), readersPage},
		// Each finance department drafts for its own region; the Ministry files none (422).
		{"POST the staff form drafting a report", true, func(f fixture) request {
			a, _ := f.self()
			return request{method: "POST", path: "/staff/work-reports", form: url.Values{"kind": {"quarter"}, "period": {f.freeReportPeriod(a.Org.Region)}}}
		}, expect(s401, s403, s403, s303, s303, s303, s303, s303, s403, s422)},
		{"POST the staff form saving a draft", true, func(f fixture) request {
			r := f.workReport(goumai.WorkReportDraft)
			return request{method: "POST", path: fmt.Sprintf("/staff/work-reports/%d", r.ID), form: url.Values{"op": {"save"}, "version": {fmt.Sprint(r.Version)},
				"new_situations": {"改"}, "major_problems": {"无"}, "suggestions": {"无"}}}
		}, expect(s401, s403, s403, s303, s403, s303, s403, s403, s403, s403)},
	}
}

// workPlan is a new plan of 西湖区 drafted by its finance administrator, published if asked.
func (f fixture) workPlan(publish bool) goumai.WorkPlan {
	ctx := context.Background()
	a := f.w.actor(f.t, county)
	p, err := f.w.svc.DraftWorkPlan(ctx, a, workflow.WorkPlanInput{Region: "330106", Title: f.name("工作计划"), Start: "2026-01",
		Milestones: []goumai.PlanMilestone{{Title: "批准项目", Metric: goumai.MetricProjects, Target: 5, DueOn: "2026-12-31"}}})
	if err != nil {
		f.t.Fatalf("draft plan: %v", err)
	}
	if publish {
		if p, err = f.w.svc.PublishWorkPlan(ctx, a, p.ID, p.Version); err != nil {
			f.t.Fatalf("publish plan: %v", err)
		}
	}
	return p
}

// workPlanAuthzRows: anyone reads published plans; the drafts are read by
// the finance staff and auditors of 西湖区 and above (404 to others); only
// 西湖区's finance staff write its plans (a purchaser of 西湖区 writes only
// its own department's plan: it may draft, not edit the finance bureau's).
func workPlanAuthzRows() []authzRow {
	plan := map[string]any{"region": "330106", "title": "西湖区工作计划", "start": "2026-01",
		"milestones": []map[string]any{{"title": "批准项目", "metric": "projects", "target": 5, "due_on": "2026-12-31"}}}
	writers := func(ok int) statuses { return expect(s401, s403, s404, ok, s403, ok, s403, s403, s403, s403) }
	return []authzRow{
		{"GET a region's work plans", false, func(fixture) request { return request{method: "GET", path: "/api/v1/regions/330106/work-plans"} },
			expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET a draft work plan", false, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/api/v1/work-plans/%d", f.workPlan(false).ID)}
		}, expect(s404, s404, s404, s200, s200, s200, s200, s200, s200, s200)},
		{"GET a published work plan", false, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/api/v1/work-plans/%d", f.workPlan(true).ID)}
		}, expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"POST draft a work plan of 西湖区", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/work-plans", body: mustJSON(f.t, plan)}
		}, expect(s401, s403, s201, s201, s403, s201, s403, s403, s403, s403)},
		{"PUT edit 西湖区's draft work plan", false, func(f fixture) request {
			p := f.workPlan(false)
			body := map[string]any{"version": p.Version}
			for k, v := range plan {
				body[k] = v
			}
			return request{method: "PUT", path: fmt.Sprintf("/api/v1/work-plans/%d", p.ID), body: mustJSON(f.t, body)}
		}, writers(s200)},
		{"POST publish 西湖区's work plan", false, func(f fixture) request {
			p := f.workPlan(false)
			return request{method: "POST", path: fmt.Sprintf("/api/v1/work-plans/%d/publish", p.ID), body: mustJSON(f.t, map[string]any{"version": p.Version})}
		}, writers(s200)},
		// The pages: the list to anyone signed in (published plans, and the
		// drafts each may read), a plan's page as the API reads it, the forms
		// to the writers (each drafts for its own region).
		{"GET the work plans page", true, func(fixture) request { return request{method: "GET", path: "/staff/work-plans"} },
			expect(s303, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET the form writing a work plan", true, func(fixture) request { return request{method: "GET", path: "/staff/work-plans/new"} },
			expect(s303, s403, s200, s200, s200, s200, s200, s200, s403, s200)},
		{"POST the form drafting a work plan", true, func(f fixture) request {
			return request{method: "POST", path: "/staff/work-plans", form: url.Values{"title": {f.name("工作计划")}, "start": {"2026-01"},
				"ms_title": {"批准项目"}, "ms_metric": {"projects"}, "ms_target": {"5"}, "ms_due": {"2026-12-31"}}}
		}, expect(s401, s403, s303, s303, s303, s303, s303, s303, s403, s303)},
		{"GET a draft work plan's page", true, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/work-plans/%d", f.workPlan(false).ID)}
		}, expect(s404, s404, s404, s200, s200, s200, s200, s200, s200, s200)},
		{"GET a published work plan's page", false, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/work-plans/%d", f.workPlan(true).ID)}
		}, expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET the form editing 西湖区's draft work plan", true, func(f fixture) request {
			return request{method: "GET", path: fmt.Sprintf("/staff/work-plans/%d/edit", f.workPlan(false).ID)}
		}, expect(s303, s403, s404, s200, s403, s200, s403, s403, s403, s403)},
		{"POST the form saving 西湖区's draft work plan", true, func(f fixture) request {
			p := f.workPlan(false)
			return request{method: "POST", path: fmt.Sprintf("/staff/work-plans/%d", p.ID), form: url.Values{"op": {"save"}, "version": {fmt.Sprint(p.Version)},
				"title": {"西湖区工作计划"}, "start": {"2026-01"}, "ms_title": {"批准项目"}, "ms_metric": {"projects"}, "ms_target": {"6"}, "ms_due": {"2026-12-31"}}}
		}, writers(s303)},
	}
}
