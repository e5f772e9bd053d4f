package redflag

// r035Rule describes R035.
var r035Rule = Rule{
	ID: "R035", Title: "All except winning bid disqualified", Source: cardinalSource, Groups: []Group{OCID, Tenderer},
	Params: []Param{{Name: "threshold", Default: "1", Doc: "minimum number of other tenderers with disqualified bids (values below 1 count as 1)"}},
}

type r035 struct{ threshold uint64 }

func newR035(_ *Context, sec *Section) (Indicator, error) {
	if err := sec.Check("threshold"); err != nil {
		return nil, err
	}
	t, _, err := sec.Uint("threshold")
	return &r035{threshold: max(t, 1)}, err
}

func (*r035) Rule() Rule { return r035Rule }

// Add flags a process in which one tenderer has valid bids, it is exactly the
// set of active-award suppliers, and enough other tenderers were disqualified.
func (ind *r035) Add(c *Context, r *Release) {
	active, ok := completeAwards(r)
	if !ok {
		return
	}
	var suppliers, valid, disqualified idSet
	for _, a := range active {
		if a.SuppliersValid {
			suppliers.addValid(a.Suppliers)
		}
	}
	for i := range r.Bids {
		b := &r.Bids[i]
		if !b.Status.Valid || !b.TenderersValid {
			continue
		}
		switch b.Status.Value {
		case "valid":
			valid.addValid(b.Tenderers)
		case "disqualified":
			disqualified.addValid(b.Tenderers)
		}
	}
	if valid.len() != 1 || !valid.equal(&suppliers) {
		return
	}
	winner := valid.list[0]
	others := uint64(0)
	for _, id := range disqualified.list {
		if id != winner {
			others++
		}
	}
	if others >= ind.threshold {
		c.Set(OCID, r.OCID.Value, "R035", float64(others))
		c.Set(Tenderer, winner, "R035", 0)
		c.AddToMap(MapTendererR035, r.OCID.Value, winner)
	}
}

func (*r035) Finish(*Context, *Result) {}
