package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/mod/sumdb/tlog"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/translog"
)

// Every checkpoint the log signs stays verifiable, the latest included:
// witnesses cosign checkpoints, so one deleted or altered must not go unseen.
// A checkpoint is therefore an audited object recorded in the log, inside the
// very tree it signs: signing when the log has N leaves appends the event
// "log.checkpoint" (state: size N+1 and created_at) as leaf N, then signs the
// tree of N+1 leaves. `log verify` finds a checkpoint row deleted, inserted or
// changed as it finds any other row (its event disagrees), and checks every
// note's signature and root against the rebuilt tree. Deleting the latest
// checkpoint together with its event truncates the log, which is rolling the
// database back: only a checkpoint kept outside the database reveals that
// (CheckCheckpoint).

// Checkpoint returns the latest signed checkpoint when it covers the whole log;
// otherwise it records a new checkpoint as the log's next event and signs the
// tree that ends with it.
func (s *Store) Checkpoint(ctx context.Context) ([]byte, error) {
	var out []byte
	err := s.Update(ctx, func(tx *Tx) error {
		size, err := tx.readHead(ctx)
		if err != nil {
			return err
		}
		var last string
		err = tx.tx.QueryRowContext(ctx, `SELECT note FROM log_checkpoints WHERE size = $1`, size).Scan(&last)
		if err == nil {
			out = []byte(last)
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		next := size + 1
		if _, err := tx.writeRow(ctx, "log_checkpoints", `INSERT INTO log_checkpoints (size, note, created_at) VALUES ($1, '', $2)`,
			next, formatTime(tx.now)); err != nil {
			return fmt.Errorf("store checkpoint: %w", err)
		}
		if _, err := tx.Record(ctx, Change{Actor: goumai.System, Action: "log.checkpoint", Table: "log_checkpoints", Key: next,
			Region: goumai.NationalCode, Public: true}); err != nil {
			return err
		}
		if err := tx.flush(ctx); err != nil {
			return err
		}
		if tx.headAfter != next { // the head is locked: nothing else can append
			return fmt.Errorf("sign checkpoint: the log grew from %d to %d, not by its own event", size, tx.headAfter)
		}
		root, err := tlog.TreeHash(next, txHashReader{ctx: ctx, tx: tx, pending: tx.written})
		if err != nil {
			return fmt.Errorf("tree hash: %w", err)
		}
		msg, err := translog.SignCheckpoint(s.log.origin, next, root, s.log.signer)
		if err != nil {
			return fmt.Errorf("sign checkpoint: %w", err)
		}
		if _, err := tx.tx.ExecContext(ctx, `UPDATE log_checkpoints SET note = $1 WHERE size = $2`, string(msg), next); err != nil {
			return fmt.Errorf("store checkpoint: %w", err)
		}
		out = msg
		return nil
	})
	return out, err
}

// recordOldCheckpoints records, once, the checkpoints signed before the log
// recorded them (databases created before migration 0005), so that they are
// audited like the later ones.
func (s *Store) recordOldCheckpoints(ctx context.Context) error {
	if done, err := checkpointsRecorded(ctx, s.r); done || err != nil {
		return err
	}
	return s.Update(ctx, func(tx *Tx) error {
		if done, err := checkpointsRecorded(ctx, tx.tx); done || err != nil {
			return err
		}
		sizes, err := queryList(ctx, tx.tx, listCheckpointSizes, scanInt64, checkpointSizesSQL)
		if err != nil {
			return fmt.Errorf("record old checkpoints: %w", err)
		}
		for _, size := range sizes {
			if _, err := tx.Record(ctx, Change{Actor: goumai.System, Action: "log.checkpoint_record", Table: "log_checkpoints", Key: size,
				Region: goumai.NationalCode, Public: true}); err != nil {
				return err
			}
		}
		return nil
	})
}

const checkpointSizesSQL = `SELECT size FROM log_checkpoints ORDER BY size`

var listCheckpointSizes = registerList("recordOldCheckpoints", func(s *Store) []listSample {
	return []listSample{sample(checkpointSizesSQL, nil).wholeTable("every checkpoint, once, in a database created before migration 0005")}
})

// checkpointsRecorded reports whether the log records checkpoints already.
func checkpointsRecorded(ctx context.Context, q querier) (bool, error) {
	var one int
	err := q.QueryRowContext(ctx, `SELECT 1 FROM events WHERE object_type = 'log_checkpoints' LIMIT 1`).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("record old checkpoints: %w", err)
	}
	return true, nil
}

func scanInt64(sc scanner) (int64, error) {
	var n int64
	err := sc.Scan(&n)
	return n, err
}

// verifyCheckpoints checks every stored checkpoint against the rebuilt tree:
// signed by the log's key for its origin, its size within the log and its root
// the tree's root at that size, and its time no earlier than a smaller one's.
// That no checkpoint was deleted, inserted or re-dated is checked with the
// other audited rows. It returns the number of checkpoints and the largest size.
func verifyCheckpoints(ctx context.Context, q querier, origin, vkey string, hashes tlog.HashReader, events int64,
	problem func(string, ...any)) (n int, lastSigned int64, err error) {
	verifier, err := translog.NewVerifier(vkey)
	if err != nil {
		problem("log_key: verifier key is malformed: %v", err)
		return 0, 0, nil
	}
	rows, err := q.QueryContext(ctx, `SELECT size, note, created_at FROM log_checkpoints ORDER BY size`)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	var lastAt string
	for rows.Next() {
		var size int64
		var msg, at string
		if err := rows.Scan(&size, &msg, &at); err != nil {
			return n, lastSigned, err
		}
		n++
		if at < lastAt {
			problem("checkpoint %d: created at %s, before a checkpoint of a smaller tree (%s)", size, at, lastAt)
		}
		lastAt = at
		cp, err := translog.ParseCheckpoint([]byte(msg), verifier)
		if err != nil {
			problem("checkpoint %d: signature does not verify: %v", size, err)
			continue
		}
		if size > events {
			problem("checkpoint %d: the log has only %d events (events were deleted)", size, events)
			continue
		}
		root, err := tlog.TreeHash(size, hashes)
		if err != nil {
			return n, lastSigned, err
		}
		if cp.Origin != origin || cp.Size != size || cp.Root != root {
			problem("checkpoint %d: signed root hash differs from the rebuilt tree (history was rewritten)", size)
		}
		lastSigned = size
	}
	return n, lastSigned, rows.Err()
}

// CheckCheckpoint checks the database's log against a signed checkpoint kept
// outside the database, by an auditor or a witness (a C2SP tlog-checkpoint
// note, as served at /log/checkpoint). The note must be signed by the
// database's log key, which must be vkey when vkey is not empty (the key the
// auditor holds); and a consistency proof must show that the database's tree
// extends the checkpoint's. A database restored to an earlier copy is
// consistent with itself and passes Verify: this check is what catches it. It
// returns the checkpoint and the database's tree size; its errors say what is
// wrong.
func (s *Store) CheckCheckpoint(ctx context.Context, msg []byte, vkey string) (translog.Checkpoint, int64, error) {
	var dbKey string
	if err := s.r.QueryRowContext(ctx, `SELECT vkey FROM log_key WHERE id = 1`).Scan(&dbKey); err != nil {
		return translog.Checkpoint{}, 0, fmt.Errorf("read log key: %w", err)
	}
	if vkey = strings.TrimSpace(vkey); vkey != "" && vkey != dbKey {
		return translog.Checkpoint{}, 0, fmt.Errorf("the database's log key %s is not the key given (%s): it is another log, or its key was replaced", dbKey, vkey)
	}
	verifier, err := translog.NewVerifier(dbKey)
	if err != nil {
		return translog.Checkpoint{}, 0, fmt.Errorf("log key: %w", err)
	}
	cp, err := translog.ParseCheckpoint(msg, verifier)
	if err != nil {
		return cp, 0, fmt.Errorf("the checkpoint is not signed by the database's log key (a checkpoint of another log, or altered): %w", err)
	}
	size, err := s.TreeSize(ctx)
	if err != nil {
		return cp, 0, fmt.Errorf("read log head: %w", err)
	}
	if cp.Size > size {
		return cp, size, fmt.Errorf("the checkpoint signs %d events but the database's log has only %d: the database was restored to an earlier copy, or its newest events were deleted",
			cp.Size, size)
	}
	proof, err := translog.ConsistencyProof(ctx, s, cp.Size, size)
	if err != nil {
		return cp, size, err
	}
	root, err := tlog.TreeHash(size, s.HashReader(ctx))
	if err != nil {
		return cp, size, fmt.Errorf("tree hash: %w", err)
	}
	if err := translog.CheckConsistency(proof, cp.Size, cp.Root, size, root); err != nil {
		return cp, size, fmt.Errorf("the database's log of %d events does not extend the checkpoint of %d events (%w): its history was rewritten, or it was restored from a copy that diverged",
			size, cp.Size, err)
	}
	return cp, size, nil
}
