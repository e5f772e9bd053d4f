package sqlstore_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// benchOrg is the row both benchmarks insert: a realistic organisation.
func benchOrg(i int) goumai.Org {
	return goumai.Org{Name: fmt.Sprintf("杭州市西湖区第%d社会工作服务中心", i), Kind: goumai.KindSocialOrg, Region: "330106", Active: true}
}

// benchStores runs b on SQLite and, when configured, PostgreSQL.
func benchStores(b *testing.B, fn func(b *testing.B, s *sqlstore.Store)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, sqltest.SQLite(b, goumai.NewFakeClock(sqltest.Start))) })
	b.Run("postgres", func(b *testing.B) { fn(b, sqltest.Postgres(b, goumai.NewFakeClock(sqltest.Start))) })
}

// bareInsert is the baseline: a bare database/sql transaction inserting the same
// row, with no event, no log and no state read-back.
// With st set, the insert runs through that prepared statement.
func bareInsert(ctx context.Context, s *sqlstore.Store, st *sql.Stmt, i int) error {
	o := benchOrg(i)
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	args := []any{o.Name, string(o.Kind), o.Region, false, true, "2026-03-02T01:00:00.000000Z"}
	if st != nil {
		_, err = tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	} else {
		_, err = tx.ExecContext(ctx, bareSQL, args...)
	}
	if err != nil {
		return err
	}
	return tx.Commit()
}

const bareSQL = `INSERT INTO orgs (name, kind, class, staffing, region, finance_dept, active, created_at) VALUES ($1, $2, '', '', $3, $4, $5, $6)`

// eventAppend is the same transaction through goumai: the row, its event and its
// Merkle-log leaf (what every use case does).
func eventAppend(ctx context.Context, s *sqlstore.Store, i int) error {
	return s.Update(ctx, func(tx *sqlstore.Tx) error {
		id, err := tx.InsertOrg(ctx, benchOrg(i))
		if err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "org.create", Table: "orgs", Key: id, Region: "330106", Public: true})
		return err
	})
}

// BenchmarkEventAppendVsBare alternates the two transactions in one loop, so
// both see the same machine load, and reports each one's time and the rate
// ratio (event appends per second / bare inserts per second; target ≥ 0.5).
func BenchmarkEventAppendVsBare(b *testing.B) {
	benchStores(b, func(b *testing.B, s *sqlstore.Store) {
		ctx := context.Background()
		st, err := s.DB().PrepareContext(ctx, bareSQL)
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		var bare, prepared, event time.Duration
		n := 0
		for i := 0; b.Loop(); i++ {
			t0 := time.Now()
			if err := bareInsert(ctx, s, nil, 3*i); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if err := bareInsert(ctx, s, st, 3*i+1); err != nil {
				b.Fatal(err)
			}
			t2 := time.Now()
			if err := eventAppend(ctx, s, 3*i+2); err != nil {
				b.Fatal(err)
			}
			bare += t1.Sub(t0)
			prepared += t2.Sub(t1)
			event += time.Since(t2)
			n++
		}
		b.ReportMetric(float64(bare.Nanoseconds())/float64(n), "bare-ns/op")
		b.ReportMetric(float64(prepared.Nanoseconds())/float64(n), "bare-prepared-ns/op")
		b.ReportMetric(float64(event.Nanoseconds())/float64(n), "event-ns/op")
		b.ReportMetric(float64(bare)/float64(event), "ratio")
		b.ReportMetric(float64(prepared)/float64(event), "ratio-vs-prepared")
	})
}

// BenchmarkVerify measures `goumai log verify` over a log of n events, beside a
// bare SHA-256 over the same leaf bytes (reported as the sha256-MB/s metric).
func BenchmarkVerify(b *testing.B) {
	const n = 20000
	benchStores(b, func(b *testing.B, s *sqlstore.Store) {
		ctx := context.Background()
		for done := 0; done < n; {
			err := s.Update(ctx, func(tx *sqlstore.Tx) error {
				for j := 0; j < 500; j++ {
					id, err := tx.InsertOrg(ctx, benchOrg(done+j))
					if err != nil {
						return err
					}
					if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "org.create", Table: "orgs", Key: id, Region: "330106", Public: true}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
			done += 500
		}
		if _, err := s.Checkpoint(ctx); err != nil {
			b.Fatal(err)
		}
		size := mustTreeSize(b, s)
		leaves, err := s.ReadEntries(ctx, 0, size)
		if err != nil {
			b.Fatal(err)
		}
		var total int64
		for _, l := range leaves {
			total += int64(len(l))
		}
		b.SetBytes(total)
		var verify, hash time.Duration
		for b.Loop() {
			t0 := time.Now()
			rep, err := s.Verify(ctx, nil)
			if err != nil || !rep.OK() {
				b.Fatal(err, rep.Problems)
			}
			t1 := time.Now()
			// Baseline in the same run: SHA-256 over the same bytes.
			for _, l := range leaves {
				sha256.Sum256(l)
			}
			verify += t1.Sub(t0)
			hash += time.Since(t1)
		}
		b.ReportMetric(float64(size), "events")
		b.ReportMetric(float64(total)/1e6/verify.Seconds()*float64(b.N), "verify-MB/s")
		b.ReportMetric(float64(size)/verify.Seconds()*float64(b.N), "verify-events/s")
		b.ReportMetric(float64(total)/1e6/hash.Seconds()*float64(b.N), "sha256-MB/s")
		b.ReportMetric(hash.Seconds()/verify.Seconds(), "ratio")
	})
}

// BenchmarkInclusionProofDB measures inclusion-proof generation from the
// database's stored hashes (as /api/v1/log/proof/inclusion does) in a log of
// 1,000,000 events, beside the same proof at 1,000 events in the same run.
func BenchmarkInclusionProofDB(b *testing.B) {
	ctx := context.Background()
	s := sqltest.SQLite(b, goumai.NewFakeClock(sqltest.Start))
	grow := func(to int64) {
		for {
			size, err := s.TreeSize(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if size >= to {
				return
			}
			n := min(to-size, 5000)
			err = s.Update(ctx, func(tx *sqlstore.Tx) error {
				for i := int64(0); i < n; i++ {
					if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "region.load", Table: "regions", Key: "330106", Region: "330106", Public: true}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, size := range []int64{1000, 1_000_000} {
		grow(size)
		b.Run(fmt.Sprintf("leaves=%d", size), func(b *testing.B) {
			r := s.HashReader(ctx)
			for i := int64(0); b.Loop(); i++ {
				leaf := (i * 7919) % size
				if _, err := tlog.ProveRecord(size, leaf, r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
