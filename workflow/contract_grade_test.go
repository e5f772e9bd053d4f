package workflow_test

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestContractGrade: a contract has no grade until one is published; a
// re-evaluation replaces it; each write is a public event.
func TestContractGrade(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sc := newContractScene(t, s, clock)
		c := must[goumai.Contract](t, "draft")(sc.svc.DraftContract(ctx, sc.staff, sc.p.ID, sc.lot.ID, workflow.ContractInput{}))
		if _, ok, err := s.ContractGrade(ctx, c.ID); err != nil || ok {
			t.Fatalf("a grade before any evaluation: %v %v", ok, err)
		}
		for i, score := range []int{8550, 9100} {
			g := goumai.ContractGrade{ContractID: c.ID, EvaluationID: int64(i + 1), Score: score, Grade: goumai.GradeFor(score), PublishedAt: clock.Now()}
			if err := s.Update(ctx, func(tx *sqlstore.Tx) error {
				if err := tx.SetContractGrade(ctx, g); err != nil {
					return err
				}
				_, err := tx.Record(ctx, sqlstore.Change{Actor: sc.staff, Action: "contract.grade", Table: "contract_grades", Key: c.ID, Region: c.Region, Public: true})
				return err
			}); err != nil {
				t.Fatal(err)
			}
			got, ok, err := s.ContractGrade(ctx, c.ID)
			if err != nil || !ok || got.Score != score || got.EvaluationID != int64(i+1) || !got.PublishedAt.Equal(clock.Now()) {
				t.Fatalf("grade %d: %+v %v %v", i, got, ok, err)
			}
		}
		if g, _, _ := s.ContractGrade(ctx, c.ID); g.Grade != goumai.GradeExcellent {
			t.Errorf("re-evaluation: grade %s", g.Grade)
		}
	})
}
