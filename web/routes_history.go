package web

import (
	"net/http"

	"github.com/goumai/goumai/workflow"
)

// historyRoutes registers a project's public history (issue 10 item 7): every
// public event of the project and of what belongs to it, each with its log
// inclusion proof, as JSON, a page and a print view.
func (s *Server) historyRoutes(rt *router) {
	rt.read("/api/v1/projects/{id}/timeline", Public, s.apiProjectTimeline)
	rt.page("/projects/{id}/history", Public, s.historyPage("project_history"))
	rt.page("/projects/{id}/history/print", Public, s.historyPage("project_history_print"))
}

// timeline reads the history of project {id} as the caller may see it.
func (s *Server) timeline(w http.ResponseWriter, r *http.Request) (workflow.Timeline, bool) {
	tl, err := s.svc.ProjectTimeline(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return tl, false
	}
	return tl, true
}

func (s *Server) apiProjectTimeline(w http.ResponseWriter, r *http.Request) {
	if tl, ok := s.timeline(w, r); ok {
		writeJSON(w, http.StatusOK, map[string]any{"timeline": tl})
	}
}

// historyPage renders the history with page (the page or its print view).
func (s *Server) historyPage(page string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if tl, ok := s.timeline(w, r); ok {
			s.render(w, r, http.StatusOK, page, map[string]any{"T": tl})
		}
	}
}
