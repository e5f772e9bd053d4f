package ocds

import (
	"bytes"
	"fmt"

	"github.com/go-json-experiment/json/jsontext"
)

// Incremental merging: an existing compiled or versioned release is flattened like a release
// (ocdsmerge's CompiledRelease(data) / VersionedRelease(data)) and new releases are merged into it.

// loadBase reads an existing merged release into t.
func (s *state) loadBase(t *tree, rules *Rules, base []byte) error {
	f := &flattener{versionedBase: t.versioned}
	r, err := f.flatten(base, rules.root)
	if err != nil {
		return fmt.Errorf("existing merged release: %w", err)
	}
	r.events = f.events[r.from:r.to]
	if err := t.apply(r, -1, true); err != nil {
		return fmt.Errorf("existing merged release: %w", err)
	}
	return nil
}

// isVersionList reports whether a raw array is a list of versioned values: objects with exactly
// the members releaseID, releaseDate, releaseTag and value.
func isVersionList(raw []byte) bool {
	vs, ok := parseVersions(raw)
	return ok && len(vs) > 0
}

// parseVersions decodes a list of versioned values; ok is false if raw is not one.
func parseVersions(raw []byte) (vs []version, ok bool) {
	d := jsontext.NewDecoder(bytes.NewBuffer(raw))
	if tok, err := d.ReadToken(); err != nil || tok.Kind() != '[' {
		return nil, false
	}
	for d.PeekKind() == '{' {
		d.ReadToken()
		v := version{seq: -1}
		n := 0
		for d.PeekKind() == '"' {
			tok, err := d.ReadToken()
			if err != nil {
				return nil, false
			}
			name := tok.String()
			val, err := d.ReadValue()
			if err != nil {
				return nil, false
			}
			val = bytes.Clone(val)
			switch name {
			case "releaseID":
				v.id = val
			case "releaseDate":
				v.date = val
			case "releaseTag":
				v.tag = val
			case "value":
				v.value = val
			default:
				return nil, false
			}
			n++
		}
		if _, err := d.ReadToken(); err != nil || n != 4 {
			return nil, false
		}
		vs = append(vs, v)
	}
	if tok, err := d.ReadToken(); err != nil || tok.Kind() != ']' {
		return nil, false
	}
	return vs, true
}

// setBase writes a leaf of an existing versioned release: a list of versioned values, or a
// plain value that stays unversioned (as ocdsmerge leaves it).
func (t *tree) setBase(n *node, raw []byte) error {
	if !n.hasLit {
		n.hasLit, n.litFirst = true, n.shape == shapeNone
	}
	if vs, ok := parseVersions(raw); ok && len(vs) > 0 {
		n.versions = vs
		return nil
	}
	n.plain, n.lit = true, raw
	return nil
}
