package translog

import (
	"context"
	"crypto/sha256"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/goumai/goumai"
)

// emptyTreeHash is the root of the empty tree, SHA-256 of no bytes (RFC 6962 §2.1).
var emptyTreeHash = Hash(sha256.Sum256(nil))

// InclusionProof returns the RFC 6962 audit path proving that leaf is in the
// tree of size treeSize. A leaf outside the tree is a goumai EInvalid error.
func InclusionProof(ctx context.Context, src HashSource, leaf, treeSize int64) (tlog.RecordProof, error) {
	if leaf < 0 || leaf >= treeSize {
		return nil, goumai.Errorf(goumai.EInvalid,
			fmt.Sprintf("叶子 %d 不在大小为 %d 的树中", leaf, treeSize),
			fmt.Sprintf("leaf %d is not in the tree of size %d", leaf, treeSize))
	}
	p, err := tlog.ProveRecord(treeSize, leaf, HashReader(ctx, src))
	if err != nil {
		return nil, fmt.Errorf("prove inclusion of leaf %d in tree of size %d: %w", leaf, treeSize, err)
	}
	return p, nil
}

// ConsistencyProof returns the RFC 6962 consistency proof that the tree of
// size newSize extends the tree of size oldSize. Between an empty old tree, or
// equal sizes, the proof is empty. oldSize > newSize is a goumai EInvalid
// error.
func ConsistencyProof(ctx context.Context, src HashSource, oldSize, newSize int64) (tlog.TreeProof, error) {
	if oldSize < 0 || oldSize > newSize {
		return nil, goumai.Errorf(goumai.EInvalid,
			fmt.Sprintf("无法证明大小 %d 与 %d 的一致性", oldSize, newSize),
			fmt.Sprintf("no consistency proof from size %d to size %d", oldSize, newSize))
	}
	if oldSize == 0 {
		return tlog.TreeProof{}, nil
	}
	p, err := tlog.ProveTree(newSize, oldSize, HashReader(ctx, src))
	if err != nil {
		return nil, fmt.Errorf("prove consistency from size %d to %d: %w", oldSize, newSize, err)
	}
	return p, nil
}

// CheckInclusion verifies that proof shows the leaf with hash leafHash at
// index leaf in the tree of size treeSize with root hash root.
func CheckInclusion(proof tlog.RecordProof, treeSize int64, root Hash, leaf int64, leafHash Hash) error {
	if err := tlog.CheckRecord(proof, treeSize, root, leaf, leafHash); err != nil {
		return fmt.Errorf("check inclusion of leaf %d in tree of size %d: %w", leaf, treeSize, err)
	}
	return nil
}

// CheckConsistency verifies that proof shows the tree (newSize, newRoot)
// extending the tree (oldSize, oldRoot). The empty tree is a prefix of every
// tree, with an empty proof.
func CheckConsistency(proof tlog.TreeProof, oldSize int64, oldRoot Hash, newSize int64, newRoot Hash) error {
	if oldSize == 0 && newSize >= 0 {
		if len(proof) != 0 || oldRoot != emptyTreeHash {
			return fmt.Errorf("check consistency from the empty tree to size %d: proof must be empty and the old root the empty-tree hash", newSize)
		}
		return nil
	}
	if err := tlog.CheckTree(proof, newSize, newRoot, oldSize, oldRoot); err != nil {
		return fmt.Errorf("check consistency from size %d to %d: %w", oldSize, newSize, err)
	}
	return nil
}

// Inclusion is the JSON form of an inclusion proof served by the HTTP API;
// hashes are base64 strings.
type Inclusion struct {
	LeafIndex int64  `json:"leaf_index"`
	TreeSize  int64  `json:"tree_size"`
	Hashes    []Hash `json:"hashes"`
}

// NewInclusion wraps a proof for JSON, with an empty list rather than null.
func NewInclusion(leaf, treeSize int64, p tlog.RecordProof) Inclusion {
	return Inclusion{LeafIndex: leaf, TreeSize: treeSize, Hashes: append([]Hash{}, p...)}
}

// Verify checks the proof against a tree root the caller trusts (taken from
// a verified checkpoint of size p.TreeSize) and the hash of the leaf.
func (p Inclusion) Verify(root, leafHash Hash) error {
	return CheckInclusion(p.Hashes, p.TreeSize, root, p.LeafIndex, leafHash)
}

// Consistency is the JSON form of a consistency proof served by the HTTP
// API; hashes are base64 strings.
type Consistency struct {
	OldSize int64  `json:"old_size"`
	NewSize int64  `json:"new_size"`
	Hashes  []Hash `json:"hashes"`
}

// NewConsistency wraps a proof for JSON, with an empty list rather than null.
func NewConsistency(oldSize, newSize int64, p tlog.TreeProof) Consistency {
	return Consistency{OldSize: oldSize, NewSize: newSize, Hashes: append([]Hash{}, p...)}
}

// Verify checks the proof against the roots of two trusted checkpoints.
func (p Consistency) Verify(oldRoot, newRoot Hash) error {
	return CheckConsistency(p.Hashes, p.OldSize, oldRoot, p.NewSize, newRoot)
}
