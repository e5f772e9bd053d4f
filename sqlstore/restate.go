package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/goumai/goumai"
)

// restated lists, by migration version, the audited tables whose existing rows
// the migration changes (columns added with their defaults). The migration
// runs in a log transaction that also records every such row's new state as a
// schema.upgrade event, with the region and visibility of the row's latest
// event: the log keeps naming each object's current state, and log verify
// keeps comparing rows with it.
var restated = map[int][]string{
	8:  {"projects", "project_reviews"}, // 0008_negative_answers: negative_answers, negative_list_confirmed
	9:  {"budget_transfers"},            // 0009_separation: status, requested_by, decided_by, decided_at, opinion
	25: {"panel_draws"},                 // 0025_draw_reps: purchaser_reps
	28: {"opened_bids"},                 // 0028_sme_partner_share: sme_partner_share_pct
	29: {"orgs"},
	33: {"lot_awards"}, // 0033_award_opinion: opinion                        // 0029_org_contact: address, phone
	34: {"contracts"},  // 0034_contract_changes: amended_amount
}

// restate records the current state of every row of table (see restated).
func (tx *Tx) restate(ctx context.Context, table string) error {
	t, ok := tableByName(table)
	if !ok {
		return fmt.Errorf("restate %s: table is not audited", table)
	}
	intKey := false
	for _, c := range t.cols {
		intKey = intKey || c.name == t.key && c.kind == colInt
	}
	keys, err := queryList(ctx, tx.tx, listRestate, func(sc scanner) (any, error) {
		if intKey {
			var k int64
			return k, sc.Scan(&k)
		}
		var k string
		return k, sc.Scan(&k)
	}, restateSQL(t))
	if err != nil {
		return fmt.Errorf("restate %s: %w", table, err)
	}
	for _, k := range keys {
		var region string
		var public bool
		err := tx.tx.QueryRowContext(ctx, `SELECT region, public FROM events WHERE object_type = $1 AND object_id = $2 ORDER BY id DESC LIMIT 1`,
			t.name, fmt.Sprint(k)).Scan(&region, &public)
		if err == sql.ErrNoRows {
			region = goumai.NationalCode // a row the log never named: verify reports it either way
		} else if err != nil {
			return fmt.Errorf("restate %s %s: %w", table, k, err)
		}
		if _, err := tx.Record(ctx, Change{Actor: goumai.System, Action: "schema.upgrade", Table: t.name, Key: k, Region: region, Public: public}); err != nil {
			return err
		}
	}
	return nil
}

// restateSQL selects every key of a table, in order.
func restateSQL(t table) string { return `SELECT ` + t.key + ` FROM ` + t.name + ` ORDER BY ` + t.key }

var listRestate = registerList("restate", func(s *Store) []listSample {
	var out []listSample
	for _, tables := range restated {
		for _, name := range tables {
			t, _ := tableByName(name)
			out = append(out, sample(restateSQL(t), nil).wholeTable("every row of a table a migration changes, once"))
		}
	}
	return out
})

// applyRestating applies a migration that changes existing rows of audited
// tables, recording their new states in the same transaction (see restated).
func (s *Store) applyRestating(ctx context.Context, m migration, tables []string) (done bool, err error) {
	err = s.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil || n > 0 {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
			m.version, m.name, formatTime(s.clock.Now())); err != nil {
			return fmt.Errorf("record migration %s: %w", m.name, err)
		}
		for _, table := range tables {
			if err := tx.restate(ctx, table); err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
		}
		done = true
		return nil
	})
	return done, err
}
