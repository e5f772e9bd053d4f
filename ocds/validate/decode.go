package validate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
)

// readOptions are the jsontext options for all input: duplicate member names
// are accepted (the last one wins, as in Python and encoding/json) and
// reported by treeDecoder; everything else must be strict JSON.
var readOptions = jsontext.AllowDuplicateNames(true)

// treeDecoder turns one raw JSON value (a release, a record, an envelope
// member) into the generic tree the schema validator works on: map[string]any,
// []any, string, json.Number, bool, nil. It reuses its jsontext.Decoder.
type treeDecoder struct {
	dec  *jsontext.Decoder
	rd   bytes.Reader
	dups []string // JSON Pointers (relative to the value) of repeated member names
}

func newTreeDecoder() *treeDecoder {
	return &treeDecoder{dec: jsontext.NewDecoder(bytes.NewReader(nil), readOptions)}
}

// decode parses raw, which must hold exactly one JSON value.
func (t *treeDecoder) decode(raw []byte) (any, error) {
	t.rd.Reset(raw)
	t.dec.Reset(&t.rd, readOptions)
	t.dups = t.dups[:0]
	v, err := t.value()
	if err != nil {
		return nil, err
	}
	if _, err := t.dec.ReadToken(); err != io.EOF {
		if err == nil {
			err = &jsontext.SyntacticError{ByteOffset: t.dec.InputOffset(), Err: errors.New("more data after the JSON value")}
		}
		return nil, err
	}
	return v, nil
}

func (t *treeDecoder) value() (any, error) {
	tok, err := t.dec.ReadToken()
	if err != nil {
		return nil, err
	}
	switch tok.Kind() {
	case '{':
		m := map[string]any{}
		for t.dec.PeekKind() != '}' {
			name, err := t.dec.ReadToken()
			if err != nil {
				return nil, err
			}
			k := name.String()
			if _, dup := m[k]; dup && len(t.dups) < 100 {
				t.dups = append(t.dups, string(t.dec.StackPointer()))
			}
			v, err := t.value()
			if err != nil {
				return nil, err
			}
			m[k] = v
		}
		if _, err := t.dec.ReadToken(); err != nil {
			return nil, err
		}
		return m, nil
	case '[':
		a := []any{}
		for t.dec.PeekKind() != ']' {
			v, err := t.value()
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		if _, err := t.dec.ReadToken(); err != nil {
			return nil, err
		}
		return a, nil
	case '"':
		return tok.String(), nil
	case '0':
		return json.Number(tok.String()), nil
	case 't':
		return true, nil
	case 'f':
		return false, nil
	case 'n':
		return nil, nil
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok.Kind())
}

func jsonNumber(n int) json.Number { return json.Number(fmt.Sprint(n)) }

// isFalsy mirrors Python truthiness of a decoded JSON value, which lib-cove's
// checks rely on ("if not value: continue").
func isFalsy(v any) bool {
	switch v := v.(type) {
	case nil:
		return true
	case bool:
		return !v
	case string:
		return v == ""
	case json.Number:
		f, err := v.Float64()
		return err == nil && f == 0
	case map[string]any:
		return len(v) == 0
	case []any:
		return len(v) == 0
	}
	return false
}

// pyStr renders a value as Python's str() would, for codelist comparison and
// messages: strings as is, None/True/False, numbers as written, others as JSON.
func pyStr(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return "None"
	case bool:
		if v {
			return "True"
		}
		return "False"
	case json.Number:
		return string(v)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// display renders a value for a message as compact JSON, cut to 200 bytes.
func display(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return fmt.Sprint(v)
	}
	b := bytes.TrimRight(buf.Bytes(), "\n")
	if len(b) > 200 {
		cut := 200
		for cut > 0 && !utf8.RuneStart(b[cut]) {
			cut--
		}
		return string(b[:cut]) + "…"
	}
	return string(b)
}
