package translog

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/goumai/goumai"
)

// rfcTile is the C2SP definition of tile n at level l: the hashes
// MTH(D[(n·256+i)·256^l : (n·256+i+1)·256^l]) for i < width.
func rfcTile(leaves []Hash, l int, n int64, width int) []byte {
	span := 1 << (TileHeight * l)
	var b []byte
	for i := range width {
		lo := (int(n)*TileWidth + i) * span
		h := rfcMTH(leaves[lo : lo+span])
		b = append(b, h[:]...)
	}
	return b
}

// The example of C2SP tlog-tiles: a tree of 70,000 leaves is 273 full level-0
// tiles, a level-0 partial of width 112, one full level-1 tile, a level-1
// partial of width 17 and a level-2 partial of width 1. Each is served with
// the bytes the spec defines; wider or further tiles are refused.
func TestReadTileC2SPExample(t *testing.T) {
	const size = 70000
	ctx := context.Background()
	l := newMemLog(t, size)
	leaves := rfcLeaves(size)

	served := []TilePath{
		{Level: 0, Index: 0, Width: 256},
		{Level: 0, Index: 100, Width: 256},
		{Level: 0, Index: 272, Width: 256},
		{Level: 0, Index: 273, Width: 112},
		{Level: 1, Index: 0, Width: 256},
		{Level: 1, Index: 1, Width: 17},
		{Level: 2, Index: 0, Width: 1},
		// Partial tiles of smaller, earlier tree sizes stay available.
		{Level: 0, Index: 273, Width: 1},
		{Level: 0, Index: 5, Width: 3},
		{Level: 1, Index: 1, Width: 16},
	}
	for _, p := range served {
		t.Run(p.String(), func(t *testing.T) {
			got, err := ReadTile(ctx, l, size, p)
			if err != nil {
				t.Fatalf("ReadTile(%s): %v", p, err)
			}
			if want := rfcTile(leaves, p.Level, p.Index, p.Width); !bytes.Equal(got, want) {
				t.Errorf("ReadTile(%s) differs from the C2SP definition (%d bytes, want %d)", p, len(got), len(want))
			}
		})
	}

	refused := []TilePath{
		{Level: 0, Index: 273, Width: 256}, // not full yet
		{Level: 0, Index: 273, Width: 113}, // wider than the tree
		{Level: 0, Index: 274, Width: 1},   // beyond the tree
		{Level: 1, Index: 1, Width: 256},
		{Level: 1, Index: 1, Width: 18},
		{Level: 2, Index: 0, Width: 256},
		{Level: 2, Index: 0, Width: 2},
		{Level: 3, Index: 0, Width: 1},
		{Level: 63, Index: 0, Width: 1},
		{Level: 0, Index: maxTileIndex, Width: 256},
		{Entries: true, Index: 273, Width: 256},
		{Entries: true, Index: 273, Width: 113},
		{Entries: true, Index: 274, Width: 1},
	}
	for _, p := range refused {
		t.Run("refused/"+p.String(), func(t *testing.T) {
			_, err := ReadTile(ctx, l, size, p)
			if got := goumai.ErrorCode(err); got != goumai.ENotFound {
				t.Errorf("ReadTile(%s) error = %v (code %q), want code %q", p, err, got, goumai.ENotFound)
			}
		})
	}
}

// A tree of 256 leaves: one full level-0 tile and a level-1 partial of
// width 1 holding the root (C2SP tlog-tiles).
func TestReadTileFullTreeOf256(t *testing.T) {
	ctx := context.Background()
	l := newMemLog(t, 256)
	leaves := rfcLeaves(256)
	got, err := ReadTile(ctx, l, 256, TilePath{Level: 1, Index: 0, Width: 1})
	if err != nil {
		t.Fatal(err)
	}
	root := rfcMTH(leaves)
	if !bytes.Equal(got, root[:]) {
		t.Errorf("tile/1/000.p/1 = %x, want the root %x", got, root)
	}
	if _, err := ReadTile(ctx, l, 255, TilePath{Level: 0, Index: 0, Width: 256}); goumai.ErrorCode(err) != goumai.ENotFound {
		t.Errorf("full tile at size 255: %v, want not found", err)
	}
	if _, err := ReadTile(ctx, l, 0, TilePath{Level: 0, Index: 0, Width: 1}); goumai.ErrorCode(err) != goumai.ENotFound {
		t.Errorf("tile of the empty tree: %v, want not found", err)
	}
}

func TestReadTileEntries(t *testing.T) {
	ctx := context.Background()
	l := newMemLog(t, 600)
	for _, p := range []TilePath{
		{Entries: true, Index: 0, Width: 256},
		{Entries: true, Index: 1, Width: 256},
		{Entries: true, Index: 2, Width: 88},
		{Entries: true, Index: 2, Width: 1},
	} {
		got, err := ReadTile(ctx, l, 600, p)
		if err != nil {
			t.Fatalf("ReadTile(%s): %v", p, err)
		}
		// The bundle format written out by hand: uint16 big-endian length, bytes.
		var want []byte
		for i := range p.Width {
			e := testEntry(int(p.Index)*TileWidth + i)
			want = append(want, byte(len(e)>>8), byte(len(e)))
			want = append(want, e...)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("ReadTile(%s) = %q..., want %q...", p, got[:min(40, len(got))], want[:min(40, len(want))])
		}
		entries, err := ParseBundle(got, p.Width)
		if err != nil {
			t.Fatalf("ParseBundle(%s): %v", p, err)
		}
		for i, e := range entries {
			if want := testEntry(int(p.Index)*TileWidth + i); !bytes.Equal(e, want) {
				t.Errorf("%s entry %d = %q, want %q", p, i, e, want)
			}
		}
	}
}

type shortEntries struct{ *memLog }

func (s shortEntries) ReadEntries(ctx context.Context, start, end int64) ([][]byte, error) {
	e, err := s.memLog.ReadEntries(ctx, start, end)
	return e[:len(e)-1], err
}

func TestReadTileSourceFaults(t *testing.T) {
	ctx := context.Background()
	l := newMemLog(t, 10)
	if _, err := ReadTile(ctx, shortEntries{l}, 10, TilePath{Entries: true, Width: 10}); err == nil {
		t.Error("short entry answer accepted")
	}
	if _, err := ReadTile(ctx, &failingSource{}, 10, TilePath{Width: 10}); err == nil {
		t.Error("failing hash source accepted")
	}
	big := &memLog{hashes: l.hashes, entries: slices.Clone(l.entries)}
	big.entries[3] = make([]byte, MaxEntrySize+1)
	if _, err := ReadTile(ctx, big, 10, TilePath{Entries: true, Width: 10}); err == nil {
		t.Error("over-long entry encoded")
	}
}

func TestBundleRoundTrip(t *testing.T) {
	tests := [][][]byte{
		{},
		{{}},
		{[]byte("a"), {}, []byte("ccc")},
		{make([]byte, MaxEntrySize)},
	}
	for i, entries := range tests {
		b, err := EncodeBundle(entries)
		if err != nil {
			t.Fatalf("case %d: EncodeBundle: %v", i, err)
		}
		got, err := ParseBundle(b, len(entries))
		if err != nil {
			t.Fatalf("case %d: ParseBundle: %v", i, err)
		}
		if !slices.EqualFunc(got, entries, bytes.Equal) {
			t.Errorf("case %d: round trip = %q, want %q", i, got, entries)
		}
	}
}

func TestParseBundleErrors(t *testing.T) {
	tests := []struct {
		b    []byte
		want int
	}{
		{[]byte{0}, 1},               // truncated length
		{[]byte{0, 3, 'a', 'b'}, 1},  // truncated entry
		{[]byte{0, 1, 'a'}, 2},       // too few
		{[]byte{0, 1, 'a', 0, 0}, 1}, // too many
		{[]byte{0, 0}, 0},            // too many for zero
		{nil, 1},                     // empty for one
		{[]byte{0, 1, 'a'}, -1},      // nonsense count
		{[]byte{0, 1, 'a'}, TileWidth + 1},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%x/%d", tt.b, tt.want), func(t *testing.T) {
			if got, err := ParseBundle(tt.b, tt.want); err == nil {
				t.Errorf("ParseBundle(%x, %d) = %q, want error", tt.b, tt.want, got)
			}
		})
	}
}
