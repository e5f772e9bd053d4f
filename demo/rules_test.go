package demo

import (
	"context"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestLoadRules: the demo world has 浙江省's illustrative services values,
// inherited by its prefectures, its counties' own decentralised limit, and a
// planned change from next year; loading again adds nothing.
func TestLoadRules(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		svc := workflow.New(s)
		if _, err := Load(ctx, svc); err != nil {
			t.Fatal(err)
		}
		if err := LoadRules(ctx, svc); err != nil {
			t.Fatal(err)
		}
		now := clock.Now()
		for _, c := range []struct {
			region       string
			from         string
			decentral    goumai.Fen
			open         goumai.Fen
			illustrative bool
		}{
			{RegionHangzhou, RegionZhejiang, 1_000_000_00, 4_000_000_00, true},
			{RegionXihu, RegionXihu, 300_000_00, 4_000_000_00, true},
			{"330102", RegionZhejiang, 1_000_000_00, 4_000_000_00, true}, // 上城区: no demo county of its own
			{"510104", goumai.NationalCode, 1_000_000_00, 2_000_000_00, false},
		} {
			p, err := s.ParamsAt(ctx, c.region, rules.Services, now)
			if err != nil {
				t.Fatal(err)
			}
			if p.Jurisdiction != c.from || p.DecentralisedLimit != c.decentral || p.OpenTenderThreshold != c.open || p.Illustrative != c.illustrative {
				t.Errorf("%s: %s's values (%d, %d, illustrative %v); want %s's (%d, %d, %v)", c.region, p.Jurisdiction,
					p.DecentralisedLimit, p.OpenTenderThreshold, p.Illustrative, c.from, c.decentral, c.open, c.illustrative)
			}
			if err := p.Check(); err != nil {
				t.Errorf("%s: the demo's values break the law: %v", c.region, err)
			}
		}
		next := time.Date(now.In(goumai.Shanghai).Year()+1, 1, 1, 0, 0, 0, 0, goumai.Shanghai)
		if p, err := s.ParamsAt(ctx, RegionNingbo, rules.Services, next); err != nil || p.PerformanceBondMaxPerMille != 50 {
			t.Errorf("the planned change from %s: %d (%v), want 50", next.Format("2006-01-02"), p.PerformanceBondMaxPerMille, err)
		}
		sets, err := s.ParamSets(ctx, []string{RegionZhejiang, RegionXihu})
		if err != nil || len(sets) != 3 {
			t.Errorf("sets of 浙江省 and 西湖区 after loading twice: %d (%v), want 3", len(sets), err)
		}
	})
}
