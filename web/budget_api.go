package web

import (
	"net/http"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The budget JSON API. Amounts are integer fen.

func (s *Server) apiBudgetLines(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	region, year := s.budgetScope(r)
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	org, _ := strconv.ParseInt(q.Get("org_id"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	ls, err := s.svc.BudgetLines(r.Context(), actorOf(r), sqlstore.BudgetLineFilter{Region: region, OrgID: org, FiscalYear: year, AfterID: after, Limit: limit})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ls == nil {
		ls = []workflow.BudgetLineView{}
	}
	var next int64
	if len(ls) == limit {
		next = ls[len(ls)-1].ID
	}
	writeJSON(w, http.StatusOK, map[string]any{"lines": ls, "totals": totals(ls), "next_after": next})
}

func (s *Server) apiBudgetLine(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.BudgetLine(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"line": v})
}

func (s *Server) apiBudgetLineCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in workflow.BudgetLineInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	l, err := s.svc.CreateBudgetLine(r.Context(), a, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v, err := s.svc.BudgetLine(r.Context(), a, l.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"line": v})
}

func (s *Server) apiLedger(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	es, err := s.svc.Ledger(r.Context(), actorOf(r), pathID(r), before, limit)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if es == nil {
		es = []goumai.LedgerEntry{}
	}
	var next int64
	if len(es) == limit {
		next = es[len(es)-1].ID
	}
	writeJSON(w, http.StatusOK, map[string]any{"entries": es, "next_before": next})
}

func (s *Server) apiLedgerPost(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in workflow.LedgerInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	e, b, err := s.svc.PostLedger(r.Context(), a, pathID(r), in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"entry": e, "balance": b, "available": b.Available()})
}

func (s *Server) apiBudgetImport(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lines, err := s.importFile(r, a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"lines": lines, "imported": len(lines)})
}

func (s *Server) apiTransfer(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in workflow.TransferInput
	if err := decodeJSON(w, r, &in); err != nil {
		s.fail(w, r, err)
		return
	}
	t, err := s.svc.Transfer(r.Context(), a, in)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"transfer": t})
}
