package redflag

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// Output selects the optional keys of the JSON output.
type Output struct {
	// Meta adds the "Meta" key (quartiles and fences, rounded to 4 decimals);
	// Cardinal writes it unless --no-meta.
	Meta bool
	// Maps adds the "Maps" key; it needs an accumulator built with Options.Map.
	Maps bool
}

// WriteJSON writes the result as Cardinal's indicators command does: one line
// with the groups that have results, then "Meta" and "Maps" if asked for.
// Numbers are written as serde_json writes f64 (1.0, 0.2, 1e21; NaN as null).
func (r *Result) WriteJSON(w io.Writer, o Output) error {
	b := []byte{'{'}
	first := true
	key := func(k string) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendString(b, k)
		b = append(b, ':')
	}
	for g := range numGroups {
		if len(r.groups[g].ids) == 0 {
			continue
		}
		key(g.String())
		b = appendTable(b, &r.groups[g])
	}
	if o.Meta {
		key("Meta")
		b = r.appendMeta(b)
	}
	if o.Maps {
		key("Maps")
		b = r.appendMaps(b)
	}
	b = append(b, '}', '\n')
	bw := bufio.NewWriter(w)
	if _, err := bw.Write(b); err != nil {
		return fmt.Errorf("write indicators: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write indicators: %w", err)
	}
	return nil
}

func appendTable(b []byte, t *table) []byte {
	b = append(b, '{')
	for i, id := range t.ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, id)
		b = append(b, ':')
		b = appendRow(b, t.rows[i], false)
	}
	return append(b, '}')
}

func appendRow(b []byte, r row, round bool) []byte {
	b = append(b, '{')
	for j, code := range r.codes {
		if j > 0 {
			b = append(b, ',')
		}
		b = appendString(b, code)
		b = append(b, ':')
		v := r.values[j]
		if round {
			v = math.Round(v*10_000) / 10_000
		}
		b = AppendFloat(b, v)
	}
	return append(b, '}')
}

func (r *Result) appendMeta(b []byte) []byte {
	ids := make([]string, 0, len(r.meta))
	for id := range r.meta {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	b = append(b, '{')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, id)
		b = append(b, ':')
		b = appendRow(b, r.meta[id].rows[0], true)
	}
	return append(b, '}')
}

func (r *Result) appendMaps(b []byte) []byte {
	var pm processMaps
	if r.maps != nil {
		pm = *r.maps
	}
	b = append(b, '{')
	for m := range numMaps {
		if m > 0 {
			b = append(b, ',')
		}
		b = appendString(b, m.String())
		b = append(b, ":{"...)
		for i, ocid := range pm[m].ocids {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, ocid)
			b = append(b, ':')
			ids := pm[m].ids[i].list
			if m.single() {
				b = appendString(b, ids[0])
				continue
			}
			b = append(b, '[')
			for j, id := range ids {
				if j > 0 {
					b = append(b, ',')
				}
				b = appendString(b, id)
			}
			b = append(b, ']')
		}
		b = append(b, '}')
	}
	return append(b, '}')
}

func appendString(b []byte, s string) []byte {
	// Strings come from valid UTF-8 input, so AppendQuote cannot fail.
	b, _ = jsontext.AppendQuote(b, s)
	return b
}

// AppendFloat appends v as serde_json writes an f64 (the Rust ryu crate's
// layout of the shortest round-trip digits): integers end in ".0", decimal
// notation for exponents from -5 to 16, otherwise "1e21" or "1.5e-7"; NaN and
// infinities become null.
func AppendFloat(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	if v == 0 {
		if math.Signbit(v) {
			return append(b, "-0.0"...)
		}
		return append(b, "0.0"...)
	}
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	// Shortest digits d1.d2d3…e±X; the decimal point sits after kk digits.
	e := strconv.FormatFloat(v, 'e', -1, 64)
	mant, exp, _ := strings.Cut(e, "e")
	digits := strings.Replace(mant, ".", "", 1)
	x, _ := strconv.Atoi(exp)
	n := len(digits)
	kk := x + 1
	k := kk - n
	switch {
	case k >= 0 && kk <= 16:
		b = append(b, digits...)
		b = append(b, strings.Repeat("0", k)...)
		return append(b, ".0"...)
	case kk > 0 && kk <= 16:
		b = append(b, digits[:kk]...)
		b = append(b, '.')
		return append(b, digits[kk:]...)
	case kk > -5 && kk <= 0:
		b = append(b, "0."...)
		b = append(b, strings.Repeat("0", -kk)...)
		return append(b, digits...)
	case n == 1:
		b = append(b, digits...)
	default:
		b = append(b, digits[0], '.')
		b = append(b, digits[1:]...)
	}
	b = append(b, 'e')
	return strconv.AppendInt(b, int64(kk-1), 10)
}
