package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/goumai/goumai"
)

// The review configuration's audited tables (migration 0004).
func init() {
	registerTable(table{name: "review_chains", key: "id", cols: []column{{"id", colInt}, {"region", colText}, {"min_amount", colInt},
		{"steps", colJSON}, {"updated_at", colText}}})
	registerTable(table{name: "unit_cost_standards", key: "id", cols: []column{{"id", colInt}, {"region", colText},
		{"catalog_code", colText}, {"max_unit_cost", colInt}, {"unit", colText}, {"effective_from", colText},
		{"effective_to", colNullText}, {"note", colText}}})
}

var chainWhat = goumai.M("审核流程", "review chain")

// PutReviewChain creates the chain of a region and minimum amount, or replaces
// its steps if one exists, and returns its id.
func (tx *Tx) PutReviewChain(ctx context.Context, c goumai.ReviewChain) (int64, error) {
	steps, err := jsonText(c.Steps)
	if err != nil {
		return 0, err
	}
	key, err := tx.writeRow(ctx, "review_chains", `INSERT INTO review_chains (region, min_amount, steps, updated_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (region, min_amount) DO UPDATE SET steps = excluded.steps, updated_at = excluded.updated_at`,
		c.Region, c.MinAmount, steps, formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, chainWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// DeleteReviewChain removes a configured chain.
func (tx *Tx) DeleteReviewChain(ctx context.Context, id int64) error {
	err := tx.deleteRow(ctx, "review_chains", id)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.ErrNotFound("审核流程", "review chain")
	}
	return err
}

// ReviewChain returns one configured chain.
func (tx *Tx) ReviewChain(ctx context.Context, id int64) (goumai.ReviewChain, error) {
	c, err := scanChain(tx.tx.QueryRowContext(ctx, `SELECT `+chainCols+` FROM review_chains WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, goumai.ErrNotFound("审核流程", "review chain")
	}
	return c, err
}

const chainCols = `id, region, min_amount, steps`

func scanChain(sc scanner) (goumai.ReviewChain, error) {
	var c goumai.ReviewChain
	var steps string
	if err := sc.Scan(&c.ID, &c.Region, &c.MinAmount, &steps); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(steps), &c.Steps); err != nil {
		return c, fmt.Errorf("review chain %d: stored steps: %w", c.ID, err)
	}
	return c, nil
}

// ReviewChains returns the chains configured for the given regions (e.g. a
// region's path from the national level down), by region and amount.
func (s *Store) ReviewChains(ctx context.Context, regions []string) ([]goumai.ReviewChain, error) {
	return chainsIn(ctx, s.r, regions)
}

// ReviewChains returns the chains configured for the given regions, inside the transaction.
func (tx *Tx) ReviewChains(ctx context.Context, regions []string) ([]goumai.ReviewChain, error) {
	return chainsIn(ctx, tx.tx, regions)
}

func chainsIn(ctx context.Context, q querier, regions []string) ([]goumai.ReviewChain, error) {
	if len(regions) == 0 {
		return nil, nil
	}
	query, args := chainsSQL(regions)
	return queryList(ctx, q, listChains, scanChain, query, args...)
}

// chainsSQL selects the chains of the given regions.
func chainsSQL(regions []string) (string, []any) {
	var w where
	w.in("region", anys(regions)...)
	return `SELECT ` + chainCols + ` FROM review_chains WHERE ` + w.sql() + ` ORDER BY region, min_amount`, w.args
}

var listChains = registerList("ReviewChains", func(s *Store) []listSample {
	return []listSample{sample(chainsSQL([]string{"100000", "330000", "330100", "330106"})).sorted("the chains of a region's path (a few each)")}
})

// anys converts strings to arguments.
func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// InsertUnitCostStandard adds a unit-cost ceiling and returns its id.
func (tx *Tx) InsertUnitCostStandard(ctx context.Context, u goumai.UnitCostStandard) (int64, error) {
	key, err := tx.writeRow(ctx, "unit_cost_standards", `INSERT INTO unit_cost_standards (region, catalog_code, max_unit_cost, unit, effective_from, effective_to, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		u.Region, u.CatalogCode, u.MaxUnitCost, u.Unit, formatTime(u.EffectiveFrom), nullTime(u.EffectiveTo), u.Note)
	if err != nil {
		return 0, interpretError(err, goumai.M("单位成本标准", "unit-cost standard"))
	}
	return strconv.ParseInt(key, 10, 64)
}

// UnitCostStandards returns the standards of the given regions (all catalogue
// items when code is ""), by region, item and start.
func (s *Store) UnitCostStandards(ctx context.Context, regions []string, code string) ([]goumai.UnitCostStandard, error) {
	if len(regions) == 0 {
		return nil, nil
	}
	query, args := unitCostStandardsSQL(regions, code)
	return queryList(ctx, s.r, listUnitCostStandards, func(sc scanner) (goumai.UnitCostStandard, error) {
		var u goumai.UnitCostStandard
		var from string
		var to sql.NullString
		if err := sc.Scan(&u.ID, &u.Region, &u.CatalogCode, &u.MaxUnitCost, &u.Unit, &from, &to, &u.Note); err != nil {
			return u, err
		}
		var err error
		if u.EffectiveFrom, err = parseTime(from); err != nil {
			return u, err
		}
		u.EffectiveTo, err = parseNullTime(to)
		return u, err
	}, query, args...)
}

// unitCostStandardsSQL selects the standards of the given regions, of one item if code is set.
func unitCostStandardsSQL(regions []string, code string) (string, []any) {
	var w where
	w.in("region", anys(regions)...)
	if code != "" {
		w.add("catalog_code = $%d", code)
	}
	return `SELECT id, region, catalog_code, max_unit_cost, unit, effective_from, effective_to, note
		FROM unit_cost_standards WHERE ` + w.sql() + ` ORDER BY region, catalog_code, effective_from`, w.args
}

var listUnitCostStandards = registerList("UnitCostStandards", func(s *Store) []listSample {
	path := []string{"100000", "330000", "330100", "330106"}
	return []listSample{
		sample(unitCostStandardsSQL(path, "A0101")).sorted("the standards of one item on a region's path"),
		sample(unitCostStandardsSQL(path, "")).sorted("the standards of a region's path"),
	}
})
