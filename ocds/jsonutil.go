package ocds

import (
	"bytes"
	"encoding/json"

	"github.com/go-json-experiment/json/jsontext"
)

// unquoted returns the content of a raw JSON string (a member name or an id). It allocates only
// when the string has escapes. Invalid input (already rejected by the decoder) gives itself.
func unquoted(raw []byte) []byte {
	if len(raw) < 2 || raw[0] != '"' {
		return raw
	}
	if bytes.IndexByte(raw, '\\') < 0 {
		return raw[1 : len(raw)-1]
	}
	out, err := jsontext.AppendUnquote(nil, raw)
	if err != nil {
		return raw
	}
	return out
}

// identifier is the key that identifies an item of an identifier-merged array: the content of a
// string id, the raw text of any other id. So 1 and "1" name the same item, as they do in
// ocdsmerge (which keys items by Python's str of the id) whenever the items share a field.
func identifier(raw []byte) []byte {
	if len(raw) > 0 && raw[0] == '"' {
		return unquoted(raw)
	}
	return raw
}

// pyString is how ocdsmerge formats a value into the compiled release id "{ocid}-{date}":
// Python's str of the decoded value.
func pyString(raw []byte) []byte {
	switch {
	case raw == nil, string(raw) == "null":
		return []byte("None")
	case string(raw) == "true":
		return []byte("True")
	case string(raw) == "false":
		return []byte("False")
	}
	return identifier(raw)
}

// kindName names a jsontext kind for messages.
func kindName(k jsontext.Kind) string {
	switch k {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "not a JSON value"
}

// jsonUnmarshal decodes small metadata values.
func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
