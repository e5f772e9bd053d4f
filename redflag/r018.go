package redflag

// r018Rule describes R018.
var r018Rule = Rule{
	ID: "R018", Title: "Single bid received", Source: cardinalSource, Groups: []Group{OCID},
	Params: []Param{{Name: "procurement_methods", Default: "open|selective", Doc: "pipe-separated tender.procurementMethod values to consider"}},
}

type r018 struct{ methods Set }

func newR018(_ *Context, sec *Section) (Indicator, error) {
	if err := sec.Check("procurement_methods"); err != nil {
		return nil, err
	}
	v, ok := sec.Keys["procurement_methods"]
	if !ok {
		v = "open|selective"
	}
	return &r018{methods: ParsePipeList(v)}, nil
}

func (*r018) Rule() Rule { return r018Rule }

// Add flags numberOfTenderers written as the integer 1 (Cardinal reads it as
// an unsigned integer, so 1.0 and 1e0 do not count).
func (ind *r018) Add(c *Context, r *Release) {
	if t := r.Tender; t != nil && matchesMethod(t, ind.methods) && t.NumberOfTenderers.Is("1") {
		c.Set(OCID, r.OCID.Value, "R018", 1)
	}
}

func (*r018) Finish(*Context, *Result) {}
