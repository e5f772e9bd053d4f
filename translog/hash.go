package translog

import (
	"context"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"
)

// Hash is a SHA-256 Merkle tree hash (leaf, interior node or root).
// It marshals to JSON as a base64 string.
type Hash = tlog.Hash

// HashSize is the size of a Hash in bytes.
const HashSize = tlog.HashSize

// TileHeight is the height of the C2SP tlog-tiles tiles: a full tile holds
// 2^8 = 256 hashes.
const TileHeight = 8

// TileWidth is the number of hashes in a full tile and of entries in a full
// entry bundle.
const TileWidth = 1 << TileHeight

// MaxEntrySize is the largest leaf, in bytes, the log accepts. C2SP entry
// bundles prefix each entry with a big-endian uint16 length, so a longer leaf
// could be hashed into the tree but never served; it is refused at append
// time instead. Log a digest of larger objects.
const MaxEntrySize = 1<<16 - 1

// LeafHash returns the RFC 6962 leaf hash of data: SHA-256(0x00 || data).
func LeafHash(data []byte) Hash { return tlog.RecordHash(data) }

// StoredHashesForLeaf returns the hashes the store must persist when it
// appends leaf n (counting from 0) with the given data.
//
// Index scheme: every node of the tree that is the root of a complete subtree
// has a dense "stored hash index" (tlog.StoredHashIndex(level, k) for the k-th
// node at that level). Appending leaf n completes the leaf itself and one
// subtree per trailing 1 bit of n, so the result holds 1 + trailing-ones(n)
// hashes; hashes[i] must be stored at index tlog.StoredHashIndex(0, n) + i.
// The indexes of successive leaves are contiguous: leaf n+1 starts at
// tlog.StoredHashIndex(0, n) + len(hashes), and a tree of n leaves has
// tlog.StoredHashCount(n) stored hashes in all.
//
// r must return the hashes already stored for leaves 0..n-1; at most log₂ n
// of them are read.
func StoredHashesForLeaf(n int64, data []byte, r tlog.HashReader) ([]Hash, error) {
	if n < 0 {
		return nil, fmt.Errorf("stored hashes for leaf %d: negative leaf index", n)
	}
	if len(data) > MaxEntrySize {
		return nil, fmt.Errorf("stored hashes for leaf %d: entry of %d bytes exceeds the %d-byte limit of C2SP entry bundles", n, len(data), MaxEntrySize)
	}
	hashes, err := tlog.StoredHashes(n, data, r)
	if err != nil {
		return nil, fmt.Errorf("stored hashes for leaf %d: %w", n, err)
	}
	return hashes, nil
}

// TreeHash returns the RFC 6962 root hash of the tree of the first n leaves,
// reading at most 1 + log₂ n stored hashes from r. The empty tree hashes to
// SHA-256 of the empty string.
func TreeHash(n int64, r tlog.HashReader) (Hash, error) {
	if n < 0 {
		return Hash{}, fmt.Errorf("tree hash of size %d: negative size", n)
	}
	h, err := tlog.TreeHash(n, r)
	if err != nil {
		return Hash{}, fmt.Errorf("tree hash of size %d: %w", n, err)
	}
	return h, nil
}

// HashSource reads stored hashes by their stored hash index (see
// [StoredHashesForLeaf]). The store implements it over its hash table, inside
// its transaction.
type HashSource interface {
	// ReadHashes returns the hashes at the given indexes, in the same order,
	// or an error (never a shorter slice).
	ReadHashes(ctx context.Context, indexes []int64) ([]Hash, error)
}

// Source is what the log is served from: stored hashes and the leaf entries.
type Source interface {
	HashSource
	// ReadEntries returns the entries of leaves start..end-1, in order, or an
	// error (never a shorter slice).
	ReadEntries(ctx context.Context, start, end int64) ([][]byte, error)
}

// HashReader adapts a context-aware HashSource to tlog.HashReader, binding
// ctx for the duration of one operation. It checks the length of the answer so
// that a faulty source yields an error rather than a wrong hash.
func HashReader(ctx context.Context, src HashSource) tlog.HashReader {
	return tlog.HashReaderFunc(func(indexes []int64) ([]Hash, error) {
		hashes, err := src.ReadHashes(ctx, indexes)
		if err != nil {
			return nil, err
		}
		if len(hashes) != len(indexes) {
			return nil, fmt.Errorf("read %d stored hashes: source returned %d", len(indexes), len(hashes))
		}
		return hashes, nil
	})
}
