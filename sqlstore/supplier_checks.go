package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/goumai/goumai"
)

// Supplier checks: every check of ENG-A2–A5 with what it read and found.

func init() {
	registerTable(table{name: "supplier_checks", key: "id", cols: []column{{"id", colInt}, {"org_id", colInt}, {"ref", colText},
		{"at", colText}, {"checked_at", colText}, {"checked_by", colNullInt}, {"result", colText}, {"rule", colText},
		{"lists", colJSON}, {"evidence", colJSON}, {"hits", colJSON}, {"warnings", colJSON}}})
}

var checkWhat = goumai.M("供应商资格核查记录", "supplier check")

const checkCols = `id, org_id, ref, at, checked_at, result, rule, lists, evidence, hits, warnings`

func scanCheck(sc scanner) (goumai.SupplierCheck, error) {
	var c goumai.SupplierCheck
	var at, checked, result, lists, ev, hits, warns string
	if err := sc.Scan(&c.ID, &c.OrgID, &c.Ref, &at, &checked, &result, &c.Rule, &lists, &ev, &hits, &warns); err != nil {
		return c, err
	}
	c.Result = goumai.CheckResult(result)
	var err error
	if c.At, err = parseTime(at); err != nil {
		return c, err
	}
	if c.CheckedAt, err = parseTime(checked); err != nil {
		return c, err
	}
	for _, x := range []struct {
		s string
		v any
	}{{lists, &c.Lists}, {ev, &c.Evidence}, {hits, &c.Hits}, {warns, &c.Warnings}} {
		if err := json.Unmarshal([]byte(x.s), x.v); err != nil {
			return c, fmt.Errorf("check %d: %w", c.ID, err)
		}
	}
	return c, nil
}

// InsertSupplierCheck writes a check and returns its id. The caller records it.
func (tx *Tx) InsertSupplierCheck(ctx context.Context, a goumai.Actor, c goumai.SupplierCheck) (int64, error) {
	var vals [4]string
	for i, v := range []any{orEmpty(c.Lists), orEmpty(c.Evidence), orEmpty(c.Hits), orEmpty(c.Warnings)} {
		b, err := canonicalJSON(v)
		if err != nil {
			return 0, err
		}
		vals[i] = string(b)
	}
	key, err := tx.writeRow(ctx, "supplier_checks", `INSERT INTO supplier_checks (org_id, ref, at, checked_at, checked_by, result, rule,
		lists, evidence, hits, warnings) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		c.OrgID, c.Ref, formatTime(c.At), formatTime(tx.now), nullInt(a.UserID), string(c.Result), c.Rule, vals[0], vals[1], vals[2], vals[3])
	if err != nil {
		return 0, interpretError(err, checkWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// orEmpty turns a nil slice into an empty one, so that JSON columns hold [] rather than null.
func orEmpty[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// SupplierCheck returns one check.
func (s *Store) SupplierCheck(ctx context.Context, id int64) (goumai.SupplierCheck, error) {
	c, err := scanCheck(s.r.QueryRowContext(ctx, `SELECT `+checkCols+` FROM supplier_checks WHERE id = $1`, id))
	return c, interpretError(err, checkWhat)
}

// CheckFilter selects checks, newest first, keyset-paged by id.
type CheckFilter struct {
	OrgID    int64
	Ref      string // the checks made for one purpose (a procurement's lot)
	Result   goumai.CheckResult
	BeforeID int64
	Limit    int
}

// FindSupplierChecks lists checks, newest first. Without an organisation,
// a purpose or a result it merges the refused and the passed checks (each
// read from its own index).
func (s *Store) FindSupplierChecks(ctx context.Context, f CheckFilter) ([]goumai.SupplierCheck, error) {
	return findSupplierChecks(ctx, s.r, f)
}

// FindSupplierChecks is Store.FindSupplierChecks inside the transaction.
func (tx *Tx) FindSupplierChecks(ctx context.Context, f CheckFilter) ([]goumai.SupplierCheck, error) {
	return findSupplierChecks(ctx, tx.tx, f)
}

func findSupplierChecks(ctx context.Context, q querier, f CheckFilter) ([]goumai.SupplierCheck, error) {
	if f.OrgID == 0 && f.Ref == "" && f.Result == "" {
		return mergeNewest([]goumai.CheckResult{goumai.CheckRefused, goumai.CheckPassed}, f.Limit, func(r goumai.CheckResult) ([]goumai.SupplierCheck, error) {
			g := f
			g.Result = r
			return findSupplierChecks(ctx, q, g)
		}, func(c goumai.SupplierCheck) int64 { return c.ID })
	}
	query, args := checksSQL(f)
	return queryList(ctx, q, listChecks, scanCheck, query, args...)
}

func checksSQL(f CheckFilter) (string, []any) {
	var w where
	if f.OrgID > 0 {
		w.add("org_id = $%d", f.OrgID)
	}
	if f.Ref != "" {
		w.add("ref = $%d", f.Ref)
	}
	if f.Result != "" {
		w.add("result = $%d", string(f.Result))
	}
	if f.BeforeID > 0 {
		w.add("id < $%d", f.BeforeID)
	}
	limit := w.limit(f.Limit, 100, 500)
	return `SELECT ` + checkCols + ` FROM supplier_checks WHERE ` + w.sql() + ` ORDER BY id DESC LIMIT ` + limit, w.args
}

var listChecks = registerList("FindSupplierChecks", func(s *Store) []listSample {
	return []listSample{
		sample(checksSQL(CheckFilter{Result: goumai.CheckPassed, Limit: 100})),
		sample(checksSQL(CheckFilter{OrgID: 7, Limit: 100})),
		sample(checksSQL(CheckFilter{OrgID: 7, BeforeID: 900, Limit: 100})),
		sample(checksSQL(CheckFilter{Ref: "procurement 12 lot 1", Limit: 100})),
		sample(checksSQL(CheckFilter{Result: goumai.CheckRefused, BeforeID: 900, Limit: 100})),
		sample(checksSQL(CheckFilter{OrgID: 7, Result: goumai.CheckRefused, Limit: 100})).sorted("one organisation's checks"),
	}
})
