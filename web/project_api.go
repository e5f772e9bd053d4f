package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// apiProjects lists projects: approved ones for everyone; with mine=1 the
// organisation's own applications; for finance staff and auditors their
// region subtree's (status and region narrow it).
func (s *Server) apiProjects(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	q := r.URL.Query()
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	f := sqlstore.ProjectFilter{Region: strings.TrimSpace(q.Get("region")), Query: strings.TrimSpace(q.Get("q")), AfterID: after, Limit: limit,
		CatalogCode: strings.TrimSpace(q.Get("catalog_code"))}
	if st := goumai.ProjectStatus(q.Get("status")); st != "" {
		if !st.Valid() {
			s.fail(w, r, goumai.Fields{"status": goumai.M("未知的项目状态", "unknown project status")}.Err())
			return
		}
		f.Statuses = []goumai.ProjectStatus{st}
	}
	if q.Get("mine") == "1" {
		f.OrgID = a.Org.ID
	}
	list, err := s.svc.Projects(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for i, p := range list.Projects {
		list.Projects[i] = s.publicView(a, p)
	}
	writeJSON(w, http.StatusOK, list)
}

// projectInput is the JSON body of create and update: the input, plus the
// version being edited for updates.
type projectInput struct {
	workflow.ProjectInput
	Version int `json:"version"`
}

func (s *Server) apiProjectCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in workflow.ProjectInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.svc.CreateProject(r.Context(), a, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"project": p})
}

func (s *Server) apiProjectUpdate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in projectInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.svc.UpdateProject(r.Context(), a, pathID(r), in.Version, in.ProjectInput)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"project": p})
}

// apiProject returns a project with its approval trail; for those who may read
// applications also the automatic checks and the price comparison, and whether
// the actor may decide now.
func (s *Server) apiProject(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	p, err := s.svc.Project(r.Context(), a, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	trail, err := s.svc.ProjectReviews(r.Context(), a, p)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if trail == nil {
		trail = []goumai.ReviewRecord{}
	}
	out := map[string]any{"project": s.publicView(a, p), "reviews": trail}
	if s.svc.Policy.Can(a, goumai.ActViewProject, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}) == nil {
		checks, price, err := s.svc.ProjectChecks(r.Context(), a, p)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		out["checks"], out["price"], out["can_decide"] = checks, price, s.svc.CanDecide(r.Context(), a, p)
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiProjectValidate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	probs, err := s.svc.ValidateProject(r.Context(), a, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := infoOf(r).lang
	type problem struct {
		Field   string `json:"field"`
		Rule    string `json:"rule,omitempty"`
		Message string `json:"message"`
	}
	out := []problem{}
	for _, p := range probs {
		out = append(out, problem{p.Field, p.Rule, p.Msg.In(lang)})
	}
	writeJSON(w, http.StatusOK, map[string]any{"ok": len(out) == 0, "problems": out})
}

// versionBody is the body of submit and withdraw.
type versionBody struct {
	Version int `json:"version"`
}

func (s *Server) apiProjectStep(w http.ResponseWriter, r *http.Request, step func(a goumai.Actor, id int64, version int) (goumai.Project, error)) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in versionBody
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := step(a, pathID(r), in.Version)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"project": p})
}

func (s *Server) apiProjectSubmit(w http.ResponseWriter, r *http.Request) {
	s.apiProjectStep(w, r, func(a goumai.Actor, id int64, v int) (goumai.Project, error) {
		return s.svc.SubmitProject(r.Context(), a, id, v)
	})
}

func (s *Server) apiProjectWithdraw(w http.ResponseWriter, r *http.Request) {
	s.apiProjectStep(w, r, func(a goumai.Actor, id int64, v int) (goumai.Project, error) {
		return s.svc.WithdrawProject(r.Context(), a, id, v)
	})
}

func (s *Server) apiProjectDecide(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var d workflow.Decision
	if err := decodeJSON(w, r, &d); err != nil {
		s.fail(w, r, err)
		return
	}
	p, err := s.svc.DecideProject(r.Context(), a, pathID(r), d)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"project": p})
}

func (s *Server) apiProjectRedFlags(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	list, err := s.svc.DoubleFundedProjects(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if list == nil {
		list = []goumai.Project{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"projects": list})
}

func (s *Server) apiIntentions(w http.ResponseWriter, r *http.Request) {
	region := strings.TrimSpace(r.URL.Query().Get("region"))
	if region == "" {
		region = goumai.NationalCode
	}
	rows, err := s.svc.Intentions(r.Context(), region)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"region": region, "intentions": rows,
		"disclaimer": intentionDisclaimer.In(infoOf(r).lang)})
}

// intentionDisclaimer goes with every purchase-intention table (REQ-C19).
var intentionDisclaimer = goumai.M("本次公开的采购意向是本单位政府采购工作的初步安排，具体采购项目情况以相关采购公告和采购文件为准。",
	"These purchase intentions are a preliminary arrangement; the procurement notices and documents govern each purchase.")
