package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The follow-up of red flags (issue 12 item 2): the dashboard of the
// auditors and finance department of a region (its subtree's flags, counts
// per indicator, region and purchaser), the purchaser's flags sent to it, a
// flag's page with its evidence and the forms of the case, and the public
// page of closed cases with the counts. Every route's reading is scoped by
// the use case (workflow.RedFlagScopeOf).

func init() {
	funcs["rfstatus"] = func(lang string, s goumai.RedFlagCaseStatus) string { return s.Label().In(lang) }
	funcs["rfoutcome"] = func(lang string, o goumai.RedFlagOutcome) string { return o.Label().In(lang) }
}

func (s *Server) redFlagRoutes(rt *router) {
	follow, answer := goumai.ActFollowRedFlags, goumai.ActAnswerRedFlag
	rt.read("/api/v1/redflags", Public, s.apiRedFlagDashboard)
	rt.read("/api/v1/redflags/counts", Public, s.apiRedFlagCounts)
	rt.read("/api/v1/redflags/{id}", Public, s.apiRedFlagDetail)
	rt.read("/api/v1/redflags/{id}/files/{sha256}", signedIn, s.redFlagFile)
	rt.api("POST", "/api/v1/redflags/{id}/send", follow, actID(http.StatusOK, "case", s.svc.SendRedFlag))
	rt.api("POST", "/api/v1/redflags/{id}/inspect", follow, actID(http.StatusOK, "case", s.svc.InspectRedFlag))
	rt.api("POST", "/api/v1/redflags/{id}/answer", answer, actionWithin(maxEvidenceBody, http.StatusOK, "case",
		func(c call[workflow.RedFlagAnswer]) (goumai.RedFlagCase, error) {
			return s.svc.AnswerRedFlag(c.ctx(), c.a, c.id(), c.in)
		}))
	rt.api("POST", "/api/v1/redflags/{id}/close", follow, actID(http.StatusOK, "case", s.svc.CloseRedFlag))

	rt.page("/redflags", Public, s.redFlagPortal)
	rt.page("/staff/redflags", signedIn, s.redFlagDashboardPage)
	rt.page("/staff/redflags/{id}", signedIn, s.redFlagPage)
	rt.form("/staff/redflags/{id}/send", follow, s.redFlagStep("send"))
	rt.form("/staff/redflags/{id}/inspect", follow, s.redFlagStep("inspect"))
	rt.upload("/staff/redflags/{id}/answer", answer, s.redFlagStep("answer"))
	rt.form("/staff/redflags/{id}/close", follow, s.redFlagStep("close"))
}

// redFlagQuery reads the dashboard's filters from the query string; a bad
// number is a field-level error.
func redFlagQuery(r *http.Request) (workflow.RedFlagQuery, error) {
	q := r.URL.Query()
	in := workflow.RedFlagQuery{Region: q.Get("region"), Indicator: q.Get("indicator"), State: q.Get("state"), Status: q.Get("status")}
	bad := goumai.Fields{}
	num := func(name string) int64 {
		v := strings.TrimSpace(q.Get(name))
		if v == "" {
			return 0
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			bad[name] = goumai.M("须为非负整数", "must be a non-negative integer")
		}
		return n
	}
	in.PurchaserOrgID, in.BeforeID, in.Limit = num("purchaser"), num("before"), int(num("limit"))
	if len(bad) > 0 {
		return in, bad.Err()
	}
	return in, nil
}

func (s *Server) redFlagDashboard(r *http.Request) (workflow.RedFlagDashboard, error) {
	q, err := redFlagQuery(r)
	if err != nil {
		return workflow.RedFlagDashboard{}, err
	}
	return s.svc.RedFlags(r.Context(), actorOf(r), q)
}

// apiRedFlagDashboard lists the flags the caller reads, with the counts.
func (s *Server) apiRedFlagDashboard(w http.ResponseWriter, r *http.Request) {
	d, err := s.redFlagDashboard(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// apiRedFlagCounts returns the public counts of a region subtree.
func (s *Server) apiRedFlagCounts(w http.ResponseWriter, r *http.Request) {
	byRegion, byIndicator, err := s.svc.RedFlagCounts(r.Context(), r.URL.Query().Get("region"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"by_region": byRegion, "by_indicator": byIndicator})
}

// apiRedFlagDetail returns one flag with its case and evidence links.
func (s *Server) apiRedFlagDetail(w http.ResponseWriter, r *http.Request) {
	d, err := s.svc.RedFlag(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"red_flag": d})
}

// redFlagFile serves an attachment of a flag's explanation.
func (s *Server) redFlagFile(w http.ResponseWriter, r *http.Request) {
	f, content, err := s.svc.RedFlagFile(r.Context(), actorOf(r), pathID(r), r.PathValue("sha256"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serveDownload(w, "attachment-"+f.SHA256[:12]+goumai.FileExt(f.Type), f, content)
}

// redFlagNames names the regions and purchasers of a dashboard's page.
func (s *Server) redFlagNames(r *http.Request, d workflow.RedFlagDashboard) (map[string]string, map[int64]string) {
	regions, orgs := map[string]string{}, map[int64]string{}
	var ids []int64
	for _, f := range d.Flags {
		ids = append(ids, f.Flag.PurchaserOrgID)
	}
	for _, c := range d.ByRegion {
		regions[c.Region] = s.svc.Policy.Regions.FullName(c.Region)
		ids = append(ids, c.PurchaserOrgID)
	}
	for _, id := range ids {
		if _, ok := orgs[id]; !ok && id != 0 {
			if o, err := s.store.Org(r.Context(), id); err == nil {
				orgs[id] = o.Name
			}
		}
	}
	return regions, orgs
}

// redFlagPortal is the public page: closed cases and the counts.
func (s *Server) redFlagPortal(w http.ResponseWriter, r *http.Request) {
	q, err := redFlagQuery(r)
	var d workflow.RedFlagDashboard
	if err == nil {
		d, err = s.svc.RedFlags(r.Context(), goumai.Actor{}, q)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	regions, orgs := s.redFlagNames(r, d)
	s.render(w, r, http.StatusOK, "redflags_public", map[string]any{"D": d, "Regions": regions, "Orgs": orgs, "Q": q})
}

// redFlagDashboardPage is the staff dashboard (or the purchaser's list).
func (s *Server) redFlagDashboardPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	var d workflow.RedFlagDashboard
	var q workflow.RedFlagQuery
	if err == nil {
		if q, err = redFlagQuery(r); err == nil {
			d, err = s.svc.RedFlags(r.Context(), a, q)
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	regions, orgs := s.redFlagNames(r, d)
	next := ""
	if d.NextBefore != 0 {
		v := r.URL.Query()
		v.Set("before", strconv.FormatInt(d.NextBefore, 10))
		next = "/staff/redflags?" + v.Encode()
	}
	s.render(w, r, http.StatusOK, "redflags", map[string]any{"D": d, "Regions": regions, "Orgs": orgs, "Q": q, "Next": next,
		"Statuses": goumai.RedFlagCaseStatuses})
}

// redFlagView is the data of a flag's page.
type redFlagView struct {
	D        workflow.RedFlagDetail
	Org      string // the purchaser's name
	Outcomes []goumai.RedFlagOutcome
	Action   string // the form that failed
	Error    *goumai.Error
	F        map[string]string
	Days     int
}

func (s *Server) redFlagData(r *http.Request, a goumai.Actor, id int64) (*redFlagView, error) {
	d, err := s.svc.RedFlag(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	v := &redFlagView{D: d, Outcomes: goumai.RedFlagOutcomes, F: map[string]string{}, Days: workflow.DefaultRedFlagDays}
	if o, err := s.store.Org(r.Context(), d.Flag.PurchaserOrgID); err == nil && d.Flag.PurchaserOrgID != 0 {
		v.Org = o.Name
	}
	return v, nil
}

// redFlagPage shows one flag, its evidence and its case, with the forms of
// whoever may act.
func (s *Server) redFlagPage(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	var v *redFlagView
	if err == nil {
		v, err = s.redFlagData(r, a, pathID(r))
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "redflag", map[string]any{"V": v})
}

// redFlagStep runs a form's step of a flag's case: back to the flag's page
// with the confirmation, or the page again with the problems at the form.
func (s *Server) redFlagStep(step string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		a, id, ctx := actorOf(r), pathID(r), r.Context()
		version := formInt(r, "version")
		var err error
		switch step {
		case "send":
			_, err = s.svc.SendRedFlag(ctx, a, id, workflow.RedFlagSend{Request: r.PostFormValue("request"), Days: formInt(r, "days")})
		case "inspect":
			_, err = s.svc.InspectRedFlag(ctx, a, id, workflow.RedFlagInspect{Version: version, Findings: r.PostFormValue("findings")})
		case "answer":
			var files []workflow.Upload
			if files, err = formUploads(r); err == nil {
				_, err = s.svc.AnswerRedFlag(ctx, a, id, workflow.RedFlagAnswer{Version: version, Answer: r.PostFormValue("answer"), Files: files})
			}
		case "close":
			_, err = s.svc.CloseRedFlag(ctx, a, id, workflow.RedFlagClose{Version: version, Outcome: r.PostFormValue("outcome"), Opinion: r.PostFormValue("opinion")})
		}
		if err == nil {
			http.Redirect(w, r, workflow.RedFlagLink(id)+"?"+url.Values{"done": {step}}.Encode()+"#case", http.StatusSeeOther)
			return
		}
		e := goumai.AsError(err)
		if e.Code != goumai.EInvalid && e.Code != goumai.EConflict && e.Code != goumai.EStale {
			s.fail(w, r, err)
			return
		}
		v, derr := s.redFlagData(r, a, id)
		if derr != nil {
			s.fail(w, r, err)
			return
		}
		v.Action, v.Error, v.F = step, e, formRaw(r)
		s.formError(w, r, "redflag", map[string]any{"V": v}, err)
	}
}
