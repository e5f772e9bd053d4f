package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// openapiBase describes the spine's JSON API; each area adds a fragment in
// openapi/*.json. A test checks the merged document lists exactly the routes
// registered in routes.go.
//
//go:embed openapi.json
var openapiBase []byte

//go:embed openapi
var openapiFragments embed.FS

var (
	openapiOnce sync.Once
	openapiDoc  []byte
	openapiErr  error
)

// openapiDocument returns the merged document.
func openapiDocument() ([]byte, error) {
	openapiOnce.Do(func() { openapiDoc, openapiErr = mergeOpenAPI() })
	return openapiDoc, openapiErr
}

func mergeOpenAPI() ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openapiBase, &doc); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	paths, _ := doc["paths"].(map[string]any)
	if paths == nil {
		paths = map[string]any{}
		doc["paths"] = paths
	}
	comps, _ := doc["components"].(map[string]any)
	if comps == nil {
		comps = map[string]any{}
		doc["components"] = comps
	}
	schemas, _ := comps["schemas"].(map[string]any)
	if schemas == nil {
		schemas = map[string]any{}
		comps["schemas"] = schemas
	}
	names, err := fs.Glob(openapiFragments, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		b, err := openapiFragments.ReadFile(n)
		if err != nil {
			return nil, err
		}
		var frag struct {
			Paths      map[string]any `json:"paths"`
			Components struct {
				Schemas map[string]any `json:"schemas"`
			} `json:"components"`
		}
		if err := json.Unmarshal(b, &frag); err != nil {
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		for p, v := range frag.Paths {
			if _, dup := paths[p]; dup {
				return nil, fmt.Errorf("%s: path %s is defined twice", n, p)
			}
			paths[p] = v
		}
		for k, v := range frag.Components.Schemas {
			if _, dup := schemas[k]; dup && !strings.HasPrefix(k, "_") {
				return nil, fmt.Errorf("%s: schema %s is defined twice", n, k)
			}
			schemas[k] = v
		}
	}
	if err := describeErrorCodes(schemas); err != nil {
		return nil, err
	}
	boundaryResponses(paths)
	if err := describeEvents(schemas); err != nil {
		return nil, err
	}
	return json.MarshalIndent(doc, "", "  ")
}

// boundaryResponses adds to every operation what the boundary itself may
// answer, whatever the route: 422 for a query parameter or body that is not
// valid text (or not the declared JSON), and for writes 503 when contention
// outlasted the store's retries.
func boundaryResponses(paths map[string]any) {
	for _, item := range paths {
		ops, _ := item.(map[string]any)
		for method, op := range ops {
			o, _ := op.(map[string]any)
			res, _ := o["responses"].(map[string]any)
			if res == nil {
				continue
			}
			if _, ok := res["422"]; !ok {
				res["422"] = map[string]any{"$ref": "#/components/responses/Invalid"}
			}
			if _, ok := res["503"]; !ok && method != "get" {
				res["503"] = map[string]any{"$ref": "#/components/responses/Busy"}
			}
			// A route that needs an account has a gate (routes.go): 401 for the
			// anonymous, 403 for whoever may never take its action.
			if !allowsAnonymous(o) {
				for code, ref := range map[string]string{"401": "Unauthorized", "403": "Forbidden"} {
					if _, ok := res[code]; !ok {
						res[code] = map[string]any{"$ref": "#/components/responses/" + ref}
					}
				}
			}
		}
	}
}

// describeErrorCodes writes the Error.code enum and its description from the
// errorCodes table.
func describeErrorCodes(schemas map[string]any) error {
	e, _ := schemas["Error"].(map[string]any)
	props, _ := e["properties"].(map[string]any)
	code, _ := props["code"].(map[string]any)
	if code == nil {
		return fmt.Errorf("openapi.json: no Error.code schema")
	}
	var enum []string
	var doc strings.Builder
	doc.WriteString("Error code; each maps to one HTTP status.\n")
	for _, c := range errorCodes {
		enum = append(enum, string(c.code))
		fmt.Fprintf(&doc, "\n- `%s` — %d. %s", c.code, c.status, c.doc)
	}
	code["enum"], code["description"] = enum, doc.String()
	return nil
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request) {
	doc, err := openapiDocument()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(doc)
}

// describeEvents writes the enums of Event.action and Event.object_type from
// the code: every action the store may record (goumai.EventActions, which it
// refuses to extend silently) and every audited table.
func describeEvents(schemas map[string]any) error {
	e, _ := schemas["Event"].(map[string]any)
	props, _ := e["properties"].(map[string]any)
	action, _ := props["action"].(map[string]any)
	object, _ := props["object_type"].(map[string]any)
	if action == nil || object == nil {
		return fmt.Errorf("openapi.json: no Event.action or Event.object_type schema")
	}
	actions := make([]string, 0, len(goumai.EventActions))
	for a := range goumai.EventActions {
		actions = append(actions, a)
	}
	slices.Sort(actions)
	var doc strings.Builder
	doc.WriteString("What happened, `<object>.<verb>`; every value goumai records:\n")
	for _, a := range actions {
		m := goumai.EventActions[a]
		fmt.Fprintf(&doc, "\n- `%s` — %s (%s)", a, m.EN, m.ZH)
	}
	action["enum"], action["description"] = actions, doc.String()
	delete(action, "pattern")
	object["enum"] = sqlstore.AuditedTables()
	object["description"] = "Table of the object: every audited table (`goumai log verify` compares each of its rows with the object's latest event)."
	return nil
}

// allowsAnonymous reports whether an operation's security admits a caller
// without credentials (an empty requirement).
func allowsAnonymous(op map[string]any) bool {
	sec, ok := op["security"].([]any)
	if !ok {
		return true
	}
	for _, r := range sec {
		if m, _ := r.(map[string]any); len(m) == 0 {
			return true
		}
	}
	return false
}
