package ocds

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// evKind is the kind of one flattening event.
type evKind uint8

const (
	evObject evKind = iota + 1 // enter the object value of member key
	evArray                    // enter the identifier-merged array value of member key
	evItem                     // enter an item of the current array
	evLeaf                     // member key has the literal value val
	evEnd                      // leave the current object, array or item
)

// event is one step of a flattened release. Flattening a release into a list of events, instead
// of building a tree of the input, lets a release be read once, token by token, and lets an array
// that turns out to hold a non-object be rolled back to a single literal.
type event struct {
	kind evKind
	// unique marks an item that never merges with another (no id, or the Append strategy).
	unique bool
	// hasID marks an item with an id member, whose raw value is val.
	hasID bool
	name  []byte // member name, quoted as in the input (for output)
	key   []byte // member name unquoted (for lookups); for evItem the identifier
	val   []byte // raw JSON literal for evLeaf; raw id for evItem
}

// release is one release read for merging: its events and the members merging treats apart.
type release struct {
	index int // position in the input list, for stable sorting and messages
	// events are the release's events: f.events[from:to] of the flattener that read it, which
	// holds the events of every release of one merge in one reused buffer.
	events   []event
	from, to int
	ocid     []byte // raw JSON values, nil when absent
	id       []byte
	date     []byte
	tag      []byte
	// dateKey is the decoded date string releases are sorted by.
	dateKey string
}

// flattener reads releases into events. It is reused across releases to avoid allocation.
type flattener struct {
	sc       scanner
	raw      []byte
	events   []event
	warnings []Warning
	// ids holds, per array nesting depth, the ids met in the array being read.
	ids   []idSet
	depth int
	from  int // first event of the release being read
	// versionedBase reads an existing versioned release: lists of versioned values are literals.
	versionedBase bool
}

// Warning is a problem in the data that merging tolerates, e.g. two items with the same id in
// one array of one release (ocdsmerge's DuplicateIdValueWarning).
type Warning struct {
	Path    string // dotted field path of the array, e.g. "awards.suppliers"
	Message string
}

// String returns the warning message.
func (w Warning) String() string { return w.Message }

// flatten reads one release (a JSON object) into events, applying rules.
func (f *flattener) flatten(raw []byte, rules *ruleNode) (*release, error) {
	f.raw = raw
	f.sc.reset(raw)
	r := &release{from: len(f.events)}
	f.from, f.depth = r.from, 0
	if k := f.sc.peek(); k != '{' {
		return nil, fmt.Errorf("release is %s, not an object", kindName(jsontext.Kind(k)))
	}
	f.sc.delim('{')
	if err := f.object(rules, nil, r); err != nil {
		return nil, err
	}
	f.sc.delim('}')
	if f.sc.err != nil {
		return nil, f.sc.err
	}
	r.to = len(f.events)
	return r, nil
}

// object reads the members of an object whose '{' has been read. item is the index of the
// evItem event when the object is an array item; top receives the top-level members.
func (f *flattener) object(rules *ruleNode, item *int, top *release) error {
	for k := f.sc.peek(); k != '}' && k != 0; k = f.sc.peek() {
		name := f.sc.value()
		if len(name) < 2 || name[0] != '"' {
			f.sc.fail()
			return f.sc.err
		}
		key := name[1 : len(name)-1]
		if f.sc.escaped {
			key = unquoted(name)
		}
		isID := item != nil && string(key) == "id"
		if top != nil {
			if dst := top.special(name); dst != nil {
				if err := f.topMember(name, key, dst, top, rules); err != nil {
					return err
				}
				continue
			}
		}
		rule := rules.child(key)
		if rule != nil && rule.kind == ruleOmit {
			f.sc.value()
			continue
		}
		var err error
		k := f.sc.peek()
		// A wholeListMerge field is one literal whatever its value: an object a publisher put
		// there is replaced whole, never merged member by member (as ocdsmerge stores it).
		structured := !isID && (rule == nil || rule.kind != ruleWhole)
		switch {
		case k == '{' && structured:
			err = f.nested(evObject, name, key, rule)
		case k == '[' && structured:
			err = f.array(name, key, rule)
		default:
			v := f.sc.value()
			f.events = append(f.events, event{kind: evLeaf, name: name, key: key, val: v})
			if isID {
				f.events[*item].hasID, f.events[*item].val = true, v
			}
		}
		if err != nil {
			return err
		}
	}
	return f.sc.err
}

// special returns where the release keeps a top-level member that merging handles itself:
// ocid, id and date name the merged release; tag is never flattened (compiled releases get
// ["compiled"], versioned values carry the release's tag).
func (r *release) special(name []byte) *[]byte {
	switch string(name) {
	case `"ocid"`:
		return &r.ocid
	case `"id"`:
		return &r.id
	case `"date"`:
		return &r.date
	case `"tag"`:
		return &r.tag
	}
	return nil
}

// topMember reads a special top-level member whole.
func (f *flattener) topMember(name, key []byte, dst *[]byte, r *release, rules *ruleNode) error {
	v := f.sc.value()
	*dst = v
	if dst == &r.tag {
		return nil
	}
	if rule := rules.child(key); rule != nil && rule.kind == ruleOmit {
		return nil
	}
	f.events = append(f.events, event{kind: evLeaf, name: name, key: key, val: v})
	return nil
}

// nested reads an object member value into enter/leave events.
func (f *flattener) nested(kind evKind, name, key []byte, rule *ruleNode) error {
	f.sc.delim('{')
	f.events = append(f.events, event{kind: kind, name: name, key: key})
	if err := f.object(rule, nil, nil); err != nil {
		return err
	}
	f.sc.delim('}')
	f.events = append(f.events, event{kind: evEnd})
	return nil
}

// array reads an array that may be merged item by item. If any item is not an object, the
// events of the items already read are dropped and the whole array becomes one literal.
func (f *flattener) array(name, key []byte, rule *ruleNode) error {
	if f.versionedBase {
		return f.baseArray(name, key, rule)
	}
	return f.mergeArray(name, key, rule)
}

// mergeArray reads an array item by item (see array).
func (f *flattener) mergeArray(name, key []byte, rule *ruleNode) error {
	f.sc.delim('[')
	start := f.sc.i - 1
	mark := len(f.events)
	f.events = append(f.events, event{kind: evArray, name: name, key: key})
	strategy := IdentifierMerge
	if rule != nil {
		strategy = rule.strategy
	}
	literal := false
	f.depth++
	defer func() { f.depth-- }()
	for len(f.ids) <= f.depth {
		f.ids = append(f.ids, idSet{})
	}
	f.ids[f.depth].reset()
	for i := 0; ; i++ {
		k := f.sc.peek()
		if k == ']' || k == 0 {
			break
		}
		if literal || k != '{' {
			literal = true
			f.sc.value()
			continue
		}
		if err := f.item(i, strategy, rule); err != nil {
			return err
		}
	}
	f.sc.delim(']')
	if f.sc.err != nil {
		return f.sc.err
	}
	if literal {
		f.events = append(f.events[:mark], event{kind: evLeaf, name: name, key: key, val: f.raw[start:f.sc.i]})
		return nil
	}
	f.events = append(f.events, event{kind: evEnd})
	return nil
}

// item reads one object of an identifier-merged array and sets its identifier.
func (f *flattener) item(i int, strategy Strategy, rule *ruleNode) error {
	f.sc.delim('{')
	at := len(f.events)
	f.events = append(f.events, event{kind: evItem})
	if err := f.object(rule, &at, nil); err != nil {
		return err
	}
	f.sc.delim('}')
	f.events = append(f.events, event{kind: evEnd})
	ev := &f.events[at]
	if ev.hasID && f.ids[f.depth].add(identifier(ev.val)) {
		f.warnDuplicate(identifier(ev.val))
	}
	switch {
	case strategy == MergeByPosition:
		ev.key = strconv.AppendInt(nil, int64(i), 10)
	case strategy == Append || !ev.hasID:
		ev.unique = true
	default:
		ev.key = identifier(ev.val)
	}
	return nil
}

// warnDuplicate warns when two items of one array of one release share an id: they collapse
// into one item (or, with Append, stay apart), which usually means the publisher's ids are wrong.
// The message is ocdsmerge's, with the array's field path.
func (f *flattener) warnDuplicate(id []byte) {
	var path []string
	for _, ev := range f.events[f.from:] {
		switch ev.kind {
		case evObject, evArray:
			path = append(path, string(ev.key))
		case evItem:
			path = append(path, "")
		case evEnd:
			path = path[:len(path)-1]
		}
	}
	var fields []string
	for _, p := range path { // the item itself is already closed
		if p != "" {
			fields = append(fields, p)
		}
	}
	dotted := strings.Join(fields, ".")
	f.warnings = append(f.warnings, Warning{Path: dotted,
		Message: fmt.Sprintf("Multiple objects have the `id` value %s in the `%s` array", pyRepr(id), dotted)})
}

// pyRepr quotes an id as Python's repr of a string does in ocdsmerge's message: '1'.
func pyRepr(id []byte) string {
	if !strings.ContainsRune(string(id), '\'') {
		return "'" + string(id) + "'"
	}
	return strconv.Quote(string(id))
}

// idSet is the set of ids of one array: a list scanned linearly for the usual short arrays,
// a map for long ones.
type idSet struct {
	list [][]byte
	m    map[string]struct{}
	big  bool
}

func (s *idSet) reset() {
	s.list, s.big = s.list[:0], false
	clear(s.m)
}

// add adds id and reports whether it was already there.
func (s *idSet) add(id []byte) bool {
	if !s.big {
		for _, x := range s.list {
			if string(x) == string(id) {
				return true
			}
		}
		s.list = append(s.list, id)
		if len(s.list) <= 32 {
			return false
		}
		s.big = true
		if s.m == nil {
			s.m = map[string]struct{}{}
		}
		for _, x := range s.list {
			s.m[string(x)] = struct{}{}
		}
		return false
	}
	if _, ok := s.m[string(id)]; ok {
		return true
	}
	s.m[string(id)] = struct{}{}
	return false
}

// baseArray reads an array of an existing versioned release: a list of versioned values is a
// literal; any other array is flattened by a second reader over its bytes.
func (f *flattener) baseArray(name, key []byte, rule *ruleNode) error {
	v := f.sc.value()
	if f.sc.err != nil {
		return f.sc.err
	}
	if isVersionList(v) {
		f.events = append(f.events, event{kind: evLeaf, name: name, key: key, val: v})
		return nil
	}
	sub := &flattener{versionedBase: true, raw: v}
	sub.sc.reset(v)
	if err := sub.mergeArray(name, key, rule); err != nil {
		return err
	}
	f.events = append(f.events, sub.events...)
	f.warnings = append(f.warnings, sub.warnings...)
	return nil
}
