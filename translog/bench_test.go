package translog

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"testing"

	"golang.org/x/mod/sumdb/tlog"
)

const benchLeaves = 1_000_000

var (
	benchOnce sync.Once
	benchLog  *memLog
)

// millionLeafLog builds, once per test binary, the stored-hash array of a
// log of one million leaves (about 2 M hashes, 64 MB), as the store's table
// would hold it.
func millionLeafLog(b *testing.B) *memLog {
	b.Helper()
	benchOnce.Do(func() {
		l := &memLog{hashes: make([]Hash, 0, tlog.StoredHashCount(benchLeaves))}
		r := HashReader(context.Background(), l)
		for n := range int64(benchLeaves) {
			hashes, err := StoredHashesForLeaf(n, testEntry(int(n)), r)
			if err != nil {
				panic(err) // inside sync.Once; b.Fatal would leave benchLog nil for later benchmarks
			}
			l.hashes = append(l.hashes, hashes...)
		}
		benchLog = l
	})
	return benchLog
}

func BenchmarkSignCheckpoint(b *testing.B) {
	signer, _, _ := testKey(b, testOrigin, 1)
	root := sha256.Sum256(nil)
	for b.Loop() {
		if _, err := SignCheckpoint(testOrigin, benchLeaves, root, signer); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseCheckpoint(b *testing.B) {
	signer, verifier, _ := testKey(b, testOrigin, 1)
	msg, err := SignCheckpoint(testOrigin, benchLeaves, sha256.Sum256(nil), signer)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := ParseCheckpoint(msg, verifier); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkInclusionProof1M proves leaves spread over a 1 M-leaf tree; the
// source is an in-memory array, so this measures the proof computation and
// not a database.
func BenchmarkInclusionProof1M(b *testing.B) {
	l := millionLeafLog(b)
	ctx := context.Background()
	leaf := int64(0)
	for b.Loop() {
		if _, err := InclusionProof(ctx, l, leaf, benchLeaves); err != nil {
			b.Fatal(err)
		}
		leaf = (leaf + 7919) % benchLeaves // a prime stride visits every part of the tree
	}
}

func BenchmarkConsistencyProof1M(b *testing.B) {
	l := millionLeafLog(b)
	ctx := context.Background()
	old := int64(1)
	for b.Loop() {
		if _, err := ConsistencyProof(ctx, l, old, benchLeaves); err != nil {
			b.Fatal(err)
		}
		old = (old+7919)%(benchLeaves-1) + 1
	}
}

func BenchmarkTreeHash1M(b *testing.B) {
	l := millionLeafLog(b)
	r := HashReader(context.Background(), l)
	for b.Loop() {
		if _, err := TreeHash(benchLeaves, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadTile1M(b *testing.B) {
	l := millionLeafLog(b)
	ctx := context.Background()
	p := TilePath{Level: 0, Index: 1234, Width: TileWidth}
	for b.Loop() {
		if _, err := ReadTile(ctx, l, benchLeaves, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppend compares computing a leaf's stored hashes (what the store
// does per event) with a bare SHA-256 of the same bytes.
func BenchmarkAppend(b *testing.B) {
	for _, size := range []int{256, 1024, 4096} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte('a' + i%26)
		}
		b.Run(fmt.Sprintf("StoredHashesForLeaf/%dB", size), func(b *testing.B) {
			b.SetBytes(int64(size))
			l := &memLog{}
			r := HashReader(context.Background(), l)
			n := int64(0)
			for b.Loop() {
				hashes, err := StoredHashesForLeaf(n, data, r)
				if err != nil {
					b.Fatal(err)
				}
				l.hashes = append(l.hashes, hashes...)
				n++
			}
		})
		b.Run(fmt.Sprintf("sha256/%dB", size), func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				_ = sha256.Sum256(data)
			}
		})
	}
}
