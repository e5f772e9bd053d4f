package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

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

// apiBudgetImport imports an .xlsx sent as base64 in a JSON body
// {"file": "<base64>", "default_org_id": n} (the body may be larger than other
// JSON bodies: the file's limit plus base64's third).
func (s *Server) apiBudgetImport(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var in struct {
		File         []byte `json:"file"`
		DefaultOrgID int64  `json:"default_org_id"`
	}
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		s.fail(w, r, goumai.Errorf(goumai.EInvalid, "请求体须为 JSON（Content-Type: application/json）", "the body must be JSON (Content-Type: application/json)"))
		return
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, workflow.MaxImportBytes*4/3+4096))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		s.fail(w, r, goumai.Fields{"file": goumai.M("请求体应为 {\"file\": Base64 编码的 .xlsx（不超过10MB）, \"default_org_id\": 数字}", "the body must be {\"file\": base64 of the .xlsx (at most 10 MB), \"default_org_id\": number}")}.Err())
		return
	}
	rows, err := workflow.ParseBudgetXLSX(bytes.NewReader(in.File))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lines, err := s.svc.ImportBudgetLines(r.Context(), a, rows, in.DefaultOrgID)
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
