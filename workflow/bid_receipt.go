package workflow

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/translog"
)

// BidReceipt proves that a bid's commitment is in the transparency log: the
// log leaf recording it (the public event's canonical JSON, which names no
// supplier, lot or price), its inclusion proof and a signed checkpoint of a
// tree that holds it. The bidder checks it offline with the log's public key
// (`goumai log verify-receipt`).
type BidReceipt struct {
	Commitment string             `json:"commitment"`
	Leaf       string             `json:"leaf"` // the leaf's data
	Inclusion  translog.Inclusion `json:"inclusion"`
	Checkpoint string             `json:"checkpoint"` // the signed note of a tree of size Inclusion.TreeSize
	LogKey     string             `json:"log_key"`    // the log's verifier key, as the server gives it; check it against one you trust
}

// BidReceipt returns the receipt of the actor's organisation's standing
// submission: its commitment's leaf, proven in a freshly signed checkpoint.
func (s *Service) BidReceipt(ctx context.Context, a goumai.Actor, bidID int64) (BidReceipt, error) {
	b, _, err := s.ownBid(ctx, a, bidID)
	if err != nil {
		return BidReceipt{}, err
	}
	if b.Submitted == nil {
		return BidReceipt{}, goumai.Errorf(goumai.EConflict, "该投标文件没有已提交的版本", "the bid has no standing submission")
	}
	es, err := s.Store.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "bid_commitments", ObjectID: strconv.FormatInt(b.Submitted.CommitmentID, 10), Limit: 2})
	if err != nil {
		return BidReceipt{}, err
	}
	if len(es) != 1 {
		return BidReceipt{}, fmt.Errorf("bid %d: %d log events for commitment %d", b.ID, len(es), b.Submitted.CommitmentID)
	}
	note, err := s.Store.Checkpoint(ctx)
	if err != nil {
		return BidReceipt{}, err
	}
	v, err := translog.NewVerifier(s.Store.VerifierKey())
	if err != nil {
		return BidReceipt{}, err
	}
	cp, err := translog.ParseCheckpoint(note, v)
	if err != nil {
		return BidReceipt{}, err
	}
	proof, err := translog.InclusionProof(ctx, s.Store, es[0].ID, cp.Size)
	if err != nil {
		return BidReceipt{}, err
	}
	return BidReceipt{Commitment: b.Submitted.Commitment, Leaf: string(es[0].LeafData()), Inclusion: translog.NewInclusion(es[0].ID, cp.Size, proof),
		Checkpoint: string(note), LogKey: s.Store.VerifierKey()}, nil
}

// Verify checks the receipt offline against the log's verifier key vkey:
// the checkpoint is signed by that key, the leaf is in its tree at the
// proven index, and the leaf is the public event logging this commitment.
func (r BidReceipt) Verify(vkey string) error {
	v, err := translog.NewVerifier(vkey)
	if err != nil {
		return err
	}
	cp, err := translog.ParseCheckpoint([]byte(r.Checkpoint), v)
	if err != nil {
		return fmt.Errorf("the checkpoint: %w", err)
	}
	if cp.Size != r.Inclusion.TreeSize {
		return fmt.Errorf("the proof is for a tree of %d leaves, the checkpoint signs %d", r.Inclusion.TreeSize, cp.Size)
	}
	if err := r.Inclusion.Verify(cp.Root, translog.LeafHash([]byte(r.Leaf))); err != nil {
		return err
	}
	var e goumai.Event
	if err := json.Unmarshal([]byte(r.Leaf), &e); err != nil {
		return fmt.Errorf("the leaf is not an event: %w", err)
	}
	var st struct {
		Commitment string `json:"commitment"`
		Kind       string `json:"kind"`
	}
	switch {
	case !bytes.Equal(e.Canonical(), []byte(r.Leaf)):
		return errors.New("the leaf is not an event's canonical form")
	case e.ID != r.Inclusion.LeafIndex || !e.Public || e.Action != "bid.commit" || e.ObjectType != "bid_commitments":
		return fmt.Errorf("leaf %d is not a public bid.commit event", r.Inclusion.LeafIndex)
	case json.Unmarshal(e.State, &st) != nil || st.Commitment != r.Commitment || st.Kind != "submit":
		return fmt.Errorf("leaf %d does not log the submission of commitment %s", e.ID, r.Commitment)
	}
	return nil
}

// ParseBidReceipt reads a receipt as the bid page downloads it, or the API's
// answer {"receipt": …} as GET /api/v1/bids/{id}/receipt gives it.
func ParseBidReceipt(b []byte) (BidReceipt, error) {
	var env struct {
		Receipt *BidReceipt `json:"receipt"`
	}
	if err := json.Unmarshal(b, &env); err == nil && env.Receipt != nil {
		return *env.Receipt, nil
	}
	var r BidReceipt
	err := json.Unmarshal(b, &r)
	return r, err
}
