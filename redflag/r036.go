package redflag

// r036Rule describes R036.
var r036Rule = Rule{ID: "R036", Title: "Lowest bid disqualified", Source: cardinalSource, Groups: []Group{OCID}}

type r036 struct{}

func newR036(_ *Context, sec *Section) (Indicator, error) { return r036{}, sec.Check() }

func (r036) Rule() Rule { return r036Rule }

// Add flags a price-comparison process with an active award whose lowest
// submitted bid in the main currency (the first one on a tie) is
// disqualified, while some valid bid has an amount.
func (r036) Add(c *Context, r *Release) {
	if !c.PriceComparison(r) || !r.AwardsValid {
		return
	}
	anyActive := false
	for _, a := range r.Awards {
		anyActive = anyActive || a.Status.Is("active")
	}
	if !anyActive {
		return
	}
	var lowest float64
	hasLowest, lowestDisqualified, validWithAmount := false, false, false
	for _, b := range submittedBids(r) {
		if !b.AmountValid || !b.Currency.Valid || !c.MainCurrency(b.Currency.Value) {
			continue
		}
		if !hasLowest || b.Amount < lowest {
			lowest, hasLowest = b.Amount, true
			lowestDisqualified = b.Status.Value == "disqualified"
		}
		validWithAmount = validWithAmount || b.Status.Value == "valid"
	}
	if validWithAmount && lowestDisqualified {
		c.Set(OCID, r.OCID.Value, "R036", 1)
	}
}

func (r036) Finish(*Context, *Result) {}
