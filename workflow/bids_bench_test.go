package workflow_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// burstGoroutines is the burst's parallelism: 16 suppliers at once.
const burstGoroutines = 16

// burstSuppliers is how many suppliers bid on each lot in the deadline burst.
const burstSuppliers = 48

// BenchmarkBidBurst measures bids accepted per second in a deadline burst,
// 16 goroutines at once (RunParallel), beside the bare single-row
// transaction (bareInsertTx) timed in the same run on the same database both
// serially (bare_serial) and with the same 16 goroutines (bare_parallel).
// Sub-benchmarks:
//
//   - submit/1MB_document: one operation is the burst's work — SubmitBid of
//     a draft prepared before the timer by one of 48 suppliers on a lot (a
//     1 MB document uploaded and sealed, the draft saved, its commitment
//     signed; none in submit/no_document):
//     the signature verified, the supplier check written, the related-bidder
//     check against the lot's standing bids, the commitment and its log
//     leaf. Lots fill one after the other, so a lot's last submission is
//     judged against 47 others.
//   - whole_bid: one operation is a whole bid of one of 16 suppliers on one
//     lot, replacing its standing one: the 1 MB document uploaded
//     (none in no_document), the draft saved, the signed submission.
//
// Each reports bids/s, both bare rates, and the ratio against each
// (ratio_serial, ratio_parallel).
func BenchmarkBidBurst(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) {
			clock := goumai.NewFakeClock(sqltest.Start)
			var s *sqlstore.Store
			if db == "sqlite" {
				s = sqltest.SQLite(b, clock)
			} else {
				s = sqltest.Postgres(b, clock)
			}
			ctx := context.Background()
			w := newBidWorld(b, s, clock)
			w.lists(b, nil, nil)
			w.moreBidders(b, burstSuppliers-len(w.bidders))
			p := w.openTender(b, w.approved(b, 50_000_000), at(2026, 3, 30, 9, 30))
			lot := w.lot(b, p)

			// The baselines, first: bare_serial one goroutine, bare_parallel
			// the burst's 16.
			var names atomic.Int64
			var rates [2]float64
			b.Run("bare_serial", func(b *testing.B) {
				for range b.N {
					bareInsert(b, s, int(names.Add(1)))
				}
				rates[0] = float64(b.N) / b.Elapsed().Seconds()
				b.ReportMetric(rates[0], "tx/s")
			})
			b.Run("bare_parallel", func(b *testing.B) {
				b.SetParallelism(burstGoroutines / 2) // GOMAXPROCS 2 → 16 goroutines
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						if err := bareInsertTx(s, int(names.Add(1))); err != nil {
							b.Error(err)
							return
						}
					}
				})
				rates[1] = float64(b.N) / b.Elapsed().Seconds()
				b.ReportMetric(rates[1], "tx/s")
			})
			report := func(b *testing.B) {
				rate := float64(b.N) / b.Elapsed().Seconds()
				b.ReportMetric(rate, "bids/s")
				b.ReportMetric(rates[0], "bare_serial_tx/s")
				b.ReportMetric(rates[1], "bare_parallel_tx/s")
				b.ReportMetric(rate/rates[0], "ratio_serial")
				b.ReportMetric(rate/rates[1], "ratio_parallel")
			}

			doc := append([]byte("%PDF-1.7\n% "), bytes.Repeat([]byte("投标文件内容"), (1<<20)/18)...)
			var seq atomic.Int64
			for _, v := range []struct {
				name string
				doc  []byte
			}{{"submit/1MB_document", doc}, {"submit/no_document", nil}} {
				b.Run(v.name, func(b *testing.B) {
					ready := make([]preparedBid, b.N)
					var lots []burstLot
					for i := range ready {
						if i%burstSuppliers == 0 {
							q := w.openTender(b, w.approved(b, 50_000_000), at(2026, 3, 30, 9, 30))
							lots = append(lots, burstLot{q, w.lot(b, q)})
						}
						l := lots[len(lots)-1]
						bd := w.bidders[i%burstSuppliers]
						d, err := draftBid(ctx, w, bd, l.p, l.lot, v.doc, seq.Add(1))
						if err != nil {
							b.Fatal(err)
						}
						ready[i] = preparedBid{bd, l, bd.sign(b, d)}
					}
					var next, taken atomic.Int64
					workflow.SetTakenHook(w.svc, func() { taken.Add(1) })
					defer workflow.SetTakenHook(w.svc, nil)
					b.SetParallelism(burstGoroutines / 2)
					b.ResetTimer()
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							r := ready[next.Add(1)-1]
							if _, err := w.svc.SubmitBid(ctx, r.bd.Actor, r.l.p.ID, r.l.lot.ID, r.in); err != nil {
								b.Error(err)
								return
							}
						}
					})
					b.StopTimer()
					report(b)
					// The share of submissions whose transaction took the
					// supplier data read before it (bid_prepare.go).
					b.ReportMetric(float64(taken.Load())/float64(b.N), "prepared_taken")
				})
			}
			for _, v := range []struct {
				name string
				doc  []byte
			}{{"whole_bid/1MB_document", doc}, {"whole_bid/no_document", nil}} {
				b.Run(v.name, func(b *testing.B) {
					var next atomic.Int64
					b.SetParallelism(burstGoroutines / 2)
					b.RunParallel(func(pb *testing.PB) {
						bd := w.bidders[int(next.Add(1)-1)%burstGoroutines]
						for pb.Next() {
							if err := burstBid(ctx, w, bd, p, lot, v.doc, seq.Add(1)); err != nil {
								b.Error(err)
								return
							}
						}
					})
					report(b)
				})
			}
		})
	}
}

type burstLot struct {
	p   goumai.Procurement
	lot goumai.Lot
}

// preparedBid is a draft ready for the burst: its supplier, lot and signed
// submission.
type preparedBid struct {
	bd bidder
	l  burstLot
	in workflow.SubmitInput
}

// draftBid is a supplier's draft with a unique 1 MB document (the only one
// the draft keeps; none when doc is nil).
func draftBid(ctx context.Context, w *bw, bd bidder, p goumai.Procurement, lot goumai.Lot, doc []byte, n int64) (goumai.Bid, error) {
	in := bidInput(goumai.Fen(40_000_000 + n))
	if doc != nil {
		unique := append(append([]byte{}, doc...), fmt.Sprintf("\n%% %d\n%%%%EOF\n", n)...)
		withDoc, err := w.svc.AddBidDocument(ctx, bd.Actor, p.ID, lot.ID, "技术方案.pdf", unique)
		if err != nil {
			return goumai.Bid{}, err
		}
		docs := withDoc.Draft.Content.Documents
		in.Documents = []string{docs[len(docs)-1].SHA256}
	}
	return w.svc.SaveBid(ctx, bd.Actor, p.ID, lot.ID, in)
}

// burstBid is one whole bid: the draft (draftBid), the signed submission.
func burstBid(ctx context.Context, w *bw, bd bidder, p goumai.Procurement, lot goumai.Lot, doc []byte, n int64) error {
	d, err := draftBid(ctx, w, bd, p, lot, doc, n)
	if err != nil {
		return err
	}
	sig, err := bd.key.Sign(goumai.BidSigningMessage(d.Draft.Commitment))
	if err != nil {
		return err
	}
	_, err = w.svc.SubmitBid(ctx, bd.Actor, p.ID, lot.ID, workflow.SubmitInput{Commitment: d.Draft.Commitment, KeyID: bd.keyID, Signature: hex.EncodeToString(sig)})
	return err
}
