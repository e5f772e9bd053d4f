package sqlstore

import (
	"context"
	"database/sql"
)

// RetryAttempts is how many times Update runs a transaction that keeps failing for contention.
var RetryAttempts = defaultRetry.attempts

// ListSample is one representative call of a list query (see lists.go).
type ListSample struct {
	Query, SQL string
	Args       []any
	Sort       string // why its rows may be sorted; "" when an index must give them in order
	Whole      string // why it reads a whole table on purpose
}

// ListSamples returns the samples of every list query.
func ListSamples(s *Store) []ListSample {
	var out []ListSample
	for _, l := range listQueries {
		for _, c := range l.samples(s) {
			out = append(out, ListSample{Query: l.name, SQL: c.sql, Args: c.args, Sort: c.sort, Whole: c.whole})
		}
	}
	return out
}

// ListQueryNames returns the names of the list queries.
func ListQueryNames() []string {
	var out []string
	for _, l := range listQueries {
		out = append(out, l.name)
	}
	return out
}

// testList runs the tests' own queries through queryList (not a list of the store: no plan check).
var testList = &listQuery{name: "test query"}

// GroupQueued is how many calls of UpdateGrouped wait in a group behind its
// running batch.
func GroupQueued(s *Store, group string) int {
	s.groups.mu.Lock()
	defer s.groups.mu.Unlock()
	if g := s.groups.m[group]; g != nil {
		return len(g.queue)
	}
	return 0
}

// SearchTSVector is the tsvector text the search index stores for tokens (PostgreSQL).
func SearchTSVector(tokens []string) string { return tsVector(tokens) }

// SetSearchCommonAt sets the number of matches from which search words are
// common (see commonAt), and returns what restores it.
func SetSearchCommonAt(n int) (restore func()) {
	old := commonAt
	commonAt = n
	return func() { commonAt = old }
}

// Writer is the store's writing connection pool, for tests that write rows
// behind the use cases' back (as a future write path would).
func Writer(s *Store) *sql.DB { return s.w }

// UpdateRedFlags is the release hook's red-flag update, for benchmarks.
func UpdateRedFlags(ctx context.Context, tx *Tx, ocids []string) error {
	return tx.updateRedFlags(ctx, ocids)
}

// TxSQL is the transaction's database/sql handle, for benchmarks that write
// rows the way a hook does.
func TxSQL(tx *Tx) interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
} {
	return tx.tx
}
