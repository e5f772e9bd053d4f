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
	var err error
	if f.Statuses, err = projectStatuses(r); err != nil {
		s.fail(w, r, err)
		return
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

func (s *Server) apiProjectUpdate(c call[projectInput]) (goumai.Project, error) {
	return s.svc.UpdateProject(c.ctx(), c.a, c.id(), c.in.Version, c.in.ProjectInput)
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
	// A published project's public story (issue 11 item 5), as its page tells it.
	if story, ok, err := s.publicStory(r.Context(), p); err != nil {
		s.fail(w, r, err)
		return
	} else if ok {
		out["story"] = story
	}
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

// validation is the answer of POST /api/v1/projects/{id}/validate.
type validation struct {
	OK       bool      `json:"ok"`
	Problems []problem `json:"problems"`
}

// problem is one rule an application does not meet yet.
type problem struct {
	Field   string `json:"field"`
	Rule    string `json:"rule,omitempty"`
	Message string `json:"message"`
}

func (s *Server) apiProjectValidate(c call[noBody]) (validation, error) {
	probs, err := s.svc.ValidateProject(c.ctx(), c.a, c.id())
	out := validation{Problems: []problem{}}
	lang := infoOf(c.r).lang
	for _, p := range probs {
		out.Problems = append(out.Problems, problem{p.Field, p.Rule, p.Msg.In(lang)})
	}
	out.OK = len(out.Problems) == 0
	return out, err
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
	split, err := s.svc.SplittingFlags(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"projects": list, "splitting": split})
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
