package sqlstore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/goumai/goumai"
)

// Every query of the store that returns rows of a table — every list — is a
// listQuery, run by queryList: a name, and the representative calls it is made
// with. TestListPlans runs EXPLAIN on each sample on both databases and fails
// when a plan reads a whole table or walks a whole index, or sorts its rows
// where the sample does not say why it may; a test also fails when rows are
// queried without queryList. So a new list comes with its samples, and a
// missing index fails the build.
//
// A sample may sort only rows bounded by a narrow filter — one organisation's,
// one user's, one project's, line's or catalogue's — or the rows of several
// regions or states (the index gives each one's rows in order; their union
// needs a merge). A list whose filter can be broad — a region, a state, a year,
// everything public — is read in order from an index that leads with what it
// filters on and ends with the keyset column.

// listQuery is one list query of the store.
type listQuery struct {
	name    string
	samples func(s *Store) []listSample
}

// listSample is one representative call of a list query: its SQL and
// arguments, built by the same function the list method uses.
type listSample struct {
	sql   string
	args  []any
	sort  string // why the rows may be sorted; "" when an index must give them in order
	whole string // why the whole table is read, on purpose; "" for a list
}

// sample is a call of a list query whose rows an index must give in order.
func sample(sql string, args []any) listSample { return listSample{sql: sql, args: args} }

// sorted says why the sample's rows may be sorted.
func (l listSample) sorted(why string) listSample { l.sort = why; return l }

// wholeTable says why the sample reads a whole table on purpose (not a list
// a user pages through: a one-off upgrade, for instance).
func (l listSample) wholeTable(why string) listSample { l.whole = why; return l }

var listQueries []*listQuery

// registerList adds a list query with its samples.
func registerList(name string, samples func(s *Store) []listSample) *listQuery {
	l := &listQuery{name: name, samples: samples}
	listQueries = append(listQueries, l)
	return l
}

// queryList runs a list query and scans every row with scan.
func queryList[T any](ctx context.Context, q querier, l *listQuery, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	var out []T
	err := eachList(ctx, q, l, func(r scanner) error {
		v, err := scan(r)
		out = append(out, v)
		return err
	}, query, args...)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachList runs a list query and hands every row to fn as it is read, for
// lists too long to hold (the bulk files): memory stays flat.
func eachList(ctx context.Context, q querier, l *listQuery, fn func(scanner) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%s: %w", l.name, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return fmt.Errorf("%s: %w", l.name, err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%s: %w", l.name, err)
	}
	return nil
}

// where collects a list query's conditions and their arguments.
type where struct {
	conds []string
	args  []any
}

// add appends a condition with one argument, its placeholder written %d.
func (w *where) add(cond string, v any) {
	w.args = append(w.args, v)
	w.conds = append(w.conds, fmt.Sprintf(cond, len(w.args)))
}

// in appends "col IN (…)" over vals.
func (w *where) in(col string, vals ...any) {
	ph := make([]string, len(vals))
	for i, v := range vals {
		w.args = append(w.args, v)
		ph[i] = "$" + strconv.Itoa(len(w.args))
	}
	w.conds = append(w.conds, col+" IN ("+joinComma(ph)+")")
}

// region appends "col lies in root's subtree" (nothing for the national root).
func (w *where) region(s *Store, col, root string) {
	if root == "" || root == goumai.NationalCode {
		return
	}
	codes := s.subtreeCodes(root)
	vals := make([]any, len(codes))
	for i, c := range codes {
		vals[i] = c
	}
	w.in(col, vals...)
}

// contains appends "one of cols contains q" (LIKE with q's wildcards escaped).
func (w *where) contains(q string, cols ...string) {
	var cond string
	cond, w.args = containsAny(w.args, q, cols...)
	w.conds = append(w.conds, cond)
}

// sql is the WHERE clause's conditions ("1=1" for none).
func (w *where) sql() string {
	if len(w.conds) == 0 {
		return "1=1"
	}
	return joinAnd(w.conds)
}

// limit appends the page size n (def if n is out of 1..most) and returns its placeholder.
func (w *where) limit(n, def, most int) string {
	if n <= 0 || n > most {
		n = def
	}
	w.args = append(w.args, n)
	return "$" + strconv.Itoa(len(w.args))
}
