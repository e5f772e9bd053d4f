package sqlstore_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/translog"
)

// TestCheckpointsAudited checks that every signed checkpoint stays verifiable:
// each is recorded in the tree it signs, and deleting, re-dating or replacing
// one — the latest included — makes verify fail.
func TestCheckpointsAudited(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		exec := func(q string, args ...any) {
			t.Helper()
			if _, err := s.DB().ExecContext(ctx, q, args...); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		first := checkpoint(t, s)
		mustOrg(t, s, goumai.Org{Name: "甲", Kind: goumai.KindSocialOrg, Region: "330106", Active: true})
		clock.Advance(time.Minute)
		latest := checkpoint(t, s)
		if size, _ := s.TreeSize(ctx); size != latest.Size || latest.Size != first.Size+2 {
			t.Fatalf("checkpoints at %d then %d, tree %d: want the org's event, then the checkpoint's own event, signed", first.Size, latest.Size, size)
		}
		if again := checkpoint(t, s); again.Size != latest.Size || again.Root != latest.Root {
			t.Fatalf("a checkpoint of an unchanged log signed again: %+v", again)
		}
		type row struct {
			size          int64
			note, created string
		}
		rows := []row{{size: first.Size}, {size: latest.Size}}
		for i := range rows {
			err := s.DB().QueryRowContext(ctx, `SELECT note, created_at FROM log_checkpoints WHERE size = $1`, rows[i].size).Scan(&rows[i].note, &rows[i].created)
			if err != nil {
				t.Fatal(err)
			}
		}
		firstNote := rows[0].note
		if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK() || rep.Checkpoints != 2 || rep.Unsigned != 0 {
			t.Fatalf("Verify = %+v, %v", rep, err)
		}
		for _, c := range []struct {
			name, do string
			args     []any
			want     string
		}{
			{"delete the latest", `DELETE FROM log_checkpoints WHERE size = $1`, []any{latest.Size}, "log_checkpoints " + itoa(latest.Size) + ": row is missing"},
			{"delete the first", `DELETE FROM log_checkpoints WHERE size = $1`, []any{first.Size}, "log_checkpoints " + itoa(first.Size) + ": row is missing"},
			{"re-date the latest", `UPDATE log_checkpoints SET created_at = '2020-01-01T00:00:00.000000Z' WHERE size = $1`, []any{latest.Size}, "created_at: logged"},
			{"replace the latest's note", `UPDATE log_checkpoints SET note = $1 WHERE size = $2`, []any{firstNote, latest.Size}, "checkpoint " + itoa(latest.Size) + ": signed root hash differs"},
			{"insert one", `INSERT INTO log_checkpoints (size, note, created_at) VALUES ($1, $2, $3)`, []any{first.Size - 1, firstNote, rows[0].created}, "log_checkpoints " + itoa(first.Size-1) + ": row has no event"},
		} {
			tx, err := s.DB().BeginTx(ctx, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := tx.ExecContext(ctx, c.do, c.args...); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			wantProblems(t, s, c.want)
			// Put everything back as it was.
			exec(`DELETE FROM log_checkpoints`)
			for _, r := range rows {
				exec(`INSERT INTO log_checkpoints (size, note, created_at) VALUES ($1, $2, $3)`, r.size, r.note, r.created)
			}
			if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK() {
				t.Fatalf("after undoing %s: %v %v", c.name, rep.Problems, err)
			}
		}
	})
}

// TestRollbackCaughtOnlyByOutsideCheckpoint restores the database to an earlier
// state consistently (the newest events and checkpoint and the row they made
// gone): verify passes, and only the checkpoint an auditor kept catches it.
func TestRollbackCaughtOnlyByOutsideCheckpoint(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		early := checkpoint(t, s)
		earlyNote, _, err := s.LatestCheckpoint(ctx)
		if err != nil {
			t.Fatal(err)
		}
		id := mustOrg(t, s, goumai.Org{Name: "乙", Kind: goumai.KindSocialOrg, Region: "330106", Active: true})
		kept, err := s.Checkpoint(ctx) // what a witness or an auditor keeps
		if err != nil {
			t.Fatal(err)
		}
		if cp, size, err := s.CheckCheckpoint(ctx, kept, s.VerifierKey()); err != nil || cp.Size != size {
			t.Fatalf("CheckCheckpoint(latest) = %+v, %d, %v", cp, size, err)
		}
		if _, _, err := s.CheckCheckpoint(ctx, earlyNote, ""); err != nil {
			t.Fatalf("CheckCheckpoint(earlier) = %v", err)
		}

		// Roll back to the early state.
		for _, q := range []string{
			`DELETE FROM orgs WHERE id = ` + itoa(id),
			`DELETE FROM search_docs WHERE log_index >= ` + itoa(early.Size), // the search index of the public organisation
			`DELETE FROM events WHERE id >= ` + itoa(early.Size),
			`DELETE FROM log_checkpoints WHERE size > ` + itoa(early.Size),
			`UPDATE log_head SET size = ` + itoa(early.Size),
		} {
			if _, err := s.DB().ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK() {
			t.Fatalf("a consistent rollback: Verify = %v, %v (expected to pass: only an outside checkpoint sees it)", rep.Problems, err)
		}
		_, _, err = s.CheckCheckpoint(ctx, kept, "")
		if err == nil || !strings.Contains(err.Error(), "restored to an earlier copy") {
			t.Errorf("CheckCheckpoint after rollback = %v, want the rollback named", err)
		}

		// A different history of the same length: another org in its place.
		mustOrg(t, s, goumai.Org{Name: "丙", Kind: goumai.KindSocialOrg, Region: "330106", Active: true})
		if _, err := s.Checkpoint(ctx); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.CheckCheckpoint(ctx, kept, "")
		if err == nil || !strings.Contains(err.Error(), "does not extend the checkpoint") {
			t.Errorf("CheckCheckpoint after a diverging history = %v", err)
		}

		// Not this log's checkpoint, or altered, or another key expected.
		tampered := strings.Replace(string(kept), "\n"+itoa(early.Size+2)+"\n", "\n"+itoa(early.Size+1)+"\n", 1)
		if _, _, err := s.CheckCheckpoint(ctx, []byte(tampered), ""); err == nil || !strings.Contains(err.Error(), "not signed by the database's log key") {
			t.Errorf("CheckCheckpoint(tampered) = %v", err)
		}
		_, other, err := translog.GenerateKey("goumai.test/log")
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.CheckCheckpoint(ctx, earlyNote, other); err == nil || !strings.Contains(err.Error(), "is not the key given") {
			t.Errorf("CheckCheckpoint with another key = %v", err)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func checkpoint(t *testing.T, s *sqlstore.Store) translog.Checkpoint {
	t.Helper()
	msg, err := s.Checkpoint(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	v, err := translog.NewVerifier(s.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	cp, err := translog.ParseCheckpoint(msg, v)
	if err != nil {
		t.Fatal(err)
	}
	return cp
}
