package e2e

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
)

// budgetSheet writes a small budget export of the integrated budget system to
// a file for the browser to upload.
func budgetSheet(t *testing.T, rows ...[]any) string {
	t.Helper()
	f := excelize.NewFile()
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "budget.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBrowserBudgetImport uploads an .xlsx through the staff page's multipart
// form, as a finance officer does: the session's CSRF token travels in the
// multipart body and the lines are imported.
func TestBrowserBudgetImport(t *testing.T) {
	s := projectSite(t)
	ctx := newBrowser(t)
	login(t, ctx, s, "xihu.reviewer", demo.Password)
	open(t, ctx, s, "/staff/budget/import")
	file := budgetSheet(t,
		[]any{"MOF_DIV_CODE", "FISCAL_YEAR", "AGENCY_CODE", "PRO_NAME", "BGT_ID", "AMT", "CREDIT_CODE"},
		[]any{"330106", 2026, "106001", "2026年社区助残服务", "330106-2026-0199", "88000.50", ""},
		[]any{"330106", 2026, "106001", "2026年社区康复服务", "330106-2026-0198", "120000", ""},
	)
	org := orgID(t, s, "杭州市西湖区民政局")
	do(t, ctx, "choose the file",
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{file}),
		chromedp.SendKeys(chromedp.ID("default_org_id"), fmt.Sprint(org)))
	if status := follow(t, ctx, "import", chromedp.Submit(chromedp.ID("file"))); status != 200 {
		t.Fatalf("import: status %d, want 200 (%s)", status, text(t, ctx, "main"))
	}
	if got := text(t, ctx, "#import-done"); !strings.Contains(got, "2") {
		t.Fatalf("after the upload: %q; the page says %q", got, text(t, ctx, "main"))
	}
	screenshot(t, ctx, "budget-import")
	lines, err := s.Store.FindBudgetLines(ctx, sqlstore.BudgetLineFilter{OrgID: org, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, l := range lines {
		if l.BgtID == "330106-2026-0199" && l.Balance.Appropriated == 8_800_050 || l.BgtID == "330106-2026-0198" {
			found++
		}
	}
	if found != 2 {
		t.Errorf("imported lines in the store: %d of 2", found)
	}
}

// TestBrowserTransferTwoPeople: a finance reviewer requests a transfer; the
// approver finds it on the to-do list and approves it; the requester, holding
// no approver role, is shown why she cannot decide.
func TestBrowserTransferTwoPeople(t *testing.T) {
	s := projectSite(t)
	ctx := newBrowser(t)
	from, to := lineID(t, s, "2026年困难群众救助服务"), lineID(t, s, "2026年居家养老服务补助")
	login(t, ctx, s, "xihu.reviewer", demo.Password)
	open(t, ctx, s, "/staff/budget/transfer")
	do(t, ctx, "fill the transfer",
		chromedp.SendKeys(chromedp.ID("from_line"), fmt.Sprint(from)),
		chromedp.SendKeys(chromedp.ID("to_line"), fmt.Sprint(to)),
		chromedp.SendKeys(chromedp.ID("amount"), "5000"),
		chromedp.SendKeys(chromedp.ID("memo"), "浏览器测试调剂"))
	if status := follow(t, ctx, "request", chromedp.Submit(chromedp.ID("memo"))); status != 200 {
		t.Fatalf("request: status %d", status)
	}
	page := path(t, ctx)
	if !strings.HasPrefix(page, "/staff/budget/transfers/") {
		t.Fatalf("after requesting the browser is at %s: %s", page, text(t, ctx, "main"))
	}
	if got := text(t, ctx, "#cannot-decide"); got == "" {
		t.Error("the requester is not told why she cannot decide")
	}
	login(t, ctx, s, "xihu.approver", demo.Password)
	found := false
	for _, href := range todoLinks(t, ctx, s) {
		found = found || href == page
	}
	if !found {
		t.Fatalf("the approver's to-do list lacks %s", page)
	}
	before, err := s.Store.Balance(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	open(t, ctx, s, page)
	do(t, ctx, "opinion", chromedp.SendKeys(chromedp.ID("opinion"), "同意调剂"))
	click(t, ctx, "approve", `button[value="approve"]`)
	screenshot(t, ctx, "budget-transfer-approved")
	if got := text(t, ctx, "h1"); !strings.Contains(got, "已调剂") {
		t.Errorf("after approval the page says %q", got)
	}
	after, err := s.Store.Balance(ctx, to)
	if err != nil {
		t.Fatal(err)
	}
	if want := before.Appropriated + 5000_00; after.Appropriated != want {
		t.Errorf("receiving line appropriated %s, want %s", after.Appropriated.Yuan(), goumai.Fen(want).Yuan())
	}
}

func orgID(t *testing.T, s site, name string) int64 {
	t.Helper()
	os, err := s.Store.FindOrgs(t.Context(), sqlstore.OrgFilter{Query: name, Limit: 5})
	if err != nil || len(os) == 0 {
		t.Fatalf("organisation %s: %v", name, err)
	}
	return os[0].ID
}

func lineID(t *testing.T, s site, name string) int64 {
	t.Helper()
	ls, err := s.Store.FindBudgetLines(t.Context(), sqlstore.BudgetLineFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if l.Name == name {
			return l.ID
		}
	}
	t.Fatalf("no budget line %s", name)
	return 0
}
