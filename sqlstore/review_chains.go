package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
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
	list, err := reviewChains(ctx, tx.tx, "id = $1", id)
	if err != nil {
		return goumai.ReviewChain{}, err
	}
	if len(list) == 0 {
		return goumai.ReviewChain{}, goumai.ErrNotFound("审核流程", "review chain")
	}
	return list[0], nil
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
	args := make([]any, len(regions))
	ph := make([]string, len(regions))
	for i, r := range regions {
		args[i], ph[i] = r, "$"+strconv.Itoa(i+1)
	}
	return reviewChains(ctx, q, "region IN ("+joinComma(ph)+")", args...)
}

func reviewChains(ctx context.Context, q querier, where string, args ...any) ([]goumai.ReviewChain, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, region, min_amount, steps FROM review_chains WHERE `+where+` ORDER BY region, min_amount`, args...)
	if err != nil {
		return nil, fmt.Errorf("review chains: %w", err)
	}
	defer rows.Close()
	var out []goumai.ReviewChain
	for rows.Next() {
		var c goumai.ReviewChain
		var steps string
		if err := rows.Scan(&c.ID, &c.Region, &c.MinAmount, &steps); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(steps), &c.Steps); err != nil {
			return nil, fmt.Errorf("review chain %d: stored steps: %w", c.ID, err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
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
	args := make([]any, 0, len(regions)+1)
	ph := make([]string, len(regions))
	for i, r := range regions {
		args = append(args, r)
		ph[i] = "$" + strconv.Itoa(i+1)
	}
	where := "region IN (" + joinComma(ph) + ")"
	if code != "" {
		args = append(args, code)
		where += " AND catalog_code = $" + strconv.Itoa(len(args))
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, region, catalog_code, max_unit_cost, unit, effective_from, effective_to, note
		FROM unit_cost_standards WHERE `+where+` ORDER BY region, catalog_code, effective_from`, args...)
	if err != nil {
		return nil, fmt.Errorf("unit-cost standards: %w", err)
	}
	defer rows.Close()
	var out []goumai.UnitCostStandard
	for rows.Next() {
		var u goumai.UnitCostStandard
		var from string
		var to sql.NullString
		if err := rows.Scan(&u.ID, &u.Region, &u.CatalogCode, &u.MaxUnitCost, &u.Unit, &from, &to, &u.Note); err != nil {
			return nil, err
		}
		if u.EffectiveFrom, err = parseTime(from); err != nil {
			return nil, err
		}
		if u.EffectiveTo, err = parseNullTime(to); err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}
