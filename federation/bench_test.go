package federation_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/federation"
	"github.com/goumai/goumai/federation/natstest"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// BenchmarkFederation measures, with NATS on loopback (its own nats-server),
// one run each (-benchtime=1x):
//
//   - commit: the baseline, public events committed locally (one org each);
//   - jetstream: the transport's baseline, the same messages published raw
//     (async, acknowledged), no store;
//   - drain: the outbox drained (checkpoint, proofs, publish, ack, mark sent);
//   - apply: the consumer verifying and applying them, what has arrived in
//     one transaction; apply-one-per-tx the baseline, one event a transaction;
//   - lag: end-to-end, from a local commit returning to the remote instance
//     having applied it, drainer and consumer running (p50, p99), with the
//     drainer's checkpoint spacing and, the baseline, a checkpoint per commit;
//   - outage: NATS killed while the backlog grows, restarted: the time and
//     rate to drain the backlog and to apply it remotely.
func BenchmarkFederation(b *testing.B) {
	srv := natstest.Start(b)
	sqltest.EachBench(b, func(b *testing.B, pub *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sub := sqltest.SQLite(b, clock)
		dialect := "sq"
		if strings.HasSuffix(b.Name(), "postgres") {
			sub, dialect = sqltest.Postgres(b, clock), "pg"
		}
		name := "bench-" + dialect
		pub.EnableOutbox()
		nc, js, err := federation.Connect(srv.URL, "bench")
		if err != nil {
			b.Fatal(err)
		}
		defer nc.Close()
		if err := federation.EnsureStream(ctx, js, name); err != nil {
			b.Fatal(err)
		}
		const n = 2000
		t0 := time.Now()
		orgs(b, pub, 0, n)
		commit := time.Since(t0)
		b.ReportMetric(float64(n)/commit.Seconds(), "commit-events/s")

		items, err := pub.PendingOutbox(ctx, 256)
		if err != nil {
			b.Fatal(err)
		}
		msgs, err := federation.BuildMessages(ctx, pub, name, items)
		if err != nil {
			b.Fatal(err)
		}
		raw := mustJSON(b, msgs[len(msgs)/2])
		if err := federation.EnsureStream(ctx, js, "raw-"+dialect); err != nil {
			b.Fatal(err)
		}
		t0 = time.Now()
		var futures []jetstream.PubAckFuture
		for i := 0; i < n; i++ {
			m := nats.NewMsg(federation.Subject("raw-"+dialect, "330106"))
			m.Data = raw
			m.Header.Set(jetstream.MsgIDHeader, fmt.Sprint(i))
			f, err := js.PublishMsgAsync(m)
			if err != nil {
				b.Fatal(err)
			}
			futures = append(futures, f)
		}
		for _, f := range futures {
			select {
			case <-f.Ok():
			case err := <-f.Err():
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(n)/time.Since(t0).Seconds(), "jetstream-msgs/s")

		p := &federation.Publisher{Store: pub, JS: js, Instance: name}
		proofs, err := federation.ServeProofs(nc, pub, name) // the consumers check each new checkpoint's consistency
		if err != nil {
			b.Fatal(err)
		}
		defer func() { _ = proofs.Unsubscribe() }()
		t0 = time.Now()
		sent := drainAll(b, p)
		b.ReportMetric(float64(sent)/time.Since(t0).Seconds(), "drain-events/s")

		c := &federation.Consumer{Store: sub, JS: js, Self: "bench", Batch: 256, Wait: 100 * time.Millisecond}
		peer := peerOf(pub, name)
		last := lastOutbox(b, pub)
		t0 = time.Now()
		consumeUntil(b, c, peer, last)
		b.ReportMetric(float64(sent)/time.Since(t0).Seconds(), "apply-events/s")
		// The baseline: one event per fetch and per transaction (as before batching).
		one := sqltest.SQLite(b, clock)
		if dialect == "pg" {
			one = sqltest.Postgres(b, clock)
		}
		c1 := &federation.Consumer{Store: one, JS: js, Self: "bench-one", Batch: 1, Wait: 100 * time.Millisecond}
		t0 = time.Now()
		consumeUntil(b, c1, peer, last)
		b.ReportMetric(float64(sent)/time.Since(t0).Seconds(), "apply-one-per-tx-events/s")

		// End-to-end lag, both sides running: with the drainer's checkpoint
		// spacing (the default), and without (one checkpoint per commit).
		rctx, cancel := context.WithCancel(ctx)
		defer cancel()
		go (&federation.Consumer{Store: sub, JS: js, Self: "bench", Peers: []federation.Peer{peer}}).Run(rctx)
		next := n
		for _, run := range []struct {
			metric string
			every  time.Duration
		}{{"spaced", 0}, {"every-commit", -1}} {
			pctx, stop := context.WithCancel(rctx)
			done := make(chan struct{})
			go func() {
				(&federation.Publisher{Store: pub, JS: js, Instance: name, CheckpointEvery: run.every}).Run(pctx)
				close(done)
			}()
			var lags []time.Duration
			for i := 0; i < 100; i++ {
				orgs(b, pub, next, 1)
				next++
				at := time.Now()
				want := lastOutbox(b, pub)
				for {
					got, err := sub.FedPeer(ctx, name)
					if err != nil {
						b.Fatal(err)
					}
					if got.Applied >= want {
						break
					}
					time.Sleep(200 * time.Microsecond)
				}
				lags = append(lags, time.Since(at))
			}
			stop()
			<-done
			slices.Sort(lags)
			b.ReportMetric(float64(lags[len(lags)/2].Microseconds())/1000, "lag-"+run.metric+"-p50-ms")
			b.ReportMetric(float64(lags[len(lags)*99/100].Microseconds())/1000, "lag-"+run.metric+"-p99-ms")
		}
		go (&federation.Publisher{Store: pub, JS: js, Instance: name}).Run(rctx)

		// An outage: NATS killed while 5,000 events commit, then restarted.
		srv.Stop()
		const backlog = 5000
		t0 = time.Now()
		orgs(b, pub, next, backlog)
		b.ReportMetric(time.Since(t0).Seconds(), "outage-s")
		pending, err := pub.OutboxPending(ctx)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(pending), "backlog-events")
		srv.Restart()
		t0 = time.Now()
		for {
			if n, err := pub.OutboxPending(ctx); err == nil && n == 0 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		drained := time.Since(t0)
		want := lastOutbox(b, pub)
		for {
			if got, err := sub.FedPeer(ctx, name); err == nil && got.Applied >= want {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		applied := time.Since(t0)
		b.ReportMetric(drained.Seconds(), "backlog-drained-s")
		b.ReportMetric(float64(pending)/drained.Seconds(), "backlog-drain-events/s")
		b.ReportMetric(applied.Seconds(), "backlog-applied-s")
	})
}

func drainAll(b *testing.B, p *federation.Publisher) int {
	b.Helper()
	total := 0
	for {
		n, err := p.DrainOnce(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			return total
		}
		total += n
	}
}

func lastOutbox(b testing.TB, s *sqlstore.Store) int64 {
	return count(b, s, `SELECT COALESCE(MAX(log_index), -1) FROM fed_outbox`)
}
