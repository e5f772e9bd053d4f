package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goumai/goumai"
)

// endpoint is a JSON API action once its route's gate has passed (router.api):
// it reads its body, runs its use case and writes the response, or returns an
// error that the router reports.
type endpoint func(w http.ResponseWriter, r *http.Request, a goumai.Actor) error

// noBody is the input of an action that takes no body (an empty body or {}).
type noBody struct{}

// call is what an action receives: the request (for path values), the actor
// and the decoded, checked body.
type call[In any] struct {
	r  *http.Request
	a  goumai.Actor
	in In
}

func (c call[In]) ctx() context.Context { return c.r.Context() }
func (c call[In]) id() int64            { return pathID(c.r) }

// action is the one generic adapter of JSON actions: a bounded, strict decode of
// In (declared content type, a JSON object, no unknown fields, every string
// valid text), then do, then the response: Out under key with status, or Out
// itself when key is "" (nothing for 204).
func action[In, Out any](status int, key string, do func(c call[In]) (Out, error)) endpoint {
	return actionWithin(maxBody, status, key, do)
}

// actionWithin is action with a body limit of its own (a file sent in JSON).
func actionWithin[In, Out any](limit int64, status int, key string, do func(c call[In]) (Out, error)) endpoint {
	return func(w http.ResponseWriter, r *http.Request, a goumai.Actor) error {
		c := call[In]{r: r, a: a}
		if err := decodeBody(w, r, &c.in, limit); err != nil {
			return err
		}
		out, err := do(c)
		if err != nil {
			return err
		}
		switch {
		case status == http.StatusNoContent:
			w.WriteHeader(status)
		case key == "":
			writeJSON(w, status, out)
		default:
			writeJSON(w, status, map[string]any{key: out})
		}
		return nil
	}
}

// act adapts a use case taking the body.
func act[In, Out any](status int, key string, uc func(context.Context, goumai.Actor, In) (Out, error)) endpoint {
	return action(status, key, func(c call[In]) (Out, error) { return uc(c.ctx(), c.a, c.in) })
}

// actID adapts a use case on the object named by the {id} path value.
func actID[In, Out any](status int, key string, uc func(context.Context, goumai.Actor, int64, In) (Out, error)) endpoint {
	return action(status, key, func(c call[In]) (Out, error) { return uc(c.ctx(), c.a, c.id(), c.in) })
}

// on adapts a use case on the {id} object that takes no body.
func on[Out any](status int, key string, uc func(context.Context, goumai.Actor, int64) (Out, error)) endpoint {
	return action(status, key, func(c call[noBody]) (Out, error) { return uc(c.ctx(), c.a, c.id()) })
}

// remove adapts a use case deleting the {id} object: 204 No Content.
func remove(uc func(context.Context, goumai.Actor, int64) error) endpoint {
	return action(http.StatusNoContent, "", func(c call[noBody]) (struct{}, error) { return struct{}{}, uc(c.ctx(), c.a, c.id()) })
}

// versionBody is the body of an action that takes only the version the actor saw.
type versionBody struct {
	Version int `json:"version"`
}

// versioned adapts a use case on the {id} object that takes only the version
// the actor saw (optimistic concurrency: a stale version is EStale).
func versioned[Out any](key string, uc func(context.Context, goumai.Actor, int64, int) (Out, error)) endpoint {
	return action(http.StatusOK, key, func(c call[versionBody]) (Out, error) { return uc(c.ctx(), c.a, c.id(), c.in.Version) })
}

// maxBody bounds JSON request bodies.
const maxBody = 1 << 20

var errNoBody = goumai.Errorf(goumai.EInvalid, "此操作不接受请求体", "this action takes no body")

// decodeBody decodes exactly one JSON object into v. The body must be declared
// as JSON, fit in limit, be an object (not null), contain only valid text
// (goumai.CheckText) and only known fields, with field-level messages keyed by
// the JSON names the client wrote. For *noBody, an empty body or {} is expected.
func decodeBody(w http.ResponseWriter, r *http.Request, v any, limit int64) error {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		return bodyError(err, limit)
	}
	trimmed := bytes.TrimSpace(body)
	if _, none := v.(*noBody); none && (len(trimmed) == 0 || string(trimmed) == "{}") {
		return nil
	} else if none {
		return errNoBody
	}
	if ct, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || ct != "application/json" {
		return goumai.Errorf(goumai.EInvalid, "请求体须为 JSON（Content-Type: application/json）", "the body must be JSON (Content-Type: application/json)")
	}
	switch {
	case len(trimmed) == 0:
		return goumai.Errorf(goumai.EInvalid, "请求体为空", "the body is empty")
	case trimmed[0] != '{':
		return goumai.Errorf(goumai.EInvalid, "请求体须为一个 JSON 对象", "the body must be a JSON object")
	}
	if err := checkJSONText(body); err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err, body, v)
	}
	if dec.More() || dec.Decode(&struct{}{}) != io.EOF {
		return goumai.Errorf(goumai.EInvalid, "请求体只能包含一个 JSON 对象", "the body must hold exactly one JSON object")
	}
	return nil
}

var malformed = goumai.Errorf(goumai.EInvalid, "JSON 格式错误", "malformed JSON")

// checkJSONText walks the body's tokens and checks every string (keys and
// values) with goumai.CheckText, naming the field where it fails. Invalid UTF-8
// is found in the raw bytes: the decoder would silently replace it.
func checkJSONText(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	type frame struct {
		object bool
		key    string
		inKey  bool // the next string token of an object is a key
	}
	var stack []frame
	path := func(last string) string {
		var parts []string
		for _, f := range stack {
			if f.object && f.key != "" {
				parts = append(parts, f.key)
			}
		}
		if last != "" {
			parts = append(parts, last)
		}
		if len(parts) == 0 {
			return "body"
		}
		return strings.Join(parts, ".")
	}
	fields := goumai.Fields{}
	for {
		start := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return malformed
		}
		top := len(stack) - 1
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{':
				stack = append(stack, frame{object: true, inKey: true})
			case '[':
				stack = append(stack, frame{})
			default:
				stack = stack[:top]
				if top > 0 && stack[top-1].object {
					stack[top-1].inKey = true
				}
			}
			continue
		case string:
			raw := body[start:dec.InputOffset()]
			isKey := top >= 0 && stack[top].object && stack[top].inKey
			name := path("")
			if isKey {
				name = path(t)
			}
			if !utf8.Valid(raw) {
				fields[name] = goumai.M("含有无效的 UTF-8 编码", "is not valid UTF-8")
			} else if m := goumai.CheckText(t); m != nil {
				fields[name] = *m
			}
			if isKey {
				stack[top].key, stack[top].inKey = t, false
				continue
			}
		}
		if top >= 0 && stack[top].object {
			stack[top].inKey = true
		}
	}
	return fields.Err()
}

// decodeError turns a decoding error of body into v into field-level messages.
func decodeError(err error, body []byte, v any) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typ):
		return goumai.Fields{jsonField(typ.Field): wantType(typ)}.Err()
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
		return malformed
	case errors.Is(err, io.EOF):
		return goumai.Errorf(goumai.EInvalid, "请求体为空", "the body is empty")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return goumai.Fields{name: goumai.M("未知字段", "unknown field")}.Err()
	}
	if path, want, ok := refusedValue(body, v); ok {
		return goumai.Fields{path: want}.Err()
	}
	return goumai.Errorf(goumai.EInvalid, "无法解析请求体", "the body could not be read")
}

// jsonField is the field's path as the client wrote it: the decoder's path
// without the Go names of embedded structs (JSON names here are lower case).
func jsonField(path string) string {
	var parts []string
	for _, p := range strings.Split(path, ".") {
		if r, _ := utf8.DecodeRuneInString(p); p != "" && !unicode.IsUpper(r) {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return "body"
	}
	return strings.Join(parts, ".")
}

var fenType = reflect.TypeFor[goumai.Fen]()

// wantType says what a field should have held.
func wantType(e *json.UnmarshalTypeError) goumai.Msg {
	t := e.Type
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	max := strconv.FormatInt(int64(goumai.MaxFen), 10)
	switch {
	case t == fenType:
		return goumai.M("须为以分为单位的整数，范围 0 至 "+max, "must be a whole number of fen between 0 and "+max)
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64, t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64:
		return goumai.M("须为整数（"+rangeOf(t)+"）", "must be a whole number ("+rangeOf(t)+")")
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return goumai.M("须为数字", "must be a number")
	case t.Kind() == reflect.String:
		return goumai.M("须为字符串", "must be a string")
	case t.Kind() == reflect.Bool:
		return goumai.M("须为 true 或 false", "must be true or false")
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Array:
		return goumai.M("须为数组", "must be an array")
	}
	return goumai.M("须为对象", "must be an object")
}

// rangeOf gives an integer type's range.
func rangeOf(t reflect.Type) string {
	if t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64 {
		return fmt.Sprintf("0 – %d", uint64(1)<<(t.Bits()-1)*2-1)
	}
	return fmt.Sprintf("%d – %d", -(int64(1) << (t.Bits() - 1)), int64(1)<<(t.Bits()-1)-1)
}
