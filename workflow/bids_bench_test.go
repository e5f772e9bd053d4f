package workflow_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// BenchmarkBidBurst measures bids accepted per second in a deadline burst:
// 16 suppliers at once, each operation one whole bid — a 1 MB document
// uploaded and sealed (1MB_document; none in no_document), the draft saved,
// the signed submission with its supplier check, related-bidder check,
// commitment and log leaves — beside the bare single-row transaction
// (bareInsert) timed in the same run on the same database, serially. It
// reports bids/s, bare_tx/s and their ratio.
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
			const goroutines = 16
			w.moreBidders(b, goroutines-len(w.bidders))
			p := w.openTender(b, w.approved(b, 50_000_000), at(2026, 3, 30, 9, 30))
			lot := w.lot(b, p)

			const bare = 300
			start := time.Now()
			for i := range bare {
				bareInsert(b, s, i)
			}
			bareRate := bare / time.Since(start).Seconds()

			doc := append([]byte("%PDF-1.7\n% "), bytes.Repeat([]byte("投标文件内容"), (1<<20)/18)...)
			for _, v := range []struct {
				name string
				doc  []byte
			}{{"1MB_document", doc}, {"no_document", nil}} {
				b.Run(v.name, func(b *testing.B) {
					var next, seq atomic.Int64
					b.SetParallelism(goroutines / 2) // GOMAXPROCS 2 → 16 goroutines
					b.RunParallel(func(pb *testing.PB) {
						bd := w.bidders[int(next.Add(1)-1)%len(w.bidders)]
						for pb.Next() {
							if err := burstBid(ctx, w, bd, p, lot, v.doc, seq.Add(1)); err != nil {
								b.Error(err)
								return
							}
						}
					})
					rate := float64(b.N) / b.Elapsed().Seconds()
					b.ReportMetric(rate, "bids/s")
					b.ReportMetric(bareRate, "bare_tx/s")
					b.ReportMetric(rate/bareRate, "ratio")
				})
			}
		})
	}
}

// burstBid is one whole bid of the burst: a unique 1 MB document (the only
// one the draft keeps), the draft, the signed submission.
func burstBid(ctx context.Context, w *bw, bd bidder, p goumai.Procurement, lot goumai.Lot, doc []byte, n int64) error {
	in := bidInput(goumai.Fen(40_000_000 + n))
	if doc != nil {
		unique := append(append([]byte{}, doc...), fmt.Sprintf("\n%% %d\n%%%%EOF\n", n)...)
		withDoc, err := w.svc.AddBidDocument(ctx, bd.Actor, p.ID, lot.ID, "技术方案.pdf", unique)
		if err != nil {
			return err
		}
		docs := withDoc.Draft.Content.Documents
		in.Documents = []string{docs[len(docs)-1].SHA256}
	}
	d, err := w.svc.SaveBid(ctx, bd.Actor, p.ID, lot.ID, in)
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
