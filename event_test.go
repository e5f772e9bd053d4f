package goumai

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestEventCanonical(t *testing.T) {
	e := Event{ID: 7, At: time.Date(2026, 3, 2, 9, 0, 0, 123456789, Shanghai), ActorUserID: 3, Actor: "zj.admin", OrgID: 2,
		Region: "330000", Action: "org.create", ObjectType: "orgs", ObjectID: "9", Public: true, State: json.RawMessage(`{"a":"<&>"}`)}
	want := `{"id":7,"at":"2026-03-02T01:00:00.123456Z","actor_user_id":3,"actor":"zj.admin","org_id":2,"region":"330000","action":"org.create","object_type":"orgs","object_id":"9","public":true,"state":{"a":"<&>"}}`
	if got := string(e.Canonical()); got != want {
		t.Errorf("Canonical =\n%s\nwant\n%s", got, want)
	}
	if string(e.LeafData()) != want {
		t.Error("a public event's leaf is the event itself")
	}
	e.Created = true
	want = strings.Replace(want, `"public":true,`, `"public":true,"created":true,`, 1)
	if got := string(e.Canonical()); got != want {
		t.Errorf("Canonical of a creation =\n%s\nwant\n%s", got, want)
	}
	e.Public = false
	leaf := string(e.LeafData())
	if !strings.HasPrefix(leaf, `{"id":7,"private":true,"sha256":"`) || strings.Contains(leaf, "zj.admin") {
		t.Errorf("private leaf discloses or is malformed: %s", leaf)
	}
	e.Public = true
	e.State = json.RawMessage(`"` + strings.Repeat("x", MaxLeafSize) + `"`)
	if leaf := e.LeafData(); len(leaf) > MaxLeafSize || !strings.Contains(string(leaf), `"private":false`) {
		t.Errorf("an oversized public event must be committed to by hash, got %d bytes", len(leaf))
	}
}

// TestProcurementEventsListed: every way out of a procedure's state and every
// kind of notice is recorded under an action the store accepts.
func TestProcurementEventsListed(t *testing.T) {
	for _, from := range ProcurementStatuses {
		for act := range procurementTransitions[from] {
			if !KnownEventAction("procurement." + string(act)) {
				t.Errorf("procurement.%s is not in EventActions", act)
			}
		}
	}
	for _, k := range NoticeKinds {
		if !KnownEventAction("notice." + string(k)) {
			t.Errorf("notice.%s is not in EventActions", k)
		}
	}
}
