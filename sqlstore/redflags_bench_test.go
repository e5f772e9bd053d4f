package sqlstore_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/redflag"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// benchProcess returns the five releases of a synthetic process: planning,
// tender, award, contract and a payment; buyers, suppliers, budget items and
// amounts drawn so that the rules fire now and then (repeat winners, split
// purchases, prices far above the median, periods too short).
func benchProcess(rng *rand.Rand, p int, first int64) [][]byte {
	ocid := fmt.Sprintf("ocds-gm0000-%d", p)
	buyer := fmt.Sprintf("CN-USCC-11330106%010d", rng.IntN(200))
	supplier := fmt.Sprintf("CN-USCC-91330106%010d", rng.IntN(400))
	ceiling := 50000 + rng.IntN(40)*10000
	award := ceiling * (85 + rng.IntN(15)) / 100
	if rng.IntN(50) == 0 {
		award = ceiling * 4
	}
	month := 1 + rng.IntN(9)
	days := 10 - rng.IntN(2)
	head := func(i int64, date, tag string) string {
		return fmt.Sprintf(`{"ocid":%q,"id":"%s-%d","date":"%s","tag":[%q],"initiationType":"tender","language":"zh"`, ocid, ocid, first+i, date, tag)
	}
	party := fmt.Sprintf(`"parties":[{"id":%q,"name":"采购人","address":{"region":"330106"},"roles":["buyer"]}],"buyer":{"id":%q}`, buyer, buyer)
	d := func(day int) string { return fmt.Sprintf("2026-%02d-%02dT10:00:00+08:00", month, day) }
	return [][]byte{
		[]byte(head(0, d(1), "planning") + "," + party + fmt.Sprintf(`,"planning":{"budget":{"id":"GM-%d","amount":{"amount":%d},"budgetSystem":{"proCode":"P%d"}},"guidanceCatalogue":{"id":"A01%02d"}}}`,
			p, ceiling, rng.IntN(20), rng.IntN(10))),
		[]byte(head(1, d(2), "tender") + fmt.Sprintf(`,"tender":{"status":"active","procurementMethod":"open","procurementMethodDetails":"竞争性磋商","mainProcurementCategory":"services","value":{"amount":%d},"tenderPeriod":{"startDate":"%s","endDate":"%s"}}}`,
			ceiling, d(2), d(2+days))),
		[]byte(head(2, d(15), "award") + fmt.Sprintf(`,"awards":[{"id":"award-%d","status":"active","date":"%s","value":{"amount":%d},"suppliers":[{"id":%q}]}]}`, p, d(15), award, supplier)),
		[]byte(head(3, d(18), "contract") + fmt.Sprintf(`,"contracts":[{"id":"contract-%d","awardID":"award-%d","status":"active","value":{"amount":%d},"dateSigned":"%s"}]}`, p, p, award, d(18))),
		[]byte(head(4, d(25), "implementation") + fmt.Sprintf(`,"contracts":[{"id":"contract-%d","awardID":"award-%d","implementation":{"transactions":[{"id":"payment-%d","date":"%s","value":{"amount":%d}}]}}]}`, p, p, p, d(25), award/2)),
	}
}

// fillBenchReleases appends the releases of n synthetic processes to the log
// (events without tree hashes, as sqltest.FillReleases does) and returns the
// bulk file of them.
func fillBenchReleases(b testing.TB, s *sqlstore.Store, n int) []byte {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	var bulk bytes.Buffer
	tx, err := s.DB().BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	var head int64
	sqltest.Must(b, tx.QueryRowContext(ctx, `SELECT size FROM log_head WHERE id = 1`).Scan(&head))
	idx := head
	for p := 1; p <= n; p++ {
		for _, body := range benchProcess(rng, p, idx) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO events (id, at, actor, region, action, object_type, object_id, public, created, state, hashes)
				VALUES ($1, '2026-03-02T01:00:00.000000Z', 'system', '330106', 'project.approve', 'projects', $2, TRUE, FALSE, '{}', $3)`,
				idx, fmt.Sprint(p), []byte{}); err != nil {
				b.Fatal(err)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO ocds_releases (log_index, ocid, release_id, date, tags, region, year, body)
				VALUES ($1, $2, $3, '2026-03-02T09:00:00+08:00', 'planning', '330106', 2026, $4)`,
				idx, fmt.Sprintf("ocds-gm0000-%d", p), fmt.Sprintf("ocds-gm0000-%d-%d", p, idx), string(body)); err != nil {
				b.Fatal(err)
			}
			bulk.Write(body)
			bulk.WriteByte('\n')
			idx++
		}
	}
	if s.Dialect() == sqlstore.Postgres {
		if _, err := tx.ExecContext(ctx, `UPDATE log_head SET size = $1 WHERE id = 1`, idx); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	return bulk.Bytes()
}

// BenchmarkRedFlags (issue 12): the red flags of a province-year of n
// synthetic processes (five releases each), computed three ways on the same
// data in the same run: one release's incremental update (its process
// recompiled from its releases, its groups re-decided from their members'
// stored facts, flags reconciled: what every published release costs), the
// full recompute from the bulk file (goumai indicators --goumai), and the
// full recompute in the store (RecomputeRedFlags from empty tables).
func BenchmarkRedFlags(b *testing.B) {
	for _, n := range []int{2000, 10000} {
		sqltest.EachBench(b, func(b *testing.B, s *sqlstore.Store, clock *goumai.FakeClock) {
			ctx := context.Background()
			bulk := fillBenchReleases(b, s, n)
			params := s.RedFlagParams(ctx)
			b.Run(fmt.Sprintf("processes=%d/full-file", n), func(b *testing.B) {
				b.SetBytes(int64(len(bulk)))
				for b.Loop() {
					if _, err := redflag.NewEngine(params).Recompute(bytes.NewReader(bulk)); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("processes=%d/full-store", n), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					b.StopTimer()
					for _, t := range []string{"red_flags", "red_flag_groups", "red_flag_processes"} {
						if _, err := s.DB().ExecContext(ctx, `DELETE FROM `+t); err != nil {
							b.Fatal(err)
						}
					}
					b.StartTimer()
					if err := s.RecomputeRedFlags(ctx); err != nil {
						b.Fatal(err)
					}
				}
			})
			var flags int
			sqltest.Must(b, s.DB().QueryRowContext(ctx, `SELECT count(*) FROM red_flags WHERE state = 'active'`).Scan(&flags))
			b.Logf("%d processes, %d releases, %d active flags", n, 5*n, flags)
			rng := rand.New(rand.NewPCG(3, 4))
			for _, kind := range []string{"baseline-append-only", "payment", "award"} {
				b.Run(fmt.Sprintf("processes=%d/incremental-per-release/%s", n, kind), func(b *testing.B) {
					const perOp = 50 // releases per iteration, so that -benchtime 3x still averages many
					for b.Loop() {
						for range perOp {
							if err := benchAppend(ctx, s, rng, n, kind); err != nil {
								b.Fatal(err)
							}
						}
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*perOp), "ns/release")
				})
			}
		})
	}
}

// benchAppend writes a further payment of a random process (its process
// rules re-decided; no group reads payments), or a changed award value (its
// groups re-decided too: the catalogue item's prices in the prefecture, the
// purchaser's winners, the supplier's grades); the baseline writes the
// payment's event and release without the red-flag update.
func benchAppend(ctx context.Context, s *sqlstore.Store, rng *rand.Rand, n int, kind string) error {
	p := 1 + rng.IntN(n)
	ocid := fmt.Sprintf("ocds-gm0000-%d", p)
	err := appendReleaseFlags(ctx, s, ocid, func(idx int64) string {
		if kind == "award" {
			return fmt.Sprintf(`{"ocid":%q,"id":"%s-%d","date":"2026-12-01T10:00:00+08:00","tag":["awardUpdate"],"awards":[{"id":"award-%d","value":{"amount":%d}}]}`,
				ocid, ocid, idx, p, 50000+rng.IntN(400000))
		}
		return fmt.Sprintf(`{"ocid":%q,"id":"%s-%d","date":"2026-12-01T10:00:00+08:00","tag":["implementation"],"contracts":[{"id":"contract-%d","awardID":"award-%d","implementation":{"transactions":[{"id":"payment-x%d","date":"2026-12-01T10:00:00+08:00","value":{"amount":100}}]}}]}`,
			ocid, ocid, idx, p, p, idx)
	}, kind != "baseline-append-only")
	return err
}

// appendRelease writes one release of ocid at the log's next index (its
// body made from the index), as the release hook would, and updates the red
// flags in the same transaction.
func appendRelease(ctx context.Context, s *sqlstore.Store, ocid string, body func(idx int64) string) error {
	return appendReleaseFlags(ctx, s, ocid, body, true)
}

// appendReleaseFlags is appendRelease, without the red-flag update when
// flags is false (the benchmark's baseline).
func appendReleaseFlags(ctx context.Context, s *sqlstore.Store, ocid string, body func(idx int64) string, flags bool) error {
	return appendReleaseIn(ctx, s, "330106", ocid, body, flags)
}

// appendReleaseIn is appendReleaseFlags for a process of the given region.
func appendReleaseIn(ctx context.Context, s *sqlstore.Store, region, ocid string, body func(idx int64) string, flags bool) error {
	return s.Update(ctx, func(tx *sqlstore.Tx) error {
		var idx int64
		if err := sqlstore.TxSQL(tx).QueryRowContext(ctx, `SELECT size FROM log_head WHERE id = 1`).Scan(&idx); err != nil {
			return err
		}
		if _, err := sqlstore.TxSQL(tx).ExecContext(ctx, `INSERT INTO events (id, at, actor, region, action, object_type, object_id, public, created, state, hashes)
			VALUES ($1, '2026-12-01T02:00:00.000000Z', 'system', $4, 'payment.paid', 'payments', $2, TRUE, TRUE, '{}', $3)`, idx, fmt.Sprint(idx), []byte{}, region); err != nil {
			return err
		}
		if _, err := sqlstore.TxSQL(tx).ExecContext(ctx, `INSERT INTO ocds_releases (log_index, ocid, release_id, date, tags, region, year, body)
			VALUES ($1, $2, $3, '2026-12-01T10:00:00+08:00', 'implementation', $5, 2026, $4)`, idx, ocid, fmt.Sprintf("%s-%d", ocid, idx), body(idx), region); err != nil {
			return err
		}
		if s.Dialect() == sqlstore.Postgres {
			if _, err := sqlstore.TxSQL(tx).ExecContext(ctx, `UPDATE log_head SET size = $1 WHERE id = 1`, idx+1); err != nil {
				return err
			}
		}
		if !flags {
			return nil
		}
		return sqlstore.UpdateRedFlags(ctx, tx, []string{ocid})
	})
}
