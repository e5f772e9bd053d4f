package ocds

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/go-json-experiment/json/jsontext"
)

// members is an object being read member by member: its compacted JSON so far and the values
// the reader looks at.
type members struct {
	buf       []byte
	ocid      jsontext.Value
	id        jsontext.Value
	date      jsontext.Value
	tag       jsontext.Value
	hasRecord bool
	isPackage bool
	meta      map[string][]byte // package metadata members seen before "releases"
}

// release reads one element of an array of releases. The decoder validates the whole release
// in one call; a light scan of the (now trusted) bytes then finds its ocid, id, date and tag.
func (r *Reader) release(d *jsontext.Decoder, path string) (*RawRelease, error) {
	k := d.PeekKind()
	start := valueStart(d)
	if k != '{' {
		if err := d.SkipValue(); err != nil {
			return nil, r.syntax(err)
		}
		return nil, &InputError{Line: r.line, Offset: start, Path: path, Skipped: true,
			Err: fmt.Errorf("release is %s, not an object", kindName(k))}
	}
	if !r.lines {
		r.count.limit = r.count.n + MaxReleaseSize
		defer func() { r.count.limit = 0 }()
	}
	v, err := d.ReadValue()
	if err != nil {
		return nil, r.syntax(err)
	}
	m, err := scanMembers(r.slab.copy(v), false)
	if err != nil {
		return nil, &InputError{Line: r.line, Offset: start, Path: path, Err: err}
	}
	return r.finish(m, start, path)
}

// scanMembers compacts a validated release if it spans lines and finds its special members.
// Unless all is set (to tell a package from a release), it stops once ocid, id, date and tag
// are found: they usually come first, so the rest of the release is not scanned again.
func scanMembers(buf []byte, all bool) (*members, error) {
	if bytes.IndexByte(buf, '\n') >= 0 {
		// Pretty-printed input: compact it, so that merged output can be one line per release.
		c := jsontext.Value(buf)
		if err := c.Compact(); err != nil {
			return nil, err
		}
		buf = c
	}
	m := &members{buf: buf}
	var s scanner
	s.reset(buf)
	s.delim('{')
	for k := s.peek(); k != '}' && k != 0; k = s.peek() {
		if !all && m.ocid != nil && m.id != nil && m.date != nil && m.tag != nil {
			return m, nil
		}
		name := s.value()
		v := s.value()
		switch string(name) {
		case `"ocid"`:
			m.ocid = v
		case `"id"`:
			m.id = v
		case `"date"`:
			m.date = v
		case `"tag"`:
			m.tag = v
		case `"records"`:
			m.hasRecord = true
		case `"releases"`:
			m.isPackage = true
		default:
			if bytes.IndexByte(name, '\\') >= 0 {
				m.setEscaped(name, v)
			}
		}
	}
	return m, s.err
}

// setEscaped handles member names written with escapes, e.g. "\u006fcid".
func (m *members) setEscaped(name, v []byte) {
	switch string(unquoted(name)) {
	case "ocid":
		m.ocid = v
	case "id":
		m.id = v
	case "date":
		m.date = v
	case "tag":
		m.tag = v
	case "records":
		m.hasRecord = true
	}
}

// objectOrPackage reads a top-level object, which is either a release package (it has a
// "releases" array, whose releases are then streamed one by one) or a single release.
func (r *Reader) objectOrPackage(d *jsontext.Decoder) (*RawRelease, error) {
	start := valueStart(d)
	if r.lines {
		// A line is small enough to read whole; only a package on a line is read again below.
		v, err := d.ReadValue()
		if err != nil {
			return nil, r.syntax(err)
		}
		m, err := scanMembers(append([]byte(nil), v...), true)
		if err != nil {
			return nil, &InputError{Line: r.line, Offset: start, Err: err}
		}
		if !m.isPackage {
			return r.finishTop(m, start)
		}
		d = jsontext.NewDecoder(bytes.NewBuffer(m.buf), decoderOptions...)
		r.dec = d
	}
	if _, err := d.ReadToken(); err != nil {
		return nil, r.syntax(err)
	}
	m, isPackage, err := r.readMembers(d, true, start)
	if err != nil {
		return nil, err
	}
	if isPackage {
		for name, v := range m.meta {
			if err := r.packageMember(name, v, start); err != nil {
				return nil, err
			}
		}
		r.inPackage, r.inArray, r.arrPath, r.index = true, true, "/releases", 0
		return nil, nil
	}
	return r.finishTop(m, start)
}

// finishTop finishes a top-level object that is not a release package.
func (r *Reader) finishTop(m *members, start int64) (*RawRelease, error) {
	if m.hasRecord {
		return nil, &InputError{Line: r.line, Offset: start, Path: "/records", Skipped: true,
			Err: errors.New("this is a record package; compile reads release packages, arrays of releases or JSON Lines of releases")}
	}
	return r.finish(m, start, "")
}

// readMembers reads the members of an object whose '{' has been read. With detect set it stops
// at a "releases" array, reporting a package.
func (r *Reader) readMembers(d *jsontext.Decoder, detect bool, start int64) (*members, bool, error) {
	if !r.lines {
		r.count.limit = r.count.n + MaxReleaseSize
		defer func() { r.count.limit = 0 }()
	}
	m := &members{buf: make([]byte, 0, 4096)}
	m.buf = append(m.buf, '{')
	for d.PeekKind() != '}' {
		name, err := d.ReadValue()
		if err != nil {
			return nil, false, r.syntax(err)
		}
		// name is valid only until the next decoder call (PeekKind included): copy it first.
		mark := len(m.buf)
		if len(m.buf) > 1 {
			m.buf = append(m.buf, ',')
		}
		nameAt := len(m.buf)
		m.buf = append(m.buf, name...)
		key := string(unquoted(m.buf[nameAt:]))
		if detect && key == "releases" && d.PeekKind() == '[' {
			m.buf = m.buf[:mark]
			if _, err := d.ReadToken(); err != nil {
				return nil, false, r.syntax(err)
			}
			return m, true, nil
		}
		m.buf = append(m.buf, ':')
		v, err := d.ReadValue()
		if err != nil {
			return nil, false, r.syntax(err)
		}
		valueAt := len(m.buf)
		m.buf = append(m.buf, v...)
		if bytes.IndexByte(v, '\n') >= 0 {
			// Pretty-printed input: compact it, so that merged output can be one line per release.
			c := jsontext.Value(m.buf[valueAt:])
			if err := c.Compact(); err != nil {
				return nil, false, r.syntax(err)
			}
			m.buf = m.buf[:valueAt+len(c)]
		}
		v = m.buf[valueAt:]
		switch key {
		case "ocid":
			m.ocid = v
		case "id":
			m.id = v
		case "date":
			m.date = v
		case "tag":
			m.tag = v
		case "records":
			m.hasRecord = true
		}
		if detect && isPackageMeta(key) {
			if m.meta == nil {
				m.meta = map[string][]byte{}
			}
			m.meta[key] = v
		}
	}
	if _, err := d.ReadToken(); err != nil {
		return nil, false, r.syntax(err)
	}
	m.buf = append(m.buf, '}')
	return m, false, nil
}

// finish checks what compiling needs of a release: a non-empty string ocid, a string date.
func (r *Reader) finish(m *members, start int64, path string) (*RawRelease, error) {
	skip := func(member, format string, args ...any) error {
		return &InputError{Line: r.line, Offset: start, Path: path + member, Skipped: true, Err: fmt.Errorf(format, args...)}
	}
	if m.ocid == nil {
		return nil, skip("", "release has no ocid")
	}
	if m.ocid.Kind() != '"' {
		return nil, skip("/ocid", "ocid is %s, not a string", kindName(m.ocid.Kind()))
	}
	rel := &RawRelease{JSON: m.buf, OCID: string(unquoted(m.ocid)), Tag: m.tag, Offset: start, Line: r.line, Path: path}
	if rel.OCID == "" {
		return nil, skip("/ocid", "ocid is empty")
	}
	if m.id != nil && m.id.Kind() == '"' {
		rel.ID = string(unquoted(m.id))
	}
	if m.date != nil {
		if m.date.Kind() != '"' {
			return nil, skip("/date", "date is %s, not a string", kindName(m.date.Kind()))
		}
		rel.Date = string(unquoted(m.date))
		r.checkDate(rel)
	}
	return rel, nil
}

func isPackageMeta(key string) bool {
	switch key {
	case "uri", "publishedDate", "version", "publisher", "license", "publicationPolicy", "extensions":
		return true
	}
	return false
}

// packageMembers reads the members of a package that follow its releases array.
func (r *Reader) packageMembers(d *jsontext.Decoder) error {
	if d.PeekKind() == '}' {
		if _, err := d.ReadToken(); err != nil {
			return r.syntax(err)
		}
		r.inPackage = false
		return nil
	}
	start := d.InputOffset()
	tok, err := d.ReadToken()
	if err != nil {
		return r.syntax(err)
	}
	name := tok.String()
	if !r.lines {
		r.count.limit = r.count.n + MaxReleaseSize
		defer func() { r.count.limit = 0 }()
	}
	if name == "releases" {
		if k := d.PeekKind(); k != '[' {
			if err := d.SkipValue(); err != nil {
				return r.syntax(err)
			}
			return &InputError{Line: r.line, Offset: start, Path: "/releases", Skipped: true, Err: fmt.Errorf("releases is %s, not an array", kindName(k))}
		}
		if _, err := d.ReadToken(); err != nil {
			return r.syntax(err)
		}
		r.inArray, r.arrPath, r.index = true, "/releases", 0
		return nil
	}
	v, err := d.ReadValue()
	if err != nil {
		return r.syntax(err)
	}
	if isPackageMeta(name) {
		return r.packageMember(name, v.Clone(), start)
	}
	return nil
}

// valueStart is the byte offset of the next value: the decoder's offset is just after the
// previous token, before any separator and whitespace.
func valueStart(d *jsontext.Decoder) int64 {
	off := d.InputOffset()
	for _, c := range d.UnreadBuffer() {
		switch c {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}
