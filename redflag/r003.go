package redflag

import "fmt"

// cardinalSource names the methodology the Cardinal indicators reproduce.
const cardinalSource = "Cardinal 0.0.8 (open-contracting/cardinal-rs)"

// r003Rule describes R003.
var r003Rule = Rule{
	ID: "R003", Title: "Short submission period", Source: cardinalSource, Groups: []Group{OCID},
	Params: []Param{
		{Name: "threshold", Default: "15", Doc: "flag a tender period shorter than this many whole days"},
		{Name: "procurement_methods", Default: "(all)", Doc: "pipe-separated tender.procurementMethod values to consider"},
		{Name: "[R003.procurement_method_details]", Doc: "per tender.procurementMethodDetails value, a threshold in days"},
	},
}

type r003 struct {
	threshold int64
	methods   Set
	details   map[string]int64
}

func newR003(_ *Context, sec *Section) (Indicator, error) {
	if err := sec.Check("threshold", "procurement_methods"); err != nil {
		return nil, err
	}
	ind := &r003{threshold: 15, methods: ParsePipeList(sec.Keys["procurement_methods"]), details: map[string]int64{}}
	if v, ok, err := sec.Int("threshold"); err != nil {
		return nil, err
	} else if ok {
		ind.threshold = v
	}
	for name, keys := range sec.Children {
		if name != "procurement_method_details" {
			return nil, fmt.Errorf("settings: unknown section [R003.%s]", name)
		}
		sub := &Section{Name: "R003.procurement_method_details", Keys: keys}
		for k := range keys {
			v, _, err := sub.Int(k)
			if err != nil {
				return nil, err
			}
			ind.details[k] = v
		}
	}
	return ind, nil
}

func (*r003) Rule() Rule { return r003Rule }

func (ind *r003) Add(c *Context, r *Release) {
	t := r.Tender
	if t == nil || !matchesMethod(t, ind.methods) || !t.StartDate.Valid || !t.EndDate.Valid {
		return
	}
	ss, sn, err := parseRFC3339(t.StartDate.Value)
	if err != nil {
		return
	}
	es, en, err := parseRFC3339(t.EndDate.Value)
	if err != nil {
		return
	}
	threshold := ind.threshold
	if d := t.ProcurementMethodDetails; d.Valid {
		if v, ok := ind.details[d.Value]; ok {
			threshold = v
		}
	}
	if wholeDays(ss, sn, es, en) < threshold {
		c.Set(OCID, r.OCID.Value, "R003", 1)
	}
}

func (*r003) Finish(*Context, *Result) {}
