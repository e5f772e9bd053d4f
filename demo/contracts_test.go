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
// budget line.
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
	obligated := goumai.Fen(0)
	es, err := s.LedgerEntries(ctx, sqlstore.LedgerFilter{ProjectID: p.ProjectID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if e.Kind == goumai.LedgerObligate {
			obligated += e.Amount
		}
	}
	if obligated != c.Amount {
		t.Errorf("obligated %d for the demo contract of %d", obligated, c.Amount)
	}
}
