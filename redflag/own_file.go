package redflag

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/goumai/goumai/ocds"
)

// Recompute reads OCDS releases — JSON Lines, a JSON array or release
// packages, of releases or of compiled releases — groups them by ocid (in
// date order within each), compiles each process and returns every flag of
// goumai's rules: the full recompute that the incremental store must equal.
// Region is read from the buyer's address in parties. It holds the input in
// memory.
func (e *Engine) Recompute(in io.Reader) ([]Flag, error) {
	rd := ocds.NewReader(in)
	byOCID := map[string][]ReleaseIn{}
	dates := map[string][]string{}
	var order []string
	for {
		rel, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if rel.OCID == "" {
			continue
		}
		if _, ok := byOCID[rel.OCID]; !ok {
			order = append(order, rel.OCID)
		}
		byOCID[rel.OCID] = append(byOCID[rel.OCID], ReleaseIn{LogIndex: LogIndexOf(rel.OCID, rel.ID), Body: slices.Clone(rel.JSON)})
		dates[rel.OCID] = append(dates[rel.OCID], rel.Date)
	}
	facts := make([]*Facts, 0, len(order))
	for _, o := range order {
		rs, ds := byOCID[o], dates[o]
		idx := make([]int, len(rs))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(ds[a], ds[b]) })
		sorted := make([]ReleaseIn, len(rs))
		for i, j := range idx {
			sorted[i] = rs[j]
		}
		f, err := FactsOf("", sorted)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o, err)
		}
		facts = append(facts, f)
	}
	return e.All(facts)
}
