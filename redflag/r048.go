package redflag

// r048Rule describes R048.
var r048Rule = Rule{
	ID: "R048", Title: "Heterogeneous supplier", Source: cardinalSource, Groups: []Group{Tenderer}, Population: true,
	Params: []Param{
		{Name: "digits", Default: "2", Doc: "leading characters of items[].classification.id that make a category"},
		{Name: "threshold", Default: "Q3 + 1.5·IQR", Doc: "flag a number of categories at or above this upper fence"},
		{Name: "minimum_contracting_processes", Default: "20", Doc: "suppliers in fewer processes are not considered"},
	},
}

type supplierCategories struct {
	processes uint64
	codes     map[string]struct{}
}

type r048 struct {
	digits       uint64
	threshold    uint64
	hasThreshold bool
	minProcesses uint64
	suppliers    orderedValues[supplierCategories]
}

func newR048(_ *Context, sec *Section) (Indicator, error) {
	if err := sec.Check("digits", "threshold", "minimum_contracting_processes"); err != nil {
		return nil, err
	}
	ind := &r048{digits: 2, minProcesses: 20}
	var err error
	if ind.threshold, ind.hasThreshold, err = sec.Uint("threshold"); err != nil {
		return nil, err
	}
	for key, dst := range map[string]*uint64{"digits": &ind.digits, "minimum_contracting_processes": &ind.minProcesses} {
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

func (*r048) Rule() Rule { return r048Rule }

// Add collects, for the single supplier of each active award, the category of
// each item, counting the supplier once per process.
func (ind *r048) Add(_ *Context, r *Release) {
	var seen idSet
	for i := range r.Awards {
		a := &r.Awards[i]
		if !a.Status.Is("active") || !a.ItemsValid || !a.SuppliersValid || len(a.Suppliers) != 1 || !a.Suppliers[0].Valid {
			continue
		}
		supplier := a.Suppliers[0].Value
		for _, code := range a.ItemClassifications {
			if !code.Valid {
				continue
			}
			e := ind.suppliers.at(supplier)
			if seen.add(supplier) {
				e.processes++
			}
			if e.codes == nil {
				e.codes = map[string]struct{}{}
			}
			e.codes[prefix(code.Value, ind.digits)] = struct{}{}
		}
	}
}

// prefix returns the first n characters (not bytes) of s.
func prefix(s string, n uint64) string {
	i := uint64(0)
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}

func (ind *r048) Finish(_ *Context, out *Result) {
	var ids []string
	var variety []float64
	for i, e := range ind.suppliers.values {
		if e.processes >= ind.minProcesses {
			ids = append(ids, ind.suppliers.keys[i])
			variety = append(variety, float64(len(e.codes)))
		}
	}
	fence := float64(ind.threshold)
	if !ind.hasThreshold {
		q1, q3 := quartiles(variety)
		out.SetMeta("R048", "q1", q1)
		out.SetMeta("R048", "q3", q3)
		fence = upperFence(q1, q3)
	}
	out.SetMeta("R048", "upper_fence", fence)
	for i, id := range ids {
		if variety[i] >= fence {
			out.Set(Tenderer, id, "R048", variety[i])
		}
	}
}
