package validate

import (
	"fmt"
	"strings"
)

// node is one field of the schema, addressed like lib-cove addresses fields:
// by property names only, arrays being transparent (the fields of an array's
// items are children of the array's own node). The additional-field, codelist,
// deprecated-field and missing-id checks walk the data against this tree.
type node struct {
	children map[string]*node

	// The flags below are set only where lib-cove's schema walks reach: through
	// properties of type "object" and arrays of objects (see buildNode).
	codelist     string // codelist file of this field, e.g. "releaseTag.csv"
	openCodelist bool
	deprecated   *deprecation
	// missingIDs: this field is an array of objects whose optional "id" is used
	// for identifier merging (not wholeListMerge), so items without id are reported.
	missingIDs bool

	// uniqueItems: the schema has uniqueItems on this array; checked by id.
	uniqueItems bool
}

type deprecation struct {
	Version     string
	Description string
}

// resolver finds the target of a $ref among the embedded schema documents.
type resolver struct {
	docs map[string]map[string]any // by id (base URL)
}

func newResolver(byName map[string]map[string]any) *resolver {
	r := &resolver{docs: map[string]map[string]any{}}
	for _, d := range byName {
		if id, ok := d["id"].(string); ok {
			r.docs[id] = d
		}
	}
	return r
}

// resolve follows $ref chains from s (found in document base) and returns the
// target schema and its document.
func (r *resolver) resolve(s map[string]any, base string) (map[string]any, string, error) {
	for range 32 {
		ref, ok := s["$ref"].(string)
		if !ok {
			return s, base, nil
		}
		doc, frag, _ := strings.Cut(ref, "#")
		if doc != "" {
			base = doc
		}
		d, ok := r.docs[base]
		if !ok {
			return nil, "", fmt.Errorf("$ref %s: schema not embedded", ref)
		}
		var cur any = d
		for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
			if tok == "" {
				continue
			}
			m, ok := cur.(map[string]any)
			if !ok {
				return nil, "", fmt.Errorf("$ref %s: not found", ref)
			}
			cur = m[strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")]
		}
		t, ok := cur.(map[string]any)
		if !ok {
			return nil, "", fmt.Errorf("$ref %s: not found", ref)
		}
		s = t
	}
	return nil, "", fmt.Errorf("$ref chain too long in %s", base)
}

// buildFieldTree builds the field tree of a package schema.
func buildFieldTree(r *resolver, id string) (*node, error) {
	root, ok := r.docs[id]
	if !ok {
		return nil, fmt.Errorf("schema %s not embedded", id)
	}
	n := &node{}
	if err := addChildren(r, n, root, id, true, 0); err != nil {
		return nil, fmt.Errorf("field tree of %s: %w", id, err)
	}
	return n, nil
}

// addChildren adds to n the fields of the properties of schema s.
//
// Two reachability rules of lib-cove are combined here. Known fields
// (schema_dict_fields_generator) follow every "properties", every "items" and
// the variants of "oneOf". Codelists, deprecations and missing ids
// (get_schema_codelist_paths, _get_schema_deprecated_paths,
// _get_schema_non_required_ids) follow a property only when its type is exactly
// "object", or exactly "array" with items that have properties; strict says
// whether s was reached that way.
func addChildren(r *resolver, n *node, s map[string]any, base string, strict bool, depth int) error {
	if depth > 64 {
		return fmt.Errorf("schema nested too deeply (recursive $ref?)")
	}
	s, base, err := r.resolve(s, base)
	if err != nil {
		return err
	}
	properties, _ := s["properties"].(map[string]any)
	if n.children == nil && len(properties) > 0 {
		n.children = make(map[string]*node, len(properties))
	}
	for name, pv := range properties {
		raw, ok := pv.(map[string]any)
		if !ok {
			continue
		}
		value, vbase, err := r.resolve(raw, base)
		if err != nil {
			return err
		}
		child := n.children[name]
		if child == nil {
			child = &node{}
			n.children[name] = child
		}
		if u, _ := value["uniqueItems"].(bool); u {
			child.uniqueItems = true
		}
		if strict {
			// lib-cove reads these on the dereferenced property; jsonref keeps
			// the siblings of a $ref on the proxy, so look at both.
			for _, m := range []map[string]any{raw, value} {
				if cl, ok := m["codelist"].(string); ok && child.codelist == "" {
					child.codelist = cl
					child.openCodelist, _ = m["openCodelist"].(bool)
				}
				if d, ok := m["deprecated"].(map[string]any); ok && child.deprecated == nil {
					v, _ := d["deprecatedVersion"].(string)
					desc, _ := d["description"].(string)
					child.deprecated = &deprecation{Version: v, Description: desc}
				}
			}
		}
		items, _ := itemsOf(r, value, vbase)
		childStrict := false
		if strict {
			switch {
			case value["type"] == "object":
				childStrict = true
			case value["type"] == "array" && items != nil && items["properties"] != nil:
				childStrict = true
				req := stringSet(items["required"])
				_, hasID := items["properties"].(map[string]any)["id"]
				wlm, _ := value["wholeListMerge"].(bool)
				if hasID && !req["id"] && !wlm {
					child.missingIDs = true
				}
			}
		}
		variants := []map[string]any{value}
		vbases := []string{vbase}
		if oneOf, ok := value["oneOf"].([]any); ok {
			variants, vbases = nil, nil
			for _, o := range oneOf {
				if om, ok := o.(map[string]any); ok {
					om, ob, err := r.resolve(om, vbase)
					if err != nil {
						return err
					}
					variants = append(variants, om)
					vbases = append(vbases, ob)
				}
			}
		}
		for i, v := range variants {
			// A oneOf variant is not of type object, so it is never strict.
			strictHere := childStrict && len(variants) == 1
			if v["properties"] != nil {
				if err := addChildren(r, child, v, vbases[i], strictHere, depth+1); err != nil {
					return err
				}
			} else if it, ib := itemsOf(r, v, vbases[i]); it != nil {
				if err := addItems(r, child, it, ib, strictHere, depth+1); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// addItems adds the fields of an array's items schema (and of its oneOf
// variants) to the array's node.
func addItems(r *resolver, n *node, items map[string]any, base string, strict bool, depth int) error {
	if items["properties"] != nil {
		if err := addChildren(r, n, items, base, strict, depth); err != nil {
			return err
		}
	}
	if oneOf, ok := items["oneOf"].([]any); ok {
		for _, o := range oneOf {
			if om, ok := o.(map[string]any); ok {
				if err := addChildren(r, n, om, base, false, depth); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// itemsOf returns the resolved items schema of an array schema, if it is an object.
func itemsOf(r *resolver, s map[string]any, base string) (map[string]any, string) {
	it, ok := s["items"].(map[string]any)
	if !ok {
		return nil, ""
	}
	it, b, err := r.resolve(it, base)
	if err != nil {
		return nil, ""
	}
	return it, b
}

func stringSet(v any) map[string]bool {
	set := map[string]bool{}
	if l, ok := v.([]any); ok {
		for _, x := range l {
			if s, ok := x.(string); ok {
				set[s] = true
			}
		}
	}
	return set
}
