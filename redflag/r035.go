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
	var suppliers, valid, disqualified []string
	addIDs := func(set []string, ids []Text) []string {
		for _, id := range ids {
			if id.Valid && !containsString(set, id.Value) {
				set = append(set, id.Value)
			}
		}
		return set
	}
	for _, a := range active {
		if a.SuppliersValid {
			suppliers = addIDs(suppliers, a.Suppliers)
		}
	}
	for i := range r.Bids {
		b := &r.Bids[i]
		if !b.Status.Valid || !b.TenderersValid {
			continue
		}
		switch b.Status.Value {
		case "valid":
			valid = addIDs(valid, b.Tenderers)
		case "disqualified":
			disqualified = addIDs(disqualified, b.Tenderers)
		}
	}
	if len(valid) != 1 || !sameSet(valid, suppliers) {
		return
	}
	others := uint64(0)
	for _, id := range disqualified {
		if id != valid[0] {
			others++
		}
	}
	if others >= ind.threshold {
		c.Set(OCID, r.OCID.Value, "R035", float64(others))
		c.Set(Tenderer, valid[0], "R035", 0)
		c.AddToMap(MapTendererR035, r.OCID.Value, valid[0])
	}
}

func (*r035) Finish(*Context, *Result) {}
