package redflag

// r024Rule describes R024.
var r024Rule = Rule{
	ID: "R024", Title: "Price close to winning bid", Source: cardinalSource, Groups: []Group{OCID, Tenderer}, Population: true,
	Params: []Param{{Name: "threshold", Default: "Q1 − 1.5·IQR", Doc: "flag a difference at or below this lower fence"}},
}

// r058Rule describes R058.
var r058Rule = Rule{
	ID: "R058", Title: "Heavily discounted bid", Source: cardinalSource, Groups: []Group{OCID, Tenderer}, Population: true,
	Params: []Param{{Name: "threshold", Default: "Q3 + 1.5·IQR", Doc: "flag a difference at or above this upper fence"}},
}

// bidRatios is Cardinal's SecondLowestBidRatio, shared by R024 and R058: for
// each price-only process, (second-lowest valid bid − winning bid) / winning bid.
type bidRatios struct {
	diff  orderedValues[float64]
	pairs orderedValues[[2]string] // winner, second-lowest bidder
}

func (c *Context) bidRatios() *bidRatios {
	if c.ratios == nil {
		c.ratios = &bidRatios{}
	}
	return c.ratios
}

func (br *bidRatios) add(c *Context, r *Release) {
	if !c.PriceComparison(r) {
		return
	}
	supplier, ok := soleSupplier(r)
	if !ok {
		return
	}
	var winner, second string
	var winAmount, secondAmount float64
	var hasWinner, hasSecond bool
	for i := range r.Bids {
		b := &r.Bids[i]
		tenderer, one := soleTenderer(b)
		if !b.Status.Is("valid") || !b.AmountValid || !b.Currency.Valid || !one || !c.MainCurrency(b.Currency.Value) {
			continue
		}
		// The lowest bid of each side; on a tie the first seen stays.
		if tenderer == supplier {
			if !hasWinner || b.Amount < winAmount {
				winner, winAmount, hasWinner = tenderer, b.Amount, true
			}
		} else if !hasSecond || b.Amount < secondAmount {
			second, secondAmount, hasSecond = tenderer, b.Amount, true
		}
	}
	// If a lower bid lost, the award criteria were not price only.
	if hasWinner && hasSecond && secondAmount >= winAmount {
		*br.diff.at(r.OCID.Value) = (secondAmount - winAmount) / winAmount
		*br.pairs.at(r.OCID.Value) = [2]string{winner, second}
	}
}

// fenceSetting reads the optional threshold key of R024, R058.
func fenceSetting(sec *Section) (float64, bool, error) {
	if err := sec.Check("threshold"); err != nil {
		return 0, false, err
	}
	return sec.Float("threshold")
}

type r024 struct {
	threshold    float64
	hasThreshold bool
}

func newR024(c *Context, sec *Section) (Indicator, error) {
	t, ok, err := fenceSetting(sec)
	c.bidRatios()
	return &r024{threshold: t, hasThreshold: ok}, err
}

func (*r024) Rule() Rule { return r024Rule }

func (*r024) Add(*Context, *Release) {}

// Finish flags differences at or below the lower fence, unless the first
// quartile or the fence is not positive (a quarter of processes with no
// difference would otherwise flag three quarters).
func (ind *r024) Finish(c *Context, out *Result) {
	br := c.bidRatios()
	fence, q1 := ind.threshold, 1.0
	if !ind.hasThreshold {
		var q3 float64
		q1, q3 = quartiles(br.diff.values)
		out.SetMeta("R024", "q1", q1)
		out.SetMeta("R024", "q3", q3)
		fence = lowerFence(q1, q3)
	}
	out.SetMeta("R024", "lower_fence", fence)
	if !(q1 > 0 && fence > 0) {
		return
	}
	for i, ocid := range br.diff.keys {
		if v := br.diff.values[i]; v <= fence {
			out.Set(OCID, ocid, "R024", v)
			for _, id := range br.pairs.values[i] {
				out.Set(Tenderer, id, "R024", 0)
				out.AddToMap(MapTendererR024, ocid, id)
			}
		}
	}
}

type r058 struct {
	threshold    float64
	hasThreshold bool
}

func newR058(c *Context, sec *Section) (Indicator, error) {
	t, ok, err := fenceSetting(sec)
	c.bidRatios()
	return &r058{threshold: t, hasThreshold: ok}, err
}

func (*r058) Rule() Rule { return r058Rule }

func (*r058) Add(*Context, *Release) {}

// Finish flags differences at or above the upper fence, when it is positive.
func (ind *r058) Finish(c *Context, out *Result) {
	br := c.bidRatios()
	fence := ind.threshold
	if !ind.hasThreshold {
		q1, q3 := quartiles(br.diff.values)
		out.SetMeta("R058", "q1", q1)
		out.SetMeta("R058", "q3", q3)
		fence = upperFence(q1, q3)
	}
	out.SetMeta("R058", "upper_fence", fence)
	if !(fence > 0) {
		return
	}
	for i, ocid := range br.diff.keys {
		if v := br.diff.values[i]; v >= fence {
			out.Set(OCID, ocid, "R058", v)
			winner := br.pairs.values[i][0]
			out.Set(Tenderer, winner, "R058", 0)
			out.AddToMap(MapTendererR058, ocid, winner)
		}
	}
}
