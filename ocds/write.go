package ocds

import "strings"

// Writing a merged tree as compact JSON. Every literal is the raw JSON of the input, so output
// needs no encoding beyond punctuation.

// writeObject appends the members of an object node (or array item).
func (t *tree) writeObject(b []byte, n *node) ([]byte, error) {
	b = append(b, '{')
	first := true
	if n.hasID {
		b = append(b, `"id":`...)
		b = append(b, n.idRaw...)
		first = false
	}
	for _, c := range n.children {
		mark := len(b)
		if !first {
			b = append(b, ',')
		}
		b = append(b, c.name...)
		b = append(b, ':')
		var wrote bool
		var err error
		b, wrote, err = t.writeValue(b, c)
		if err != nil {
			return nil, under(c.key, err)
		}
		if !wrote {
			b = b[:mark]
			continue
		}
		first = false
	}
	return append(b, '}'), nil
}

// writeValue appends the value of node n; wrote is false when the member is to be omitted (a
// compiled literal that is null). It resolves literal/structure conflicts as ocdsmerge's
// unflatten does: a structure created first wins silently (so a later "value": null does not
// remove an object); a literal created first wins only if it is null in the end, else the
// conflict is an InconsistentTypeError.
func (t *tree) writeValue(b []byte, n *node) (out []byte, wrote bool, err error) {
	if n.shape != shapeNone && n.hasLit && n.litFirst && (t.versioned && !n.plain || !isNull(n.lit)) {
		return nil, false, &InconsistentTypeError{}
	}
	switch {
	case n.shape == shapeObject:
		b, err = t.writeObject(b, n)
		return b, err == nil, err
	case n.shape == shapeArray:
		b = append(b, '[')
		for i, c := range n.children {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = t.writeObject(b, c); err != nil {
				return nil, false, under(c.key, err)
			}
		}
		return append(b, ']'), true, nil
	case !t.versioned || n.plain:
		if isNull(n.lit) {
			return b, false, nil
		}
		return append(b, n.lit...), true, nil
	}
	return appendVersions(b, n.versions), true, nil
}

// appendVersions appends a versioned value: [{"releaseID", "releaseDate", "releaseTag", "value"}].
func appendVersions(b []byte, vs []version) []byte {
	b = append(b, '[')
	for i, v := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"releaseID":`...)
		b = appendOrNull(b, v.id)
		b = append(b, `,"releaseDate":`...)
		b = appendOrNull(b, v.date)
		b = append(b, `,"releaseTag":`...)
		b = appendOrNull(b, v.tag)
		b = append(b, `,"value":`...)
		b = append(b, v.value...)
		b = append(b, '}')
	}
	return append(b, ']')
}

func appendOrNull(b, raw []byte) []byte {
	if raw == nil {
		return append(b, "null"...)
	}
	return append(b, raw...)
}

func isNull(raw []byte) bool { return raw == nil || string(raw) == "null" }

// under prefixes the path of an InconsistentTypeError with one more key as it travels up.
func under(key []byte, err error) error {
	if e, ok := err.(*InconsistentTypeError); ok {
		e.Path = strings.TrimSuffix(string(key)+"/"+e.Path, "/")
	}
	return err
}
