package ocds

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// refMerge is a test oracle: a direct port of ocdsmerge's flatten / flat_append / unflatten over
// decoded JSON, with an insertion-ordered map of paths. It is slow and independent of the tree
// and event code it checks, and follows the package's documented choices where ocdsmerge's
// behaviour is a Python accident (ids compared by their string form; id-merge items appended
// to a literal list are an error).
type refMerge struct {
	rules     *Rules
	versioned bool
	keys      []string
	entries   map[string]*refEntry
	uniq      int
}

type refElem struct {
	key   string // object member, or item identifier
	item  bool
	orig  any // the item's id, nil if none
	hasID bool
}

type refEntry struct {
	path     []refElem
	value    any
	versions []map[string]any
	plain    bool
}

var errRefUnsupported = errors.New("input outside what the oracle models")

func serialize(path []refElem) string {
	var b strings.Builder
	for _, e := range path {
		if e.item {
			b.WriteString("\x00i")
		} else {
			b.WriteString("\x00k")
		}
		b.WriteString(e.key)
	}
	return b.String()
}

func (m *refMerge) set(path []refElem, value any) *refEntry {
	k := serialize(path)
	e, ok := m.entries[k]
	if !ok {
		e = &refEntry{path: slices.Clone(path)}
		m.entries[k] = e
		m.keys = append(m.keys, k)
	}
	e.value = value
	return e
}

// refCompile merges raw releases like ocdsmerge.
func refCompile(rules *Rules, raws [][]byte, versioned bool) (any, error) {
	var rels []map[string]any
	for _, raw := range raws {
		var v any
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, errors.New("not an object")
		}
		rels = append(rels, obj)
	}
	if len(rels) > 1 {
		for _, r := range rels {
			if _, ok := r["date"].(string); !ok {
				return nil, errors.New("bad date")
			}
		}
		slices.SortStableFunc(rels, func(a, b map[string]any) int { return strings.Compare(a["date"].(string), b["date"].(string)) })
	}
	m := &refMerge{rules: rules, versioned: versioned, entries: map[string]*refEntry{}}
	if !versioned {
		m.set([]refElem{{key: "tag"}}, []any{"compiled"})
	}
	for _, r := range rels {
		if err := m.append(r); err != nil {
			return nil, err
		}
	}
	return m.unflatten()
}

func (m *refMerge) append(r map[string]any) error {
	flat := &refMerge{rules: m.rules, entries: map[string]*refEntry{}, uniq: m.uniq}
	rel := map[string]any{}
	for k, v := range r {
		if k != "tag" {
			rel[k] = v
		}
	}
	if err := flat.flatten(rel, nil, m.rules.root); err != nil {
		return err
	}
	m.uniq = flat.uniq
	ocid, hasOCID := r["ocid"]
	if !m.versioned {
		id, err := refPyStr(ocid, hasOCID)
		if err != nil {
			return err
		}
		date, hasDate := r["date"]
		ds, err := refPyStr(date, hasDate)
		if err != nil {
			return err
		}
		m.set([]refElem{{key: "id"}}, id+"-"+ds)
		m.set([]refElem{{key: "date"}}, date)
		m.set([]refElem{{key: "ocid"}}, ocid)
		for _, k := range flat.keys {
			m.set(flat.entries[k].path, flat.entries[k].value)
		}
		return nil
	}
	m.set([]refElem{{key: "ocid"}}, ocid).plain = true
	for _, k := range flat.keys {
		fe := flat.entries[k]
		if k == serialize([]refElem{{key: "ocid"}}) {
			continue
		}
		e, exists := m.entries[k]
		if exists && (e.plain || refEqual(e.versions[len(e.versions)-1]["value"], fe.value)) {
			continue
		}
		if !exists {
			e = m.set(fe.path, nil)
		}
		e.versions = append(e.versions, map[string]any{"releaseID": r["id"], "releaseDate": r["date"], "releaseTag": r["tag"], "value": fe.value})
	}
	return nil
}

func refPyStr(v any, present bool) (string, error) {
	switch v := v.(type) {
	case nil:
		return "None", nil
	case string:
		return v, nil
	case bool:
		if v {
			return "True", nil
		}
		return "False", nil
	case json.Number:
		return string(v), nil
	}
	return "", errRefUnsupported
}

func refEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return jsonEqual(x, y)
}

func (m *refMerge) flatten(obj map[string]any, path []refElem, rule *ruleNode) error {
	for key, value := range obj {
		r := rule.child([]byte(key))
		p := append(slices.Clone(path), refElem{key: key})
		if r != nil && r.kind == ruleOmit {
			continue
		}
		list, isList := value.([]any)
		sub, isObj := value.(map[string]any)
		switch {
		case r != nil && r.kind == ruleWhole || !isList && !isObj || isList && slices.ContainsFunc(list, func(v any) bool { _, ok := v.(map[string]any); return !ok }):
			m.set(p, value)
		case isObj && len(sub) > 0:
			if err := m.flatten(sub, p, r); err != nil {
				return err
			}
		case isList:
			if err := m.flattenList(list, p, r); err != nil {
				return err
			}
		}
	}
	return nil
}

func (m *refMerge) flattenList(list []any, path []refElem, rule *ruleNode) error {
	strategy := IdentifierMerge
	if rule != nil {
		strategy = rule.strategy
	}
	for i, v := range list {
		item := v.(map[string]any)
		id, hasID := item["id"]
		if _, ok := id.(map[string]any); ok {
			return errRefUnsupported
		}
		if _, ok := id.([]any); ok {
			return errRefUnsupported
		}
		e := refElem{item: true, orig: id, hasID: hasID && id != nil}
		switch {
		case strategy == MergeByPosition:
			e.key = strconv.Itoa(i)
		case strategy == Append || !hasID:
			m.uniq++
			e.key = fmt.Sprintf("\x01uuid%d", m.uniq)
		default:
			s, _ := refPyStr(id, true)
			if n, ok := id.(json.Number); ok {
				s = string(n)
			} else if id == nil {
				s = "null"
			} else if b, ok := id.(bool); ok {
				s = strconv.FormatBool(b)
			}
			e.key = s
		}
		if len(item) > 0 {
			if err := m.flatten(item, append(slices.Clone(path), e), rule); err != nil {
				return err
			}
		}
	}
	return nil
}

// unflatten replays the paths in insertion order, as ocdsmerge's unflatten.
func (m *refMerge) unflatten() (any, error) {
	root := map[string]any{}
	items := map[string]map[string]any{}
	lists := map[string]*[]any{} // arrays are built through pointers, then resolved
	for _, k := range m.keys {
		e := m.entries[k]
		var cur any = root
		for end, part := range e.path {
			prefix := serialize(e.path[:end+1])
			if part.item {
				lp, ok := cur.(*[]any)
				if !ok {
					return nil, errors.New("inconsistent type")
				}
				if n, ok := items[prefix]; ok {
					cur = n
					continue
				}
				n := map[string]any{}
				if part.hasID {
					n["id"] = part.orig
				}
				items[prefix] = n
				*lp = append(*lp, n)
				cur = n
				continue
			}
			obj, ok := cur.(map[string]any)
			if !ok {
				return nil, errors.New("inconsistent type")
			}
			if c, ok := obj[part.key]; ok {
				cur = c
				continue
			}
			if end < len(e.path)-1 {
				if e.path[end+1].item {
					lp := &[]any{}
					lists[prefix] = lp
					obj[part.key] = lp
				} else {
					obj[part.key] = map[string]any{}
				}
				cur = obj[part.key]
				continue
			}
			switch {
			case m.versioned && !e.plain:
				obj[part.key] = e.versions
			case e.value != nil:
				obj[part.key] = e.value
			}
		}
	}
	return resolveLists(root), nil
}

func resolveLists(v any) any {
	switch v := v.(type) {
	case *[]any:
		out := make([]any, len(*v))
		for i, x := range *v {
			out[i] = resolveLists(x)
		}
		return out
	case map[string]any:
		for k, x := range v {
			v[k] = resolveLists(x)
		}
	case []map[string]any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = x
		}
		return out
	}
	return v
}
