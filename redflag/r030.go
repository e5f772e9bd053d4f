package redflag

// r030Rule describes R030.
var r030Rule = Rule{ID: "R030", Title: "Late bid won", Source: cardinalSource, Groups: []Group{OCID, Tenderer}}

type r030 struct{}

func newR030(_ *Context, sec *Section) (Indicator, error) { return r030{}, sec.Check() }

func (r030) Rule() Rule { return r030Rule }

// Add flags a valid bid dated after the tender period's end (compared as
// strings, as Cardinal does) whose tenderer is a supplier of an active award.
func (r030) Add(c *Context, r *Release) {
	t := r.Tender
	if t == nil || !t.EndDate.Valid || !r.AwardsValid || !r.BidsValid {
		return
	}
	var suppliers idSet
	for _, a := range r.Awards {
		if a.Status.Is("active") && a.SuppliersValid {
			suppliers.addValid(a.Suppliers)
		}
	}
	for i := range r.Bids {
		b := &r.Bids[i]
		if !b.Status.Is("valid") || !b.Date.Valid || !b.TenderersValid || !(b.Date.Value > t.EndDate.Value) {
			continue
		}
		for _, id := range b.Tenderers {
			if id.Valid && suppliers.has(id.Value) {
				c.Set(OCID, r.OCID.Value, "R030", 1)
				c.Set(Tenderer, id.Value, "R030", 1)
				c.AddToMap(MapTendererR030, r.OCID.Value, id.Value)
			}
		}
	}
}

func (r030) Finish(*Context, *Result) {}
