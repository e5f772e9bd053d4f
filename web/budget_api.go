package web

import (
	"bytes"
	"net/http"
	"slices"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The budget JSON API. Amounts are integer fen.

func (s *Server) apiBudgetLines(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	region, year, err := s.budgetScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
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

func (s *Server) apiBudgetLineCreate(c call[workflow.BudgetLineInput]) (workflow.BudgetLineView, error) {
	l, err := s.svc.CreateBudgetLine(c.ctx(), c.a, c.in)
	if err != nil {
		return workflow.BudgetLineView{}, err
	}
	return s.svc.BudgetLine(c.ctx(), c.a, l.ID)
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

func (s *Server) apiLedgerPost(c call[workflow.LedgerInput]) (map[string]any, error) {
	e, b, err := s.svc.PostLedger(c.ctx(), c.a, c.id(), c.in)
	return map[string]any{"entry": e, "balance": b, "available": b.Available()}, err
}

// budgetFile is the body of POST /api/v1/budget/import: the .xlsx as base64.
type budgetFile struct {
	File         []byte `json:"file"`
	DefaultOrgID int64  `json:"default_org_id"`
}

// maxImportBody bounds the JSON body of an import: the file's limit plus
// base64's third.
const maxImportBody = workflow.MaxImportBytes*4/3 + 4096

// apiBudgetImport imports an .xlsx sent as base64 in a JSON body
// {"file": "<base64>", "default_org_id": n}; the route's gate has been checked
// before the body is read, and the parse is bounded (workflow.ParseBudgetXLSX).
func (s *Server) apiBudgetImport(c call[budgetFile]) (map[string]any, error) {
	if len(c.in.File) == 0 {
		return nil, goumai.Fields{"file": goumai.M("请上传 .xlsx 文件（Base64 编码）", "send the .xlsx file, base64-encoded")}.Err()
	}
	rows, err := workflow.ParseBudgetXLSX(bytes.NewReader(c.in.File))
	if err != nil {
		return nil, err
	}
	lines, err := s.svc.ImportBudgetLines(c.ctx(), c.a, rows, c.in.DefaultOrgID)
	return map[string]any{"lines": lines, "imported": len(lines)}, err
}

// apiTransfers lists the transfers of a region subtree, newest first.
func (s *Server) apiTransfers(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := sqlstore.TransferFilter{Region: q.Get("region"), Status: goumai.TransferStatus(q.Get("status"))}
	if f.Status != "" && !slices.Contains(goumai.TransferStatuses, f.Status) {
		s.fail(w, r, goumai.Fields{"status": goumai.M("未知的调剂状态", "unknown transfer status")}.Err())
		return
	}
	f.BeforeID, _ = strconv.ParseInt(q.Get("before"), 10, 64)
	f.Limit = 100
	list, err := s.svc.Transfers(r.Context(), actorOf(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if list == nil {
		list = []goumai.Transfer{}
	}
	var next int64
	if len(list) == f.Limit {
		next = list[len(list)-1].ID
	}
	writeJSON(w, http.StatusOK, map[string]any{"transfers": list, "next_before": next})
}
