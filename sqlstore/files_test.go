package sqlstore_test

import (
	"context"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// TestFilesByContent: a file is stored once by its digest, and content changed
// behind goumai's back is never served.
func TestFilesByContent(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		content := []byte("%PDF-1.7\nevidence\n")
		var digests []string
		for i := 0; i < 2; i++ {
			err := s.Update(ctx, func(tx *sqlstore.Tx) error {
				d, created, err := tx.PutFile(ctx, "application/pdf", content)
				if err != nil {
					return err
				}
				if created != (i == 0) {
					t.Errorf("put %d: created %v", i, created)
				}
				digests = append(digests, d)
				if created {
					_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "file.store", Table: "files", Key: d, Region: "330106"})
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		if digests[0] != digests[1] || len(digests[0]) != 64 {
			t.Fatalf("digests %v", digests)
		}
		typ, got, err := s.FileContent(ctx, digests[0])
		if err != nil || typ != "application/pdf" || string(got) != string(content) {
			t.Fatalf("content %q %q %v", typ, got, err)
		}
		if _, err := s.DB().ExecContext(ctx, `UPDATE files SET content = $1 WHERE sha256 = $2`, []byte("%PDF-1.7\nforged\n"), digests[0]); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.FileContent(ctx, digests[0]); err == nil || goumai.ErrorCode(err) != goumai.EInternal {
			t.Fatalf("forged content served: %v", err)
		}
		rep, err := s.Verify(ctx, nil)
		if err != nil || rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), "files "+digests[0]) {
			t.Fatalf("verify after forging a file's content: %v %v", err, rep.Problems)
		}
		if _, _, err := s.FileContent(ctx, "00"); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Fatalf("missing file: %v", err)
		}
	})
}
