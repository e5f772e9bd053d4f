package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/goumai/goumai"
)

// UnitCostStandard returns one unit-cost standard, inside the transaction.
func (tx *Tx) UnitCostStandard(ctx context.Context, id int64) (goumai.UnitCostStandard, error) {
	var u goumai.UnitCostStandard
	var from string
	var to sql.NullString
	err := tx.tx.QueryRowContext(ctx, `SELECT id, region, catalog_code, max_unit_cost, unit, effective_from, effective_to, note
		FROM unit_cost_standards WHERE id = $1`, id).Scan(&u.ID, &u.Region, &u.CatalogCode, &u.MaxUnitCost, &u.Unit, &from, &to, &u.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return u, goumai.ErrNotFound("单位成本标准", "unit-cost standard")
	}
	if err != nil {
		return u, fmt.Errorf("unit-cost standard %d: %w", id, err)
	}
	if u.EffectiveFrom, err = parseTime(from); err != nil {
		return u, err
	}
	if u.EffectiveTo, err = parseNullTime(to); err != nil {
		return u, err
	}
	return u, nil
}

// EndUnitCostStandard sets the date a standard stops applying (exclusive); the
// rest of the row never changes, so what was in force stays on record.
func (tx *Tx) EndUnitCostStandard(ctx context.Context, id int64, to time.Time) error {
	_, err := tx.writeRow(ctx, "unit_cost_standards", `UPDATE unit_cost_standards SET effective_to = $1 WHERE id = $2`, formatTime(to), id)
	if err != nil {
		if goumai.ErrorCode(err) == goumai.ENotFound {
			return goumai.ErrNotFound("单位成本标准", "unit-cost standard")
		}
		return interpretError(err, goumai.M("单位成本标准", "unit-cost standard"))
	}
	return nil
}
