package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// Budget pages: the lines of a region with their balances, a line's ledger, the
// forms of the finance department (new line, entry, import, transfer) and the
// export in the 一体化 layout.

func init() {
	if _, ok := funcs["yuan"]; !ok {
		funcs["yuan"] = func(v goumai.Fen) string { return v.Yuan() }
	}
	if _, ok := funcs["ledgerkind"]; !ok {
		funcs["ledgerkind"] = func(lang string, k goumai.LedgerKind) string { return k.Label().In(lang) }
	}
}

// budgetTotals sums the figures of a list of lines.
type budgetTotals struct {
	Appropriated goumai.Fen `json:"appropriated"`
	Committed    goumai.Fen `json:"committed"`
	Obligated    goumai.Fen `json:"obligated"`
	Paid         goumai.Fen `json:"paid"`
	Available    goumai.Fen `json:"available"`
	Full         bool       `json:"full"` // every line's figures are visible (else the execution figures are the visible lines' only)
}

func totals(ls []workflow.BudgetLineView) budgetTotals {
	t := budgetTotals{Full: true}
	for _, l := range ls {
		t.Appropriated += l.Balance.Appropriated
		t.Committed += l.Balance.Committed
		t.Obligated += l.Balance.Obligated
		t.Paid += l.Balance.Paid
		t.Available += l.Available
		t.Full = t.Full && l.Full
	}
	return t
}

// orgNames maps the organisations of lines to their names.
func (s *Server) orgNames(r *http.Request, ids []int64) map[int64]goumai.Org {
	out := map[int64]goumai.Org{}
	for _, id := range ids {
		if _, ok := out[id]; ok {
			continue
		}
		if o, err := s.store.Org(r.Context(), id); err == nil {
			out[id] = o
		}
	}
	return out
}

func (s *Server) budgetLinesPage(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	region, year, err := s.budgetScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	ls, err := s.svc.BudgetLines(r.Context(), a, sqlstore.BudgetLineFilter{Region: region, FiscalYear: year, AfterID: after, Limit: 101})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var next int64
	if len(ls) == 101 {
		ls, next = ls[:100], ls[99].ID
	}
	ids := make([]int64, len(ls))
	for i, l := range ls {
		ids[i] = l.OrgID
	}
	s.render(w, r, http.StatusOK, "budget_lines", map[string]any{"Lines": ls, "Totals": totals(ls), "Orgs": s.orgNames(r, ids),
		"Region": region, "RegionName": s.store.Regions().FullName(region), "Year": year, "Next": next,
		"CanManage": s.svc.Policy.Can(a, goumai.ActManageBudget, goumai.Target{Region: region}) == nil})
}

func (s *Server) budgetLineData(r *http.Request, id int64) (map[string]any, error) {
	a := actorOf(r)
	v, err := s.svc.BudgetLine(r.Context(), a, id)
	if err != nil {
		return nil, err
	}
	before, _ := strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	es, err := s.svc.Ledger(r.Context(), a, id, before, 51)
	if err != nil {
		return nil, err
	}
	var next int64
	if len(es) == 51 {
		es, next = es[:50], es[49].ID
	}
	org, err := s.store.Org(r.Context(), v.OrgID)
	if err != nil {
		return nil, err
	}
	return map[string]any{"Line": v, "Org": org, "Entries": es, "Next": next, "RegionName": s.store.Regions().FullName(v.Region),
		"Kinds":     []goumai.LedgerKind{goumai.LedgerAppropriate, goumai.LedgerRelease, goumai.LedgerObligate, goumai.LedgerPay},
		"CanManage": s.svc.Policy.Can(a, goumai.ActManageBudget, goumai.Target{OrgID: v.OrgID, Region: v.Region}) == nil,
		"Entry":     map[string]string{}}, nil
}

func (s *Server) budgetLinePage(w http.ResponseWriter, r *http.Request) {
	d, err := s.budgetLineData(r, pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "budget_line", d)
}

// budgetEntryPost posts a manual ledger entry from the line page (amount in yuan).
func (s *Server) budgetEntryPost(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	id := pathID(r)
	in := workflow.LedgerInput{Kind: goumai.LedgerKind(r.PostFormValue("kind")), Memo: r.PostFormValue("memo")}
	amt, m := goumai.ParseYuan(r.PostFormValue("amount"))
	if m != nil {
		err = goumai.Fields{"amount": *m}.Err()
	} else {
		in.Amount = amt
		_, _, err = s.svc.PostLedger(r.Context(), a, id, in)
	}
	if err != nil {
		d, derr := s.budgetLineData(r, id)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		d["Error"], d["Entry"] = goumai.AsError(err), map[string]string{"kind": string(in.Kind), "amount": r.PostFormValue("amount"), "memo": in.Memo}
		s.formError(w, r, "budget_line", d, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/budget/lines/%d?done=saved", id), http.StatusSeeOther)
}

// budgetLineForm is the new-line form as typed.
type budgetLineForm struct {
	workflow.BudgetLineInput
	AmountText, YearText, OrgText string
}

func (s *Server) budgetLineNew(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err == nil {
		err = s.svc.Policy.Can(a, goumai.ActManageBudget, goumai.Target{Region: a.Org.Region})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := budgetLineForm{YearText: strconv.Itoa(s.clock.Now().In(goumai.Shanghai).Year())}
	f.FundingSource, f.MofDivCode = "一般公共预算", a.Org.Region
	s.render(w, r, http.StatusOK, "budget_line_form", map[string]any{"Form": f})
}

func (s *Server) budgetLineCreate(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := r.PostFormValue
	f := budgetLineForm{AmountText: v("amount"), YearText: v("fiscal_year"), OrgText: v("org_id")}
	f.BudgetLine = goumai.BudgetLine{Name: v("name"), FundingSource: v("funding_source"), CatalogCode: v("catalog_code"),
		MofDivCode: v("mof_div_code"), AgencyCode: v("agency_code"), DeptCode: v("dept_code"), ProCode: v("pro_code"),
		ExpFuncCode: v("exp_func_code"), GovBgtEcoCode: v("gov_bgt_eco_code"), DepBgtEcoCode: v("dep_bgt_eco_code"),
		FundTypeCode: v("fund_type_code"), BgtID: v("bgt_id"), DocNo: v("doc_no")}
	fs := goumai.Fields{}
	f.OrgID, _ = strconv.ParseInt(strings.TrimSpace(f.OrgText), 10, 64)
	if f.FiscalYear, err = strconv.Atoi(strings.TrimSpace(f.YearText)); err != nil {
		fs.Add("fiscal_year", "预算年度应为四位数字年份", "fiscal year must be a four-digit year")
	}
	if f.Amount, _ = goumai.ParseYuan(f.AmountText); strings.TrimSpace(f.AmountText) != "" {
		if _, m := goumai.ParseYuan(f.AmountText); m != nil {
			fs["amount"] = *m
		}
	}
	var l goumai.BudgetLine
	if err = fs.Err(); err == nil {
		l, err = s.svc.CreateBudgetLine(r.Context(), a, f.BudgetLineInput)
	}
	if err != nil {
		s.formError(w, r, "budget_line_form", map[string]any{"Form": f, "Error": goumai.AsError(err)}, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/budget/lines/%d?done=saved", l.ID), http.StatusSeeOther)
}

func (s *Server) budgetImportForm(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err == nil {
		err = s.svc.Policy.Can(a, goumai.ActManageBudget, goumai.Target{Region: a.Org.Region})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "budget_import", map[string]any{"MaxMB": workflow.MaxImportBytes >> 20, "MaxRows": workflow.MaxImportRows})
}

// importFile reads the uploaded spreadsheet and the default organisation, and imports it.
func (s *Server) importFile(r *http.Request, a goumai.Actor) ([]goumai.BudgetLine, error) {
	if r.ContentLength > workflow.MaxImportBytes+64<<10 {
		return nil, goumai.Fields{"file": goumai.M("文件超过10MB上限", "the file is larger than the 10 MB limit")}.Err()
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return nil, goumai.Fields{"file": goumai.M("请选择要导入的 .xlsx 文件", "choose the .xlsx file to import")}.Err()
	}
	defer file.Close()
	if hdr.Size > workflow.MaxImportBytes {
		return nil, goumai.Fields{"file": goumai.M("文件超过10MB上限", "the file is larger than the 10 MB limit")}.Err()
	}
	rows, err := workflow.ParseBudgetXLSX(file)
	if err != nil {
		return nil, err
	}
	def, _ := strconv.ParseInt(strings.TrimSpace(r.FormValue("default_org_id")), 10, 64)
	return s.svc.ImportBudgetLines(r.Context(), a, rows, def)
}

func (s *Server) budgetImport(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lines, err := s.importFile(r, a)
	d := map[string]any{"MaxMB": workflow.MaxImportBytes >> 20, "MaxRows": workflow.MaxImportRows, "Imported": lines}
	if err != nil {
		e := goumai.AsError(err)
		d["Error"], d["Problems"] = e, sortedProblems(e, infoOf(r).lang)
		s.formError(w, r, "budget_import", d, err)
		return
	}
	s.render(w, r, http.StatusOK, "budget_import", d)
}

// sortedProblems lists an import's problems by row and column ("3.AMT" before "10.AMT").
func sortedProblems(e *goumai.Error, lang string) []string {
	type p struct {
		row  int
		key  string
		text string
	}
	var ps []p
	for k, v := range e.Fields {
		n, _, _ := strings.Cut(k, ".")
		row, _ := strconv.Atoi(n)
		ps = append(ps, p{row, k, v.In(lang)})
	}
	for i := 1; i < len(ps); i++ { // insertion sort: import problems are few
		for j := i; j > 0 && (ps[j].row < ps[j-1].row || ps[j].row == ps[j-1].row && ps[j].key < ps[j-1].key); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
	out := make([]string, len(ps))
	for i, x := range ps {
		out[i] = x.text
	}
	return out
}

// budgetExport writes a region's lines in the import layout (.xlsx). Lines and
// appropriations are public, so anyone may export them.
func (s *Server) budgetExport(w http.ResponseWriter, r *http.Request) {
	region, year, err := s.budgetScope(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var all []workflow.BudgetLineView
	var after int64
	for {
		ls, err := s.svc.BudgetLines(r.Context(), actorOf(r), sqlstore.BudgetLineFilter{Region: region, FiscalYear: year, AfterID: after, Limit: 1000})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		all = append(all, ls...)
		if len(ls) < 1000 || len(all) >= workflow.MaxImportRows {
			break
		}
		after = ls[len(ls)-1].ID
	}
	codes := map[int64]string{}
	for id, o := range s.orgNames(r, orgIDs(all)) {
		codes[id] = o.CreditCode
	}
	var buf bytes.Buffer
	if err := workflow.WriteBudgetXLSX(&buf, all, codes); err != nil {
		s.fail(w, r, err)
		return
	}
	name := "budget-" + region
	if year > 0 {
		name += "-" + strconv.Itoa(year)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
	w.Write(buf.Bytes())
}

func orgIDs(ls []workflow.BudgetLineView) []int64 {
	ids := make([]int64, len(ls))
	for i, l := range ls {
		ids[i] = l.OrgID
	}
	return ids
}

// transferForm is the transfer form as typed.
type transferForm struct {
	From, To, Amount, Function, Memo string
}

func (s *Server) budgetTransferForm(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err == nil {
		err = s.svc.Policy.Can(a, goumai.ActManageBudget, goumai.Target{Region: a.Org.Region})
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	q := r.URL.Query()
	s.render(w, r, http.StatusOK, "budget_transfer", map[string]any{"Form": transferForm{From: q.Get("from"), To: q.Get("to"), Function: q.Get("function")}})
}

func (s *Server) budgetTransfer(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := r.PostFormValue
	f := transferForm{From: v("from_line"), To: v("to_line"), Amount: v("amount"), Function: v("function_id"), Memo: v("memo")}
	in := workflow.TransferInput{Memo: f.Memo}
	in.FromLine, _ = strconv.ParseInt(strings.TrimSpace(f.From), 10, 64)
	in.ToLine, _ = strconv.ParseInt(strings.TrimSpace(f.To), 10, 64)
	in.FunctionID, _ = strconv.ParseInt(strings.TrimSpace(f.Function), 10, 64)
	amt, m := goumai.ParseYuan(f.Amount)
	if m != nil {
		err = goumai.Fields{"amount": *m}.Err()
	} else {
		in.Amount = amt
		var t goumai.Transfer
		if t, err = s.svc.RequestTransfer(r.Context(), a, in); err == nil {
			http.Redirect(w, r, fmt.Sprintf("/staff/budget/transfers/%d?done=transfer_requested", t.ID), http.StatusSeeOther)
			return
		}
	}
	s.formError(w, r, "budget_transfer", map[string]any{"Form": f, "Error": goumai.AsError(err)}, err)
}
