// Package federation connects goumai instances over NATS JetStream (issue
// 12, DESIGN §8): each jurisdiction runs its own instance and owns its data;
// each publishes its public events, and the instances that trust it consume
// them, verified against its signed transparency log.
//
// Publishing. A public event is written to the outbox (sqlstore's fed_outbox)
// in its own transaction; the Publisher drains the outbox in log order to the
// instance's stream (subject goumai.<instance>.<region code>), with the
// Nats-Msg-Id header "<instance>:<leaf index>" so that JetStream drops a
// re-publication, and marks rows sent only after JetStream acknowledged them:
// at-least-once, and NATS down or slow never blocks a local write.
//
// Consuming. For each trusted instance a durable, explicitly acknowledged
// pull consumer reads its stream. Each message carries the leaf (the
// canonical event, byte for byte), a checkpoint signed by the publisher's log
// key covering it, and the inclusion proof: Verify refuses a bad signature,
// a leaf not in the signed tree, a message naming another publisher. The
// store applies verified events once each, in the publisher's log order
// (each message names the previous published leaf), and keeps them in its
// inbox; a replay is acknowledged and ignored, a message ahead of a missing
// one is redelivered later.
//
// Consistency. The consumer keeps the last verified checkpoint of each
// publisher; a message bringing another checkpoint is applied only once the
// RFC 6962 consistency proof between the two checks (the consumer fetches it
// from the publisher, which answers on ProofSubject): a checkpoint signed by
// the right key but not an extension of the history seen — the publisher
// rewrote its log and signed it again — is refused and recorded as a fork.
package federation

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/translog"
)

// Message is what the Publisher sends for one public event (JSON).
type Message struct {
	Publisher  string            `json:"publisher"`       // the publishing instance's name
	Index      int64             `json:"index"`           // the event's leaf index in the publisher's log
	Prev       int64             `json:"prev"`            // the publisher's previous published leaf (-1 for the first)
	Leaf       string            `json:"leaf"`            // the leaf data, byte for byte (the canonical event)
	Event      string            `json:"event,omitempty"` // the canonical event when the leaf only commits to it (too large)
	Releases   []json.RawMessage `json:"releases,omitempty"`
	Checkpoint string            `json:"checkpoint"` // a signed checkpoint (C2SP tlog-checkpoint) whose tree holds the leaf
	Proof      tlog.RecordProof  `json:"proof"`      // the leaf's inclusion proof in that tree
}

// Subject is the subject an instance publishes a region's events on.
func Subject(instance, region string) string {
	if region == "" {
		region = goumai.NationalCode
	}
	return "goumai." + instance + "." + region
}

// StreamName is the JetStream stream an instance publishes to.
func StreamName(instance string) string { return "GOUMAI_" + instance }

// MsgID is the message's Nats-Msg-Id: publisher and leaf index.
func MsgID(instance string, index int64) string { return fmt.Sprintf("%s:%d", instance, index) }

var instanceName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// CheckInstanceName refuses a name unfit for a subject token and a stream name.
func CheckInstanceName(name string) error {
	if !instanceName.MatchString(name) {
		return fmt.Errorf("instance name %q: use 1–32 lower-case letters, digits, - or _ (it names the NATS subject and stream)", name)
	}
	return nil
}

// ErrRefused marks a message that fails verification: never applied.
var ErrRefused = errors.New("federation: message refused")

func refused(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRefused, fmt.Sprintf(format, args...))
}

// Verify checks a message from the trusted publisher peer against its
// signed log and returns the event to apply. It refuses (ErrRefused) a
// message that does not parse, names another publisher, carries a checkpoint
// not signed by the peer's key, or a leaf the checkpoint's tree does not hold.
func Verify(peer Peer, verifier note.Verifier, data []byte) (sqlstore.Received, error) {
	var m Message
	if err := json.Unmarshal(data, &m); err != nil {
		return sqlstore.Received{}, refused("malformed message: %v", err)
	}
	if m.Publisher != peer.Name {
		return sqlstore.Received{}, refused("message from %q on %s's stream: not a trusted publisher", m.Publisher, peer.Name)
	}
	cp, err := translog.ParseCheckpoint([]byte(m.Checkpoint), verifier)
	if err != nil {
		return sqlstore.Received{}, refused("%s leaf %d: checkpoint not signed by the publisher's key: %v", peer.Name, m.Index, err)
	}
	if peer.Origin != "" && cp.Origin != peer.Origin {
		return sqlstore.Received{}, refused("%s leaf %d: checkpoint of log %q, not %q", peer.Name, m.Index, cp.Origin, peer.Origin)
	}
	if m.Index < 0 || m.Index >= cp.Size {
		return sqlstore.Received{}, refused("%s leaf %d: not in the signed tree of %d leaves", peer.Name, m.Index, cp.Size)
	}
	leaf := []byte(m.Leaf)
	if err := translog.CheckInclusion(m.Proof, cp.Size, cp.Root, m.Index, translog.LeafHash(leaf)); err != nil {
		return sqlstore.Received{}, refused("%s leaf %d: not in the signed log: %v", peer.Name, m.Index, err)
	}
	canonical := leaf
	if m.Event != "" {
		canonical = []byte(m.Event)
		sum := sha256.Sum256(canonical)
		var c struct {
			SHA256 string `json:"sha256"`
		}
		if json.Unmarshal(leaf, &c) != nil || c.SHA256 != hex.EncodeToString(sum[:]) {
			return sqlstore.Received{}, refused("%s leaf %d: the event is not the one the leaf commits to", peer.Name, m.Index)
		}
	}
	var e goumai.Event
	if err := json.Unmarshal(canonical, &e); err != nil {
		return sqlstore.Received{}, refused("%s leaf %d: not an event: %v", peer.Name, m.Index, err)
	}
	if !bytes.Equal(e.Canonical(), canonical) || e.ID != m.Index || !e.Public {
		return sqlstore.Received{}, refused("%s leaf %d: not a public event of that index in canonical form", peer.Name, m.Index)
	}
	return sqlstore.Received{Publisher: peer.Name, Prev: m.Prev, Event: e, Releases: m.Releases,
		CheckpointSize: cp.Size, CheckpointRoot: cp.Root.String(), Checkpoint: m.Checkpoint}, nil
}
