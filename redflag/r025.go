package redflag

// r025Rule describes R025.
var r025Rule = Rule{
	ID: "R025", Title: "Excessive unsuccessful bids", Source: cardinalSource, Groups: []Group{Tenderer}, Population: true,
	Params: []Param{
		{Name: "percentile", Default: "75", Doc: "a tenderer qualifies when its count of processes with a valid bid is at or above this percentile"},
		{Name: "threshold", Default: "Q1 − 1.5·IQR", Doc: "flag a ratio of won to valid-bid processes at or below this lower fence"},
	},
}

type r025 struct {
	percentile   uint64
	threshold    float64
	hasThreshold bool
	tenderers    orderedValues[fraction] // processes won / processes with a valid bid
}

func newR025(_ *Context, sec *Section) (Indicator, error) {
	if err := sec.Check("percentile", "threshold"); err != nil {
		return nil, err
	}
	ind := &r025{percentile: 75}
	if p, ok, err := sec.Uint("percentile"); err != nil {
		return nil, err
	} else if ok {
		ind.percentile = p
	}
	var err error
	ind.threshold, ind.hasThreshold, err = sec.Float("threshold")
	return ind, err
}

func (*r025) Rule() Rule { return r025Rule }

// Add counts each tenderer with a valid single-tenderer bid once per process.
func (ind *r025) Add(_ *Context, r *Release) {
	supplier, ok := soleSupplier(r)
	if !ok {
		return
	}
	var seen idSet
	for i := range r.Bids {
		b := &r.Bids[i]
		id, one := soleTenderer(b)
		if !one || !b.Status.Is("valid") || !seen.add(id) {
			continue
		}
		f := ind.tenderers.at(id)
		f.den++
		if id == supplier {
			f.num++
		}
	}
}

func (ind *r025) Finish(_ *Context, out *Result) {
	counts := make([]float64, len(ind.tenderers.values))
	ratios := make([]float64, len(ind.tenderers.values))
	for i, f := range ind.tenderers.values {
		counts[i], ratios[i] = float64(f.den), f.ratio()
	}
	upper := quantile(sortedCopy(counts), float64(ind.percentile)/100)
	lower, q1 := ind.threshold, 1.0
	if !ind.hasThreshold {
		var q3 float64
		q1, q3 = quartiles(ratios)
		out.SetMeta("R025", "q1", q1)
		out.SetMeta("R025", "q3", q3)
		lower = lowerFence(q1, q3)
	}
	out.SetMeta("R025", "upper_fence", upper)
	out.SetMeta("R025", "lower_fence", lower)
	// With a quarter of tenderers never winning, most top tenderers would be flagged.
	if !(q1 > 0 && lower > 0) {
		return
	}
	for i, id := range ind.tenderers.keys {
		if counts[i] >= upper && ratios[i] <= lower {
			out.Set(Tenderer, id, "R025", ratios[i])
		}
	}
}
