package rules

import (
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// TestCheckPrice is the 豪华购买 check: median and range of comparables, the
// factor, the minimum number of comparables and the unit-cost standard.
func TestCheckPrice(t *testing.T) {
	std := &goumai.UnitCostStandard{MaxUnitCost: 6000, Unit: "人次"}
	cases := []struct {
		name        string
		unit        goumai.Fen
		comps       []goumai.Fen
		std         *goumai.UnitCostStandard
		median, max goumai.Fen
		ratio       int64
		flagged     bool
		reasons     int
	}{
		{"no comparables", 9999, nil, nil, 0, 0, 0, false, 0},
		{"odd median, within", 5000, []goumai.Fen{4000, 5000, 6000}, nil, 5000, 6000, 100, false, 0},
		{"exactly 1.5×", 7500, []goumai.Fen{5000, 4000, 6000}, nil, 5000, 6000, 150, false, 0},
		{"above 1.5×", 7501, []goumai.Fen{4000, 5000, 6000}, nil, 5000, 6000, 150, true, 1},
		{"even median", 9000, []goumai.Fen{4000, 5000, 6000, 7000}, nil, 5500, 7000, 163, true, 1},
		{"too few comparables", 20000, []goumai.Fen{4000, 5000}, nil, 4500, 5000, 444, false, 0},
		{"above the standard", 6001, nil, std, 0, 0, 0, true, 1},
		{"at the standard", 6000, nil, std, 0, 0, 0, false, 0},
		{"both", 9000, []goumai.Fen{4000, 5000, 5000}, std, 5000, 5000, 180, true, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := CheckPrice(c.unit, c.comps, c.std, DefaultPriceParams)
			if got.Median != c.median || got.Max != c.max || got.RatioPct != c.ratio || got.Flagged != c.flagged || len(got.Reasons) != c.reasons {
				t.Errorf("got median %d max %d ratio %d flagged %v reasons %d, want %d %d %d %v %d",
					got.Median, got.Max, got.RatioPct, got.Flagged, len(got.Reasons), c.median, c.max, c.ratio, c.flagged, c.reasons)
			}
			for _, r := range got.Reasons {
				if r.ZH == "" || r.EN == "" {
					t.Errorf("reason not bilingual: %+v", r)
				}
			}
		})
	}
}

func TestStandardInForce(t *testing.T) {
	d := func(m int) time.Time { return time.Date(2026, time.Month(m), 1, 0, 0, 0, 0, time.UTC) }
	end := d(6)
	stds := []goumai.UnitCostStandard{
		{ID: 1, Region: "330000", CatalogCode: "A0101", EffectiveFrom: d(1)},
		{ID: 2, Region: "330106", CatalogCode: "A0101", EffectiveFrom: d(3), EffectiveTo: &end},
		{ID: 3, Region: "330106", CatalogCode: "A0101", EffectiveFrom: d(4), EffectiveTo: &end},
		{ID: 4, Region: "330106", CatalogCode: "B0101", EffectiveFrom: d(1)},
	}
	path := []string{"100000", "330000", "330100", "330106"}
	for _, c := range []struct {
		at   time.Time
		code string
		want int64
	}{{d(2), "A0101", 1}, {d(3), "A0101", 2}, {d(5), "A0101", 3}, {d(6), "A0101", 1}, {d(2), "C0101", 0}, {d(2), "B0101", 4}} {
		got := StandardInForce(stds, path, c.code, c.at)
		var id int64
		if got != nil {
			id = got.ID
		}
		if id != c.want {
			t.Errorf("%s at %s: got %d, want %d", c.code, c.at.Format("01-02"), id, c.want)
		}
	}
}
