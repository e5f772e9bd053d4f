package translog

import (
	"context"
	"encoding/hex"
	"errors"
	"math/bits"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

func mustHex(t *testing.T, s string) Hash {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != HashSize {
		t.Fatalf("bad hex hash %q", s)
	}
	return Hash(b)
}

// Published RFC 6962 constants: the hash of the empty tree (SHA-256 of no
// bytes) and of the empty leaf (SHA-256 of 0x00), as in the Certificate
// Transparency test vectors.
func TestKnownAnswers(t *testing.T) {
	emptyTree := mustHex(t, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
	emptyLeaf := mustHex(t, "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d")

	if got := LeafHash(nil); got != emptyLeaf {
		t.Errorf("LeafHash(empty) = %x, want %x", got, emptyLeaf)
	}
	got, err := TreeHash(0, HashReader(context.Background(), &memLog{}))
	if err != nil {
		t.Fatal(err)
	}
	if got != emptyTree {
		t.Errorf("TreeHash(0) = %x, want %x", got, emptyTree)
	}
	l := &memLog{}
	if err := l.append(nil); err != nil {
		t.Fatal(err)
	}
	got, err = TreeHash(1, HashReader(context.Background(), l))
	if err != nil {
		t.Fatal(err)
	}
	if got != emptyLeaf {
		t.Errorf("TreeHash of one empty leaf = %x, want %x", got, emptyLeaf)
	}
}

// Every tree size from 0 to 1000 hashes to RFC 6962's MTH computed directly.
func TestTreeHashMatchesRFC6962(t *testing.T) {
	const max = 1000
	leaves := rfcLeaves(max)
	l := &memLog{}
	for n := 0; n <= max; n++ {
		got, err := TreeHash(int64(n), HashReader(context.Background(), l))
		if err != nil {
			t.Fatalf("TreeHash(%d): %v", n, err)
		}
		if want := rfcMTH(leaves[:n]); got != want {
			t.Fatalf("TreeHash(%d) = %x, want %x", n, got, want)
		}
		if n < max {
			if err := l.append(testEntry(n)); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// The index scheme documented on StoredHashesForLeaf: leaf n yields
// 1 + trailing-ones(n) hashes, indexes are contiguous, and the hash at
// StoredHashIndex(level, k) is the root of leaves [k·2^level, (k+1)·2^level).
func TestStoredHashIndexScheme(t *testing.T) {
	const size = 300
	leaves := rfcLeaves(size)
	l := &memLog{}
	for n := range size {
		before := len(l.hashes)
		hashes, err := StoredHashesForLeaf(int64(n), testEntry(n), HashReader(context.Background(), l))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := len(hashes), 1+bits.TrailingZeros64(^uint64(n)); got != want {
			t.Errorf("leaf %d: %d stored hashes, want %d", n, got, want)
		}
		if got, want := int64(before), tlog.StoredHashIndex(0, int64(n)); got != want {
			t.Errorf("leaf %d: first index %d, want %d", n, got, want)
		}
		l.hashes = append(l.hashes, hashes...)
		l.entries = append(l.entries, testEntry(n))
		if got, want := int64(len(l.hashes)), tlog.StoredHashCount(int64(n+1)); got != want {
			t.Errorf("after leaf %d: %d stored hashes, want StoredHashCount = %d", n, got, want)
		}
	}
	for i, h := range l.hashes {
		level, k := tlog.SplitStoredHashIndex(int64(i))
		lo, hi := int(k)<<level, int(k+1)<<level
		if want := rfcMTH(leaves[lo:hi]); h != want {
			t.Errorf("stored hash %d (level %d, node %d) = %x, want MTH(D[%d:%d]) = %x", i, level, k, h, lo, hi, want)
		}
	}
}

type failingSource struct{ memLog }

var errSource = errors.New("disk on fire")

func (failingSource) ReadHashes(context.Context, []int64) ([]Hash, error) { return nil, errSource }

type shortSource struct{ memLog }

func (shortSource) ReadHashes(_ context.Context, indexes []int64) ([]Hash, error) {
	return make([]Hash, len(indexes)/2), nil
}

func TestStoredHashesForLeafErrors(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		n    int64
		data []byte
		src  HashSource
		want string
	}{
		{"negative index", -1, nil, &memLog{}, "negative"},
		{"entry too large", 0, make([]byte, MaxEntrySize+1), &memLog{}, "exceeds"},
		{"source error", 1, nil, &failingSource{}, "disk on fire"},
		{"short answer", 3, nil, &shortSource{}, "returned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := StoredHashesForLeaf(tt.n, tt.data, HashReader(ctx, tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("StoredHashesForLeaf = %v, want error containing %q", err, tt.want)
			}
		})
	}
	if _, err := StoredHashesForLeaf(0, make([]byte, MaxEntrySize), HashReader(ctx, &memLog{})); err != nil {
		t.Errorf("entry of exactly MaxEntrySize bytes refused: %v", err)
	}
	if _, err := TreeHash(5, HashReader(ctx, &failingSource{})); !errors.Is(err, errSource) {
		t.Errorf("TreeHash with failing source = %v, want wrapped %v", err, errSource)
	}
}
