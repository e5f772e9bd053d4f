package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/goumai/goumai"
)

// Work plans (migration 0071, issue 13 item 3).

func init() {
	registerTable(table{name: "work_plans", key: "id", cols: []column{{"id", colInt}, {"region", colText}, {"org_id", colInt}, {"title", colText},
		{"body", colText}, {"start_month", colText}, {"milestones", colJSON}, {"status", colText}, {"published_at", colNullText},
		{"version", colInt}, {"created_by", colNullInt}, {"created_at", colText}, {"updated_at", colText}}})
}

var workPlanWhat = goumai.M("工作计划和实施方案", "work plan")

const workPlanCols = `id, region, org_id, title, body, start_month, milestones, status, published_at, version, created_by, created_at, updated_at`

func scanWorkPlan(sc scanner) (goumai.WorkPlan, error) {
	var p goumai.WorkPlan
	var ms, status, created, updated string
	var published sql.NullString
	var by sql.NullInt64
	if err := sc.Scan(&p.ID, &p.Region, &p.OrgID, &p.Title, &p.Body, &p.Start, &ms, &status, &published, &p.Version, &by, &created, &updated); err != nil {
		return p, err
	}
	p.Status, p.CreatedBy = goumai.WorkPlanStatus(status), by.Int64
	if err := json.Unmarshal([]byte(ms), &p.Milestones); err != nil {
		return p, err
	}
	return p, scanTimes(map[*time.Time]string{&p.CreatedAt: created, &p.UpdatedAt: updated}, map[**time.Time]sql.NullString{&p.PublishedAt: published})
}

const workPlansSQL = `SELECT ` + workPlanCols + ` FROM work_plans WHERE region = $1 ORDER BY region DESC, id DESC LIMIT $2`

var listWorkPlans = registerList("WorkPlans", func(s *Store) []listSample { return []listSample{sample(workPlansSQL, []any{"330106", 50})} })

// WorkPlans returns a region's plans, newest first.
func (s *Store) WorkPlans(ctx context.Context, region string, limit int) ([]goumai.WorkPlan, error) {
	return queryList(ctx, s.r, listWorkPlans, scanWorkPlan, workPlansSQL, region, limit)
}

// WorkPlan returns one plan.
func (s *Store) WorkPlan(ctx context.Context, id int64) (goumai.WorkPlan, error) {
	p, err := scanWorkPlan(s.r.QueryRowContext(ctx, `SELECT `+workPlanCols+` FROM work_plans WHERE id = $1`, id))
	return p, interpretError(err, workPlanWhat)
}

// WorkPlan returns one plan inside the transaction.
func (tx *Tx) WorkPlan(ctx context.Context, id int64) (goumai.WorkPlan, error) {
	p, err := scanWorkPlan(tx.queryRow(ctx, `SELECT `+workPlanCols+` FROM work_plans WHERE id = $1`, id))
	return p, interpretError(err, workPlanWhat)
}

// InsertWorkPlan adds a draft plan and returns its id.
func (tx *Tx) InsertWorkPlan(ctx context.Context, p goumai.WorkPlan) (int64, error) {
	ms, err := jsonList(p.Milestones)
	if err != nil {
		return 0, err
	}
	return tx.insertRow(ctx, "work_plans", workPlanWhat, `INSERT INTO work_plans (region, org_id, title, body, start_month, milestones, status,
		version, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $9, $9)`,
		p.Region, p.OrgID, p.Title, p.Body, p.Start, ms, string(p.Status), nullID(p.CreatedBy), formatTime(tx.now))
}

// UpdateWorkPlan writes a plan if its version is still p.Version (EStale otherwise).
func (tx *Tx) UpdateWorkPlan(ctx context.Context, p goumai.WorkPlan) error {
	ms, err := jsonList(p.Milestones)
	if err != nil {
		return err
	}
	_, err = tx.writeRow(ctx, "work_plans", `UPDATE work_plans SET title = $1, body = $2, start_month = $3, milestones = $4, status = $5,
		published_at = $6, version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9`,
		p.Title, p.Body, p.Start, ms, string(p.Status), nullTime(p.PublishedAt), formatTime(tx.now), p.ID, p.Version)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EStale, "计划已被他人修改，请刷新后重试", "the plan changed meanwhile; reload and try again")
	}
	return err
}
