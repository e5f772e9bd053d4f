package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

// Contract milestones (migration 0036).

func init() {
	registerTable(table{name: "contract_milestones", key: "id", cols: []column{{"id", colInt}, {"contract_id", colInt}, {"no", colInt},
		{"title", colText}, {"deliverables", colText}, {"due_on", colText}, {"amount", colInt}, {"status", colText},
		{"submitted_at", colNullText}, {"accepted_at", colNullText}, {"version", colInt}, {"created_at", colText}, {"updated_at", colText}}})
}

var milestoneWhat = goumai.M("履约节点", "milestone")

const milestoneCols = `id, contract_id, no, title, deliverables, due_on, amount, status, submitted_at, accepted_at, version`

func scanMilestone(sc scanner) (goumai.Milestone, error) {
	var m goumai.Milestone
	var status string
	var submitted, accepted sql.NullString
	if err := sc.Scan(&m.ID, &m.ContractID, &m.No, &m.Title, &m.Deliverables, &m.DueOn, &m.Amount, &status, &submitted, &accepted, &m.Version); err != nil {
		return m, err
	}
	m.Status = goumai.MilestoneStatus(status)
	return m, scanTimes(nil, map[**time.Time]sql.NullString{&m.SubmittedAt: submitted, &m.AcceptedAt: accepted})
}

const milestonesSQL = `SELECT ` + milestoneCols + ` FROM contract_milestones WHERE contract_id = $1 ORDER BY contract_id, no`

var listMilestones = registerList("Milestones", func(s *Store) []listSample {
	return []listSample{sample(milestonesSQL, []any{7})}
})

// Milestones returns a contract's milestones by number, inside the transaction.
func (tx *Tx) Milestones(ctx context.Context, contractID int64) ([]goumai.Milestone, error) {
	return queryList(ctx, tx.tx, listMilestones, scanMilestone, milestonesSQL, contractID)
}

// Milestones returns a contract's milestones by number.
func (s *Store) Milestones(ctx context.Context, contractID int64) ([]goumai.Milestone, error) {
	return queryList(ctx, s.r, listMilestones, scanMilestone, milestonesSQL, contractID)
}

// Milestone returns one milestone, inside the transaction.
func (tx *Tx) Milestone(ctx context.Context, id int64) (goumai.Milestone, error) {
	m, err := scanMilestone(tx.queryRow(ctx, `SELECT `+milestoneCols+` FROM contract_milestones WHERE id = $1`, id))
	return m, interpretError(err, milestoneWhat)
}

// Milestone returns one milestone.
func (s *Store) Milestone(ctx context.Context, id int64) (goumai.Milestone, error) {
	m, err := scanMilestone(s.r.QueryRowContext(ctx, `SELECT `+milestoneCols+` FROM contract_milestones WHERE id = $1`, id))
	return m, interpretError(err, milestoneWhat)
}

// SetMilestones makes ms (numbered 1..n in order) a contract's milestones,
// each pending: a number already there is rewritten, a new one inserted, and
// those beyond n deleted. It returns the keys written and those deleted, for
// the caller to record.
func (tx *Tx) SetMilestones(ctx context.Context, contractID int64, ms []goumai.Milestone) (written, removed []int64, err error) {
	old, err := tx.Milestones(ctx, contractID)
	if err != nil {
		return nil, nil, err
	}
	now := formatTime(tx.now)
	for i, m := range ms {
		if i < len(old) {
			_, err = tx.writeRow(ctx, "contract_milestones", `UPDATE contract_milestones SET title = $1, deliverables = $2, due_on = $3,
				amount = $4, status = $5, submitted_at = NULL, accepted_at = NULL, version = version + 1, updated_at = $6 WHERE id = $7`,
				m.Title, m.Deliverables, m.DueOn, m.Amount, string(goumai.MilestonePending), now, old[i].ID)
			written = append(written, old[i].ID)
		} else {
			var key string
			key, err = tx.writeRow(ctx, "contract_milestones", `INSERT INTO contract_milestones (contract_id, no, title, deliverables, due_on,
				amount, status, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8)`,
				contractID, i+1, m.Title, m.Deliverables, m.DueOn, m.Amount, string(goumai.MilestonePending), now)
			if err == nil {
				var id int64
				id, err = strconv.ParseInt(key, 10, 64)
				written = append(written, id)
			}
		}
		if err != nil {
			return nil, nil, interpretError(err, milestoneWhat)
		}
	}
	for _, m := range old[min(len(ms), len(old)):] {
		if err := tx.deleteRow(ctx, "contract_milestones", m.ID); err != nil {
			return nil, nil, interpretError(err, milestoneWhat)
		}
		removed = append(removed, m.ID)
	}
	return written, removed, nil
}

// UpdateMilestone writes a milestone's state and its dates of submission and
// acceptance if its version is still m.Version (EStale otherwise), and
// increments the version. Its agreed fields are the contract's and change
// only with it (SetMilestones).
func (tx *Tx) UpdateMilestone(ctx context.Context, m goumai.Milestone) (int, error) {
	_, err := tx.writeRow(ctx, "contract_milestones", `UPDATE contract_milestones SET status = $1, submitted_at = $2, accepted_at = $3,
		version = version + 1, updated_at = $4 WHERE id = $5 AND version = $6`,
		string(m.Status), nullTime(m.SubmittedAt), nullTime(m.AcceptedAt), formatTime(tx.now), m.ID, m.Version)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return 0, goumai.Errorf(goumai.EStale, "履约节点已被他人修改，请刷新后重试", "the milestone changed meanwhile; reload and try again")
	}
	if err != nil {
		return 0, interpretError(err, milestoneWhat)
	}
	return m.Version + 1, nil
}
