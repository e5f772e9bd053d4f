package translog

import (
	"context"
	"crypto/sha256"
	"fmt"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

// memLog is an in-memory Source: the stored hashes as a dense array indexed
// by stored hash index, as the store keeps them in its table.
type memLog struct {
	hashes  []Hash
	entries [][]byte
}

func (l *memLog) ReadHashes(_ context.Context, indexes []int64) ([]Hash, error) {
	out := make([]Hash, len(indexes))
	for i, x := range indexes {
		if x < 0 || x >= int64(len(l.hashes)) {
			return nil, fmt.Errorf("no stored hash at index %d (have %d)", x, len(l.hashes))
		}
		out[i] = l.hashes[x]
	}
	return out, nil
}

func (l *memLog) ReadEntries(_ context.Context, start, end int64) ([][]byte, error) {
	if start < 0 || start > end || end > int64(len(l.entries)) {
		return nil, fmt.Errorf("no entries %d..%d (have %d)", start, end, len(l.entries))
	}
	return l.entries[start:end], nil
}

// append adds one leaf the way the store does: compute the stored hashes,
// then write them at StoredHashIndex(0, n) onward.
func (l *memLog) append(data []byte) error {
	n := int64(len(l.entries))
	hashes, err := StoredHashesForLeaf(n, data, HashReader(context.Background(), l))
	if err != nil {
		return err
	}
	if got, want := int64(len(l.hashes)), tlog.StoredHashIndex(0, n); got != want {
		return fmt.Errorf("leaf %d: next free index %d, want %d", n, got, want)
	}
	l.hashes = append(l.hashes, hashes...)
	l.entries = append(l.entries, data)
	return nil
}

// testEntry is the deterministic content of leaf i in test logs.
func testEntry(i int) []byte {
	return []byte(fmt.Sprintf(`{"event":%d,"action":"test"}`, i))
}

func newMemLog(tb testing.TB, size int) *memLog {
	tb.Helper()
	l := &memLog{}
	for i := range size {
		if err := l.append(testEntry(i)); err != nil {
			tb.Fatalf("append leaf %d: %v", i, err)
		}
	}
	return l
}

// The rfc* functions compute RFC 6962 §2.1 directly from its definitions with
// crypto/sha256, independently of tlog, so that a wrong use of the library
// (wrong index, wrong prefix byte, swapped arguments) fails the tests.

func rfcLeaf(d []byte) Hash {
	return sha256.Sum256(append([]byte{0x00}, d...))
}

func rfcNode(l, r Hash) Hash {
	return sha256.Sum256(append(append([]byte{0x01}, l[:]...), r[:]...))
}

// rfcSplit is the largest power of two smaller than n (n > 1).
func rfcSplit(n int) int {
	k := 1
	for k*2 < n {
		k *= 2
	}
	return k
}

// rfcMTH is MTH(D[n]) over leaf hashes.
func rfcMTH(leaves []Hash) Hash {
	switch len(leaves) {
	case 0:
		return sha256.Sum256(nil)
	case 1:
		return leaves[0]
	}
	k := rfcSplit(len(leaves))
	return rfcNode(rfcMTH(leaves[:k]), rfcMTH(leaves[k:]))
}

// rfcPath is PATH(m, D[n]), the audit path of leaf m.
func rfcPath(m int, leaves []Hash) []Hash {
	if len(leaves) <= 1 {
		return nil
	}
	k := rfcSplit(len(leaves))
	if m < k {
		return append(rfcPath(m, leaves[:k]), rfcMTH(leaves[k:]))
	}
	return append(rfcPath(m-k, leaves[k:]), rfcMTH(leaves[:k]))
}

// rfcProof is PROOF(m, D[n]), the consistency proof from size m.
func rfcProof(m int, leaves []Hash) []Hash { return rfcSubproof(m, leaves, true) }

func rfcSubproof(m int, leaves []Hash, b bool) []Hash {
	n := len(leaves)
	if m == n {
		if b {
			return nil
		}
		return []Hash{rfcMTH(leaves)}
	}
	k := rfcSplit(n)
	if m <= k {
		return append(rfcSubproof(m, leaves[:k], b), rfcMTH(leaves[k:]))
	}
	return append(rfcSubproof(m-k, leaves[k:], false), rfcMTH(leaves[:k]))
}

func rfcLeaves(size int) []Hash {
	leaves := make([]Hash, size)
	for i := range leaves {
		leaves[i] = rfcLeaf(testEntry(i))
	}
	return leaves
}
