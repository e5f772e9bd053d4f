package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

// Supervision and acceptance of contracts in force (migration 0043): the
// project ledger, inspections, rectification orders, public complaints about
// a service and milestones' acceptance rounds.

func init() {
	registerTable(table{name: "progress_reports", key: "id", cols: []column{{"id", colInt}, {"contract_id", colInt}, {"report_on", colText},
		{"content", colText}, {"quantity", colInt}, {"unit", colText}, {"files", colJSON}, {"created_by", colNullInt}, {"created_at", colText}}})
	registerTable(table{name: "inspections", key: "id", cols: []column{{"id", colInt}, {"contract_id", colInt}, {"org_id", colInt},
		{"inspected_on", colText}, {"findings", colText}, {"created_by", colNullInt}, {"created_at", colText}}})
	registerTable(table{name: "rectifications", key: "id", cols: []column{{"id", colInt}, {"contract_id", colInt}, {"inspection_id", colNullInt},
		{"org_id", colInt}, {"issue", colText}, {"days", colInt}, {"due_at", colText}, {"status", colText}, {"response", colText}, {"files", colJSON},
		{"responded_at", colNullText}, {"follow_up", colText}, {"followed_at", colNullText}, {"version", colInt}, {"created_by", colNullInt},
		{"created_at", colText}, {"updated_at", colText}}})
	registerTable(table{name: "service_complaints", key: "id", cols: []column{{"id", colInt}, {"contract_id", colInt}, {"body", colText},
		{"answer", colText}, {"answered_at", colNullText}, {"answered_by", colNullInt}, {"created_at", colText}}})
	registerTable(table{name: "acceptances", key: "id", cols: []column{{"id", colInt}, {"milestone_id", colInt}, {"contract_id", colInt},
		{"round", colInt}, {"report", colText}, {"files", colJSON}, {"public_service", colBool}, {"members", colJSON}, {"status", colText},
		{"reasons", colText}, {"submitted_by", colNullInt}, {"submitted_at", colText}, {"decided_by", colNullInt}, {"decided_at", colNullText},
		{"notice_id", colNullInt}, {"version", colInt}, {"updated_at", colText}}})
}

var (
	progressWhat      = goumai.M("履约台账记录", "progress report")
	inspectionWhat    = goumai.M("检查记录", "inspection")
	rectificationWhat = goumai.M("整改通知", "rectification order")
	svcComplaintWhat  = goumai.M("投诉举报", "service complaint")
	acceptanceWhat    = goumai.M("验收记录", "acceptance")
)

// jsonList is v as JSON text, nil slices as [].
func jsonList[T any](v []T) (string, error) {
	if v == nil {
		v = []T{}
	}
	b, err := json.Marshal(v)
	return string(b), err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// insertRow runs an INSERT on an audited table and returns the new row's id.
func (tx *Tx) insertRow(ctx context.Context, table string, what goumai.Msg, query string, args ...any) (int64, error) {
	key, err := tx.writeRow(ctx, table, query, args...)
	if err != nil {
		return 0, interpretError(err, what)
	}
	return strconv.ParseInt(key, 10, 64)
}

// Progress reports (台账).

const progressCols = `id, contract_id, report_on, content, quantity, unit, files, created_by, created_at`

func scanProgress(sc scanner) (goumai.ProgressReport, error) {
	var r goumai.ProgressReport
	var files, created string
	var by sql.NullInt64
	if err := sc.Scan(&r.ID, &r.ContractID, &r.ReportOn, &r.Content, &r.Quantity, &r.Unit, &files, &by, &created); err != nil {
		return r, err
	}
	r.CreatedBy = by.Int64
	if err := json.Unmarshal([]byte(files), &r.Files); err != nil {
		return r, err
	}
	return r, scanTimes(map[*time.Time]string{&r.CreatedAt: created}, nil)
}

const progressSQL = `SELECT ` + progressCols + ` FROM progress_reports WHERE contract_id = $1 ORDER BY contract_id, id`

var listProgress = registerList("ProgressReports", func(s *Store) []listSample { return []listSample{sample(progressSQL, []any{7})} })

// InsertProgressReport adds an entry to a contract's ledger and returns its id.
func (tx *Tx) InsertProgressReport(ctx context.Context, r goumai.ProgressReport) (int64, error) {
	files, err := jsonList(r.Files)
	if err != nil {
		return 0, err
	}
	return tx.insertRow(ctx, "progress_reports", progressWhat, `INSERT INTO progress_reports (contract_id, report_on, content, quantity, unit, files,
		created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, r.ContractID, r.ReportOn, r.Content, r.Quantity, r.Unit, files,
		nullID(r.CreatedBy), formatTime(tx.now))
}

// ProgressReports returns a contract's ledger, oldest first.
func (s *Store) ProgressReports(ctx context.Context, contractID int64) ([]goumai.ProgressReport, error) {
	return queryList(ctx, s.r, listProgress, scanProgress, progressSQL, contractID)
}

// Inspections.

const inspectionCols = `id, contract_id, org_id, inspected_on, findings, created_by, created_at`

func scanInspection(sc scanner) (goumai.Inspection, error) {
	var i goumai.Inspection
	var created string
	var by sql.NullInt64
	if err := sc.Scan(&i.ID, &i.ContractID, &i.OrgID, &i.InspectedOn, &i.Findings, &by, &created); err != nil {
		return i, err
	}
	i.CreatedBy = by.Int64
	return i, scanTimes(map[*time.Time]string{&i.CreatedAt: created}, nil)
}

const inspectionsSQL = `SELECT ` + inspectionCols + ` FROM inspections WHERE contract_id = $1 ORDER BY contract_id, id`

var listInspections = registerList("Inspections", func(s *Store) []listSample { return []listSample{sample(inspectionsSQL, []any{7})} })

// InsertInspection records an inspection and returns its id.
func (tx *Tx) InsertInspection(ctx context.Context, i goumai.Inspection) (int64, error) {
	return tx.insertRow(ctx, "inspections", inspectionWhat, `INSERT INTO inspections (contract_id, org_id, inspected_on, findings, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, i.ContractID, i.OrgID, i.InspectedOn, i.Findings, nullID(i.CreatedBy), formatTime(tx.now))
}

// Inspections returns a contract's inspections, oldest first.
func (s *Store) Inspections(ctx context.Context, contractID int64) ([]goumai.Inspection, error) {
	return queryList(ctx, s.r, listInspections, scanInspection, inspectionsSQL, contractID)
}

// Inspection returns one inspection, inside the transaction.
func (tx *Tx) Inspection(ctx context.Context, id int64) (goumai.Inspection, error) {
	i, err := scanInspection(tx.queryRow(ctx, `SELECT `+inspectionCols+` FROM inspections WHERE id = $1`, id))
	return i, interpretError(err, inspectionWhat)
}

// Rectification orders.

const rectificationCols = `id, contract_id, inspection_id, org_id, issue, days, due_at, status, response, files, responded_at, follow_up,
	followed_at, version, created_by, created_at`

func scanRectification(sc scanner) (goumai.Rectification, error) {
	var r goumai.Rectification
	var status, files, due, created string
	var inspection, by sql.NullInt64
	var responded, followed sql.NullString
	if err := sc.Scan(&r.ID, &r.ContractID, &inspection, &r.OrgID, &r.Issue, &r.Days, &due, &status, &r.Response, &files, &responded,
		&r.FollowUp, &followed, &r.Version, &by, &created); err != nil {
		return r, err
	}
	r.Status, r.InspectionID, r.CreatedBy = goumai.RectificationStatus(status), inspection.Int64, by.Int64
	if err := json.Unmarshal([]byte(files), &r.Files); err != nil {
		return r, err
	}
	return r, scanTimes(map[*time.Time]string{&r.DueAt: due, &r.CreatedAt: created},
		map[**time.Time]sql.NullString{&r.RespondedAt: responded, &r.FollowedAt: followed})
}

const rectificationsSQL = `SELECT ` + rectificationCols + ` FROM rectifications WHERE contract_id = $1 ORDER BY contract_id, id`

var listRectifications = registerList("Rectifications", func(s *Store) []listSample {
	return []listSample{sample(rectificationsSQL, []any{7})}
})

// InsertRectification issues a rectification order (open) and returns its id.
func (tx *Tx) InsertRectification(ctx context.Context, r goumai.Rectification) (int64, error) {
	now := formatTime(tx.now)
	return tx.insertRow(ctx, "rectifications", rectificationWhat, `INSERT INTO rectifications (contract_id, inspection_id, org_id, issue, days, due_at,
		status, response, files, follow_up, version, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, '', '[]', '', 1, $8, $9, $9)`,
		r.ContractID, nullID(r.InspectionID), r.OrgID, r.Issue, r.Days, formatTime(r.DueAt), string(goumai.RectificationOpen),
		nullID(r.CreatedBy), now)
}

// Rectifications returns a contract's rectification orders, oldest first.
func (s *Store) Rectifications(ctx context.Context, contractID int64) ([]goumai.Rectification, error) {
	return queryList(ctx, s.r, listRectifications, scanRectification, rectificationsSQL, contractID)
}

// Rectification returns one order, inside the transaction.
func (tx *Tx) Rectification(ctx context.Context, id int64) (goumai.Rectification, error) {
	r, err := scanRectification(tx.queryRow(ctx, `SELECT `+rectificationCols+` FROM rectifications WHERE id = $1`, id))
	return r, interpretError(err, rectificationWhat)
}

// UpdateRectification writes an order's state, response and follow-up if its
// version is still r.Version (EStale otherwise).
func (tx *Tx) UpdateRectification(ctx context.Context, r goumai.Rectification) error {
	files, err := jsonList(r.Files)
	if err != nil {
		return err
	}
	_, err = tx.writeRow(ctx, "rectifications", `UPDATE rectifications SET status = $1, response = $2, files = $3, responded_at = $4,
		follow_up = $5, followed_at = $6, version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9`,
		string(r.Status), r.Response, files, nullTime(r.RespondedAt), r.FollowUp, nullTime(r.FollowedAt), formatTime(tx.now), r.ID, r.Version)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EStale, "整改通知已被他人修改，请刷新后重试", "the rectification order changed meanwhile; reload and try again")
	}
	return interpretError(err, rectificationWhat)
}

// Service complaints.

const svcComplaintCols = `id, contract_id, body, answer, answered_at, created_at`

func scanServiceComplaint(sc scanner) (goumai.ServiceComplaint, error) {
	var c goumai.ServiceComplaint
	var created string
	var answered sql.NullString
	if err := sc.Scan(&c.ID, &c.ContractID, &c.Body, &c.Answer, &answered, &created); err != nil {
		return c, err
	}
	return c, scanTimes(map[*time.Time]string{&c.CreatedAt: created}, map[**time.Time]sql.NullString{&c.AnsweredAt: answered})
}

const svcComplaintsSQL = `SELECT ` + svcComplaintCols + ` FROM service_complaints WHERE contract_id = $1 ORDER BY contract_id, id`

var listServiceComplaints = registerList("ServiceComplaints", func(s *Store) []listSample {
	return []listSample{sample(svcComplaintsSQL, []any{7})}
})

// InsertServiceComplaint records a public complaint and returns its id.
func (tx *Tx) InsertServiceComplaint(ctx context.Context, c goumai.ServiceComplaint) (int64, error) {
	return tx.insertRow(ctx, "service_complaints", svcComplaintWhat, `INSERT INTO service_complaints (contract_id, body, answer, created_at)
		VALUES ($1, $2, '', $3)`, c.ContractID, c.Body, formatTime(tx.now))
}

// ServiceComplaints returns a contract's public complaints, oldest first.
func (s *Store) ServiceComplaints(ctx context.Context, contractID int64) ([]goumai.ServiceComplaint, error) {
	return queryList(ctx, s.r, listServiceComplaints, scanServiceComplaint, svcComplaintsSQL, contractID)
}

// ServiceComplaint returns one complaint, inside the transaction.
func (tx *Tx) ServiceComplaint(ctx context.Context, id int64) (goumai.ServiceComplaint, error) {
	c, err := scanServiceComplaint(tx.queryRow(ctx, `SELECT `+svcComplaintCols+` FROM service_complaints WHERE id = $1`, id))
	return c, interpretError(err, svcComplaintWhat)
}

// AnswerServiceComplaint writes a complaint's answer, once (EConflict when it
// has one).
func (tx *Tx) AnswerServiceComplaint(ctx context.Context, id int64, answer string, by int64) error {
	_, err := tx.writeRow(ctx, "service_complaints", `UPDATE service_complaints SET answer = $1, answered_at = $2, answered_by = $3
		WHERE id = $4 AND answered_at IS NULL`, answer, formatTime(tx.now), nullID(by), id)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EConflict, "该投诉举报已答复", "this complaint was answered already")
	}
	return interpretError(err, svcComplaintWhat)
}

// Acceptances.

const acceptanceCols = `id, milestone_id, contract_id, round, report, files, public_service, members, status, reasons, submitted_at,
	decided_at, notice_id, version`

func scanAcceptance(sc scanner) (goumai.Acceptance, error) {
	var a goumai.Acceptance
	var files, members, status, submitted string
	var decided sql.NullString
	var notice sql.NullInt64
	if err := sc.Scan(&a.ID, &a.MilestoneID, &a.ContractID, &a.Round, &a.Report, &files, &a.PublicService, &members, &status, &a.Reasons,
		&submitted, &decided, &notice, &a.Version); err != nil {
		return a, err
	}
	a.Status, a.NoticeID = goumai.AcceptanceStatus(status), notice.Int64
	if err := json.Unmarshal([]byte(files), &a.Files); err != nil {
		return a, err
	}
	if err := json.Unmarshal([]byte(members), &a.Members); err != nil {
		return a, err
	}
	return a, scanTimes(map[*time.Time]string{&a.SubmittedAt: submitted}, map[**time.Time]sql.NullString{&a.DecidedAt: decided})
}

const acceptancesSQL = `SELECT ` + acceptanceCols + ` FROM acceptances WHERE contract_id = $1 ORDER BY contract_id, id`

var listAcceptances = registerList("Acceptances", func(s *Store) []listSample { return []listSample{sample(acceptancesSQL, []any{7})} })

const decidedAcceptancesSQL = `SELECT ` + acceptanceCols + ` FROM acceptances WHERE status = $1 ORDER BY status, id DESC LIMIT $2`

var listDecidedAcceptances = registerList("AcceptancesByStatus", func(s *Store) []listSample {
	return []listSample{sample(decidedAcceptancesSQL, []any{"accepted", 50})}
})

// InsertAcceptance opens an acceptance round (submitted, no group) and
// returns its id.
func (tx *Tx) InsertAcceptance(ctx context.Context, a goumai.Acceptance, by int64) (int64, error) {
	files, err := jsonList(a.Files)
	if err != nil {
		return 0, err
	}
	now := formatTime(tx.now)
	return tx.insertRow(ctx, "acceptances", acceptanceWhat, `INSERT INTO acceptances (milestone_id, contract_id, round, report, files, public_service,
		members, status, reasons, submitted_by, submitted_at, version, updated_at) VALUES ($1, $2, $3, $4, $5, $6, '[]', $7, '', $8, $9, 1, $9)`,
		a.MilestoneID, a.ContractID, a.Round, a.Report, files, a.PublicService, string(goumai.AcceptanceSubmitted), nullID(by), now)
}

// Acceptances returns a contract's acceptance rounds, oldest first.
func (s *Store) Acceptances(ctx context.Context, contractID int64) ([]goumai.Acceptance, error) {
	return queryList(ctx, s.r, listAcceptances, scanAcceptance, acceptancesSQL, contractID)
}

// Acceptances returns a contract's acceptance rounds, inside the transaction.
func (tx *Tx) Acceptances(ctx context.Context, contractID int64) ([]goumai.Acceptance, error) {
	return queryList(ctx, tx.tx, listAcceptances, scanAcceptance, acceptancesSQL, contractID)
}

// AcceptancesByStatus returns the latest limit acceptances in a state, newest first.
func (s *Store) AcceptancesByStatus(ctx context.Context, status goumai.AcceptanceStatus, limit int) ([]goumai.Acceptance, error) {
	return queryList(ctx, s.r, listDecidedAcceptances, scanAcceptance, decidedAcceptancesSQL, string(status), limit)
}

// Acceptance returns one acceptance round.
func (s *Store) Acceptance(ctx context.Context, id int64) (goumai.Acceptance, error) {
	a, err := scanAcceptance(s.r.QueryRowContext(ctx, `SELECT `+acceptanceCols+` FROM acceptances WHERE id = $1`, id))
	return a, interpretError(err, acceptanceWhat)
}

// UpdateAcceptance writes a round's group, state and result if its version is
// still a.Version (EStale otherwise); by is who decided it, with the result.
func (tx *Tx) UpdateAcceptance(ctx context.Context, a goumai.Acceptance, by int64) error {
	members, err := jsonList(a.Members)
	if err != nil {
		return err
	}
	var decidedBy any
	if a.DecidedAt != nil {
		decidedBy = nullID(by)
	}
	_, err = tx.writeRow(ctx, "acceptances", `UPDATE acceptances SET members = $1, status = $2, reasons = $3, decided_by = $4, decided_at = $5,
		notice_id = $6, version = version + 1, updated_at = $7 WHERE id = $8 AND version = $9`,
		members, string(a.Status), a.Reasons, decidedBy, nullTime(a.DecidedAt), nullID(a.NoticeID), formatTime(tx.now), a.ID, a.Version)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EStale, "验收记录已被他人修改，请刷新后重试", "the acceptance changed meanwhile; reload and try again")
	}
	return interpretError(err, acceptanceWhat)
}
