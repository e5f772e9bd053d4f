package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// On SQLite, where the database runs in-process, parsing SQL is the largest part
// of a small transaction's cost. The writer's statements are therefore prepared
// once on its single connection and reused by later transactions. A statement
// cannot be prepared on the writer while a transaction holds it, so a statement
// first seen inside a transaction runs unprepared and is prepared after the
// transaction ends. PostgreSQL's driver caches prepared statements by itself.

// stmtCache holds the writer's prepared statements by SQL text.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

const stmtCacheMax = 512

func (c *stmtCache) get(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[q]
}

// prepare prepares the queries not yet cached (SQLite only, outside any transaction).
func (s *Store) prepareLater(ctx context.Context, qs map[string]bool) {
	if s.dialect != SQLite || len(qs) == 0 {
		return
	}
	for q := range qs {
		s.stmts.mu.Lock()
		_, have := s.stmts.m[q]
		full := len(s.stmts.m) >= stmtCacheMax
		s.stmts.mu.Unlock()
		if have || full {
			continue
		}
		st, err := s.w.PrepareContext(context.WithoutCancel(ctx), q)
		if err != nil {
			continue // it will simply run unprepared
		}
		s.stmts.mu.Lock()
		if s.stmts.m == nil {
			s.stmts.m = map[string]*sql.Stmt{}
		}
		if _, raced := s.stmts.m[q]; raced {
			st.Close()
		} else {
			s.stmts.m[q] = st
		}
		s.stmts.mu.Unlock()
	}
}

func (s *Store) closeStmts() {
	for _, c := range []*stmtCache{&s.stmts, &s.readStmts} {
		c.mu.Lock()
		for _, st := range c.m {
			st.Close()
		}
		c.m = nil
		c.mu.Unlock()
	}
}

// The readers' statements (SQLite) are prepared once on the read pool too:
// a statement prepared on the pool is prepared again on each of its
// connections the first time it runs there (database/sql keeps it per
// connection), and reused after. A read snapshot (ReadSnapshot) may not
// prepare on the pool while it holds one of its connections — eight
// snapshots each waiting for a ninth connection would wait forever — so a
// statement first seen in a snapshot runs unprepared and is prepared once the
// snapshot has given its connection back.

// readPrepared is the read pool (q nil) or a read transaction on it (q) as a
// querier whose statements go through their prepared forms on SQLite.
type readPrepared struct {
	s          *Store
	t          *sql.Tx         // nil: the pool itself
	unprepared map[string]bool // seen in t, to prepare after it ends
}

func (r *readPrepared) stmt(ctx context.Context, q string) *sql.Stmt {
	if r.s.dialect != SQLite {
		return nil
	}
	if st := r.s.readStmts.get(q); st != nil {
		if r.t != nil {
			return r.t.StmtContext(ctx, st)
		}
		return st
	}
	if r.t == nil {
		r.s.prepareRead(ctx, q)
		return r.s.readStmts.get(q)
	}
	if r.unprepared == nil {
		r.unprepared = map[string]bool{}
	}
	r.unprepared[q] = true
	return nil
}

func (r *readPrepared) q() querier {
	if r.t != nil {
		return r.t
	}
	return r.s.r
}

func (r *readPrepared) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := r.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return r.q().QueryContext(ctx, q, args...)
}

func (r *readPrepared) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := r.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return r.q().QueryRowContext(ctx, q, args...)
}

func (r *readPrepared) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return r.q().ExecContext(ctx, q, args...) // readers do not write
}

// prepareRead prepares q on the read pool (SQLite, outside any read
// transaction of the caller's).
func (s *Store) prepareRead(ctx context.Context, q string) {
	s.readStmts.mu.Lock()
	_, have := s.readStmts.m[q]
	full := len(s.readStmts.m) >= stmtCacheMax
	s.readStmts.mu.Unlock()
	if have || full {
		return
	}
	st, err := s.r.PrepareContext(context.WithoutCancel(ctx), q)
	if err != nil {
		return // it will simply run unprepared
	}
	s.readStmts.mu.Lock()
	defer s.readStmts.mu.Unlock()
	if s.readStmts.m == nil {
		s.readStmts.m = map[string]*sql.Stmt{}
	}
	if _, raced := s.readStmts.m[q]; raced {
		st.Close()
	} else {
		s.readStmts.m[q] = st
	}
}

// exec runs a statement in the transaction, through its prepared form if any.
func (tx *Tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	if st := tx.stmt(ctx, q); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.tx.ExecContext(ctx, q, args...)
}

// queryRow runs a one-row query in the transaction, through its prepared form if any.
func (tx *Tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if st := tx.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return tx.tx.QueryRowContext(ctx, q, args...)
}

func (tx *Tx) stmt(ctx context.Context, q string) *sql.Stmt {
	if tx.s.dialect != SQLite {
		return nil
	}
	if st := tx.s.stmts.get(q); st != nil {
		return tx.tx.StmtContext(ctx, st)
	}
	if tx.unprepared == nil {
		tx.unprepared = map[string]bool{}
	}
	tx.unprepared[q] = true
	return nil
}

// preparedTx is the transaction as a querier whose statements go through the
// writer's prepared forms (SQLite; see stmt), for the readers a hot use case
// runs in every transaction — the sealed bid's submission reads some ten.
type preparedTx struct{ tx *Tx }

// prepared returns the transaction as a querier of prepared statements.
func (tx *Tx) prepared() querier { return preparedTx{tx} }

func (p preparedTx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := p.tx.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.tx.tx.QueryContext(ctx, q, args...)
}

func (p preparedTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return p.tx.queryRow(ctx, q, args...)
}

func (p preparedTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return p.tx.exec(ctx, q, args...)
}
