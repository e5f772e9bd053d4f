package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/goumai/goumai"
)

// Progress reports to the level above (migration 0070, issue 13 item 2).

func init() {
	registerTable(table{name: "work_reports", key: "id", cols: []column{{"id", colInt}, {"region", colText}, {"parent", colText},
		{"org_id", colInt}, {"kind", colText}, {"period", colText}, {"period_from", colText}, {"period_to", colText}, {"due_at", colText},
		{"status", colText}, {"new_situations", colText}, {"major_problems", colText}, {"suggestions", colText}, {"stats", colJSON},
		{"reviews", colJSON}, {"filed_at", colNullText}, {"decided_at", colNullText}, {"version", colInt}, {"created_by", colNullInt},
		{"created_at", colText}, {"updated_at", colText}}})
}

var workReportWhat = goumai.M("工作进展情况报告", "progress report")

const workReportCols = `id, region, parent, org_id, kind, period, period_from, period_to, due_at, status, new_situations, major_problems,
	suggestions, stats, reviews, filed_at, decided_at, version, created_by, created_at, updated_at`

func scanWorkReport(sc scanner) (goumai.WorkReport, error) {
	var r goumai.WorkReport
	var kind, status, due, stats, reviews, created, updated string
	var filed, decided sql.NullString
	var by sql.NullInt64
	if err := sc.Scan(&r.ID, &r.Region, &r.Parent, &r.OrgID, &kind, &r.Period, &r.From, &r.To, &due, &status, &r.NewSituations,
		&r.MajorProblems, &r.Suggestions, &stats, &reviews, &filed, &decided, &r.Version, &by, &created, &updated); err != nil {
		return r, err
	}
	r.Kind, r.Status, r.CreatedBy = goumai.ReportKind(kind), goumai.WorkReportStatus(status), by.Int64
	if err := json.Unmarshal([]byte(stats), &r.Stats); err != nil {
		return r, err
	}
	if err := json.Unmarshal([]byte(reviews), &r.Reviews); err != nil {
		return r, err
	}
	return r, scanTimes(map[*time.Time]string{&r.DueAt: due, &r.CreatedAt: created, &r.UpdatedAt: updated},
		map[**time.Time]sql.NullString{&r.FiledAt: filed, &r.DecidedAt: decided})
}

// The lists: a region's own reports; the reports filed to a region (its
// children's); the accepted reports (public), newest first.
const (
	workReportsOfSQL       = `SELECT ` + workReportCols + ` FROM work_reports WHERE region = $1 ORDER BY region DESC, kind DESC, period DESC LIMIT $2`
	workReportsToSQL       = `SELECT ` + workReportCols + ` FROM work_reports WHERE parent = $1 ORDER BY parent, period_to DESC, id DESC LIMIT $2`
	workReportsAcceptedSQL = `SELECT ` + workReportCols + ` FROM work_reports WHERE status = 'accepted' ORDER BY status, decided_at DESC, id DESC LIMIT $1`
)

var (
	listWorkReportsOf = registerList("WorkReportsOf", func(s *Store) []listSample {
		return []listSample{sample(workReportsOfSQL, []any{"330106", 50})}
	})
	listWorkReportsTo = registerList("WorkReportsTo", func(s *Store) []listSample {
		return []listSample{sample(workReportsToSQL, []any{"330100", 50})}
	})
	listWorkReportsAccepted = registerList("WorkReportsAccepted", func(s *Store) []listSample {
		return []listSample{sample(workReportsAcceptedSQL, []any{50})}
	})
)

// WorkReportsOf returns a region's own reports, the annual ones first, newest period first.
func (s *Store) WorkReportsOf(ctx context.Context, region string, limit int) ([]goumai.WorkReport, error) {
	return queryList(ctx, s.r, listWorkReportsOf, scanWorkReport, workReportsOfSQL, region, limit)
}

// WorkReportsTo returns the reports of a region's children (filed to it or
// not yet), newest period first.
func (s *Store) WorkReportsTo(ctx context.Context, parent string, limit int) ([]goumai.WorkReport, error) {
	return queryList(ctx, s.r, listWorkReportsTo, scanWorkReport, workReportsToSQL, parent, limit)
}

// AcceptedWorkReports returns the accepted (public) reports, newest decision first.
func (s *Store) AcceptedWorkReports(ctx context.Context, limit int) ([]goumai.WorkReport, error) {
	return queryList(ctx, s.r, listWorkReportsAccepted, scanWorkReport, workReportsAcceptedSQL, limit)
}

// WorkReport returns one report.
func (s *Store) WorkReport(ctx context.Context, id int64) (goumai.WorkReport, error) {
	r, err := scanWorkReport(s.r.QueryRowContext(ctx, `SELECT `+workReportCols+` FROM work_reports WHERE id = $1`, id))
	return r, interpretError(err, workReportWhat)
}

// WorkReport returns one report inside the transaction.
func (tx *Tx) WorkReport(ctx context.Context, id int64) (goumai.WorkReport, error) {
	r, err := scanWorkReport(tx.queryRow(ctx, `SELECT `+workReportCols+` FROM work_reports WHERE id = $1`, id))
	return r, interpretError(err, workReportWhat)
}

func workReportJSON(r goumai.WorkReport) (stats, reviews string, err error) {
	b, err := json.Marshal(r.Stats)
	if err != nil {
		return "", "", err
	}
	reviews, err = jsonList(r.Reviews)
	return string(b), reviews, err
}

// InsertWorkReport adds a report (a draft) and returns its id; a second
// report of a region for the same period is a conflict.
func (tx *Tx) InsertWorkReport(ctx context.Context, r goumai.WorkReport) (int64, error) {
	stats, reviews, err := workReportJSON(r)
	if err != nil {
		return 0, err
	}
	now := formatTime(tx.now)
	return tx.insertRow(ctx, "work_reports", workReportWhat, `INSERT INTO work_reports (region, parent, org_id, kind, period, period_from,
		period_to, due_at, status, new_situations, major_problems, suggestions, stats, reviews, version, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $16, $16)`,
		r.Region, r.Parent, r.OrgID, string(r.Kind), r.Period, r.From, r.To, formatTime(r.DueAt), string(r.Status), r.NewSituations,
		r.MajorProblems, r.Suggestions, stats, reviews, nullID(r.CreatedBy), now)
}

// UpdateWorkReport writes a report's state, narrative, frozen statistics and
// history if its version is still r.Version (EStale otherwise).
func (tx *Tx) UpdateWorkReport(ctx context.Context, r goumai.WorkReport) error {
	stats, reviews, err := workReportJSON(r)
	if err != nil {
		return err
	}
	_, err = tx.writeRow(ctx, "work_reports", `UPDATE work_reports SET status = $1, new_situations = $2, major_problems = $3, suggestions = $4,
		stats = $5, reviews = $6, filed_at = $7, decided_at = $8, version = version + 1, updated_at = $9 WHERE id = $10 AND version = $11`,
		string(r.Status), r.NewSituations, r.MajorProblems, r.Suggestions, stats, reviews, nullTime(r.FiledAt), nullTime(r.DecidedAt),
		formatTime(tx.now), r.ID, r.Version)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EStale, "报告已被他人修改，请刷新后重试", "the report changed meanwhile; reload and try again")
	}
	return err
}
