package workflow

import (
	"context"
	"encoding/base64"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/translog"
)

// A project's history (issue 10 item 7): one public page with every public
// event of the project and of everything that belongs to it — its review,
// procedures, notices, awards, contracts and what follows them — each with
// the proof that the transparency log holds it, so that anyone can check
// the page against a signed checkpoint without trusting the server.

// TimelineEntry is one public event of a project's history.
type TimelineEntry struct {
	Event    goumai.Event        `json:"event"`
	Label    goumai.Msg          `json:"label"`           // what happened, in words
	Leaf     string              `json:"leaf"`            // the log leaf: the event's canonical JSON
	LeafHash string              `json:"leaf_hash"`       // its RFC 6962 leaf hash, base64
	Proof    *translog.Inclusion `json:"proof,omitempty"` // inclusion in the checkpoint's tree; absent for an event after it
}

// Timeline is a project's public history with the checkpoint its proofs are
// against.
type Timeline struct {
	ProjectID  int64           `json:"project_id"`
	Code       string          `json:"code"`
	Title      string          `json:"title"`
	Checkpoint string          `json:"checkpoint"` // the signed note of the latest checkpoint
	TreeSize   int64           `json:"tree_size"`
	LogKey     string          `json:"log_key"` // the log's verifier key, as the server gives it
	Entries    []TimelineEntry `json:"entries"`
}

// ProjectTimeline returns the public history of a project the actor may see
// (a published project: anyone). The proofs are against the latest signed
// checkpoint; an event logged after it says so and is proven by the next.
func (s *Service) ProjectTimeline(ctx context.Context, a goumai.Actor, id int64) (Timeline, error) {
	p, err := s.Project(ctx, a, id)
	if err != nil {
		return Timeline{}, err
	}
	note, size, err := s.Store.LatestCheckpoint(ctx)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		err = nil // no checkpoint signed yet: every event awaits the first
	}
	if err != nil {
		return Timeline{}, err
	}
	evs, err := s.Store.ProjectTimeline(ctx, p.ID)
	if err != nil {
		return Timeline{}, err
	}
	tl := Timeline{ProjectID: p.ID, Code: p.Code, Title: p.Title, Checkpoint: string(note), TreeSize: size, LogKey: s.Store.VerifierKey(),
		Entries: make([]TimelineEntry, 0, len(evs))}
	for _, e := range evs {
		leaf := e.LeafData()
		h := translog.LeafHash(leaf)
		en := TimelineEntry{Event: e, Label: goumai.EventActionLabel(e.Action), Leaf: string(leaf), LeafHash: base64.StdEncoding.EncodeToString(h[:])}
		if e.ID < size {
			proof, err := translog.InclusionProof(ctx, s.Store, e.ID, size)
			if err != nil {
				return Timeline{}, err
			}
			in := translog.NewInclusion(e.ID, size, proof)
			en.Proof = &in
		}
		tl.Entries = append(tl.Entries, en)
	}
	return tl, nil
}
