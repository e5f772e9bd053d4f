package workflow_test

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// The check reads the grades received from other instances for the
// supplier's credit code, and keeps the poor ones with their evidence.
func TestPoorGradesElsewhereStore(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		for _, q := range []string{
			`INSERT INTO fed_grades (publisher, contract_id, log_index, region, supplier_code, supplier_name, grade, score) VALUES ('js', 'contract-7', 4316, '320100', '91330106MA2B000001', '某公司', 'poor', 5200)`,
			`INSERT INTO fed_grades (publisher, contract_id, log_index, region, supplier_code, supplier_name, grade, score) VALUES ('js', 'contract-8', 4400, '320100', '91330106MA2B000001', '某公司', 'good', 8200)`,
			`INSERT INTO fed_grades (publisher, contract_id, log_index, region, supplier_code, supplier_name, grade, score) VALUES ('ah', 'contract-1', 12, '340100', '91340100MA2C000002', '另一公司', 'poor', 4000)`,
		} {
			if _, err := s.DB().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		got, err := w.svc.PoorGradesElsewhere(ctx, "91330106MA2B000001")
		if err != nil || len(got) != 1 || got[0].Source != "js" || got[0].LogIndex != 4316 || got[0].Region != "320100" {
			t.Fatalf("got %+v, %v; want js's poor grade, entry 4316", got, err)
		}
		if got, err := w.svc.PoorGradesElsewhere(ctx, "91110000MA2D000003"); err != nil || len(got) != 0 {
			t.Errorf("a supplier without received grades: %+v, %v", got, err)
		}
	})
}
