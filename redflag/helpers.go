package redflag

// submittedBids returns the bids whose status is a string other than invited
// or withdrawn: pending, valid, disqualified (and any other code).
func submittedBids(r *Release) []*Bid {
	var out []*Bid
	for i := range r.Bids {
		b := &r.Bids[i]
		if b.Status.Valid && b.Status.Value != "invited" && b.Status.Value != "withdrawn" {
			out = append(out, b)
		}
	}
	return out
}

// completeAwards returns the active awards when every award with a string
// status is final (active, cancelled or unsuccessful), and ok=false otherwise
// or when awards or bids.details is not an array. The bids are returned even
// without awards, since then "all" awards are final.
func completeAwards(r *Release) (active []*Award, ok bool) {
	if !r.AwardsValid || !r.BidsValid {
		return nil, false
	}
	for i := range r.Awards {
		a := &r.Awards[i]
		if !a.Status.Valid {
			continue
		}
		switch a.Status.Value {
		case "active":
			active = append(active, a)
		case "cancelled", "unsuccessful":
		default:
			return nil, false // pending, or not a code
		}
	}
	return active, true
}

// soleSupplier returns the supplier id when every award is final, exactly one
// is active and it has exactly one supplier with a string id.
func soleSupplier(r *Release) (string, bool) {
	active, ok := completeAwards(r)
	if !ok || len(active) != 1 || !active[0].SuppliersValid || len(active[0].Suppliers) != 1 {
		return "", false
	}
	s := active[0].Suppliers[0]
	return s.Value, s.Valid
}

// soleTenderer returns the id of a bid's only tenderer.
func soleTenderer(b *Bid) (string, bool) {
	if !b.TenderersValid || len(b.Tenderers) != 1 {
		return "", false
	}
	return b.Tenderers[0].Value, b.Tenderers[0].Valid
}

// matchesMethod is Cardinal's matches_procurement_method: an empty set
// matches every process; otherwise tender.procurementMethod must be listed.
func matchesMethod(t *Tender, methods Set) bool {
	if len(methods) == 0 {
		return true
	}
	return t.ProcurementMethod.Valid && methods.Has(t.ProcurementMethod.Value)
}

// orderedValues maps keys to values in first-insertion order; a key added
// again keeps its place and takes the new value, as Rust's map insert.
type orderedValues[V any] struct {
	index  map[string]int
	keys   []string
	values []V
}

// at returns a pointer to the value of key, adding a zero value if missing.
func (o *orderedValues[V]) at(key string) *V {
	i, ok := o.index[key]
	if !ok {
		if o.index == nil {
			o.index = map[string]int{}
		}
		i = len(o.keys)
		o.index[key] = i
		o.keys = append(o.keys, key)
		var zero V
		o.values = append(o.values, zero)
	}
	return &o.values[i]
}

// fraction is a count of matching cases over all cases.
type fraction struct{ num, den uint64 }

func (f fraction) ratio() float64 { return float64(f.num) / float64(f.den) }

// ratios returns the ratio of each fraction whose denominator is at least min.
func ratios(o *orderedValues[fraction], min uint64) (ids []string, values []float64) {
	for i, f := range o.values {
		if f.den >= min {
			ids = append(ids, o.keys[i])
			values = append(values, f.ratio())
		}
	}
	return ids, values
}

// idSet is an insertion-ordered set of strings. Small sets are scanned; from
// a few elements on a map index keeps adversarial lines (a bid with a million
// tenderers) linear.
type idSet struct {
	list  []string
	index map[string]struct{}
}

const idSetScan = 16

func (s *idSet) has(v string) bool {
	if s.index != nil {
		_, ok := s.index[v]
		return ok
	}
	for _, x := range s.list {
		if x == v {
			return true
		}
	}
	return false
}

// add inserts v and reports whether it was new.
func (s *idSet) add(v string) bool {
	if s.has(v) {
		return false
	}
	s.list = append(s.list, v)
	switch {
	case s.index != nil:
		s.index[v] = struct{}{}
	case len(s.list) > idSetScan:
		s.index = make(map[string]struct{}, 2*len(s.list))
		for _, x := range s.list {
			s.index[x] = struct{}{}
		}
	}
	return true
}

// addValid inserts the valid ids.
func (s *idSet) addValid(ids []Text) {
	for _, id := range ids {
		if id.Valid {
			s.add(id.Value)
		}
	}
}

func (s *idSet) len() int { return len(s.list) }

// equal compares two sets.
func (s *idSet) equal(o *idSet) bool {
	if s.len() != o.len() {
		return false
	}
	for _, v := range s.list {
		if !o.has(v) {
			return false
		}
	}
	return true
}
