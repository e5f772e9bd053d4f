package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/workflow"
)

// Demo procurement rule parameters: 浙江省 sets its own services values —
// ILLUSTRATIVE, invented for the demo and not Zhejiang's real standards: an
// open-tender threshold of ¥4,000,000 (like Sichuan's since 2021), a
// decentralised limit of ¥1,000,000 and a bid-bond cap of 1 %; its demo
// counties a decentralised limit of ¥300,000 (like Sichuan's counties). They
// were in force before the demo began, so goumai itself records them (as a new
// installation would); the province's administrator has then planned a change
// from next 1 January (a performance-bond cap of 5 %), which shows how a set is
// replaced from a day to come.

// illustrativeSource marks the demo's values.
const illustrativeSource = "演示数据（示意，并非浙江省实际标准）：公开招标数额标准参照四川省2021年标准虚构 / demo data (illustrative, not Zhejiang's real standards)"

// demoCounties are the counties with their own decentralised limit.
var demoCounties = []string{RegionXihu, RegionYuhang, RegionHaishu, RegionYinzhou}

// zhejiangServices are the province's illustrative services values from 2021.
func zhejiangServices() rules.Params {
	p := rules.NationalDefaults(rules.Services)
	p.Jurisdiction, p.EffectiveFrom, p.Source, p.Illustrative = RegionZhejiang, time.Date(2021, 1, 1, 0, 0, 0, 0, goumai.Shanghai), illustrativeSource, true
	p.DecentralisedLimit, p.OpenTenderThreshold = 1_000_000_00, 4_000_000_00
	p.BidBondMaxPerMille = 10
	return p
}

// LoadRules sets the demo's parameter sets through the use cases. If 浙江省
// already has sets it does nothing (it has run before).
func LoadRules(ctx context.Context, svc *workflow.Service) error {
	if sets, err := svc.Store.ParamSets(ctx, []string{RegionZhejiang}); err != nil || len(sets) > 0 {
		return err
	}
	zj, err := svc.SetParams(ctx, goumai.System, zhejiangServices())
	if err != nil {
		return fmt.Errorf("load demo rules: %s: %w", RegionZhejiang, err)
	}
	for _, county := range demoCounties {
		p := zhejiangServices()
		p.Jurisdiction, p.DecentralisedLimit = county, 300_000_00
		if _, err := svc.SetParams(ctx, goumai.System, p); err != nil {
			return fmt.Errorf("load demo rules: %s: %w", county, err)
		}
	}
	admin, err := demoActor(ctx, svc.Store, "zj.admin")
	if err != nil {
		return fmt.Errorf("load demo rules: %w", err)
	}
	next := zj.Params
	now := svc.Clock.Now().In(goumai.Shanghai)
	next.EffectiveFrom = time.Date(now.Year()+1, 1, 1, 0, 0, 0, 0, goumai.Shanghai)
	next.PerformanceBondMaxPerMille = 50
	next.Source = illustrativeSource + "；拟自下一年度起履约保证金上限降至5% / planned: a performance-bond cap of 5 % from next year"
	if _, _, err := svc.ReplaceParamSet(ctx, admin, zj.ID, next); err != nil {
		return fmt.Errorf("load demo rules: the planned change: %w", err)
	}
	return nil
}
