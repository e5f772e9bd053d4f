package validate

import (
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

var printer = message.NewPrinter(language.English)

// schemaProblems turns a validation error of the value v (found at prefix in
// the input) into one Problem per failed keyword, with lib-cove's messages
// where it has its own.
func schemaProblems(err error, v any, prefix []string, add func(Problem)) {
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		add(Problem{Severity: Error, Type: TypeSchema, Path: pointer(prefix), Message: err.Error()})
		return
	}
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		switch e.ErrorKind.(type) {
		case *kind.Group, *kind.Schema, *kind.Reference, *kind.AllOf:
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		path := append(append([]string(nil), prefix...), e.InstanceLocation...)
		for _, p := range schemaProblem(e, path, lookup(v, e.InstanceLocation)) {
			add(p)
		}
	}
	walk(ve)
}

// schemaProblem words one failed keyword.
func schemaProblem(e *jsonschema.ValidationError, path []string, value any) []Problem {
	p := Problem{Severity: Error, Type: TypeSchema, Keyword: strings.Join(e.ErrorKind.KeywordPath(), "/"), Path: pointer(path)}
	header := "value"
	if len(path) > 0 {
		header = path[len(path)-1]
		if isIndex(header) && len(path) >= 2 {
			header = "Array Element '" + path[len(path)-2] + "'"
		} else {
			header = "'" + header + "'"
		}
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		var ps []Problem
		for _, m := range k.Missing {
			q := p
			q.Path = pointer(append(path, m))
			q.Message = "'" + m + "' is missing but required"
			if len(path) > 2 {
				parent := path[len(path)-1]
				if isIndex(parent) {
					parent = path[len(path)-2]
				}
				q.Message += " within '" + parent + "'"
			}
			ps = append(ps, q)
		}
		return ps
	case *kind.Type:
		p.Message = header + " is not " + typeWords(k.Want)
		p.Value = display(value)
	case *kind.Format:
		switch k.Want {
		case "date-time":
			p.Message = "Incorrect date format. Dates should use the form YYYY-MM-DDT00:00:00Z"
		case "uri":
			p.Message = "Invalid 'uri' found"
		default:
			p.Message = k.LocalizedString(printer)
		}
		p.Value = display(value)
	case *kind.Enum:
		p.Message = "Invalid code found in " + header
		p.Value = display(value)
	case *kind.OneOf, *kind.AnyOf:
		p.Message = display(value) + " is not valid under any of the given schemas"
	default:
		p.Message = header + ": " + e.ErrorKind.LocalizedString(printer)
		if _, isObj := value.(map[string]any); !isObj {
			if _, isArr := value.([]any); !isArr {
				p.Value = display(value)
			}
		}
	}
	return []Problem{p}
}

func typeWords(want []string) string {
	words := map[string]string{
		"string": "a string", "number": "a number", "integer": "an integer", "object": "a JSON object",
		"array": "a JSON array", "boolean": "a boolean", "null": "null",
	}
	var main []string
	null := false
	for _, w := range want {
		if w == "null" {
			null = true
			continue
		}
		if s, ok := words[w]; ok {
			main = append(main, s)
		} else {
			main = append(main, w)
		}
	}
	s := strings.Join(main, " or ")
	if s == "" {
		return "null"
	}
	if null {
		s += " (or null)"
	}
	return s
}

func isIndex(s string) bool {
	_, err := strconv.Atoi(s)
	return err == nil && s != "" && s[0] != '-' && s[0] != '+'
}

// lookup returns the value at a location (segments) inside v.
func lookup(v any, loc []string) any {
	for _, s := range loc {
		switch x := v.(type) {
		case map[string]any:
			v = x[s]
		case []any:
			i, err := strconv.Atoi(s)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}
