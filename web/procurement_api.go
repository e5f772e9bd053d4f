package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// apiProcurements lists procedures: published ones for everyone; with mine=1
// every state of the actor's organisation's (as purchaser or agency); for
// finance staff and auditors their region subtree's. status, region and
// project_id narrow it; before= pages.
func (s *Server) apiProcurements(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	q := r.URL.Query()
	f := sqlstore.ProcurementFilter{Region: strings.TrimSpace(q.Get("region"))}
	var err error
	if f.BeforeID, err = optionalInt(r, "before"); err == nil {
		f.ProjectID, err = optionalInt(r, "project_id")
	}
	if err == nil {
		var limit int64
		limit, err = optionalInt(r, "limit")
		f.Limit = int(limit)
	}
	if err == nil {
		f.Statuses, err = procurementStatuses(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if q.Get("mine") == "1" {
		f.OrgID = a.Org.ID
	}
	list, err := s.svc.Procurements(r.Context(), a, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

// procurementStatuses reads ?status=: none, or one procedure state.
func procurementStatuses(r *http.Request) ([]goumai.ProcurementStatus, error) {
	st := goumai.ProcurementStatus(strings.TrimSpace(r.URL.Query().Get("status")))
	switch {
	case st == "":
		return nil, nil
	case !st.Valid():
		return nil, goumai.Fields{"status": goumai.M("未知的采购项目状态", "unknown procedure state")}.Err()
	}
	return []goumai.ProcurementStatus{st}, nil
}

// apiProcurement returns a procedure with its lots, notices and, for those who
// may see them, its decisions, agreements and objections.
func (s *Server) apiProcurement(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.ProcurementView(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

// apiNotices lists published notices, newest first (region narrows, before= pages).
func (s *Server) apiNotices(w http.ResponseWriter, r *http.Request) {
	f := sqlstore.NoticeFilter{Region: strings.TrimSpace(r.URL.Query().Get("region"))}
	before, err := optionalInt(r, "before")
	if err == nil {
		var limit int64
		limit, err = optionalInt(r, "limit")
		f.Limit = int(limit)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.BeforeID = before
	list, err := s.svc.Notices(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

// apiNotice returns one published notice.
func (s *Server) apiNotice(w http.ResponseWriter, r *http.Request) {
	n, err := s.svc.Notice(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, n)
}

// lotNumber reads the {number} path value of a lot.
func lotNumber(r *http.Request) (int, error) {
	n, err := strconv.Atoi(r.PathValue("number"))
	if err != nil || n < 1 || n > 99 {
		return 0, goumai.ErrNotFound("采购包", "lot")
	}
	return n, nil
}

// apiLotPut adds or changes the lot numbered in the path; a body that names
// another number is refused rather than one of the two silently chosen.
func (s *Server) apiLotPut(c call[workflow.LotInput]) (goumai.Lot, error) {
	n, err := lotNumber(c.r)
	if err != nil {
		return goumai.Lot{}, err
	}
	if c.in.Number != 0 && c.in.Number != n {
		return goumai.Lot{}, goumai.Fields{"number": goumai.M("包号与地址中的包号不一致", "the lot number differs from the one in the path")}.Err()
	}
	c.in.Number = n
	return s.svc.PutLot(c.ctx(), c.a, c.id(), c.in)
}

func (s *Server) apiLotDelete(c call[versionBody]) (struct{}, error) {
	n, err := lotNumber(c.r)
	if err != nil {
		return struct{}{}, err
	}
	return struct{}{}, s.svc.DeleteLot(c.ctx(), c.a, c.id(), c.in.Version, n)
}

func (s *Server) apiObjectionAnswer(c call[answerBody]) (goumai.Objection, error) {
	return s.svc.AnswerObjection(c.ctx(), c.a, c.id(), c.in.Answer)
}
