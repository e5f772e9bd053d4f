package web

import (
	"encoding/json"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
)

// A value whose own decoder refuses it (a time that is not RFC 3339) fails the
// whole decode with an error that names no field. refusedValue finds it again,
// so that the client is told which field, as it wrote it, and what it should
// hold.

var (
	unmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	timeType        = reflect.TypeFor[time.Time]()
)

// refusedValue returns the field of body, by its JSON path, whose value the
// decoder of its Go type (in v's type) refuses on its own, and what it should
// hold; false when there is none.
func refusedValue(body []byte, v any) (string, goumai.Msg, bool) {
	var tree any
	if json.Unmarshal(body, &tree) != nil {
		return "", goumai.Msg{}, false
	}
	path, t, ok := refusedIn(tree, reflect.TypeOf(v), nil)
	if !ok {
		return "", goumai.Msg{}, false
	}
	if t == timeType {
		return path, goumai.M("须为 RFC 3339 格式的时间，如 2026-03-16T09:30:00+08:00", "must be an RFC 3339 time such as 2026-03-16T09:30:00+08:00"), true
	}
	return path, goumai.M("格式不正确", "is not in the expected format"), true
}

// refusedIn walks a decoded value along its Go type and returns the path of the
// first value a json.Unmarshaler refuses, and that type.
func refusedIn(v any, t reflect.Type, path []string) (string, reflect.Type, bool) {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		raw, err := json.Marshal(v)
		if err == nil && json.Unmarshal(raw, reflect.New(t).Interface()) == nil {
			return "", nil, false
		}
		return strings.Join(path, "."), t, true
	}
	switch t.Kind() {
	case reflect.Struct:
		m, _ := v.(map[string]any)
		for _, f := range reflect.VisibleFields(t) {
			name, ok := jsonName(f)
			if !ok {
				continue
			}
			for _, k := range sortedKeys(m) {
				if strings.EqualFold(k, name) {
					if p, ft, ok := refusedIn(m[k], f.Type, append(slices.Clone(path), k)); ok {
						return p, ft, true
					}
				}
			}
		}
	case reflect.Slice, reflect.Array:
		xs, _ := v.([]any)
		for i, x := range xs {
			if p, ft, ok := refusedIn(x, t.Elem(), append(slices.Clone(path), strconv.Itoa(i))); ok {
				return p, ft, true
			}
		}
	case reflect.Map:
		m, _ := v.(map[string]any)
		for _, k := range sortedKeys(m) {
			if p, ft, ok := refusedIn(m[k], t.Elem(), append(slices.Clone(path), k)); ok {
				return p, ft, true
			}
		}
	}
	return "", nil, false
}

// jsonName is the name a struct field is decoded from; false for a field the
// decoder skips or flattens (an embedded struct's fields are visited on their own).
func jsonName(f reflect.StructField) (string, bool) {
	tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	switch {
	case !f.IsExported() || tag == "-":
		return "", false
	case f.Anonymous && tag == "" && f.Type.Kind() == reflect.Struct:
		return "", false
	case tag != "":
		return tag, true
	}
	return f.Name, true
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
