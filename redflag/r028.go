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
	prices := map[price][]string{}
	for _, b := range submittedBids(r) {
		if !b.TenderersValid || !b.AmountValid || !b.Currency.Valid {
			continue
		}
		var ids []string
		for _, t := range b.Tenderers {
			if t.Valid && !containsString(ids, t.Value) {
				ids = append(ids, t.Value)
			}
		}
		if len(ids) == 0 {
			continue
		}
		p := price{b.Amount, b.Currency.Value}
		if other, ok := prices[p]; ok && !sameSet(ids, other) {
			c.Set(OCID, r.OCID.Value, "R028", 1)
			for _, id := range append(append([]string{}, ids...), other...) {
				c.Set(Tenderer, id, "R028", 1)
				c.AddToMap(MapTendererR028, r.OCID.Value, id)
			}
		}
		prices[p] = ids
	}
}

func (r028) Finish(*Context, *Result) {}

// sameSet compares two lists of distinct strings as sets.
func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, s := range a {
		if !containsString(b, s) {
			return false
		}
	}
	return true
}
