package workflow_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// openingBids is the benchmark's burst: 200 suppliers bid on each of 5
// lots, each bid with one document of 1 MB.
const (
	openingBidders = 200
	openingLots    = 5
	openingDocSize = 1 << 20
)

// BenchmarkOpening opens 1,000 bids of 1 MB each (decrypt the bid and its
// document, hash the document, recompute the commitment, record the opened
// bid) in the deadline's tick, against reading the same sealed bytes from a
// file on disk in the same run. Each iteration builds its own procedure
// (outside the timer) and opens it once.
//
//	go test ./workflow/ -run '^$' -bench BenchmarkOpening -benchtime 1x
func BenchmarkOpening(b *testing.B) {
	for _, db := range []string{"sqlite", "postgres"} {
		b.Run(db, func(b *testing.B) { benchOpening(b, db) })
	}
}

func benchOpening(b *testing.B, db string) {
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
	w.moreBidders(b, openingBidders-len(w.bidders))
	var sealedBytes int64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d := clock.Now().In(goumai.Shanghai).AddDate(0, 0, 30)
		p, lots := w.lotsTender(b, time.Date(d.Year(), d.Month(), d.Day(), 9, 30, 0, 0, goumai.Shanghai))
		doc := bytes.Repeat([]byte("开标基准测试文档。"), openingDocSize/len("开标基准测试文档。"))
		for _, l := range lots {
			for j, bd := range w.bidders {
				d := append([]byte(fmt.Sprintf("%%PDF-1.7\n%d-%d\n", l.ID, j)), doc...)
				must[goumai.Bid](b, "document")(w.svc.AddBidDocument(ctx, bd.Actor, p.ID, l.ID, "方案.pdf", d))
				w.submitAt(b, bd, p, l, l.Budget/2-goumai.Fen(j))
			}
		}
		if err := s.DB().QueryRowContext(ctx, `SELECT coalesce(sum(length(d.sealed)), 0) + (SELECT coalesce(sum(length(sealed)), 0) FROM bids) FROM bid_documents d`).Scan(&sealedBytes); err != nil {
			b.Fatal(err)
		}
		clock.Set(p.Periods.BidDeadline)
		b.StartTimer()
		start := time.Now()
		if _, err := w.svc.Tick(ctx); err != nil {
			b.Fatal(err)
		}
		opening := time.Since(start)
		b.StopTimer()
		rec := must[goumai.Opening](b, "opening")(w.svc.OpeningRecord(ctx, w.staff, p.ID))
		if len(rec.Bids) != openingBidders*openingLots {
			b.Fatalf("opened %d bids", len(rec.Bids))
		}
		for _, o := range rec.Bids {
			if !o.Valid() {
				b.Fatalf("bid %d set aside: %s", o.ID, o.SetAside)
			}
		}
		disk := readBack(b, sealedBytes)
		b.ReportMetric(float64(len(rec.Bids))/opening.Seconds(), "bids/s")
		b.ReportMetric(float64(sealedBytes)/opening.Seconds()/1e6, "MB/s")
		b.ReportMetric(float64(sealedBytes)/disk.Seconds()/1e6, "disk-MB/s")
		b.ReportMetric(opening.Seconds()/disk.Seconds(), "x-disk")
		b.StartTimer()
	}
}

// readBack writes n bytes to a file and times reading them back: the
// baseline of the opening benchmark.
func readBack(b *testing.B, n int64) time.Duration {
	b.Helper()
	f := filepath.Join(b.TempDir(), "sealed.bin")
	if err := os.WriteFile(f, bytes.Repeat([]byte{0x5a}, int(n)), 0o600); err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	data, err := os.ReadFile(f)
	if err != nil || int64(len(data)) != n {
		b.Fatal(err)
	}
	return time.Since(start)
}

// lotsTender publishes an open tender of openingLots lots with its deadline.
func (w *bw) lotsTender(b *testing.B, deadline time.Time) (goumai.Procurement, []goumai.Lot) {
	b.Helper()
	ctx := context.Background()
	pr := w.approved(b, 50_000_000)
	p := must[goumai.Procurement](b, "create")(w.svc.CreateProcurement(ctx, w.staff, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodOpenTender}))
	p = w.draftWith(b, w.staff, p, func(u *workflow.ProcurementUpdate) {
		u.Periods = goumai.Periods{DocsUntil: deadline, BidDeadline: deadline}
	})
	for n := 1; n <= openingLots; n++ {
		must[goumai.Lot](b, "lot")(w.svc.PutLot(ctx, w.staff, p.ID, workflow.LotInput{Version: p.Version, Number: n,
			Title: fmt.Sprintf("第%d包", n), Budget: pr.Amount / openingLots}))
		p = must[goumai.Procurement](b, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
	}
	p = must[goumai.Procurement](b, "publish")(w.svc.Publish(ctx, w.staff, p.ID, p.Version))
	return p, must[[]goumai.Lot](b, "lots")(w.s.Lots(ctx, p.ID))
}
