package demo

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// benchStores are the databases the benchmarks run on (postgres skips
// without GOUMAI_TEST_POSTGRES).
var benchStores = []struct {
	name string
	open func(testing.TB, goumai.Clock) *sqlstore.Store
}{{"sqlite", sqltest.SQLite}, {"postgres", sqltest.Postgres}}

// BenchmarkLifeCycle: in a demo world loaded once per database (not timed),
// each op of "lifecycle" takes a new project from its application to its
// closure (LifeCycle, two months of the fake clock); each op of "approve",
// the same-run baseline, only applies for a project and has it approved
// (LifeCycle stopped at StageApproved). events/op counts the log leaves an
// op writes (the scheduler's included). Each life cycle moves the clock
// about two months from 2026-03-02: keep -benchtime at 3x or less, or the
// clock leaves the budget year.
func BenchmarkLifeCycle(b *testing.B) {
	for _, db := range benchStores {
		b.Run(db.name, func(b *testing.B) {
			ctx := context.Background()
			clock := goumai.NewFakeClock(sqltest.Start)
			s := db.open(b, clock)
			svc := sealedWorld(b, s)
			n := 0
			run := func(b *testing.B, stop Stage, amount goumai.Fen, metric string) {
				before, err := s.TreeSize(ctx)
				if err != nil {
					b.Fatal(err)
				}
				for range b.N {
					n++
					if _, err := LifeCycle(ctx, svc, clock, LifeCycleSpec{Title: fmt.Sprintf("基准项目%d", n), Stop: stop, Amount: amount}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), metric)
				after, err := s.TreeSize(ctx)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(after-before)/float64(b.N), "events/op")
			}
			b.Run("lifecycle", func(b *testing.B) { run(b, StageClosed, 0, "lifecycles/s") })
			b.Run("approve", func(b *testing.B) { run(b, StageApproved, 1_000_00, "approvals/s") })
		})
	}
}

// BenchmarkDemoLoad: each op loads the demo world (Load: organisations,
// accounts, catalogue, budget, projects, experts and the procedures with
// their eight weeks of history) into a fresh database, opened untimed: at
// sqltest.Start (2026-03-02, no room for the demo year) and at 2026-12-07
// (the demo year's life cycles from 5 January first, demo/year.go).
func BenchmarkDemoLoad(b *testing.B) {
	for _, db := range benchStores {
		for _, at := range []struct {
			name string
			now  time.Time
		}{{"march", sqltest.Start}, {"december", time.Date(2026, 12, 7, 10, 0, 0, 0, goumai.Shanghai)}} {
			b.Run(db.name+"/"+at.name, func(b *testing.B) {
				for range b.N {
					b.StopTimer()
					clock := goumai.NewFakeClock(at.now)
					s := db.open(b, clock)
					b.StartTimer()
					sealedWorld(b, s)
				}
			})
		}
	}
}
