package translog

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

// proofPairs returns (a, size) pairs to test: every pair for small trees and
// edges, middles and a stride around tile and power-of-two boundaries.
func proofPairs() [][2]int {
	var pairs [][2]int
	for size := 1; size <= 40; size++ {
		for a := range size + 1 {
			pairs = append(pairs, [2]int{a, size})
		}
	}
	for _, size := range []int{100, 255, 256, 257, 511, 512, 513, 777, 1000} {
		for _, a := range []int{0, 1, 2, 127, 128, size / 2, size - 2, size - 1, size} {
			if a <= size {
				pairs = append(pairs, [2]int{a, size})
			}
		}
		for a := 3; a < size; a += 37 {
			pairs = append(pairs, [2]int{a, size})
		}
	}
	return pairs
}

func TestInclusionProofs(t *testing.T) {
	ctx := context.Background()
	l := newMemLog(t, 1000)
	leaves := rfcLeaves(1000)
	for _, p := range proofPairs() {
		leaf, size := p[0], p[1]
		if leaf >= size {
			continue
		}
		proof, err := InclusionProof(ctx, l, int64(leaf), int64(size))
		if err != nil {
			t.Fatalf("InclusionProof(%d, %d): %v", leaf, size, err)
		}
		if want := rfcPath(leaf, leaves[:size]); !slices.Equal(proof, want) {
			t.Fatalf("InclusionProof(%d, %d) = %x, want PATH = %x", leaf, size, proof, want)
		}
		root := rfcMTH(leaves[:size])
		if err := CheckInclusion(proof, int64(size), root, int64(leaf), leaves[leaf]); err != nil {
			t.Errorf("CheckInclusion(%d, %d): %v", leaf, size, err)
		}
		// The proof must not prove anything else.
		other := rfcLeaf([]byte("forged"))
		if CheckInclusion(proof, int64(size), root, int64(leaf), other) == nil {
			t.Errorf("CheckInclusion(%d, %d) accepted a forged leaf", leaf, size)
		}
		if len(proof) > 0 {
			bad := slices.Clone(proof)
			bad[len(bad)/2][0] ^= 1
			if CheckInclusion(bad, int64(size), root, int64(leaf), leaves[leaf]) == nil {
				t.Errorf("CheckInclusion(%d, %d) accepted a tampered proof", leaf, size)
			}
			if CheckInclusion(proof, int64(size), root, int64(leaf^1), leaves[leaf]) == nil && size > 1 {
				t.Errorf("CheckInclusion(%d, %d) accepted the proof for leaf %d", leaf, size, leaf^1)
			}
		}
	}
}

func TestConsistencyProofs(t *testing.T) {
	ctx := context.Background()
	l := newMemLog(t, 1000)
	leaves := rfcLeaves(1000)
	for _, p := range proofPairs() {
		old, size := p[0], p[1]
		proof, err := ConsistencyProof(ctx, l, int64(old), int64(size))
		if err != nil {
			t.Fatalf("ConsistencyProof(%d, %d): %v", old, size, err)
		}
		var want []Hash
		if old > 0 {
			want = rfcProof(old, leaves[:size])
		}
		if !slices.Equal(proof, want) {
			t.Fatalf("ConsistencyProof(%d, %d) = %x, want PROOF = %x", old, size, proof, want)
		}
		oldRoot, newRoot := rfcMTH(leaves[:old]), rfcMTH(leaves[:size])
		if err := CheckConsistency(proof, int64(old), oldRoot, int64(size), newRoot); err != nil {
			t.Errorf("CheckConsistency(%d, %d): %v", old, size, err)
		}
		forged := oldRoot
		forged[3] ^= 0x80
		if CheckConsistency(proof, int64(old), forged, int64(size), newRoot) == nil {
			t.Errorf("CheckConsistency(%d, %d) accepted a forged old root", old, size)
		}
		if 0 < old && old < size {
			// A root of a different history of the same size; every tree
			// extends the empty one, so only old > 0 can be refused.
			fork := slices.Clone(leaves[:size])
			fork[old-1] = rfcLeaf([]byte("rewritten")) // history rewritten inside the old tree
			if CheckConsistency(proof, int64(old), oldRoot, int64(size), rfcMTH(fork)) == nil {
				t.Errorf("CheckConsistency(%d, %d) accepted a forked new tree", old, size)
			}
		}
	}
}

func TestProofInputErrors(t *testing.T) {
	ctx := context.Background()
	l := newMemLog(t, 10)
	tests := []struct {
		name string
		run  func() error
	}{
		{"leaf at size", func() error { _, err := InclusionProof(ctx, l, 10, 10); return err }},
		{"negative leaf", func() error { _, err := InclusionProof(ctx, l, -1, 10); return err }},
		{"old beyond new", func() error { _, err := ConsistencyProof(ctx, l, 8, 5); return err }},
		{"negative old", func() error { _, err := ConsistencyProof(ctx, l, -1, 5); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := goumai.ErrorCode(tt.run()); got != goumai.EInvalid {
				t.Errorf("error code = %q, want %q", got, goumai.EInvalid)
			}
		})
	}
	// Beyond what the source holds: an error from the source, not a panic.
	if _, err := InclusionProof(ctx, l, 3, 20); err == nil {
		t.Error("InclusionProof beyond the stored tree succeeded")
	}
}

func TestProofJSON(t *testing.T) {
	ctx := context.Background()
	l := newMemLog(t, 20)
	leaves := rfcLeaves(20)

	p, err := InclusionProof(ctx, l, 5, 20)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(NewInclusion(5, 20, p))
	if err != nil {
		t.Fatal(err)
	}
	want := `{"leaf_index":5,"tree_size":20,"hashes":["` + p[0].String() + `"`
	if !strings.HasPrefix(string(b), want) {
		t.Errorf("inclusion JSON = %s, want prefix %s", b, want)
	}
	var inc Inclusion
	if err := json.Unmarshal(b, &inc); err != nil {
		t.Fatal(err)
	}
	if err := inc.Verify(rfcMTH(leaves), leaves[5]); err != nil {
		t.Errorf("decoded inclusion proof: %v", err)
	}

	c, err := ConsistencyProof(ctx, l, 0, 20)
	if err != nil {
		t.Fatal(err)
	}
	b, err = json.Marshal(NewConsistency(0, 20, c))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"old_size":0,"new_size":20,"hashes":[]}`; got != want {
		t.Errorf("consistency JSON = %s, want %s", got, want)
	}
	c, err = ConsistencyProof(ctx, l, 7, 20)
	if err != nil {
		t.Fatal(err)
	}
	if b, err = json.Marshal(NewConsistency(7, 20, c)); err != nil {
		t.Fatal(err)
	}
	var con Consistency
	if err := json.Unmarshal(b, &con); err != nil {
		t.Fatal(err)
	}
	if err := con.Verify(rfcMTH(leaves[:7]), rfcMTH(leaves)); err != nil {
		t.Errorf("decoded consistency proof: %v", err)
	}
	if err := (Consistency{OldSize: 0, NewSize: 20, Hashes: []Hash{{}}}).Verify(rfcMTH(nil), rfcMTH(leaves)); err == nil {
		t.Error("non-empty proof from the empty tree accepted")
	}
}
