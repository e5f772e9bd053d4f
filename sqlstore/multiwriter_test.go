package sqlstore_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestTwoProcesses: two stores on one database (as `goumai serve` and a
// `goumai demo --scale` running beside it) append to the log in turns and
// concurrently; each one's remembered head goes stale and must be refreshed,
// never leaving a gap or a duplicate leaf.
func TestTwoProcesses(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, a *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		b, err := sqlstore.Open(ctx, a.DSN(), sqlstore.Options{Clock: clock, LogOrigin: "goumai.test/log"})
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		if _, err := b.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		write := func(s *sqlstore.Store, i int) error {
			return s.Update(ctx, func(tx *sqlstore.Tx) error {
				id, err := tx.InsertOrg(ctx, goumai.Org{Name: fmt.Sprintf("第%d服务中心", i), Kind: goumai.KindSocialOrg, Region: "330106", Active: true})
				if err != nil {
					return err
				}
				_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "org.create", Table: "orgs", Key: id, Region: "330106", Public: true})
				return err
			})
		}
		for i := 0; i < 20; i++ { // in turns: every write finds the other's head moved
			s := a
			if i%2 == 1 {
				s = b
			}
			if err := write(s, i); err != nil {
				t.Fatalf("write %d: %v", i, err)
			}
		}
		var wg sync.WaitGroup
		errs := make(chan error, 40)
		for i := 0; i < 40; i++ { // concurrently
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				s := a
				if i%2 == 1 {
					s = b
				}
				errs <- write(s, 100+i)
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent write: %v", err)
			}
		}
		if _, err := a.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		rep, err := b.Verify(ctx, nil)
		if err != nil || !rep.OK() {
			t.Fatalf("verify: %v %v", err, rep.Problems)
		}
	})
}
