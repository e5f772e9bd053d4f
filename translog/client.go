package translog

import (
	"errors"
	"fmt"
	"sync"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// Fetcher returns the bytes a log serves at path below its URL prefix:
// "checkpoint", "tile/<L>/<N>[.p/<W>]" or "tile/entries/<N>[.p/<W>]". An HTTP
// implementation GETs prefix + "/" + path; tests can serve from memory.
type Fetcher func(path string) ([]byte, error)

// Client follows a log from its public C2SP resources alone, trusting nothing
// but the log's verifier keys: every tile it uses is authenticated against a
// verified checkpoint before any hash in it is believed. It shows that any
// standard tlog-tiles verifier can follow goumai's log.
//
// A Client is safe for concurrent use.
type Client struct {
	fetch     Fetcher
	verifiers []note.Verifier

	mu    sync.Mutex
	tiles map[tlog.Tile][]byte // tiles already authenticated, see tileReader.SaveTiles
}

// NewClient returns a Client for the log signed by verifiers.
func NewClient(fetch Fetcher, verifiers ...note.Verifier) *Client {
	return &Client{fetch: fetch, verifiers: verifiers, tiles: make(map[tlog.Tile][]byte)}
}

// Checkpoint fetches the log's latest checkpoint and verifies its signature.
func (c *Client) Checkpoint() (Checkpoint, error) {
	msg, err := c.fetch("checkpoint")
	if err != nil {
		return Checkpoint{}, fmt.Errorf("fetch checkpoint: %w", err)
	}
	return ParseCheckpoint(msg, c.verifiers...)
}

// Entry returns leaf n of the tree of checkpoint cp after checking, with an
// inclusion proof computed from authenticated tiles, that the entry fetched
// from the entry bundle is that leaf. cp must come from [Client.Checkpoint]
// or [ParseCheckpoint].
func (c *Client) Entry(cp Checkpoint, n int64) ([]byte, error) {
	if n < 0 || n >= cp.Size {
		return nil, fmt.Errorf("entry %d: not in the tree of size %d", n, cp.Size)
	}
	proof, err := tlog.ProveRecord(cp.Size, n, c.hashReader(cp))
	if err != nil {
		return nil, fmt.Errorf("entry %d: inclusion proof from tiles: %w", n, err)
	}
	entries, err := c.bundle(cp, n/TileWidth)
	if err != nil {
		return nil, fmt.Errorf("entry %d: %w", n, err)
	}
	entry := entries[n%TileWidth]
	if err := CheckInclusion(proof, cp.Size, cp.Root, n, LeafHash(entry)); err != nil {
		return nil, fmt.Errorf("entry %d: %w", n, err)
	}
	return entry, nil
}

// Consistent checks, with a consistency proof computed from tiles of the
// newer tree, that newer extends older. Both must be verified checkpoints of
// the same log.
func (c *Client) Consistent(older, newer Checkpoint) error {
	if older.Origin != newer.Origin {
		return fmt.Errorf("consistency: origins differ: %q and %q", older.Origin, newer.Origin)
	}
	if older.Size > newer.Size {
		return fmt.Errorf("consistency: the log shrank from %d to %d", older.Size, newer.Size)
	}
	var proof tlog.TreeProof
	if older.Size > 0 {
		var err error
		proof, err = tlog.ProveTree(newer.Size, older.Size, c.hashReader(newer))
		if err != nil {
			return fmt.Errorf("consistency from %d to %d: proof from tiles: %w", older.Size, newer.Size, err)
		}
	}
	return CheckConsistency(proof, older.Size, older.Root, newer.Size, newer.Root)
}

// Audit fetches every entry of the tree of cp, bundle by bundle, checks each
// against the authenticated level-0 tiles, and calls visit with it in order.
// It returns the first mismatch or the first error from visit.
func (c *Client) Audit(cp Checkpoint, visit func(n int64, entry []byte) error) error {
	r := c.hashReader(cp)
	for start := int64(0); start < cp.Size; start += TileWidth {
		entries, err := c.bundle(cp, start/TileWidth)
		if err != nil {
			return fmt.Errorf("audit: %w", err)
		}
		indexes := make([]int64, len(entries))
		for i := range entries {
			indexes[i] = tlog.StoredHashIndex(0, start+int64(i))
		}
		hashes, err := r.ReadHashes(indexes)
		if err != nil {
			return fmt.Errorf("audit: leaf hashes %d..%d from tiles: %w", start, start+int64(len(entries))-1, err)
		}
		for i, e := range entries {
			n := start + int64(i)
			if LeafHash(e) != hashes[i] {
				return fmt.Errorf("audit: entry %d does not hash to leaf %d of the tree", n, n)
			}
			if err := visit(n, e); err != nil {
				return err
			}
		}
	}
	return nil
}

// bundle fetches the entry bundle number idx of the tree of cp, with the
// width that tree gives it.
func (c *Client) bundle(cp Checkpoint, idx int64) ([][]byte, error) {
	p := TilePath{Entries: true, Index: idx, Width: int(min(TileWidth, cp.Size-idx*TileWidth))}
	b, err := c.fetch(p.String())
	if err != nil {
		return nil, fmt.Errorf("fetch %s: %w", p, err)
	}
	entries, err := ParseBundle(b, p.Width)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	return entries, nil
}

// hashReader returns a tlog.HashReader over the tiles of cp's tree; tlog
// authenticates every tile it loads against cp.Root before using it.
func (c *Client) hashReader(cp Checkpoint) tlog.HashReader {
	return tlog.TileHashReader(tlog.Tree{N: cp.Size, Hash: cp.Root}, tileReader{c})
}

// tileReader adapts the client's fetcher to tlog.TileReader, translating
// tlog's Go-sumdb tile paths ("tile/8/L/N") to C2SP ones ("tile/L/N"), which
// lack the height element.
type tileReader struct{ c *Client }

func (tileReader) Height() int { return TileHeight }

func (r tileReader) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	data := make([][]byte, len(tiles))
	for i, t := range tiles {
		r.c.mu.Lock()
		d, ok := r.c.tiles[t]
		r.c.mu.Unlock()
		if ok {
			data[i] = d
			continue
		}
		if t.H != TileHeight || t.L < 0 {
			return nil, errors.New("tlog asked for a tile of another height or a data tile")
		}
		p := TilePath{Level: t.L, Index: t.N, Width: t.W}
		d, err := r.c.fetch(p.String())
		if err != nil {
			return nil, fmt.Errorf("fetch %s: %w", p, err)
		}
		if len(d) != t.W*HashSize {
			return nil, fmt.Errorf("fetch %s: %d bytes, want %d", p, len(d), t.W*HashSize)
		}
		data[i] = d
	}
	return data, nil
}

// SaveTiles keeps authenticated tiles for later calls: every tile above level
// 0 (1/256 of the tiles) and partial level-0 tiles, which each checkpoint's
// proofs fetch again. Full level-0 tiles are read once per bundle in an audit
// and would make the cache grow with the log.
func (r tileReader) SaveTiles(tiles []tlog.Tile, data [][]byte) {
	r.c.mu.Lock()
	defer r.c.mu.Unlock()
	for i, t := range tiles {
		if t.L > 0 || t.W < TileWidth {
			r.c.tiles[t] = data[i]
		}
	}
}
