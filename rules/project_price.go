package rules

import (
	"fmt"
	"slices"
	"time"

	"github.com/goumai/goumai"
)

// PriceParams tune the price-reasonableness (豪华购买) check. They are
// parameters, not law: 财综〔2013〕111号 二（三） forbids 豪华购买 without a
// number, so each region may set its own.
type PriceParams struct {
	// FactorPct flags a unit cost above this percentage of the comparables' median.
	FactorPct int64
	// MinComparables is how many approved comparable projects a median needs.
	MinComparables int
}

// DefaultPriceParams flag a unit cost above 1.5 × the median of at least three comparables.
var DefaultPriceParams = PriceParams{FactorPct: 150, MinComparables: 3}

// PriceCheck is the comparison shown to the reviewer.
type PriceCheck struct {
	UnitCost    goumai.Fen               `json:"unit_cost"`
	Comparables int                      `json:"comparables"`
	Median      goumai.Fen               `json:"median"`
	Min         goumai.Fen               `json:"min"`
	Max         goumai.Fen               `json:"max"`
	FactorPct   int64                    `json:"factor_pct"`
	RatioPct    int64                    `json:"ratio_pct"` // unit cost as a percentage of the median, 0 without a median
	Standard    *goumai.UnitCostStandard `json:"standard,omitempty"`
	Flagged     bool                     `json:"flagged"`
	Reasons     []goumai.Msg             `json:"reasons,omitempty"`
}

// CheckPrice compares a project's unit cost with those of comparable approved
// projects (same catalogue item) and with the unit-cost standard in force, if
// any: the 豪华购买 check of 财综〔2013〕111号 二（三）. It flags a unit cost
// above FactorPct of the median (given MinComparables) or above the standard.
func CheckPrice(unit goumai.Fen, comparables []goumai.Fen, std *goumai.UnitCostStandard, p PriceParams) PriceCheck {
	c := PriceCheck{UnitCost: unit, Comparables: len(comparables), FactorPct: p.FactorPct, Standard: std}
	if len(comparables) > 0 {
		s := slices.Clone(comparables)
		slices.Sort(s)
		c.Min, c.Max = s[0], s[len(s)-1]
		if n := len(s); n%2 == 1 {
			c.Median = s[n/2]
		} else {
			c.Median = (s[n/2-1] + s[n/2]) / 2
		}
	}
	if c.Median > 0 {
		c.RatioPct = int64(unit) * 100 / int64(c.Median)
	}
	if c.Median > 0 && len(comparables) >= p.MinComparables && int64(unit)*100 > int64(c.Median)*p.FactorPct {
		c.Flagged = true
		c.Reasons = append(c.Reasons, goumai.M(
			fmt.Sprintf("单位成本 %s 元为同类已批准项目中位数 %s 元的 %d%%，超过 %d%%（禁止豪华购买，财综〔2013〕111号 二（三））", unit.Yuan(), c.Median.Yuan(), c.RatioPct, p.FactorPct),
			fmt.Sprintf("unit cost ¥%s is %d%% of the median ¥%s of comparable approved projects, above %d%% (no luxury purchase, Caizong [2013] 111 II(3))", unit.Yuan(), c.RatioPct, c.Median.Yuan(), p.FactorPct)))
	}
	if std != nil && unit > std.MaxUnitCost {
		c.Flagged = true
		c.Reasons = append(c.Reasons, goumai.M(
			fmt.Sprintf("单位成本 %s 元超过本地区单位成本标准 %s 元/%s", unit.Yuan(), std.MaxUnitCost.Yuan(), std.Unit),
			fmt.Sprintf("unit cost ¥%s exceeds the region's standard of ¥%s per %s", unit.Yuan(), std.MaxUnitCost.Yuan(), std.Unit)))
	}
	return c
}

// StandardInForce returns the unit-cost standard for a catalogue item in force
// at a time for a region, taking the nearest region on path (ordered from the
// national level down to the project's region) that has one, or nil.
func StandardInForce(stds []goumai.UnitCostStandard, path []string, code string, at time.Time) *goumai.UnitCostStandard {
	for i := len(path) - 1; i >= 0; i-- {
		var best *goumai.UnitCostStandard
		for j := range stds {
			u := &stds[j]
			if u.Region != path[i] || u.CatalogCode != code || at.Before(u.EffectiveFrom) || u.EffectiveTo != nil && !at.Before(*u.EffectiveTo) {
				continue
			}
			if best == nil || u.EffectiveFrom.After(best.EffectiveFrom) {
				best = u
			}
		}
		if best != nil {
			return best
		}
	}
	return nil
}

// CheckUnitCostStandard validates a standard before it is stored.
func CheckUnitCostStandard(u goumai.UnitCostStandard, regions *goumai.Regions) error {
	f := goumai.Fields{}
	if _, ok := regions.Get(u.Region); !ok {
		f.Add("region", "行政区划代码不存在", "unknown region code")
	}
	if u.CatalogCode == "" || len(u.CatalogCode) > 40 {
		f.Add("catalog_code", "请填写指导性目录编码", "the catalogue code is required")
	}
	if u.MaxUnitCost <= 0 {
		f.Add("max_unit_cost", "单位成本上限须大于零", "the unit-cost ceiling must be above zero")
	} else if m := goumai.CheckFen(u.MaxUnitCost); m != nil {
		f["max_unit_cost"] = *m
	}
	if u.Unit == "" || len([]rune(u.Unit)) > MaxShortText {
		f.Add("unit", "请填写计量单位（最多50个字）", "the unit is required (at most 50 characters)")
	}
	if u.EffectiveFrom.IsZero() {
		f.Add("effective_from", "请填写生效日期", "the effective date is required")
	}
	if u.EffectiveTo != nil && !u.EffectiveTo.After(u.EffectiveFrom) {
		f.Add("effective_to", "失效日期须晚于生效日期", "the end date must be after the start date")
	}
	if len([]rune(u.Note)) > 500 {
		f.Add("note", "说明最多500个字", "the note must be at most 500 characters")
	}
	return f.Err()
}
