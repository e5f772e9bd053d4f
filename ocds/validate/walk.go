package validate

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/goumai/goumai/ocds/internal/jsonvalue"
)

// languageField matches field names ending in "_" and a BCP 47 language tag
// (lib-cove's LANGUAGE_RE): multilingual fields such as title_es are not
// additional fields.
var languageField = regexp.MustCompile(`^(.*_(((([A-Za-z]{2,3}(-([A-Za-z]{3}(-[A-Za-z]{3}){0,2}))?)|[A-Za-z]{4}|[A-Za-z]{5,8})(-([A-Za-z]{4}))?(-([A-Za-z]{2}|[0-9]{3}))?(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(-([0-9A-WY-Za-wy-z](-[A-Za-z0-9]{2,8})+))*(-(x(-[A-Za-z0-9]{1,8})+))?)|(x(-[A-Za-z0-9]{1,8})+)))$`)

// walker runs the Data Review Tool's checks that are not JSON Schema on one
// decoded value (a release, a record or the package envelope).
type walker struct {
	vs      *versionSet
	col     *collector
	version string
}

// with returns path extended by seg in a new slice, for paths kept or
// passed down where the caller's slice must not change.
func with(path []string, seg string) []string {
	return append(path[:len(path):len(path)], seg)
}

// structure checks, against field tree n, the value v found at path (gen is
// the same path without array indexes): additional fields, deprecated fields,
// missing ids and id-based uniqueness of arrays.
//
// path and gen are used as stacks (appended to and cut back), so the walk
// allocates only when it reports.
func (w *walker) structure(n *node, v any, path, gen []string) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			p, g := append(path, k), append(gen, k)
			child := n.children[k]
			if child == nil {
				w.additional(k, val, p, g)
				continue
			}
			if d := child.deprecated; d != nil {
				msg := "'" + k + "' is deprecated"
				if d.Version != "" {
					msg += " since OCDS " + d.Version
				}
				if d.Description != "" {
					msg += ": " + strings.TrimSpace(d.Description)
				}
				w.col.addAgg("deprecated\x00"+pointer(g), Problem{Severity: Warning, Type: TypeDeprecatedField, Path: pointer(p), Message: msg})
			}
			if list, ok := val.([]any); ok {
				if child.uniqueItems {
					w.unique(list, p)
				}
				if child.missingIDs {
					for i, it := range list {
						if m, ok := it.(map[string]any); ok {
							if _, has := m["id"]; !has {
								w.col.add(Problem{Severity: Warning, Type: TypeMissingID, Path: pointer(p) + "/" + strconv.Itoa(i) + "/id",
									Message: "object in '" + k + "' has no 'id', so it cannot be merged with the same object in other releases"})
							}
						}
					}
				}
			}
			w.structure(child, val, p, g)
		}
	case []any:
		// Arrays are transparent: their objects have the fields of the array's node.
		for i, it := range x {
			if _, ok := it.(map[string]any); ok {
				w.structure(n, it, append(path, strconv.Itoa(i)), gen)
			}
		}
	}
}

// additional reports an unknown field, unless it is a language variant, in
// which case its own fields are looked at (they are unknown too).
func (w *walker) additional(k string, v any, path, gen []string) {
	if languageField.MatchString(k) {
		w.unknownChildren(v, path, gen)
		return
	}
	w.col.addAgg("additional\x00"+pointer(gen), Problem{Severity: Warning, Type: TypeAdditionalField, Path: pointer(path),
		Message: "'" + k + "' is not in the OCDS " + w.version + " schema" + w.extendedBy() + " (additional field)"})
}

// extendedBy is " or its extensions" when extensions were applied.
func (w *walker) extendedBy() string {
	if len(w.vs.extensions) > 0 {
		return " or its extensions"
	}
	return ""
}

func (w *walker) unknownChildren(v any, path, gen []string) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			w.additional(k, val, append(path, k), append(gen, k))
		}
	case []any:
		for i, it := range x {
			if _, ok := it.(map[string]any); ok {
				w.unknownChildren(it, append(path, strconv.Itoa(i)), gen)
			}
		}
	}
}

// unique is lib-cove's unique_ids for an array whose schema says uniqueItems:
// objects must have distinct ids; if some item has no usable id and two items
// are equal as a whole, that alone is reported.
func (w *walker) unique(list []any, path []string) {
	seen := map[string]bool{}
	dups := map[string]string{} // key → display
	lacking := false
	for _, it := range list {
		m, _ := it.(map[string]any)
		key, ok := idKey(m["id"])
		if !ok {
			lacking = true
			continue
		}
		if seen[key] {
			dups[key] = pyStr(m["id"])
		}
		seen[key] = true
	}
	if lacking && hasDuplicateItems(list) {
		w.col.add(Problem{Severity: Error, Type: TypeNonUnique, Keyword: "uniqueItems", Path: pointer(path), Message: "Array has non-unique elements"})
		return
	}
	keys := make([]string, 0, len(dups))
	for k := range dups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		w.col.add(Problem{Severity: Error, Type: TypeNonUnique, Keyword: "uniqueItems", Path: pointer(path), Message: "Non-unique id values", Value: dups[k]})
	}
}

// idKey returns a comparison key for an id value, as Python's equality would
// group them (1 == 1.0 == True, "1" != 1); ok is false for null, arrays and
// objects, which lib-cove does not treat as ids.
func idKey(v any) (string, bool) {
	switch v := v.(type) {
	case nil, []any, map[string]any:
		return "", false
	case string:
		return "s" + v, true
	case bool: // a Python set holds True and 1 as one id
		if v {
			return "n" + jsonvalue.NumberKey("1"), true
		}
		return "n" + jsonvalue.NumberKey("0"), true
	case json.Number:
		return "n" + jsonvalue.NumberKey(string(v)), true
	}
	return "x" + pyStr(v), true
}

// codes checks the values of codelist fields in object m (lib-cove's
// get_additional_codelist_values): empty values are skipped, arrays of objects
// are descended, arrays of values are checked value by value.
func (w *walker) codes(n *node, m map[string]any, path []string) {
	for k, v := range m {
		child := n.children[k]
		if child == nil || isFalsy(v) {
			continue
		}
		p := append(path, k)
		switch x := v.(type) {
		case []any:
			if _, ok := x[0].(map[string]any); ok {
				for i, it := range x {
					if im, ok := it.(map[string]any); ok {
						w.codes(child, im, append(p, strconv.Itoa(i)))
					}
				}
				continue
			}
			for i, it := range x {
				w.code(child, k, it, append(p, strconv.Itoa(i)))
			}
		case map[string]any:
			w.codes(child, x, p)
		default:
			w.code(child, k, v, p)
		}
	}
}

func (w *walker) code(n *node, field string, v any, path []string) {
	if n.codelist == "" {
		return
	}
	codes := w.vs.codelists[n.codelist]
	s := pyStr(v)
	if len(codes) == 0 || codes[s] {
		return
	}
	if n.openCodelist {
		gen := make([]string, 0, len(path))
		for _, seg := range path {
			if !isIndex(seg) {
				gen = append(gen, seg)
			}
		}
		w.col.addAgg("open\x00"+pointer(gen)+"\x00"+s, Problem{Severity: Info, Type: TypeOpenCodelist, Path: pointer(path), Value: s,
			Message: "'" + field + "' uses a code that is not in the open codelist " + n.codelist + " (new codes are allowed in open codelists)"})
		return
	}
	w.col.add(Problem{Severity: Error, Type: TypeClosedCodelist, Path: pointer(path), Value: s,
		Message: "'" + field + "' uses a code that is not in the closed codelist " + n.codelist})
}

// empty reports fields that are set but empty: "" or whitespace-only strings,
// {} and [] (lib-cove-ocds' EmptyFieldCheck; null is not reported).
func (w *walker) empty(m map[string]any, path []string) {
	for k, v := range m {
		p := append(path, k)
		switch x := v.(type) {
		case []any:
			if len(x) == 0 {
				w.emptyField(p)
			}
			for i, it := range x {
				if im, ok := it.(map[string]any); ok {
					w.empty(im, append(p, strconv.Itoa(i)))
				} else {
					w.emptyLeaf(it, append(p, strconv.Itoa(i)))
				}
			}
		case map[string]any:
			if len(x) == 0 {
				w.emptyField(p)
			}
			w.empty(x, p)
		default:
			w.emptyLeaf(x, p)
		}
	}
}

func (w *walker) emptyLeaf(v any, path []string) {
	switch x := v.(type) {
	case string:
		if strings.TrimFunc(x, pyIsSpace) == "" {
			w.emptyField(path)
		}
	case []any:
		if len(x) == 0 {
			w.emptyField(path)
		}
	}
}

func (w *walker) emptyField(path []string) {
	w.col.add(Problem{Severity: Warning, Type: TypeEmptyField, Path: pointer(path), Message: "field is set but empty"})
}

// pyIsSpace is Python's str.isspace for one character: Go's unicode.IsSpace
// plus the information separators U+001C–U+001F.
func pyIsSpace(r rune) bool {
	return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
}

// ocidPrefix is lib-cove-ocds' check of the OCID prefix format.
var ocidPrefix = regexp.MustCompile(`^ocds-[a-z0-9]{6}`)

// checkOCID reports an ocid (a non-empty string) without a well-formed prefix.
func (w *walker) checkOCID(obj any, path []string) {
	m, ok := obj.(map[string]any)
	if !ok {
		return
	}
	s, ok := m["ocid"].(string)
	if !ok || s == "" || ocidPrefix.MatchString(s) {
		return
	}
	w.col.add(Problem{Severity: Error, Type: TypeOCIDPrefix, Path: pointer(with(path, "ocid")), Value: s,
		Message: "ocid does not start with an OCID prefix: 'ocds-' followed by six lower-case letters or digits"})
}
