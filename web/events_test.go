package web

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// TestEventStatesAreJSON: the JSON an object holds (a project's targets and
// chain, a review chain's steps, a review's field comments) comes back in an
// event's state as JSON, not as a string of JSON.
func TestEventStatesAreJSON(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		auditor := w.token(t, "auditor.zj")
		for _, c := range []struct {
			objectType string
			field      string
			array      bool
		}{
			{"projects", "targets", true}, {"projects", "chain", true}, {"projects", "double_funded", true},
			{"review_chains", "steps", true}, {"project_reviews", "field_comments", false},
		} {
			res := w.do(t, request{method: "GET", path: "/api/v1/events?limit=200&object_type=" + c.objectType, bearer: auditor})
			if res.status != http.StatusOK {
				t.Fatalf("events of %s: %d", c.objectType, res.status)
			}
			evs, _ := res.json(t)["events"].([]any)
			seen := 0
			for _, e := range evs {
				state, _ := e.(map[string]any)["state"].(map[string]any)
				v, ok := state[c.field]
				if !ok {
					continue
				}
				seen++
				_, isArray := v.([]any)
				_, isObject := v.(map[string]any)
				if c.array && !isArray || !c.array && !isObject {
					t.Errorf("%s.%s in an event's state is %T (%v), want JSON", c.objectType, c.field, v, v)
				}
			}
			if seen == 0 {
				t.Errorf("no event of %s with %s in the demo", c.objectType, c.field)
			}
		}
	})
}

// TestEventEnumsFromCode: the API description lists exactly the actions the
// store may record and the audited tables, and every action of the demo log is
// among them.
func TestEventEnumsFromCode(t *testing.T) {
	w := demoWorld(t)
	ev := apiDoc(t).Components.Schemas["Event"].Value
	actions := map[string]bool{}
	for _, v := range ev.Properties["action"].Value.Enum {
		actions[v.(string)] = true
	}
	if len(actions) != len(goumai.EventActions) {
		t.Errorf("Event.action lists %d values, the code %d", len(actions), len(goumai.EventActions))
	}
	for a := range goumai.EventActions {
		if !actions[a] {
			t.Errorf("action %s is not in Event.action", a)
		}
	}
	var objects []string
	for _, v := range ev.Properties["object_type"].Value.Enum {
		objects = append(objects, v.(string))
	}
	if !slices.Equal(objects, sqlstore.AuditedTables()) {
		t.Errorf("Event.object_type = %v, want %v", objects, sqlstore.AuditedTables())
	}
	evs, err := w.store.FindEvents(context.Background(), sqlstore.EventFilter{Limit: 5000})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if !actions[e.Action] || !slices.Contains(objects, e.ObjectType) {
			t.Errorf("event %d (%s on %s) is outside the documented enums", e.ID, e.Action, e.ObjectType)
		}
	}
}

// TestOpenAPIGates: the API description admits an anonymous caller exactly on
// the routes whose gate is Public.
func TestOpenAPIGates(t *testing.T) {
	w := demoWorld(t)
	var doc map[string]any
	b, err := openapiDocument()
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	paths := doc["paths"].(map[string]any)
	for _, rt := range w.srv.apiRoutes() {
		op, _ := paths[rt.Path].(map[string]any)[strings.ToLower(rt.Method)].(map[string]any)
		if op == nil {
			t.Errorf("%s is not described", rt.Pattern())
			continue
		}
		if anon := allowsAnonymous(op); anon != (rt.Gate == Public) {
			t.Errorf("%s: gate %q, but the description admits the anonymous: %v", rt.Pattern(), rt.Gate, anon)
		}
	}
}
