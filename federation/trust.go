package federation

import (
	"encoding/json"
	"fmt"
	"os"

	"golang.org/x/mod/sumdb/note"

	"github.com/goumai/goumai/translog"
)

// Peer is an instance this one trusts: its name, its log's verifier key
// (note format, as `goumai serve` prints it), optionally its log's origin,
// and where it publishes (its stream; optionally only some subjects, e.g.
// "goumai.js.320100" for one prefecture).
type Peer struct {
	Name        string   `json:"name"`
	VerifierKey string   `json:"vkey"`
	Origin      string   `json:"origin,omitempty"`
	Stream      string   `json:"stream,omitempty"`   // default StreamName(Name)
	Subjects    []string `json:"subjects,omitempty"` // default every subject of the stream
}

// StreamOrDefault is the peer's stream.
func (p Peer) StreamOrDefault() string {
	if p.Stream != "" {
		return p.Stream
	}
	return StreamName(p.Name)
}

// LoadTrust reads a trust file: a JSON array of peers.
//
//	[{"name": "js", "vkey": "goumai.js/log+1a2b3c4d+A…"}, …]
func LoadTrust(path string) ([]Peer, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var peers []Peer
	if err := json.Unmarshal(b, &peers); err != nil {
		return nil, fmt.Errorf("trust file %s: %w", path, err)
	}
	seen := map[string]bool{}
	for _, p := range peers {
		if err := CheckInstanceName(p.Name); err != nil {
			return nil, fmt.Errorf("trust file %s: %w", path, err)
		}
		if seen[p.Name] {
			return nil, fmt.Errorf("trust file %s: %s listed twice", path, p.Name)
		}
		seen[p.Name] = true
		if _, err := p.verifier(); err != nil {
			return nil, fmt.Errorf("trust file %s: %s: %w", path, p.Name, err)
		}
	}
	return peers, nil
}

func (p Peer) verifier() (note.Verifier, error) { return translog.NewVerifier(p.VerifierKey) }
