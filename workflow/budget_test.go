package workflow_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// budgetWorld adds a purchaser's staff member, a bureau in another county and a
// 事业单位 under the purchaser to the test world.
type budgetWorld struct {
	*world
	staff     goumai.Actor // 西湖区民政局 purchaser staff
	approver  goumai.Actor // 西湖区财政局 finance approver: approves the transfers xihu.admin requests
	gongshu   goumai.Org   // a bureau in 拱墅区 (330105), outside 西湖区's subtree
	institute goumai.Org   // 西湖区社会福利中心, 公益一类, under 民政局
}

func newBudgetWorld(t *testing.T, s *sqlstore.Store) *budgetWorld {
	t.Helper()
	ctx := context.Background()
	w := &budgetWorld{world: newWorld(t, s)}
	u, err := w.svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: "xihu.minzheng", DisplayName: "经办人", Password: "Test-2026-goumai"}, w.minzheng.ID, goumai.RolePurchaserStaff)
	if err != nil {
		t.Fatal(err)
	}
	w.staff = goumai.Actor{UserID: u.ID, Username: u.Username, Org: w.minzheng, Roles: []goumai.Role{goumai.RolePurchaserStaff}}
	ap, err := w.svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: "xihu.approver", DisplayName: "审批人", Password: "Test-2026-goumai"}, w.xihu.ID, goumai.RoleFinanceApprover)
	if err != nil {
		t.Fatal(err)
	}
	w.approver = goumai.Actor{UserID: ap.ID, Username: ap.Username, Org: w.xihu, Roles: []goumai.Role{goumai.RoleFinanceApprover}}
	if w.gongshu, err = w.svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: "杭州市拱墅区民政局", Kind: goumai.KindStateOrgan, CreditCode: code(t, "330105", "00200004X"), Region: "330105"}); err != nil {
		t.Fatal(err)
	}
	if w.institute, err = w.svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: "杭州市西湖区社会福利中心", Kind: goumai.KindInstitution, Class: goumai.ClassPublicI,
		CreditCode: code(t, "330106", "00200005X"), Region: "330106", ParentID: w.minzheng.ID}); err != nil {
		t.Fatal(err)
	}
	return w
}

func lineInput(org int64, name, bgtID string, amt goumai.Fen) workflow.BudgetLineInput {
	return workflow.BudgetLineInput{Amount: amt, BudgetLine: goumai.BudgetLine{OrgID: org, FiscalYear: 2026, Name: name, FundingSource: "一般公共预算",
		MofDivCode: "330106", AgencyCode: "106001", DeptCode: "106", ProCode: "33010626000000001234", ExpFuncCode: "2080208",
		GovBgtEcoCode: "50502", DepBgtEcoCode: "30227", FundTypeCode: "111", BgtID: bgtID, DocNo: "西财预〔2026〕1号"}}
}

func TestBudgetLines(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newBudgetWorld(t, s)
		l, err := w.svc.CreateBudgetLine(ctx, w.xihuAdmin, lineInput(w.minzheng.ID, "居家养老服务", "BGT-1", 1_000_000_00))
		if err != nil {
			t.Fatal(err)
		}
		if b, err := s.Balance(ctx, l.ID); err != nil || b.Appropriated != 1_000_000_00 || l.Region != "330106" {
			t.Errorf("line %+v balance %+v (%v), want ¥1,000,000.00 appropriated in 330106", l, b, err)
		}
		for _, c := range []struct {
			name  string
			actor goumai.Actor
			in    workflow.BudgetLineInput
			code  goumai.Code
			field string
		}{
			{"county in its neighbour", w.xihuAdmin, lineInput(w.gongshu.ID, "拱墅", "BGT-2", 100), goumai.EForbidden, ""},
			{"purchaser staff", w.staff, lineInput(w.minzheng.ID, "自建", "BGT-3", 100), goumai.EForbidden, ""},
			{"public", goumai.Actor{}, lineInput(w.minzheng.ID, "匿名", "BGT-4", 100), goumai.EUnauthorized, ""},
			{"negative", w.xihuAdmin, lineInput(w.minzheng.ID, "负数", "BGT-5", -1), goumai.EInvalid, "amount"},
			{"overflow", w.xihuAdmin, lineInput(w.minzheng.ID, "溢出", "BGT-6", goumai.MaxFen+1), goumai.EInvalid, "amount"},
			{"no name", w.xihuAdmin, lineInput(w.minzheng.ID, " ", "BGT-7", 100), goumai.EInvalid, "name"},
			{"unknown org", w.xihuAdmin, lineInput(999999, "未知", "BGT-8", 100), goumai.EInvalid, "org_id"},
			{"duplicate BGT_ID", w.xihuAdmin, lineInput(w.minzheng.ID, "重复", "BGT-1", 100), goumai.EConflict, "bgt_id"},
		} {
			before := treeSize(t, s)
			_, err := w.svc.CreateBudgetLine(ctx, c.actor, c.in)
			e := goumai.AsError(err)
			if e.Code != c.code || c.field != "" && e.Fields[c.field].ZH == "" {
				t.Errorf("%s: %v, want %s on %q", c.name, err, c.code, c.field)
			}
			if treeSize(t, s) != before {
				t.Errorf("%s: a refused line wrote events", c.name)
			}
		}
		year := l
		year.FiscalYear = 1999
		if _, err := w.svc.CreateBudgetLine(ctx, w.xihuAdmin, workflow.BudgetLineInput{BudgetLine: year}); goumai.AsError(err).Fields["fiscal_year"].ZH == "" {
			t.Errorf("year 1999: %v", err)
		}
		// The purchaser sees its line's execution; the public only the appropriation.
		if _, _, err := w.svc.PostLedger(ctx, w.xihuAdmin, l.ID, workflow.LedgerInput{Kind: goumai.LedgerCommit, Amount: 250_000_00}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name      string
			actor     goumai.Actor
			full      bool
			committed goumai.Fen
			entries   int
		}{
			{"purchaser", w.staff, true, 250_000_00, 2},
			{"province", w.zjAdmin, true, 250_000_00, 2},
			{"public", goumai.Actor{}, false, 0, 1},
		} {
			ls, err := w.svc.BudgetLines(ctx, c.actor, sqlstore.BudgetLineFilter{Region: "330106"})
			if err != nil || len(ls) != 1 || ls[0].Full != c.full || ls[0].Balance.Committed != c.committed || ls[0].Balance.Appropriated != 1_000_000_00 {
				t.Errorf("%s: lines %+v %v", c.name, ls, err)
			}
			es, err := w.svc.Ledger(ctx, c.actor, l.ID, 0, 10)
			if err != nil || len(es) != c.entries {
				t.Errorf("%s: %d ledger entries (%v), want %d", c.name, len(es), err, c.entries)
			}
		}
		// Manual entries: transfers only through Transfer; bad amounts refused.
		for _, in := range []workflow.LedgerInput{{Kind: goumai.LedgerTransferOut, Amount: 1}, {Kind: "x", Amount: 1}, {Kind: goumai.LedgerPay, Amount: 0}} {
			if _, _, err := w.svc.PostLedger(ctx, w.xihuAdmin, l.ID, in); goumai.ErrorCode(err) != goumai.EInvalid {
				t.Errorf("%+v: %v, want invalid", in, err)
			}
		}
		if _, _, err := w.svc.PostLedger(ctx, w.staff, l.ID, workflow.LedgerInput{Kind: goumai.LedgerCommit, Amount: 1}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("purchaser posting: %v, want forbidden", err)
		}
		if _, _, err := w.svc.PostLedger(ctx, w.xihuAdmin, l.ID, workflow.LedgerInput{Kind: goumai.LedgerCommit, Amount: 750_000_01}); goumai.AsError(err).Rule != "ENG-B2" {
			t.Errorf("overdraw: %v, want ENG-B2", err)
		}
		verify(t, s)
	})
}

// sheet builds an .xlsx with the given rows.
func sheet(t testing.TB, rows [][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var headerEN = []any{"MOF_DIV_CODE", "FISCAL_YEAR", "AGENCY_CODE", "DEPT_CODE", "PRO_CODE", "PRO_NAME", "EXP_FUNC_CODE", "GOV_BGT_ECO_CODE",
	"DEP_BGT_ECO_CODE", "FUND_TYPE_CODE", "BGT_ID", "COR_BGT_DOC_NO", "AMT", "FUND_SOURCE", "CATALOG_CODE", "CREDIT_CODE"}

func row(bgtID, name, amt, credit string) []any {
	return []any{"330106", "2026", "106001", "106", "330106260000" + bgtID, name, "2080208", "50502", "30227", "111", bgtID, "西财预〔2026〕8号", amt, "一般公共预算", "A0102", credit}
}

func TestBudgetImportExport(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newBudgetWorld(t, s)
		good := sheet(t, [][]any{headerEN, row("B001", "养老服务", "1,200,000.50", w.minzheng.CreditCode), row("B002", "助餐服务", "300000", ""), {}, row("B003", "社工服务", "0.01", w.minzheng.CreditCode)})
		rows, err := workflow.ParseBudgetXLSX(bytes.NewReader(good))
		if err != nil || len(rows) != 3 || rows[0].Line.Amount != 1_200_000_50 || rows[2].Row != 5 {
			t.Fatalf("parse: %+v %v", rows, err)
		}
		// Row 2 has no credit code and no earlier line with its AGENCY_CODE: the default organisation.
		if _, err := w.svc.ImportBudgetLines(ctx, w.xihuAdmin, rows, 0); goumai.AsError(err).Fields["3.AGENCY_CODE"].ZH == "" {
			t.Fatalf("no default organisation: %v, want a problem on 3.AGENCY_CODE", err)
		}
		lines, err := w.svc.ImportBudgetLines(ctx, w.xihuAdmin, rows, w.minzheng.ID)
		if err != nil || len(lines) != 3 {
			t.Fatalf("import: %v", err)
		}
		// Export, parse again: the same lines.
		views, err := w.svc.BudgetLines(ctx, w.xihuAdmin, sqlstore.BudgetLineFilter{Region: "330106"})
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := workflow.WriteBudgetXLSX(&out, views, map[int64]string{w.minzheng.ID: w.minzheng.CreditCode}); err != nil {
			t.Fatal(err)
		}
		again, err := workflow.ParseBudgetXLSX(&out)
		if err != nil || len(again) != len(rows) {
			t.Fatalf("re-parse export: %d rows %v", len(again), err)
		}
		for i := range rows {
			want := rows[i].Line
			want.CreditCode, want.OrgID = w.minzheng.CreditCode, 0 // the import resolved the organisation in place
			if got := again[i].Line; got != want {
				t.Errorf("round trip row %d:\n got %+v\nwant %+v", i, got, want)
			}
		}
		// Chinese headers are accepted.
		zh := []any{"财政区划代码", "预算年度", "单位代码", "项目名称", "指标ID", "金额（元）"}
		if rs, err := workflow.ParseBudgetXLSX(bytes.NewReader(sheet(t, [][]any{zh, {"330106", "2026", "106001", "宣传服务", "B009", "12.5"}}))); err != nil || rs[0].Line.Amount != 1250 || rs[0].Line.Name != "宣传服务" {
			t.Errorf("chinese header: %+v %v", rs, err)
		}
		// Bad rows: every problem with its row and column, nothing imported.
		bad := sheet(t, [][]any{headerEN,
			row("C001", "小数", "1.001", ""),
			row("C002", "负数", "-5", ""),
			append(row("C003", "年份", "1", "")[:1:1], append([]any{"26"}, row("C003", "年份", "1", "")[2:]...)...),
			row("C004", "溢出", "99999999999999999", ""),
			row("B001", "已导入", "1", ""),
			row("C004", "重复", "1", ""),
			row("C005", "", "1", ""),
		})
		before := treeSize(t, s)
		rs, err := workflow.ParseBudgetXLSX(bytes.NewReader(bad))
		if err == nil {
			_, err = w.svc.ImportBudgetLines(ctx, w.xihuAdmin, rs, w.minzheng.ID)
		}
		got := goumai.AsError(err).Fields
		for _, k := range []string{"2.AMT", "3.AMT", "4.FISCAL_YEAR", "5.AMT", "8.PRO_NAME"} {
			if got[k].ZH == "" || !strings.Contains(got[k].ZH, fmt.Sprintf("第%s行", strings.Split(k, ".")[0])) {
				t.Errorf("bad sheet: no problem on %s in %v", k, got)
			}
		}
		// The parse-level problems stop before the store; the rest are checked against it.
		rs, err = workflow.ParseBudgetXLSX(bytes.NewReader(sheet(t, [][]any{headerEN, row("B001", "已导入", "1", ""), row("D1", "甲", "1", ""), row("D1", "乙", "1", ""),
			row("D2", "外区", "1", w.gongshu.CreditCode), row("D3", "无此单位", "1", code(t, "330106", "00209999X"))})))
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.svc.ImportBudgetLines(ctx, w.xihuAdmin, rs, w.minzheng.ID)
		got = goumai.AsError(err).Fields
		for _, k := range []string{"2.BGT_ID", "4.BGT_ID", "5.AGENCY_CODE", "6.CREDIT_CODE"} {
			if got[k].ZH == "" {
				t.Errorf("store checks: no problem on %s in %v", k, got)
			}
		}
		if got["3.BGT_ID"].ZH != "" {
			t.Errorf("row 3 is fine, got %v", got["3.BGT_ID"])
		}
		if treeSize(t, s) != before {
			t.Error("a refused import wrote events")
		}
		// Not a spreadsheet; too large.
		if _, err := workflow.ParseBudgetXLSX(strings.NewReader("PK not really")); goumai.AsError(err).Fields["file"].ZH == "" {
			t.Errorf("garbage: %v", err)
		}
		if _, err := workflow.ParseBudgetXLSX(bytes.NewReader(make([]byte, workflow.MaxImportBytes+1))); goumai.AsError(err).Fields["file"].EN != "the file is larger than the 10 MB limit" {
			t.Errorf("too large: %v", err)
		}
		verify(t, s)
	})
}

// feeLines creates the two lines of a 费随事转: the institution's (¥500,000)
// and its purchaser's for the service (¥100,000, earmarked for A010203).
func (w *budgetWorld) feeLines(t *testing.T) (instLine, buyer goumai.BudgetLine) {
	t.Helper()
	ctx := context.Background()
	instLine, err := w.svc.CreateBudgetLine(ctx, w.xihuAdmin, lineInput(w.institute.ID, "社会福利中心基本支出", "F-1", 500_000_00))
	if err != nil {
		t.Fatal(err)
	}
	buyLine := lineInput(w.minzheng.ID, "购买居家养老服务", "F-2", 100_000_00)
	buyLine.CatalogCode = "A010203"
	if buyer, err = w.svc.CreateBudgetLine(ctx, w.xihuAdmin, buyLine); err != nil {
		t.Fatal(err)
	}
	return instLine, buyer
}

func TestFeeFollowsFunction(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newBudgetWorld(t, s)
		instLine, buyer := w.feeLines(t)
		// Bad functions.
		for _, in := range []workflow.FunctionInput{
			{OrgID: w.minzheng.ID, Name: "不是事业单位", CatalogCode: "A0102", FundedPosts: 1},
			{OrgID: w.institute.ID, Name: "", CatalogCode: "A0102"},
			{OrgID: w.institute.ID, Name: "负编制", CatalogCode: "A0102", FundedPosts: -1},
			{OrgID: w.institute.ID, Name: "无代码", FundedPosts: 1},
			{OrgID: w.institute.ID, Name: "负费用", CatalogCode: "A0102", AnnualCost: -1},
		} {
			if _, err := w.svc.CreateFunction(ctx, w.xihuAdmin, in); goumai.ErrorCode(err) != goumai.EInvalid {
				t.Errorf("%+v: %v, want invalid", in, err)
			}
		}
		if _, err := w.svc.CreateFunction(ctx, w.staff, workflow.FunctionInput{OrgID: w.institute.ID, Name: "x", CatalogCode: "A0102"}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("purchaser recording a function: %v", err)
		}
		fn, err := w.svc.CreateFunction(ctx, w.xihuAdmin, workflow.FunctionInput{OrgID: w.institute.ID, Name: "居家养老上门服务", CatalogCode: "A0102", FundedPosts: 6, AnnualCost: 300_000_00})
		if err != nil {
			t.Fatal(err)
		}
		// 两头占: the purchaser's tree, the code or below it; not another purchaser, not another item.
		for _, c := range []struct {
			org  int64
			code string
			n    int
		}{{w.minzheng.ID, "A0102", 1}, {w.minzheng.ID, "A010203", 1}, {w.minzheng.ID, "A01", 0}, {w.minzheng.ID, "A0201", 0}, {w.gongshu.ID, "A0102", 0}, {w.institute.ID, "A0102", 1}} {
			if got, err := s.DoubleFunded(ctx, c.org, c.code); err != nil || len(got) != c.n {
				t.Errorf("DoubleFunded(%d, %s) = %v %v, want %d", c.org, c.code, got, err, c.n)
			}
		}
		cases, err := w.svc.DoubleFundedCases(ctx, "330100")
		if err != nil || len(cases) != 1 || cases[0].Purchaser.ID != w.minzheng.ID || cases[0].Line.ID != buyer.ID {
			t.Errorf("cases = %+v %v", cases, err)
		}
		// Refusals: overdraw (ENG-B2), a receiving institution (ENG-A1), the wrong source.
		before := treeSize(t, s)
		for _, c := range []struct {
			in   workflow.TransferInput
			code goumai.Code
			rule string
		}{
			{workflow.TransferInput{FromLine: instLine.ID, ToLine: buyer.ID, Amount: 500_000_01, FunctionID: fn.ID}, goumai.EFunds, "ENG-B2"},
			{workflow.TransferInput{FromLine: buyer.ID, ToLine: instLine.ID, Amount: 1, FunctionID: fn.ID}, goumai.EInvalid, "ENG-A1"},
			{workflow.TransferInput{FromLine: instLine.ID, ToLine: instLine.ID, Amount: 1}, goumai.EInvalid, ""},
			{workflow.TransferInput{FromLine: instLine.ID, ToLine: 99999, Amount: 1}, goumai.EInvalid, ""},
			{workflow.TransferInput{FromLine: instLine.ID, ToLine: buyer.ID, Amount: -1}, goumai.EInvalid, ""},
		} {
			_, err := w.svc.RequestTransfer(ctx, w.xihuAdmin, c.in)
			if e := goumai.AsError(err); e.Code != c.code || e.Rule != c.rule {
				t.Errorf("%+v: %v, want %s %s", c.in, err, c.code, c.rule)
			}
		}
		if _, err := w.svc.RequestTransfer(ctx, w.staff, workflow.TransferInput{FromLine: instLine.ID, ToLine: buyer.ID, Amount: 1}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("purchaser transferring: %v", err)
		}
		if treeSize(t, s) != before {
			t.Error("a refused transfer wrote events")
		}
		// The request posts nothing; its requester cannot approve it, even holding the approver role.
		tr, err := w.svc.RequestTransfer(ctx, w.xihuAdmin, workflow.TransferInput{FromLine: instLine.ID, ToLine: buyer.ID, Amount: 300_000_00, FunctionID: fn.ID, Memo: "费随事转"})
		if err != nil {
			t.Fatal(err)
		}
		if tr.Status != goumai.TransferRequested || mustBalance(t, s, instLine.ID).Appropriated != 500_000_00 {
			t.Errorf("after the request: %+v, institution %+v", tr, mustBalance(t, s, instLine.ID))
		}
		both := w.xihuAdmin
		both.Roles = append(both.Roles, goumai.RoleFinanceApprover)
		_, err = w.svc.DecideTransfer(ctx, both, tr.ID, workflow.TransferDecision{Approve: true})
		if e := goumai.AsError(err); e.Code != goumai.EForbidden || e.Rule != goumai.RuleSeparation {
			t.Errorf("the requester approving its own transfer: %v, want forbidden %s", err, goumai.RuleSeparation)
		}
		if _, err := w.svc.DecideTransfer(ctx, w.xihuAdmin, tr.ID, workflow.TransferDecision{Approve: true}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("an administrator without the approver role approving: %v", err)
		}
		if _, err := w.svc.DecideTransfer(ctx, w.approver, tr.ID, workflow.TransferDecision{Approve: false}); goumai.ErrorCode(err) != goumai.EInvalid {
			t.Errorf("refusing without an opinion: %v", err)
		}
		if tr, err = w.svc.DecideTransfer(ctx, w.approver, tr.ID, workflow.TransferDecision{Approve: true, Opinion: "同意"}); err != nil {
			t.Fatal(err)
		}
		if tr.Status != goumai.TransferPosted || tr.DecidedBy != w.approver.UserID {
			t.Errorf("approved transfer: %+v", tr)
		}
		if _, err := w.svc.DecideTransfer(ctx, w.approver, tr.ID, workflow.TransferDecision{Approve: true}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("deciding twice: %v", err)
		}
		if b := mustBalance(t, s, instLine.ID); b.Appropriated != 200_000_00 {
			t.Errorf("institution after transfer: %+v", b)
		}
		if b := mustBalance(t, s, buyer.ID); b.Appropriated != 400_000_00 {
			t.Errorf("purchaser after transfer: %+v", b)
		}
		if f, err := s.Function(ctx, fn.ID); err != nil || !f.Transferred || f.TransferID != tr.ID {
			t.Errorf("function after transfer: %+v %v", f, err)
		}
		if got, err := s.DoubleFunded(ctx, w.minzheng.ID, "A0102"); err != nil || len(got) != 0 {
			t.Errorf("still double funded after 费随事转: %v %v", got, err)
		}
		if _, err := w.svc.RequestTransfer(ctx, w.xihuAdmin, workflow.TransferInput{FromLine: instLine.ID, ToLine: buyer.ID, Amount: 1, FunctionID: fn.ID}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("second 费随事转: %v", err)
		}
		// A refused transfer posts nothing.
		ref, err := w.svc.RequestTransfer(ctx, w.xihuAdmin, workflow.TransferInput{FromLine: instLine.ID, ToLine: buyer.ID, Amount: 1_000_00})
		if err != nil {
			t.Fatal(err)
		}
		if ref, err = w.svc.DecideTransfer(ctx, w.approver, ref.ID, workflow.TransferDecision{Opinion: "依据不足"}); err != nil || ref.Status != goumai.TransferRefused {
			t.Fatalf("refuse: %+v %v", ref, err)
		}
		if b := mustBalance(t, s, instLine.ID); b.Appropriated != 200_000_00 {
			t.Errorf("institution after a refused transfer: %+v", b)
		}
		// Both entries carry the transfer and are public.
		for _, id := range []int64{instLine.ID, buyer.ID} {
			es, err := w.svc.Ledger(ctx, goumai.Actor{}, id, 0, 1)
			if err != nil || len(es) != 1 || es[0].Transfer != tr.ID {
				t.Errorf("line %d public ledger: %+v %v", id, es, err)
			}
		}
		verify(t, s)
	})
}

func mustBalance(t *testing.T, s *sqlstore.Store, line int64) goumai.Balance {
	t.Helper()
	b, err := s.Balance(context.Background(), line)
	if err != nil {
		t.Fatalf("balance of line %d: %v", line, err)
	}
	return b
}
