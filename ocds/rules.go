package ocds

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"

	"github.com/goumai/goumai/ocds/schema"
)

// ruleKind is the merge rule the schema gives one field.
type ruleKind uint8

const (
	ruleNone  ruleKind = iota // merge by the shape of the data (the default)
	ruleOmit                  // omitWhenMerged: dropped from merged releases
	ruleWhole                 // wholeListMerge: the array is replaced, never merged item by item
)

// Strategy overrides how the items of one array of objects are merged. Rules derived from a
// schema never produce one; the caller sets it with Rules.Override for data it knows to be bad
// (ocdsmerge's rule_overrides).
type Strategy uint8

const (
	// IdentifierMerge merges items that have the same id (the OCDS rule, the default).
	IdentifierMerge Strategy = iota
	// Append keeps every item of every release, even items with the same id (ocdsmerge APPEND).
	Append
	// MergeByPosition merges items at the same index (ocdsmerge MERGE_BY_POSITION).
	MergeByPosition
)

// ruleNode is one field of the rule tree. Paths contain field names only: the rule of
// awards.items.unit applies to every item of every award.
type ruleNode struct {
	kind     ruleKind
	strategy Strategy
	children map[string]*ruleNode
	// mask has a bit per (length, first byte) of the children's names, so that most fields,
	// which have no rule, are rejected without hashing their names.
	mask uint64
}

func maskBit(name []byte) uint64 {
	if len(name) == 0 {
		return 1
	}
	return 1 << ((uint(len(name)) + 7*uint(name[0])) & 63)
}

// child returns the rule node of a field, nil when no rule applies below n.
func (n *ruleNode) child(name []byte) *ruleNode {
	if n == nil || n.mask&maskBit(name) == 0 {
		return nil
	}
	return n.children[string(name)]
}

func (n *ruleNode) ensure(name string) *ruleNode {
	if n.children == nil {
		n.children = map[string]*ruleNode{}
	}
	c := n.children[name]
	if c == nil {
		c = &ruleNode{}
		n.children[name] = c
		n.mask |= maskBit([]byte(name))
	}
	return c
}

// Rules are the merge rules of a release schema: which fields are omitted when merging, which
// arrays are merged as whole lists, and any strategy overrides. A Rules value is immutable and
// safe for concurrent use; Override returns a copy.
type Rules struct {
	root *ruleNode
}

// RulesForVersion returns the rules of the embedded OCDS release schema of a version, "1.0"
// or "1.1" (1.1.5).
func RulesForVersion(version string) (*Rules, error) {
	b, err := schema.Read(version, "release-schema.json")
	if err != nil {
		return nil, fmt.Errorf("merge rules for OCDS %q: %w", version, err)
	}
	return NewRules(b)
}

// NewRules derives the merge rules from a release schema (JSON Schema with OCDS merge
// properties), after replacing every local "$ref" ("#/definitions/…") by its target, as
// ocdsmerge does with jsonref. OCDS 1.0's "mergeStrategy" values ocdsOmit and ocdsVersion are
// read as omitWhenMerged and wholeListMerge.
func NewRules(releaseSchema []byte) (*Rules, error) {
	var doc map[string]any
	if err := json.Unmarshal(releaseSchema, &doc); err != nil {
		return nil, fmt.Errorf("read release schema: %w", err)
	}
	props, err := deref(doc, doc, 0)
	if err != nil {
		return nil, fmt.Errorf("release schema: %w", err)
	}
	root := &ruleNode{}
	if p, ok := props.(map[string]any)["properties"].(map[string]any); ok {
		if err := addRules(root, doc, p, 0); err != nil {
			return nil, fmt.Errorf("release schema: %w", err)
		}
	}
	return &Rules{root: root}, nil
}

// maxSchemaDepth bounds $ref chains and nesting, so a recursive schema is an error, not a hang.
const maxSchemaDepth = 64

// deref returns v with a top-level {"$ref": "#/…"} replaced by its target (recursively).
func deref(doc map[string]any, v any, depth int) (any, error) {
	for {
		m, ok := v.(map[string]any)
		if !ok {
			return v, nil
		}
		ref, ok := m["$ref"].(string)
		if !ok {
			return v, nil
		}
		if depth++; depth > maxSchemaDepth {
			return nil, fmt.Errorf("$ref %q: chain or nesting deeper than %d", ref, maxSchemaDepth)
		}
		target, err := resolvePointer(doc, ref)
		if err != nil {
			return nil, err
		}
		v = target
	}
}

// resolvePointer follows a local JSON pointer reference such as "#/definitions/Value".
func resolvePointer(doc map[string]any, ref string) (any, error) {
	frag, ok := strings.CutPrefix(ref, "#")
	if !ok {
		return nil, fmt.Errorf("$ref %q: only local references (#/…) are supported; patch the schema first", ref)
	}
	if f, err := url.PathUnescape(frag); err == nil {
		frag = f
	}
	var cur any = doc
	for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("$ref %q: %q is not inside an object", ref, tok)
		}
		if cur, ok = m[tok]; !ok {
			return nil, fmt.Errorf("$ref %q: no member %q", ref, tok)
		}
	}
	return cur, nil
}

// addRules walks a schema "properties" object, following ocdsmerge's get_merge_rules.
func addRules(parent *ruleNode, doc map[string]any, props map[string]any, depth int) error {
	if depth > maxSchemaDepth {
		return fmt.Errorf("properties nested deeper than %d", maxSchemaDepth)
	}
	for name, raw := range props {
		v, err := deref(doc, raw, depth)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		prop, ok := v.(map[string]any)
		if !ok {
			continue
		}
		types := schemaTypes(prop)
		switch {
		case truthy(prop["omitWhenMerged"]) || prop["mergeStrategy"] == "ocdsOmit":
			parent.ensure(name).kind = ruleOmit
		case types["array"] && (truthy(prop["wholeListMerge"]) || prop["mergeStrategy"] == "ocdsVersion"):
			parent.ensure(name).kind = ruleWhole
		case types["object"] && prop["properties"] != nil:
			if sub, ok := prop["properties"].(map[string]any); ok {
				if err := addRules(parent.ensure(name), doc, sub, depth+1); err != nil {
					return fmt.Errorf("%s.%w", name, err)
				}
			}
		case types["array"] && prop["items"] != nil:
			if err := addArrayRules(parent, doc, name, prop["items"], depth); err != nil {
				return err
			}
		}
	}
	return nil
}

// addArrayRules: arrays of non-objects and arrays of objects without an id are whole lists;
// arrays of objects with an id are merged by identifier, so their items' fields get rules.
func addArrayRules(parent *ruleNode, doc map[string]any, name string, rawItems any, depth int) error {
	v, err := deref(doc, rawItems, depth)
	if err != nil {
		return fmt.Errorf("%s.items: %w", name, err)
	}
	items, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	types := schemaTypes(items)
	for t := range types {
		if t != "object" {
			parent.ensure(name).kind = ruleWhole
			return nil
		}
	}
	sub, ok := items["properties"].(map[string]any)
	if !types["object"] || !ok {
		return nil
	}
	if _, hasID := sub["id"]; !hasID {
		parent.ensure(name).kind = ruleWhole
		return nil
	}
	if err := addRules(parent.ensure(name), doc, sub, depth+1); err != nil {
		return fmt.Errorf("%s.%w", name, err)
	}
	return nil
}

// schemaTypes returns a property's "type" as a set (a string or a list of strings).
func schemaTypes(prop map[string]any) map[string]bool {
	out := map[string]bool{}
	switch t := prop["type"].(type) {
	case string:
		out[t] = true
	case []any:
		for _, s := range t {
			if s, ok := s.(string); ok {
				out[s] = true
			}
		}
	}
	return out
}

// truthy is Python truthiness for the JSON values a schema keyword may hold.
func truthy(v any) bool {
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case float64:
		return v != 0
	case string:
		return v != ""
	case []any:
		return len(v) > 0
	case map[string]any:
		return len(v) > 0
	}
	return true
}

// Override returns a copy of the rules in which the array at path (field names, e.g.
// "contracts", "implementation", "milestones") is merged with strategy s.
func (r *Rules) Override(s Strategy, path ...string) *Rules {
	root := cloneRule(r.root)
	n := root
	for _, name := range path {
		n = n.ensure(name)
	}
	n.strategy = s
	return &Rules{root: root}
}

func cloneRule(n *ruleNode) *ruleNode {
	c := &ruleNode{kind: n.kind, strategy: n.strategy, mask: n.mask}
	if n.children != nil {
		c.children = make(map[string]*ruleNode, len(n.children))
		for k, v := range n.children {
			c.children[k] = cloneRule(v)
		}
	}
	return c
}

// Paths lists the rules as "dotted.path" → "omitWhenMerged" or "wholeListMerge", the form of
// ocdsmerge's get_merge_rules, for inspection and tests.
func (r *Rules) Paths() map[string]string {
	out := map[string]string{}
	var walk func(prefix string, n *ruleNode)
	walk = func(prefix string, n *ruleNode) {
		for _, name := range slices.Sorted(maps.Keys(n.children)) {
			c := n.children[name]
			p := strings.TrimPrefix(prefix+"."+name, ".")
			switch c.kind {
			case ruleOmit:
				out[p] = "omitWhenMerged"
			case ruleWhole:
				out[p] = "wholeListMerge"
			}
			walk(p, c)
		}
	}
	walk("", r.root)
	return out
}
