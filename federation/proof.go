package federation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/translog"
)

// ProofSubject is where an instance answers requests for consistency proofs
// of its log (outside its stream's subjects, so that JetStream keeps none).
func ProofSubject(instance string) string { return "goumai-proof." + instance }

// proofRequest asks for the consistency proof from the tree of size Old to
// the tree of size New.
type proofRequest struct {
	Old int64 `json:"old"`
	New int64 `json:"new"`
}

type proofReply struct {
	Hashes []tlog.Hash `json:"hashes"`
	Error  string      `json:"error,omitempty"`
}

// ServeProofs answers the consistency-proof requests of the instances
// consuming this one's stream, from the store's log, until the subscription
// is ended. The hashes are those the log's tiles already publish.
func ServeProofs(nc *nats.Conn, s *sqlstore.Store, instance string) (*nats.Subscription, error) {
	return nc.Subscribe(ProofSubject(instance), func(m *nats.Msg) {
		var req proofRequest
		var rep proofReply
		if err := json.Unmarshal(m.Data, &req); err != nil {
			rep.Error = "malformed request: " + err.Error()
		} else if size, err := s.TreeSize(context.Background()); err != nil {
			rep.Error = err.Error()
		} else if req.New > size {
			rep.Error = fmt.Sprintf("the log has %d leaves, not %d", size, req.New)
		} else {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			p, err := translog.ConsistencyProof(ctx, s, req.Old, req.New)
			cancel()
			if err != nil {
				rep.Error = err.Error()
			}
			rep.Hashes = p
		}
		b, err := json.Marshal(rep)
		if err == nil {
			_ = m.Respond(b)
		}
	})
}

// fetchProof asks a peer for the consistency proof from size old to size new.
func fetchProof(ctx context.Context, nc *nats.Conn, p Peer, old, new int64, timeout time.Duration) (tlog.TreeProof, error) {
	if nc == nil {
		return nil, errors.New("no NATS connection")
	}
	req, err := json.Marshal(proofRequest{Old: old, New: new})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	m, err := nc.RequestWithContext(ctx, ProofSubject(p.Name), req)
	if err != nil {
		return nil, fmt.Errorf("consistency proof %d→%d from %s: %w", old, new, p.Name, err)
	}
	var rep proofReply
	if err := json.Unmarshal(m.Data, &rep); err != nil {
		return nil, fmt.Errorf("consistency proof %d→%d from %s: %w", old, new, p.Name, err)
	}
	if rep.Error != "" {
		return nil, fmt.Errorf("consistency proof %d→%d from %s: %s", old, new, p.Name, rep.Error)
	}
	return rep.Hashes, nil
}

// history is the checkpoints of one publisher verified so far: every one
// is a prefix of the largest (consistency is transitive), so they stand
// for one history.
type history struct {
	roots   map[int64]tlog.Hash
	largest int64
}

func (h *history) add(size int64, root tlog.Hash) {
	if len(h.roots) > 64 { // keep the largest only
		keep := h.roots[h.largest]
		h.roots = map[int64]tlog.Hash{h.largest: keep}
	}
	h.roots[size] = root
	h.largest = max(h.largest, size)
}

// errUnproven marks a checkpoint whose consistency could not be checked
// now (the publisher did not answer): retried later, not refused.
var errUnproven = errors.New("federation: consistency not proven yet")

// consistent checks a received checkpoint against the peer's history:
// nil when it is one of the history's trees or proven consistent with the
// largest (then it joins the history); a refusal (ErrRefused) with the fork
// to record when it is not; errUnproven when the proof could not be had.
func (c *Consumer) consistent(ctx context.Context, p Peer, h *history, r sqlstore.Received) (*sqlstore.Fork, error) {
	root, err := tlog.ParseHash(r.CheckpointRoot)
	if err != nil {
		return nil, refused("%s: checkpoint root: %v", p.Name, err)
	}
	size := r.CheckpointSize
	if len(h.roots) == 0 { // the first checkpoint seen: trusted on first use
		h.add(size, root)
		return nil, nil
	}
	fork := func(oldSize int64, oldRoot tlog.Hash, why string) (*sqlstore.Fork, error) {
		return &sqlstore.Fork{Publisher: p.Name, OldSize: oldSize, OldRoot: oldRoot.String(), NewSize: size, NewRoot: root.String(),
			Checkpoint: r.Checkpoint, Reason: why}, refused("%s: checkpoint of size %d is not an extension of the one of size %d: %s", p.Name, size, oldSize, why)
	}
	if known, ok := h.roots[size]; ok {
		if known != root {
			return fork(size, known, "two different trees of the same size")
		}
		return nil, nil
	}
	big := h.largest
	bigRoot := h.roots[big]
	oldSize, oldRoot, newSize, newRoot := big, bigRoot, size, root
	if size < big {
		oldSize, oldRoot, newSize, newRoot = size, root, big, bigRoot
	}
	timeout := c.ProofTimeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	proof, err := fetchProof(ctx, c.JS.Conn(), p, oldSize, newSize, timeout)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errUnproven, err)
	}
	if err := translog.CheckConsistency(proof, oldSize, oldRoot, newSize, newRoot); err != nil {
		return fork(big, bigRoot, err.Error())
	}
	h.add(size, root)
	return nil, nil
}
