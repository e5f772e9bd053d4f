package validate

import (
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
)

// arrayState keeps what the checks across releases (or records) need, and no
// more: 8-byte hashes of each element, of its ocid and of its id tuple.
type arrayState struct {
	key     string
	count   int
	seed    maphash.Seed
	idNames []string

	ids     map[uint64]int32 // hash of the id tuple → first index
	dups    []dupID          // repeated id tuples, at most maxDups
	dupSeen map[uint64]bool
	nDups   int
	lacking bool     // some element has no usable id tuple
	wholes  []uint64 // valueHash of each element, for whole-element uniqueness
	ocids   []uint64 // hash of each truthy ocid, for the distinct count
}

type dupID struct {
	first, second int
	value         string
}

const maxDups = 10000

func newArrayState(key string) *arrayState {
	return &arrayState{key: key, seed: maphash.MakeSeed(), ids: map[uint64]int32{}, dupSeen: map[uint64]bool{}}
}

// track records element idx (decoded v) for the uniqueness checks: (ocid, id)
// pairs across releases, ocid across records.
func (st *arrayState) track(v any, idx int, idNames ...string) {
	st.idNames = idNames
	st.wholes = append(st.wholes, valueHash(st.seed, v))
	m, ok := v.(map[string]any)
	if ok {
		if ocid, has := m["ocid"]; has && !isFalsy(ocid) {
			if k, ok := idKey(ocid); ok {
				st.ocids = append(st.ocids, maphash.String(st.seed, k))
			}
		}
	}
	if !ok {
		st.lacking = true
		return
	}
	keys := make([]string, len(idNames))
	vals := make([]string, len(idNames))
	for i, n := range idNames {
		k, good := idKey(m[n])
		if !good {
			st.lacking = true
			return
		}
		keys[i], vals[i] = k, pyStr(m[n])
	}
	h := maphash.String(st.seed, strings.Join(keys, "\x00"))
	first, seen := st.ids[h]
	if !seen {
		st.ids[h] = int32(idx)
		return
	}
	if st.dupSeen[h] {
		return
	}
	st.dupSeen[h] = true
	st.nDups++
	if len(st.dups) < maxDups {
		st.dups = append(st.dups, dupID{first: int(first), second: idx, value: strings.Join(vals, ", ")})
	}
}

// finish reports the uniqueness problems, as lib-cove's unique_ids: if some
// element lacks a usable id and two elements are equal as a whole (by their
// valueHash: the elements were streamed and are gone), only that is reported;
// otherwise each repeated id once.
func (st *arrayState) finish(col *collector, key string) {
	path := "/" + key
	if st.lacking {
		s := slices.Clone(st.wholes)
		slices.Sort(s)
		for i := 1; i < len(s); i++ {
			if s[i] == s[i-1] {
				col.add(Problem{Severity: Error, Type: TypeNonUnique, Keyword: "uniqueItems", Path: path, Message: "Array has non-unique elements"})
				return
			}
		}
	}
	msg := "Non-unique " + strings.Join(st.idNames, "") + " values"
	if len(st.idNames) > 1 {
		msg = "Non-unique combination of " + strings.Join(st.idNames, ", ") + " values"
	}
	for _, d := range st.dups {
		col.add(Problem{Severity: Error, Type: TypeNonUnique, Keyword: "uniqueItems", Path: path + "/" + strconv.Itoa(d.second),
			Value: d.value, Message: msg + " (first at " + path + "/" + strconv.Itoa(d.first) + ")"})
	}
	for range st.nDups - len(st.dups) {
		col.add(Problem{Severity: Error, Type: TypeNonUnique, Keyword: "uniqueItems", Path: path, Message: msg})
	}
}

// distinctOCIDs counts the distinct non-empty ocids.
func (st *arrayState) distinctOCIDs() int {
	s := slices.Clone(st.ocids)
	slices.Sort(s)
	return len(slices.Compact(s))
}
