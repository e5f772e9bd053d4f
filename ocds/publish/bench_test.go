package publish_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/ocds/publish"
)

// BenchmarkReleases measures publish.Publisher.Releases (the CPU part of the
// release an event yields: decoding its state, the lookups over an in-memory
// world, building and encoding the release) for a few kinds of event. The
// baseline, measured in the same loop, is decoding the event's state into
// map[string]any with encoding/json, which every builder does first; the
// ratio is Releases time / decode time.
func BenchmarkReleases(b *testing.B) {
	for _, c := range []struct{ action, object, state string }{
		{"project.approve", "projects", `{"id":7,"purchaser_org_id":20,"code":"GM-330106-2026-0007","title":"走访慰问","amount":8000000,"content":"为困难群众",
			"catalog_code":"A0101","ex_ante":"建议实施","budget_line_id":1,"double_funded":["街道仍有编制"],"region":"330106",
			"decided_at":"2026-01-05T01:00:02.607093Z"}`},
		{"procurement.publish", "procurements", procurement1},
		{"bid.open", "opened_bids", `{"id":1,"lot_id":1,"org_id":51,"procurement_id":1,"price":7280000,"opened_at":"2026-01-18T02:00:00.000000Z",
			"set_aside":"","sme_size":"small","salt":"s1","commitment":"c1"}`},
		{"award.confirm", "lot_awards", `{"id":3,"amount":7280000,"confirmed_at":"2026-01-20T02:00:00.000000Z","lot_id":1,"opened_bid_id":1,"org_id":51,"procurement_id":1}`},
		{"contract.signed", "contracts", contract1},
		{"payment.paid", "payment_requests", `{"id":2,"contract_id":1,"amount":3640000,"paid_at":"2026-02-09T07:40:00.000000Z","purchaser_org_id":20,"supplier_org_id":51,
			"mof_div_code":"330106","agency_code":"106001","pro_code":"P","bgt_id":"B"}`},
	} {
		b.Run(c.action, func(b *testing.B) {
			ctx := context.Background()
			p := publish.Publisher{BaseURL: "https://goumai.example"}
			e := goumai.Event{ID: 100, At: time.Date(2026, 5, 1, 2, 0, 0, 0, time.UTC), Action: c.action, ObjectType: c.object, ObjectID: "1",
				Public: true, State: json.RawMessage(c.state)}
			var pub, dec time.Duration
			size := 0
			for b.Loop() {
				t0 := time.Now()
				rs, err := p.Releases(ctx, world, e)
				if err != nil || len(rs) != 1 {
					b.Fatalf("Releases = %d releases, %v; want 1", len(rs), err)
				}
				t1 := time.Now()
				var m map[string]any
				if err := json.Unmarshal(e.State, &m); err != nil {
					b.Fatal(err)
				}
				pub += t1.Sub(t0)
				dec += time.Since(t1)
				size = len(rs[0].Body)
			}
			n := float64(b.N)
			b.ReportMetric(float64(pub.Nanoseconds())/n, "releases-ns/op")
			b.ReportMetric(float64(dec.Nanoseconds())/n, "decode-ns/op")
			b.ReportMetric(float64(pub)/float64(dec), "ratio")
			b.ReportMetric(float64(size), "release-bytes")
		})
	}
}
