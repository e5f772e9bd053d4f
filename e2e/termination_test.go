package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
)

// TestBrowserTerminatedContract is a contract ended before its term (issue 10
// item 9), in Chromium: the demo's contract of 独居老人探访关爱服务 is in force
// with its first month paid; the purchaser's staff open it from their
// contract list, follow its changes page and propose a termination by
// agreement with reasons; the supplier finds it there and agrees with an
// opinion. The contract is terminated, its unpaid amount released from the
// budget line (ledger deobligate), its 合同解除公告 published with the
// reasons, the public contract page shows it ended, and the log verifies.
func TestBrowserTerminatedContract(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := startSite(t, sealed)
	bg := context.Background()
	cs, err := s.Store.FindContracts(bg, sqlstore.ContractFilter{Region: "330106", Limit: 10})
	if err != nil || len(cs) != 1 || cs[0].Status != goumai.ContractSigned {
		t.Fatalf("the demo's contracts: %+v %v", cs, err)
	}
	c := cs[0]
	supplier := "supplier.kangning"
	if demoActor(t, s, "supplier.xiyanghong").Org.ID == c.SupplierOrgID {
		supplier = "supplier.xiyanghong"
	}
	staffPage, changes := "/staff/contracts/"+itoa(c.ID), "/staff/contracts/"+itoa(c.ID)+"/changes"
	reasons := "因辖区独居老人探访工作并入社区网格化服务，经双方协商一致解除合同，已完成的服务按合同约定结算。"

	login(t, ctx, s, "xihu.minzheng", demo.Password)
	open(t, ctx, s, "/staff/contracts")
	click(t, ctx, "the contract in the list", `a[href="`+staffPage+`"]`)
	click(t, ctx, "the changes link", `#performing a[href="`+changes+`"]`)
	accessible(t, ctx, "the contract's changes page (purchaser)")
	do(t, ctx, "fill the termination",
		chromedp.SetValue(chromedp.CSS(`#terminate-form select[name=ground]`), string(goumai.GroundAgreement)),
		chromedp.SendKeys(chromedp.CSS(`#terminate-form textarea[name=reasons]`), reasons))
	click(t, ctx, "propose the termination", `#terminate-form button[type=submit]`)
	if got := text(t, ctx, "#terminations tbody"); !strings.Contains(got, reasons) {
		t.Fatalf("the proposed termination is not listed: %q", got)
	}
	signOut(t, ctx)

	login(t, ctx, s, supplier, demo.Password)
	open(t, ctx, s, changes)
	screenshot(t, ctx, "contract-termination-supplier")
	do(t, ctx, "agree",
		chromedp.SendKeys(chromedp.CSS(`form.decide-termination textarea[name=opinion]`), "同意解除，已完成服务按约结算。"),
		chromedp.Click(chromedp.CSS(`form.decide-termination input[name=agree][value="1"]`)))
	click(t, ctx, "decide the termination", `form.decide-termination button[type=submit]`)
	signOut(t, ctx)

	got, err := s.Store.Contract(bg, c.ID)
	if err != nil || got.Status != goumai.ContractTerminated {
		t.Fatalf("the contract after its termination: %s %v", got.Status, err)
	}
	ts, err := s.Store.Terminations(bg, c.ID)
	if err != nil || len(ts) != 1 || ts[0].Status != goumai.TerminationConfirmed || ts[0].NoticeID == 0 {
		t.Fatalf("the termination: %+v %v", ts, err)
	}
	var paid, released goumai.Fen
	proc, err := s.Store.Procurement(bg, c.ProcurementID)
	if err != nil {
		t.Fatal(err)
	}
	es, err := s.Store.LedgerEntries(bg, sqlstore.LedgerFilter{ProjectID: proc.ProjectID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		switch e.Kind {
		case goumai.LedgerPay:
			paid += e.Amount
		case goumai.LedgerDeobligate:
			released += e.Amount
		}
	}
	if paid == 0 || released != got.Total()-paid {
		t.Errorf("ledger: paid %d, released %d, contract %d", paid, released, got.Total())
	}

	// The public: the 合同解除公告 with its reasons, the contract page ended.
	open(t, ctx, s, "/notices/"+itoa(ts[0].NoticeID))
	if body := text(t, ctx, "main"); !strings.Contains(body, reasons) || !strings.Contains(body, "解除") {
		t.Errorf("the termination notice: %q", body)
	}
	accessible(t, ctx, "the termination notice")
	open(t, ctx, s, "/contracts/"+itoa(c.ID))
	if body := text(t, ctx, "main"); !strings.Contains(body, "已解除") {
		t.Errorf("the public contract page after the termination: %q", body)
	}
	awLogVerifies(t, s)
}
