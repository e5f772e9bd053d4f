package translog

import (
	"context"
	"encoding/binary"
	"fmt"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/goumai/goumai"
)

// tileExists reports whether the tile at p holds only hashes (or entries) of
// the tree of size treeSize. A full tile exists once the tree reaches its end
// index; a partial tile of width W once the tree has W complete subtrees in
// it. Older partial tiles stay available after the tree grows: C2SP requires
// logs to serve the partial tiles of every size they signed a checkpoint for,
// and their bytes never change, so serving every one inside the tree is the
// simplest rule that satisfies it.
func tileExists(p TilePath, treeSize int64) bool {
	if treeSize <= 0 || p.Width < 1 || p.Width > TileWidth || p.Index < 0 || p.Index > maxTileIndex {
		return false
	}
	level := p.Level
	if p.Entries {
		level = 0
	}
	shift := uint(TileHeight * level)
	if shift >= 63 {
		return false // not one hash at this level for any int64 tree size
	}
	// Complete subtrees at the tile's level, i.e. hashes available there.
	avail := treeSize >> shift
	return p.Index*TileWidth+int64(p.Width) <= avail
}

// ReadTile returns the bytes served at p for the tree of size treeSize: the
// concatenated hashes of a hash tile, or the entry bundle of an entries path.
// A tile not contained in that tree is refused with a goumai ENotFound error,
// so a client can never learn hashes of leaves beyond the published
// checkpoint.
func ReadTile(ctx context.Context, src Source, treeSize int64, p TilePath) ([]byte, error) {
	if !tileExists(p, treeSize) {
		return nil, fmt.Errorf("read %s: %w", p, errTileNotFound(p, treeSize))
	}
	if p.Entries {
		start := p.Index * TileWidth
		entries, err := src.ReadEntries(ctx, start, start+int64(p.Width))
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		if len(entries) != p.Width {
			return nil, fmt.Errorf("read %s: source returned %d entries, want %d", p, len(entries), p.Width)
		}
		b, err := EncodeBundle(entries)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", p, err)
		}
		return b, nil
	}
	t := tlog.Tile{H: TileHeight, L: p.Level, N: p.Index, W: p.Width}
	data, err := tlog.ReadTileData(t, HashReader(ctx, src))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	return data, nil
}

func errTileNotFound(p TilePath, treeSize int64) error {
	return goumai.Errorf(goumai.ENotFound,
		fmt.Sprintf("树大小为 %d 的日志中没有 %s", treeSize, p),
		fmt.Sprintf("%s is not in the log of size %d", p, treeSize))
}

// EncodeBundle encodes entries as a C2SP entry bundle: each entry as a
// big-endian uint16 length followed by its bytes.
func EncodeBundle(entries [][]byte) ([]byte, error) {
	size := 0
	for i, e := range entries {
		if len(e) > MaxEntrySize {
			return nil, fmt.Errorf("bundle entry %d is %d bytes, more than %d", i, len(e), MaxEntrySize)
		}
		size += 2 + len(e)
	}
	b := make([]byte, 0, size)
	for _, e := range entries {
		b = binary.BigEndian.AppendUint16(b, uint16(len(e)))
		b = append(b, e...)
	}
	return b, nil
}

// ParseBundle decodes a C2SP entry bundle that must hold exactly want entries.
// The entries alias b.
func ParseBundle(b []byte, want int) ([][]byte, error) {
	if want < 0 || want > TileWidth {
		return nil, fmt.Errorf("parse entry bundle: want %d entries, outside 0..%d", want, TileWidth)
	}
	entries := make([][]byte, 0, want)
	for len(b) > 0 {
		if len(entries) == want {
			return nil, fmt.Errorf("parse entry bundle: more than %d entries", want)
		}
		if len(b) < 2 {
			return nil, fmt.Errorf("parse entry bundle: truncated length of entry %d", len(entries))
		}
		n := int(binary.BigEndian.Uint16(b))
		b = b[2:]
		if len(b) < n {
			return nil, fmt.Errorf("parse entry bundle: entry %d is truncated (%d of %d bytes)", len(entries), len(b), n)
		}
		entries = append(entries, b[:n:n])
		b = b[n:]
	}
	if len(entries) != want {
		return nil, fmt.Errorf("parse entry bundle: %d entries, want %d", len(entries), want)
	}
	return entries, nil
}
