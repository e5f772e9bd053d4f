package translog

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/mod/sumdb/note"
)

// testServer serves a memLog over the C2SP paths, as the web layer will, so
// that the Client is exercised end to end through ParseTilePath and ReadTile.
type testServer struct {
	log        *memLog
	size       int64
	checkpoint []byte
	tamper     func(path string, b []byte) []byte
}

func (s *testServer) fetch(path string) ([]byte, error) {
	var b []byte
	if path == "checkpoint" {
		b = bytes.Clone(s.checkpoint)
	} else {
		p, err := ParseTilePath(path)
		if err != nil {
			return nil, err
		}
		if b, err = ReadTile(context.Background(), s.log, s.size, p); err != nil {
			return nil, err
		}
		b = bytes.Clone(b)
	}
	if s.tamper != nil {
		b = s.tamper(path, b)
	}
	return b, nil
}

// publish signs a checkpoint of the first size leaves and serves it.
func (s *testServer) publish(t *testing.T, signer note.Signer, size int64) {
	t.Helper()
	root, err := TreeHash(size, HashReader(context.Background(), s.log))
	if err != nil {
		t.Fatal(err)
	}
	if s.checkpoint, err = SignCheckpoint(testOrigin, size, root, signer); err != nil {
		t.Fatal(err)
	}
	s.size = size
}

func TestClientFollowsLog(t *testing.T) {
	signer, verifier, _ := testKey(t, testOrigin, 1)
	srv := &testServer{log: newMemLog(t, 1000)}
	c := NewClient(srv.fetch, verifier)

	srv.publish(t, signer, 0)
	empty, err := c.Checkpoint()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Audit(empty, func(int64, []byte) error { return fmt.Errorf("visited an entry of the empty tree") }); err != nil {
		t.Error(err)
	}

	srv.publish(t, signer, 300)
	cp1, err := c.Checkpoint()
	if err != nil {
		t.Fatal(err)
	}
	for n := range cp1.Size {
		e, err := c.Entry(cp1, n)
		if err != nil {
			t.Fatalf("Entry(%d): %v", n, err)
		}
		if want := testEntry(int(n)); !bytes.Equal(e, want) {
			t.Fatalf("Entry(%d) = %q, want %q", n, e, want)
		}
	}
	if _, err := c.Entry(cp1, 300); err == nil {
		t.Error("Entry beyond the checkpoint succeeded")
	}

	srv.publish(t, signer, 1000)
	cp2, err := c.Checkpoint()
	if err != nil {
		t.Fatal(err)
	}
	for _, pair := range [][2]Checkpoint{{empty, cp1}, {empty, cp2}, {cp1, cp2}, {cp2, cp2}} {
		if err := c.Consistent(pair[0], pair[1]); err != nil {
			t.Errorf("Consistent(%d, %d): %v", pair[0].Size, pair[1].Size, err)
		}
	}
	if err := c.Consistent(cp2, cp1); err == nil {
		t.Error("Consistent accepted a shrinking log")
	}
	var seen int64
	err = c.Audit(cp2, func(n int64, e []byte) error {
		if n != seen || !bytes.Equal(e, testEntry(int(n))) {
			return fmt.Errorf("visit(%d, %q), want entry %d", n, e, seen)
		}
		seen++
		return nil
	})
	if err != nil || seen != 1000 {
		t.Errorf("Audit: %v after %d entries, want 1000", err, seen)
	}
	// Proofs against the older checkpoint still work once the tree has grown:
	// its partial tiles are still served.
	if _, err := c.Entry(cp1, 299); err != nil {
		t.Errorf("Entry(cp1, 299) after growth: %v", err)
	}
}

func TestClientDetectsTampering(t *testing.T) {
	signer, verifier, _ := testKey(t, testOrigin, 1)
	otherSigner, _, _ := testKey(t, testOrigin, 2)

	flip := func(at int) func([]byte) []byte {
		return func(b []byte) []byte { b[at] ^= 1; return b }
	}
	entry := func(n int64) func(*Client, Checkpoint) error {
		return func(c *Client, cp Checkpoint) error { _, err := c.Entry(cp, n); return err }
	}
	tests := []struct {
		name   string
		path   string // the resource the server falsifies
		mutate func([]byte) []byte
		check  func(*Client, Checkpoint) error
	}{
		{"level-0 tile", "tile/0/001", flip(5), entry(300)},
		{"partial level-0 tile", "tile/0/003.p/232", flip(40), entry(5)},
		{"level-1 tile", "tile/1/000.p/3", flip(70), entry(5)},
		{"entry in bundle", "tile/entries/000", flip(10), entry(0)},
		{"entry in audit", "tile/entries/002", flip(300), func(c *Client, cp Checkpoint) error {
			return c.Audit(cp, func(int64, []byte) error { return nil })
		}},
		{"truncated tile", "tile/0/000", func(b []byte) []byte { return b[:len(b)-1] }, entry(0)},
		{"bundle with an entry too many", "tile/entries/003.p/232", func(b []byte) []byte { return append(b, 0, 0) }, entry(800)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := &testServer{log: newMemLog(t, 1000)}
			srv.publish(t, signer, 1000)
			c := NewClient(srv.fetch, verifier)
			cp, err := c.Checkpoint()
			if err != nil {
				t.Fatal(err)
			}
			hit := false
			srv.tamper = func(path string, b []byte) []byte {
				if path != tt.path {
					return b
				}
				hit = true
				return tt.mutate(b)
			}
			if err := tt.check(c, cp); err == nil {
				t.Error("tampering went unnoticed")
			}
			if !hit {
				t.Errorf("the client never fetched %s", tt.path)
			}
		})
	}

	t.Run("checkpoint by another key", func(t *testing.T) {
		srv := &testServer{log: newMemLog(t, 10)}
		srv.publish(t, otherSigner, 10)
		if _, err := NewClient(srv.fetch, verifier).Checkpoint(); err == nil {
			t.Error("checkpoint signed by another key accepted")
		}
	})

	t.Run("forked history", func(t *testing.T) {
		honest := &testServer{log: newMemLog(t, 1000)}
		honest.publish(t, signer, 300)
		c := NewClient(honest.fetch, verifier)
		old, err := c.Checkpoint()
		if err != nil {
			t.Fatal(err)
		}
		// The same key signs a tree whose leaf 5 was rewritten afterwards.
		fork := &memLog{}
		for i := range 1000 {
			e := testEntry(i)
			if i == 5 {
				e = []byte(strings.Replace(string(e), "test", "TEST", 1))
			}
			if err := fork.append(e); err != nil {
				t.Fatal(err)
			}
		}
		forked := &testServer{log: fork}
		forked.publish(t, signer, 1000)
		fc := NewClient(forked.fetch, verifier)
		cp, err := fc.Checkpoint()
		if err != nil {
			t.Fatal(err)
		}
		if err := fc.Consistent(old, cp); err == nil {
			t.Error("a rewritten history passed the consistency check")
		}
	})
}
