package ocds

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
)

// Merger merges the releases of one contracting process into a compiled release (the latest
// value of every field) or a versioned release (the history of every field), following the
// OCDS merging specification as implemented by ocdsmerge 0.8.0. A Merger is safe for
// concurrent use.
type Merger struct {
	rules *Rules
	pool  sync.Pool
}

// NewMerger returns a Merger using rules (see RulesForVersion, NewRules, Rules.Override).
func NewMerger(rules *Rules) *Merger {
	return &Merger{rules: rules}
}

// Merged is the result of merging the releases of one ocid.
type Merged struct {
	Compiled  []byte    // the compiled release, compact JSON
	Versioned []byte    // the versioned release, when asked for
	Warnings  []Warning // duplicate ids and the like; the merge went ahead
}

// Errors returned for lists of two or more releases, which must be sorted by date
// (ocdsmerge's MissingDateKeyError, NullDateValueError, NonStringDateValueError).
var (
	ErrMissingDate   = errors.New("the `date` field of at least one release is missing")
	ErrNullDate      = errors.New("the `date` field of at least one release is null")
	ErrNonStringDate = errors.New("the `date` field of at least one release is not a string")
)

// ReleaseError locates an error in one release of a merged list.
type ReleaseError struct {
	Index int // position of the release in the list given to the Merger
	Err   error
}

// Error names the release by its position in the list.
func (e *ReleaseError) Error() string { return fmt.Sprintf("release %d: %v", e.Index, e.Err) }

// Unwrap returns the error of the release.
func (e *ReleaseError) Unwrap() error { return e.Err }

// state is the reusable working memory of one merge.
type state struct {
	out      slab // merged releases handed to callers
	flat     flattener
	compiled tree
	versions tree
}

func (m *Merger) state() *state {
	if s, ok := m.pool.Get().(*state); ok {
		return s
	}
	return &state{}
}

// Compile returns the compiled release of releases (raw JSON objects sharing one ocid).
func (m *Merger) Compile(releases ...[]byte) ([]byte, error) {
	r, err := m.Merge(releases, false)
	if err != nil {
		return nil, err
	}
	return r.Compiled, nil
}

// Version returns the versioned release of releases (raw JSON objects sharing one ocid).
func (m *Merger) Version(releases ...[]byte) ([]byte, error) {
	r, err := m.Merge(releases, true)
	if err != nil {
		return nil, err
	}
	return r.Versioned, nil
}

// Merge returns the compiled release of releases and, if versioned, their versioned release.
// Releases are sorted by date (as strings, stably, like ocdsmerge) unless there is only one.
func (m *Merger) Merge(releases [][]byte, versioned bool) (*Merged, error) {
	s := m.state()
	defer m.pool.Put(s)
	return s.merge(m.rules, nil, releases, versioned, kindNew, false)
}

// mergeTrusted is Merge for releases the Reader has already validated (but for UTF-8).
func (m *Merger) mergeTrusted(releases [][]byte, versioned bool) (*Merged, error) {
	s := m.state()
	defer m.pool.Put(s)
	return s.merge(m.rules, nil, releases, versioned, kindNew, true)
}

// ExtendCompiled merges new releases into an existing compiled release, giving what merging
// all the releases from scratch gives (ocdsmerge's CompiledRelease(data).extend).
func (m *Merger) ExtendCompiled(compiled []byte, releases ...[]byte) ([]byte, error) {
	s := m.state()
	defer m.pool.Put(s)
	r, err := s.merge(m.rules, compiled, releases, false, kindCompiled, false)
	if err != nil {
		return nil, err
	}
	return r.Compiled, nil
}

// ExtendVersioned merges new releases into an existing versioned release.
func (m *Merger) ExtendVersioned(versionedRelease []byte, releases ...[]byte) ([]byte, error) {
	s := m.state()
	defer m.pool.Put(s)
	r, err := s.merge(m.rules, versionedRelease, releases, true, kindVersioned, false)
	if err != nil {
		return nil, err
	}
	return r.Versioned, nil
}

// baseKind says what the base of a merge is.
type baseKind uint8

const (
	kindNew baseKind = iota
	kindCompiled
	kindVersioned
)

func (s *state) merge(rules *Rules, base []byte, raws [][]byte, versioned bool, kind baseKind, trusted bool) (*Merged, error) {
	s.flat.warnings = nil
	if !trusted {
		if base != nil {
			if err := validJSON(base); err != nil {
				return nil, fmt.Errorf("existing merged release: %w", err)
			}
		}
		for i, raw := range raws {
			if err := validJSON(raw); err != nil {
				return nil, &ReleaseError{Index: i, Err: err}
			}
		}
	}
	rels := make([]*release, 0, len(raws))
	s.flat.events = s.flat.events[:0]
	for i, raw := range raws {
		r, err := s.flat.flatten(raw, rules.root)
		if err != nil {
			return nil, &ReleaseError{Index: i, Err: err}
		}
		r.index = i
		rels = append(rels, r)
	}
	for _, r := range rels {
		r.events = s.flat.events[r.from:r.to]
	}
	if err := sortReleases(rels); err != nil {
		return nil, err
	}
	out := &Merged{Warnings: s.flat.warnings}
	var err error
	if kind != kindVersioned {
		if out.Compiled, err = s.build(&s.compiled, false, rules, base, rels); err != nil {
			return nil, err
		}
	}
	if versioned {
		if kind == kindCompiled {
			base = nil
		}
		if out.Versioned, err = s.build(&s.versions, true, rules, base, rels); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// sortReleases orders releases by date string, keeping input order for equal dates.
func sortReleases(rels []*release) error {
	if len(rels) < 2 {
		return nil
	}
	for _, r := range rels {
		switch {
		case r.date == nil:
			return &ReleaseError{Index: r.index, Err: ErrMissingDate}
		case string(r.date) == "null":
			return &ReleaseError{Index: r.index, Err: ErrNullDate}
		case r.date[0] != '"':
			return &ReleaseError{Index: r.index, Err: ErrNonStringDate}
		}
		r.dateKey = string(unquoted(r.date))
	}
	slices.SortStableFunc(rels, func(a, b *release) int {
		switch {
		case a.dateKey < b.dateKey:
			return -1
		case a.dateKey > b.dateKey:
			return 1
		}
		return 0
	})
	return nil
}

// build merges the releases into t (after an optional base) and returns its JSON.
func (s *state) build(t *tree, versioned bool, rules *Rules, base []byte, rels []*release) ([]byte, error) {
	t.reset(versioned)
	if base != nil {
		if err := s.loadBase(t, rules, base); err != nil {
			return nil, err
		}
	}
	if !versioned {
		tag := t.child(t.root, []byte("tag"), []byte(`"tag"`))
		tag.lit, tag.hasLit, tag.litFirst = []byte(`["compiled"]`), true, tag.shape == shapeNone
	}
	for seq, r := range rels {
		if err := t.setHeader(r, seq); err != nil {
			return nil, err
		}
		if err := t.apply(r, seq, false); err != nil {
			return nil, &ReleaseError{Index: r.index, Err: err}
		}
	}
	out, err := t.writeObject(t.out[:0], t.root)
	if err != nil {
		return nil, err
	}
	t.out = out
	return s.out.copy(out), nil
}

// setHeader writes what ocdsmerge writes for each release before its fields: the compiled
// release's id "{ocid}-{date}", date and ocid; the versioned release's unversioned ocid.
func (t *tree) setHeader(r *release, seq int) error {
	ocid := r.ocid
	if ocid == nil {
		ocid = []byte("null")
	}
	if t.versioned {
		n := t.child(t.root, []byte("ocid"), []byte(`"ocid"`))
		n.plain = true
		t.setLiteral(n, ocid, seq, r)
		return nil
	}
	id := append(append(append([]byte(nil), pyString(r.ocid)...), '-'), pyString(r.date)...)
	quoted, err := jsontext.AppendQuote(nil, id)
	if err != nil {
		return fmt.Errorf("compiled release id: %w", err)
	}
	date := r.date
	if date == nil {
		date = []byte("null")
	}
	t.setLiteral(t.child(t.root, []byte("id"), []byte(`"id"`)), quoted, seq, r)
	t.setLiteral(t.child(t.root, []byte("date"), []byte(`"date"`)), date, seq, r)
	t.setLiteral(t.child(t.root, []byte("ocid"), []byte(`"ocid"`)), ocid, seq, r)
	return nil
}

// validJSON checks untrusted input before the non-validating scanner reads it.
func validJSON(raw []byte) error {
	if jsontext.Value(raw).IsValid(jsontext.AllowDuplicateNames(true)) {
		return nil
	}
	d := jsontext.NewDecoder(bytes.NewReader(raw), jsontext.AllowDuplicateNames(true))
	if err := d.SkipValue(); err != nil {
		return err
	}
	if _, err := d.ReadToken(); err != io.EOF {
		return errors.New("more than one JSON value")
	}
	return errors.New("invalid JSON")
}
