package ocds

import (
	"fmt"
	"strings"
)

// shape is what a node of the merged tree holds besides a literal.
type shape uint8

const (
	shapeNone   shape = iota
	shapeObject       // an object, or an item of an identifier-merged array
	shapeArray        // an identifier-merged array
)

// version is one entry of a versioned value.
type version struct {
	seq   int // which merged release wrote it (-1: read from an existing versioned release)
	id    []byte
	date  []byte
	tag   []byte
	value []byte
}

// node is one field (or array item) of a merged release. It reproduces ocdsmerge's flat map of
// paths: children keep the order in which their first path appeared, a literal and a structure
// may both have been written at the same path, and litFirst records which came first, because
// that decides what ocdsmerge's unflatten does with the conflict.
type node struct {
	name     []byte // quoted member name as first seen
	key      []byte // member name, or item identifier
	shape    shape
	hasLit   bool
	litFirst bool
	plain    bool // an unversioned value inside a versioned release (ocid)
	unique   bool // an item that never merges (no id, or the Append strategy)
	hasID    bool
	lit      []byte
	idRaw    []byte
	versions []version
	children []*node
	index    map[string]*node // children by key, kept (cleared) across merges
	indexed  bool             // index is in use
}

// indexAfter is the number of children above which lookups use a map instead of a scan.
const indexAfter = 12

// frame is one open object, array or item while applying events.
type frame struct {
	ev *event
	n  *node
}

// tree is a merged release being built.
type tree struct {
	stack     []frame
	out       []byte
	versioned bool
	root      *node
	chunks    [][]node
	used      int
}

// newNode takes a node from the tree's arena, so merging a group allocates few objects.
func (t *tree) newNode() *node {
	const chunk = 256
	c := t.used / chunk
	if c == len(t.chunks) {
		t.chunks = append(t.chunks, make([]node, chunk))
	}
	n := &t.chunks[c][t.used%chunk]
	t.used++
	*n = node{children: n.children[:0], index: n.index}
	if n.index != nil {
		clear(n.index)
	}
	return n
}

// reset empties the tree for another merged release, keeping its arena.
func (t *tree) reset(versioned bool) {
	t.used = 0
	t.versioned = versioned
	t.root = t.newNode()
	t.root.shape = shapeObject
}

// child returns the child of n with key, creating it (with its quoted name) when absent.
func (t *tree) child(n *node, key, name []byte) *node {
	if n.indexed {
		if c := n.index[string(key)]; c != nil {
			return c
		}
	} else {
		for _, c := range n.children {
			if !c.unique && string(c.key) == string(key) {
				return c
			}
		}
	}
	c := t.newNode()
	c.key, c.name = key, name
	t.add(n, c)
	return c
}

// add appends a child, indexing the children of large objects and arrays.
func (t *tree) add(n, c *node) {
	n.children = append(n.children, c)
	if c.unique {
		return
	}
	if !n.indexed && len(n.children) > indexAfter {
		n.indexed = true
		if n.index == nil {
			n.index = make(map[string]*node, 2*indexAfter)
		}
		for _, o := range n.children {
			if !o.unique {
				if _, ok := n.index[string(o.key)]; !ok {
					n.index[string(o.key)] = o
				}
			}
		}
	} else if n.indexed {
		if _, ok := n.index[string(c.key)]; !ok {
			n.index[string(c.key)] = c
		}
	}
}

// InconsistentTypeError reports a field that is an object in one release and a literal or an
// array in another, which no merge can represent (ocdsmerge's InconsistentTypeError).
type InconsistentTypeError struct {
	Path string
}

// Error names the path of the conflict.
func (e *InconsistentTypeError) Error() string {
	return fmt.Sprintf("inconsistent types at /%s: one release has an object or array where another has a different type", e.Path)
}

// structure marks n as holding an object or an array.
func (t *tree) structure(n *node, s shape, path func() string) error {
	if n.shape == shapeNone {
		n.shape = s
		return nil
	}
	if n.shape != s {
		return &InconsistentTypeError{Path: path()}
	}
	return nil
}

// apply merges the events of release r, the seq-th release merged into the tree.
func (t *tree) apply(r *release, seq int, base bool) error {
	stack := append(t.stack[:0], frame{n: t.root})
	defer func() { t.stack = stack[:0] }()
	pathOf := func() string {
		var parts []string
		for _, f := range stack[1:] {
			if f.ev.kind == evItem {
				parts = append(parts, string(f.ev.key))
			} else {
				parts = append(parts, string(f.ev.key))
			}
		}
		return strings.Join(parts, "/")
	}
	for i := range r.events {
		ev := &r.events[i]
		switch ev.kind {
		case evObject, evArray, evItem:
			stack = append(stack, frame{ev: ev})
			continue
		case evEnd:
			stack = stack[:len(stack)-1]
			continue
		}
		// A leaf: create the objects, arrays and items on its path, as unflatten does.
		j := len(stack) - 1
		for stack[j].n == nil {
			j--
		}
		for j++; j < len(stack); j++ {
			n, err := t.enter(stack[j-1].n, stack[j].ev, pathOf)
			if err != nil {
				return err
			}
			stack[j].n = n
		}
		top := stack[len(stack)-1]
		if top.ev != nil && top.ev.kind == evItem && top.n.hasID && string(ev.key) == "id" {
			continue // an item's id is fixed when the item is created
		}
		if t.versioned && !base && top.ev == nil && string(ev.key) == "ocid" {
			continue // the ocid of a versioned release is not versioned
		}
		n := t.child(top.n, ev.key, ev.name)
		if base && t.versioned {
			if err := t.setBase(n, ev.val); err != nil {
				return err
			}
			continue
		}
		t.setLiteral(n, ev.val, seq, r)
	}
	return nil
}

// enter returns the node an enter event leads to from parent, creating it if needed.
func (t *tree) enter(parent *node, ev *event, path func() string) (*node, error) {
	if ev.kind == evItem {
		if parent.shape != shapeArray {
			return nil, &InconsistentTypeError{Path: path()}
		}
		var n *node
		if ev.unique {
			n = t.newNode()
			n.unique = true
			t.add(parent, n)
		} else {
			n = t.child(parent, ev.key, nil)
		}
		if n.shape == shapeNone {
			n.shape = shapeObject
			n.hasID, n.idRaw = ev.hasID && string(ev.val) != "null", ev.val
		}
		return n, nil
	}
	if parent.shape != shapeObject {
		return nil, &InconsistentTypeError{Path: path()}
	}
	n := t.child(parent, ev.key, ev.name)
	s := shapeObject
	if ev.kind == evArray {
		s = shapeArray
	}
	return n, t.structure(n, s, path)
}

// setLiteral writes a literal: compiled releases keep the last value, versioned releases
// append a version when the value differs from the latest one.
func (t *tree) setLiteral(n *node, val []byte, seq int, r *release) {
	if !n.hasLit {
		n.hasLit, n.litFirst = true, n.shape == shapeNone
	}
	if !t.versioned || n.plain {
		n.lit = val
		return
	}
	v := version{seq: seq, id: r.id, date: r.date, tag: r.tag, value: val}
	last := len(n.versions) - 1
	switch {
	case last < 0:
		n.versions = append(n.versions, v)
	case n.versions[last].seq == seq:
		// The same release wrote this path twice (duplicate ids or names): ocdsmerge keeps only
		// the release's last value, compared with the previous release's version.
		n.versions[last].value = val
		if last > 0 && jsonEqual(n.versions[last-1].value, val) {
			n.versions = n.versions[:last]
		}
	case !jsonEqual(n.versions[last].value, val):
		n.versions = append(n.versions, v)
	}
}
