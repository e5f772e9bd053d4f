package goumai

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Event records one change: who did what to which object, when, and the object's
// state afterwards. Events are written in the same transaction as the change, and
// each is a leaf of the transparency log (its ID is the leaf index).
type Event struct {
	ID          int64           `json:"id"`
	At          time.Time       `json:"at"`
	ActorUserID int64           `json:"actor_user_id,omitempty"`
	Actor       string          `json:"actor"`
	OrgID       int64           `json:"org_id,omitempty"`
	Region      string          `json:"region,omitempty"`
	Action      string          `json:"action"`
	ObjectType  string          `json:"object_type"`
	ObjectID    string          `json:"object_id"`
	Public      bool            `json:"public"`
	Created     bool            `json:"created,omitempty"` // this event created the object: once per object, as ids are never reused
	State       json.RawMessage `json:"state"`             // canonical JSON; null when the object was deleted
}

// EventTimeLayout is the time format inside a leaf (UTC, microseconds).
const EventTimeLayout = "2006-01-02T15:04:05.000000Z"

// Canonical returns the event's canonical JSON: fixed key order, no insignificant
// space, UTC microsecond time. Anyone can recompute it from the published event.
func (e Event) Canonical() []byte {
	var b bytes.Buffer
	b.WriteString(`{"id":`)
	b.Write(jsonValue(e.ID))
	b.WriteString(`,"at":`)
	b.Write(jsonValue(e.At.UTC().Format(EventTimeLayout)))
	b.WriteString(`,"actor_user_id":`)
	b.Write(jsonValue(e.ActorUserID))
	b.WriteString(`,"actor":`)
	b.Write(jsonValue(e.Actor))
	b.WriteString(`,"org_id":`)
	b.Write(jsonValue(e.OrgID))
	b.WriteString(`,"region":`)
	b.Write(jsonValue(e.Region))
	b.WriteString(`,"action":`)
	b.Write(jsonValue(e.Action))
	b.WriteString(`,"object_type":`)
	b.Write(jsonValue(e.ObjectType))
	b.WriteString(`,"object_id":`)
	b.Write(jsonValue(e.ObjectID))
	b.WriteString(`,"public":`)
	b.Write(jsonValue(e.Public))
	if e.Created { // absent when false, so events logged before the field keep their leaves
		b.WriteString(`,"created":true`)
	}
	b.WriteString(`,"state":`)
	if len(e.State) == 0 {
		b.WriteString("null")
	} else {
		b.Write(e.State)
	}
	b.WriteString("}")
	return b.Bytes()
}

// MaxLeafSize is the largest leaf the log stores whole: C2SP entry bundles give
// each entry a 16-bit length.
const MaxLeafSize = 1<<16 - 1

// LeafData is what the transparency log stores for the event: the canonical event
// itself when public, and for a private event only a commitment to it (its
// SHA-256), so the log proves the private event existed and never changed without
// disclosing it. A public event too large for an entry bundle is committed to the
// same way; its full text is served by the events API.
func (e Event) LeafData() []byte {
	c := e.Canonical()
	if e.Public && len(c) <= MaxLeafSize {
		return c
	}
	sum := sha256.Sum256(c)
	var b bytes.Buffer
	b.WriteString(`{"id":`)
	b.Write(jsonValue(e.ID))
	b.WriteString(`,"private":`)
	b.Write(jsonValue(!e.Public))
	b.WriteString(`,"sha256":"`)
	b.WriteString(hex.EncodeToString(sum[:]))
	b.WriteString(`"}`)
	return b.Bytes()
}

func jsonValue(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // strings, ints and bools always encode
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Title names the event's object for people: the name or title in its recorded
// state, else its type and id.
func (e Event) Title() string {
	var st struct {
		Name        string `json:"name"`
		Title       string `json:"title"`
		DisplayName string `json:"display_name"`
	}
	if json.Unmarshal(e.State, &st) == nil {
		for _, s := range []string{st.Name, st.Title, st.DisplayName} {
			if s != "" {
				return s
			}
		}
	}
	return e.ObjectType + " " + e.ObjectID
}
