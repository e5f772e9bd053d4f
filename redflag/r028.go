package redflag

// r028Rule describes R028.
var r028Rule = Rule{ID: "R028", Title: "Identical bid prices", Source: cardinalSource, Groups: []Group{OCID, Tenderer}}

type r028 struct{}

func newR028(_ *Context, sec *Section) (Indicator, error) { return r028{}, sec.Check() }

func (r028) Rule() Rule { return r028Rule }

type price struct {
	amount   float64 // +0 and -0 are one key, as in ordered_float
	currency string
}

// Add flags a submitted bid whose price equals that of the previous bid with
// the same price from a different set of tenderers (a tenderer may repeat its
// own price), and the tenderers of both.
func (r028) Add(c *Context, r *Release) {
	if !c.PriceComparison(r) {
		return
	}
	prices := map[price]*idSet{}
	for _, b := range submittedBids(r) {
		if !b.TenderersValid || !b.AmountValid || !b.Currency.Valid {
			continue
		}
		ids := &idSet{}
		ids.addValid(b.Tenderers)
		if ids.len() == 0 {
			continue
		}
		p := price{b.Amount, b.Currency.Value}
		if other, ok := prices[p]; ok && !ids.equal(other) {
			c.Set(OCID, r.OCID.Value, "R028", 1)
			for _, id := range append(append([]string{}, ids.list...), other.list...) {
				c.Set(Tenderer, id, "R028", 1)
				c.AddToMap(MapTendererR028, r.OCID.Value, id)
			}
		}
		prices[p] = ids
	}
}

func (r028) Finish(*Context, *Result) {}
