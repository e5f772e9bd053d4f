package workflow_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestPublishComplianceRanking: 浙江省's finance approver publishes the
// ranking of its prefectures; it is stored frozen (read back the same), with
// its public log event; 杭州市's reviewer (not an approver) and the
// approver for another region are refused, nothing stored.
func TestPublishComplianceRanking(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		c := newReportChain(t, s)
		p := goumai.StatPeriod{From: "2026-01", To: "2026-03"}
		pub := must[goumai.PublishedRanking](t, "publish")(c.svc.PublishComplianceRanking(ctx, c.zj, "330000", p))
		if pub.ID == 0 || len(pub.Ranking) == 0 || pub.Period != p {
			t.Fatalf("published %+v", pub)
		}
		back := must[goumai.PublishedRanking](t, "read")(c.svc.PublishedComplianceRanking(ctx, pub.ID))
		if len(back.Ranking) != len(pub.Ranking) || !reflect.DeepEqual(back.Ranking, pub.Ranking) || back.Region != "330000" || back.PublishedAt.IsZero() {
			t.Fatalf("read back %+v, published %+v", back, pub)
		}
		evs, err := s.FindEvents(ctx, sqlstore.EventFilter{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, e := range evs {
			found = found || e.Action == "compliance.publish"
		}
		if !found {
			t.Error("no compliance.publish event")
		}
		if _, err := c.svc.PublishComplianceRanking(ctx, c.hangzhou, "330100", p); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("a reviewer publishes: %v", err)
		}
		if _, err := c.svc.PublishComplianceRanking(ctx, c.zj, "330100", p); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("the province publishes for its prefecture: %v", err)
		}
		if _, err := c.svc.PublishComplianceRanking(ctx, c.zj, "330000", goumai.StatPeriod{From: "2026-01"}); goumai.ErrorCode(err) != goumai.EInvalid {
			t.Errorf("an unbounded period published: %v", err)
		}
		if l := must[[]goumai.PublishedRanking](t, "list")(c.svc.PublishedComplianceRankings(ctx, "330000")); len(l) != 1 {
			t.Errorf("%d rankings published, want 1", len(l))
		}
	})
}
