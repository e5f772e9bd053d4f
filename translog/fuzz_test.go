package translog

import (
	"crypto/sha256"
	"testing"
)

// A path ParseTilePath accepts is canonical: it prints back to itself, and
// ReadTile's existence check never overflows on it.
func FuzzParseTilePath(f *testing.F) {
	for _, s := range []string{
		"tile/0/000", "tile/3/x001/x234/067.p/1", "tile/entries/x012/345.p/9",
		"tile/0/x036/x028/x797/x018/x963/966", "tile/0/x000/001", "tile/8/0/000",
		"tile/0/000.p/256", "tile//", "tile/entries/.p/1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		p, err := ParseTilePath(path)
		if err != nil {
			return
		}
		if got := p.String(); got != path {
			t.Fatalf("ParseTilePath(%q).String() = %q", path, got)
		}
		if p.Width < 1 || p.Width > TileWidth || p.Index < 0 || p.Index > maxTileIndex || p.Level < 0 || p.Level > maxTileLevel {
			t.Fatalf("ParseTilePath(%q) = %+v out of range", path, p)
		}
		if tileExists(p, 1<<63-1) && p.Level > 6 {
			t.Fatalf("%s exists in a tree of 2^63-1 leaves", p)
		}
	})
}

// ParseCheckpoint never panics, and what it accepts is the canonical body
// that was signed.
func FuzzParseCheckpoint(f *testing.F) {
	signer, verifier, _ := testKey(f, testOrigin, 1)
	for _, size := range []int64{0, 1, 1 << 40} {
		msg, err := SignCheckpoint(testOrigin, size, sha256.Sum256(nil), signer)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(msg)
	}
	f.Add([]byte(testOrigin + "\n5\nAAAA\n\n— " + testOrigin + " AAAAAAAA\n"))
	f.Fuzz(func(t *testing.T, msg []byte) {
		c, err := ParseCheckpoint(msg, verifier)
		if err != nil {
			return
		}
		body, err := c.Body()
		if err != nil {
			t.Fatalf("accepted checkpoint %+v has no body: %v", c, err)
		}
		if len(msg) < len(body) || string(msg[:len(body)]) != body {
			t.Fatalf("accepted %q but its canonical body is %q", msg, body)
		}
	})
}

// ParseBundle never panics and what it accepts re-encodes to the same bytes.
func FuzzParseBundle(f *testing.F) {
	f.Add([]byte{0, 1, 'a', 0, 0}, 2)
	f.Add([]byte{}, 0)
	f.Fuzz(func(t *testing.T, b []byte, want int) {
		entries, err := ParseBundle(b, want)
		if err != nil {
			return
		}
		out, err := EncodeBundle(entries)
		if err != nil || string(out) != string(b) {
			t.Fatalf("ParseBundle(%x) re-encodes to %x, %v", b, out, err)
		}
	})
}
