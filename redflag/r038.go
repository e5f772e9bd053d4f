package redflag

// r038Rule describes R038.
var r038Rule = Rule{
	ID: "R038", Title: "Excessive disqualified bids", Source: cardinalSource, Groups: []Group{Buyer, ProcuringEntity, Tenderer}, Population: true,
	Params: []Param{
		{Name: "threshold", Default: "Q3 + 1.5·IQR", Doc: "flag a ratio of disqualified to submitted bids at or above this upper fence"},
		{Name: "minimum_submitted_bids", Default: "2", Doc: "tenderers with fewer submitted bids are not considered"},
		{Name: "minimum_contracting_processes", Default: "2", Doc: "buyers and procuring entities with fewer submitted bids (sic: Cardinal compares the bid count) are not considered"},
	},
}

type r038 struct {
	threshold                float64
	hasThreshold             bool
	minBids, minProcesses    uint64
	buyers, entities, bidder orderedValues[fraction] // disqualified / submitted bids
}

func newR038(_ *Context, sec *Section) (Indicator, error) {
	if err := sec.Check("threshold", "minimum_submitted_bids", "minimum_contracting_processes"); err != nil {
		return nil, err
	}
	ind := &r038{minBids: 2, minProcesses: 2}
	var err error
	if ind.threshold, ind.hasThreshold, err = sec.Float("threshold"); err != nil {
		return nil, err
	}
	for key, dst := range map[string]*uint64{"minimum_submitted_bids": &ind.minBids, "minimum_contracting_processes": &ind.minProcesses} {
		v, ok, err := sec.Uint(key)
		if err != nil {
			return nil, err
		}
		if ok {
			*dst = v
		}
	}
	return ind, nil
}

func (*r038) Rule() Rule { return r038Rule }

func (ind *r038) Add(c *Context, r *Release) {
	submitted := submittedBids(r)
	if len(submitted) == 0 {
		return
	}
	disqualified := uint64(0)
	for _, b := range submitted {
		inc := uint64(0)
		if b.Status.Value == "disqualified" {
			inc = 1
		}
		disqualified += inc
		for _, id := range b.Tenderers {
			if id.Valid {
				f := ind.bidder.at(id.Value)
				f.num += inc
				f.den++
			}
		}
	}
	add := func(o *orderedValues[fraction], id Text, m Map) {
		if !id.Valid {
			return
		}
		f := o.at(id.Value)
		f.num += disqualified
		f.den += uint64(len(submitted))
		if disqualified > 0 {
			c.AddToMap(m, r.OCID.Value, id.Value)
		}
	}
	add(&ind.buyers, r.BuyerID, MapBuyerR038)
	if r.Tender != nil {
		add(&ind.entities, r.Tender.ProcuringEntityID, MapProcuringEntityR038)
	}
}

func (ind *r038) Finish(_ *Context, out *Result) {
	ind.flag(out, &ind.buyers, ind.minProcesses, Buyer)
	ind.flag(out, &ind.entities, ind.minProcesses, ProcuringEntity)
	ind.flag(out, &ind.bidder, ind.minBids, Tenderer)
}

func (ind *r038) flag(out *Result, o *orderedValues[fraction], min uint64, g Group) {
	ids, values := ratios(o, min)
	if len(values) == 0 {
		return
	}
	fence := ind.threshold
	if !ind.hasThreshold {
		q1, q3 := quartiles(values)
		out.SetMeta("R038", g.String()+"_q1", q1)
		out.SetMeta("R038", g.String()+"_q3", q3)
		fence = upperFence(q1, q3)
	}
	out.SetMeta("R038", g.String()+"_upper_fence", fence)
	// With three quarters of cases at 0, a fence of 0 would flag them all.
	if !(fence > 0) {
		return
	}
	for i, id := range ids {
		if values[i] >= fence {
			out.Set(g, id, "R038", values[i])
		}
	}
}
