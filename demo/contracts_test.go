package demo

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// checkDemoContract: the demo's 磋商 with two has its contract in force,
// signed by both parties over its hash, with four milestones summing to its
// amount, entered for statistics, and its amount obligated on the project's
// budget line; its first milestone delivered (ledger entries, a complaint
// answered), accepted with a service users' representative and paid.
func checkDemoContract(t *testing.T, s *sqlstore.Store, p goumai.Procurement) {
	t.Helper()
	ctx := context.Background()
	cs, err := s.Contracts(ctx, p.ID)
	if err != nil || len(cs) != 1 {
		t.Fatalf("contracts of %s: %+v %v", p.Title, cs, err)
	}
	c, err := s.Contract(ctx, cs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != goumai.ContractSigned || c.Hash != c.ComputeHash() || c.StatsEnteredAt == nil || c.NoticeID == 0 {
		t.Errorf("the demo contract: %+v", c)
	}
	var sum goumai.Fen
	for _, m := range c.Milestones {
		sum += m.Amount
	}
	if len(c.Milestones) != 4 || sum != c.Amount {
		t.Errorf("the demo contract's milestones: %+v (sum %d of %d)", c.Milestones, sum, c.Amount)
	}
	if m := c.Milestones[0]; m.Status != goumai.MilestoneAccepted || c.Milestones[1].Status != goumai.MilestonePending {
		t.Errorf("the demo contract's first milestone %+v", c.Milestones)
	}
	ps, err := s.ContractPayments(ctx, c.ID)
	if err != nil || len(ps) != 1 || ps[0].Status != goumai.PaymentPaid || ps[0].Amount != c.Milestones[0].Amount {
		t.Errorf("the demo contract's payments %+v %v", ps, err)
	}
	ns, err := s.Notices(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[goumai.NoticeKind]bool{}
	for _, n := range ns {
		kinds[n.Kind] = true
	}
	if !kinds[goumai.NoticeContract] || !kinds[goumai.NoticeAcceptance] {
		t.Errorf("the demo contract's notices: %v", kinds)
	}
	var paid goumai.Fen
	obligated := goumai.Fen(0)
	es, err := s.LedgerEntries(ctx, sqlstore.LedgerFilter{ProjectID: p.ProjectID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		switch e.Kind {
		case goumai.LedgerObligate:
			obligated += e.Amount
		case goumai.LedgerPay:
			paid += e.Amount
		}
	}
	if obligated != c.Amount || paid != c.Milestones[0].Amount {
		t.Errorf("obligated %d and paid %d for the demo contract of %d", obligated, paid, c.Amount)
	}
}
