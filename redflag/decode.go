package redflag

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
)

// MaxDepth is the deepest nesting of arrays and objects accepted in a line.
// It is serde_json's recursion limit, so a line that Cardinal rejects as
// invalid JSON is rejected here too.
const MaxDepth = 127

// ErrInvalidJSON reports a line that is not one valid JSON value.
var ErrInvalidJSON = errors.New("invalid JSON")

// ErrNotObject reports a line that is valid JSON but not an object.
var ErrNotObject = errors.New("not a JSON object")

// ErrNoOCID reports a release without a string ocid.
var ErrNoOCID = errors.New("no string ocid")

// DecodeRelease decodes one compiled release from JSON text. Errors wrap
// ErrInvalidJSON, ErrNotObject or ErrNoOCID.
func DecodeRelease(line []byte) (*Release, error) {
	r := new(Release)
	if err := newReleaseDecoder().decode(line, r); err != nil {
		return nil, err
	}
	return r, nil
}

// releaseDecoder reads the fields of a Release from the token stream without
// building a generic tree; it is reused from line to line.
type releaseDecoder struct {
	rd   bytes.Reader
	dec  *jsontext.Decoder
	name []byte
}

func newReleaseDecoder() *releaseDecoder {
	d := &releaseDecoder{}
	d.dec = jsontext.NewDecoder(&d.rd, jsontext.AllowDuplicateNames(true))
	return d
}

// decode fills r from line. Object members that appear twice take the last
// value, as in serde_json's map.
func (d *releaseDecoder) decode(line []byte, r *Release) error {
	*r = Release{}
	if depth := nesting(line); depth > MaxDepth {
		return fmt.Errorf("%w: nested %d levels deep, more than %d", ErrInvalidJSON, depth, MaxDepth)
	}
	d.rd.Reset(line)
	d.dec.Reset(&d.rd, jsontext.AllowDuplicateNames(true))
	isObject := d.dec.PeekKind() == '{'
	var err error
	if isObject {
		err = d.release(r)
	} else {
		err = d.dec.SkipValue()
	}
	if err == nil {
		if _, err = d.dec.ReadToken(); err == io.EOF {
			err = nil
		} else if err == nil {
			err = fmt.Errorf("more than one JSON value (offset %d)", d.dec.InputOffset())
		}
	}
	if err != nil {
		*r = Release{}
		return fmt.Errorf("%w: %w", ErrInvalidJSON, err)
	}
	if !isObject {
		return ErrNotObject
	}
	if !r.OCID.Valid {
		return ErrNoOCID
	}
	return nil
}

// nesting returns the deepest nesting of arrays and objects in b, outside
// strings. It only counts; the decoder checks the syntax.
func nesting(b []byte) int {
	depth, deepest := 0, 0
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '"':
			for i++; i < len(b) && b[i] != '"'; i++ {
				if b[i] == '\\' {
					i++
				}
			}
		case '[', '{':
			depth++
			if depth > deepest {
				deepest = depth
			}
		case ']', '}':
			depth--
		}
	}
	return deepest
}

// enter consumes the opening delimiter when the next value is of kind k
// ('{' or '['), else skips the value and returns false.
func (d *releaseDecoder) enter(k jsontext.Kind) (bool, error) {
	if d.dec.PeekKind() != k {
		return false, d.dec.SkipValue()
	}
	_, err := d.dec.ReadToken()
	return err == nil, err
}

// member returns the next member name of the current object, or false and
// consumes '}' at its end. The name is valid until the next read.
func (d *releaseDecoder) member() ([]byte, bool, error) {
	if d.dec.PeekKind() == '}' {
		_, err := d.dec.ReadToken()
		return nil, false, err
	}
	v, err := d.dec.ReadValue()
	if err != nil {
		return nil, false, err
	}
	name, err := d.unquote(v)
	return name, err == nil, err
}

// element reports whether the current array has another element, consuming
// ']' at its end.
func (d *releaseDecoder) element() (bool, error) {
	if d.dec.PeekKind() == ']' {
		_, err := d.dec.ReadToken()
		return false, err
	}
	return true, nil
}

func (d *releaseDecoder) unquote(v jsontext.Value) ([]byte, error) {
	if len(v) < 2 || v[0] != '"' {
		return nil, fmt.Errorf("expected a string at offset %d", d.dec.InputOffset())
	}
	if bytes.IndexByte(v, '\\') < 0 {
		return v[1 : len(v)-1], nil
	}
	var err error
	d.name, err = jsontext.AppendUnquote(d.name[:0], v)
	return d.name, err
}

// text reads a string value; any other value is skipped and gives an invalid Text.
func (d *releaseDecoder) text() (Text, error) {
	if d.dec.PeekKind() != '"' {
		return Text{}, d.dec.SkipValue()
	}
	v, err := d.dec.ReadValue()
	if err != nil {
		return Text{}, err
	}
	s, err := d.unquote(v)
	return Text{Value: string(s), Valid: err == nil}, err
}

// number reads a number value as its literal text.
func (d *releaseDecoder) number() (Text, error) {
	if d.dec.PeekKind() != '0' {
		return Text{}, d.dec.SkipValue()
	}
	v, err := d.dec.ReadValue()
	return Text{Value: string(v), Valid: err == nil}, err
}

// amount reads a number value as a float64. Numbers beyond the float64 range
// become ±Inf, as Rust's f64 parsing of serde_json's arbitrary-precision text.
func (d *releaseDecoder) amount() (float64, bool, error) {
	if d.dec.PeekKind() != '0' {
		return 0, false, d.dec.SkipValue()
	}
	v, err := d.dec.ReadValue()
	if err != nil {
		return 0, false, err
	}
	f, perr := strconv.ParseFloat(string(v), 64)
	if perr != nil && !errors.Is(perr, strconv.ErrRange) {
		return 0, false, perr
	}
	return f, true, nil
}

// id reads {"id": "..."} and returns the id; anything else gives an invalid Text.
func (d *releaseDecoder) id() (Text, error) {
	var id Text
	ok, err := d.enter('{')
	for ok && err == nil {
		var name []byte
		if name, ok, err = d.member(); ok && err == nil {
			if string(name) == "id" {
				id, err = d.text()
			} else {
				err = d.dec.SkipValue()
			}
		}
	}
	return id, err
}

// array reads a JSON array, each element with elem; valid is false (and the
// list nil) when the value is not an array.
func array[T any](d *releaseDecoder, elem func() (T, error)) ([]T, bool, error) {
	ok, err := d.enter('[')
	if !ok || err != nil {
		return nil, false, err
	}
	list := []T{}
	for {
		more, err := d.element()
		if !more || err != nil {
			return list, true, err
		}
		v, err := elem()
		if err != nil {
			return nil, false, err
		}
		list = append(list, v)
	}
}

// ids reads an array of {"id": "..."} objects.
func (d *releaseDecoder) ids() ([]Text, bool, error) { return array(d, d.id) }
