package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

// Challenges (质疑) and complaints (投诉) of a procedure (migration 0021).
// Who filed and the facts and evidence are rows of their own (challenge_facts): the public
// events carry a challenge's or complaint's state, which must not hold them.

func init() {
	ruling := []column{{"verdict", colText}, {"outcome", colText}, {"reasons", colText}, {"set_aside_org_id", colNullInt}}
	registerTable(table{name: "challenges", key: "id", cols: append([]column{{"id", colInt}, {"procurement_id", colInt}, {"number", colInt},
		{"notice_id", colInt}, {"organizer_org_id", colInt}, {"org_id", colInt}, {"claims", colText}, {"status", colText},
		{"filed_at", colText}, {"due_at", colText}, {"overdue_at", colNullText}, {"answered_by", colNullInt}, {"answered_at", colNullText},
		{"withdrawn_at", colNullText}}, ruling...)})
	registerTable(table{name: "complaints", key: "id", cols: append([]column{{"id", colInt}, {"challenge_id", colInt}, {"procurement_id", colInt},
		{"region", colText}, {"org_id", colInt}, {"claims", colText}, {"status", colText}, {"filed_at", colText},
		{"due_at", colText}, {"overdue_at", colNullText}, {"suspended_at", colNullText}, {"suspended_until", colNullText},
		{"suspend_reason", colText}, {"decided_by", colNullInt}, {"decided_at", colNullText}, {"withdrawn_at", colNullText}}, ruling...)})
	registerTable(table{name: "challenge_facts", key: "id", cols: []column{{"id", colInt}, {"challenge_id", colInt}, {"complaint_id", colNullInt}, {"user_id", colInt}, {"facts", colText}}})
}

var (
	challengeWhat = goumai.M("质疑", "challenge")
	complaintWhat = goumai.M("投诉", "complaint")
)

// rulingCols are an answer's or a decision's columns, scanned by rulingScan.
type rulingScan struct {
	verdict, outcome, reasons string
	by                        sql.NullInt64
	at                        sql.NullString
	setAside                  sql.NullInt64
}

func (r *rulingScan) dest() []any {
	return []any{&r.verdict, &r.outcome, &r.reasons, &r.by, &r.at, &r.setAside}
}

// ruling returns the answer or decision, nil when there is none yet.
func (r *rulingScan) ruling() (*goumai.Ruling, error) {
	at, err := parseNullTime(r.at)
	if err != nil || at == nil {
		return nil, err
	}
	return &goumai.Ruling{Verdict: goumai.Verdict(r.verdict), Outcome: goumai.OutcomeKind(r.outcome), Reasons: r.reasons,
		SetAsideOrgID: r.setAside.Int64, By: r.by.Int64, At: *at}, nil
}

// rulingArgs are a ruling's column values (verdict, outcome, reasons, by, at, set_aside_org_id).
func rulingArgs(r *goumai.Ruling) []any {
	if r == nil {
		return []any{"", "", "", nil, nil, nil}
	}
	return []any{string(r.Verdict), string(r.Outcome), r.Reasons, nullInt(r.By), formatTime(r.At), nullInt(r.SetAsideOrgID)}
}

// scanTimes parses the text times of a row into their fields.
func scanTimes(ts map[*time.Time]string, nts map[**time.Time]sql.NullString) error {
	for dst, s := range ts {
		t, err := parseTime(s)
		if err != nil {
			return err
		}
		*dst = t
	}
	for dst, s := range nts {
		t, err := parseNullTime(s)
		if err != nil {
			return err
		}
		*dst = t
	}
	return nil
}

const challengeCols = `c.id, c.procurement_id, c.number, c.notice_id, c.org_id, f.user_id, c.claims, c.status, c.filed_at, c.due_at,
	c.overdue_at, c.withdrawn_at, f.facts, c.verdict, c.outcome, c.reasons, c.answered_by, c.answered_at, c.set_aside_org_id`

const challengeFrom = ` FROM challenges c JOIN challenge_facts f ON f.challenge_id = c.id AND f.complaint_id IS NULL`

func scanChallenge(sc scanner) (goumai.Challenge, error) {
	var c goumai.Challenge
	var filed, due string
	var overdue, withdrawn sql.NullString
	var r rulingScan
	err := sc.Scan(append([]any{&c.ID, &c.ProcurementID, &c.Number, &c.NoticeID, &c.OrgID, &c.UserID, &c.Claims, &c.Status, &filed, &due,
		&overdue, &withdrawn, &c.Facts}, r.dest()...)...)
	if err != nil {
		return c, err
	}
	if err := scanTimes(map[*time.Time]string{&c.FiledAt: filed, &c.DueAt: due},
		map[**time.Time]sql.NullString{&c.OverdueAt: overdue, &c.WithdrawnAt: withdrawn}); err != nil {
		return c, err
	}
	c.Answer, err = r.ruling()
	return c, err
}

// InsertChallenge records a challenge, filed now and due at c.DueAt, with its
// facts, numbered next in its procedure (the caller holds the procedure's
// lock); organizer is the organisation that must answer. It returns the
// challenge's id and number and the facts' key; the caller records both rows.
func (tx *Tx) InsertChallenge(ctx context.Context, c goumai.Challenge, organizer int64) (id int64, number int, facts int64, err error) {
	if err := tx.tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) + 1 FROM challenges WHERE procurement_id = $1`, c.ProcurementID).Scan(&number); err != nil {
		return 0, 0, 0, fmt.Errorf("challenge number of procurement %d: %w", c.ProcurementID, err)
	}
	key, err := tx.writeRow(ctx, "challenges", `INSERT INTO challenges (procurement_id, number, notice_id, organizer_org_id, org_id, claims,
		status, filed_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		c.ProcurementID, number, c.NoticeID, organizer, c.OrgID, c.Claims, string(goumai.ChallengeFiled), formatTime(tx.now), formatTime(c.DueAt))
	if err != nil {
		return 0, 0, 0, interpretError(err, challengeWhat)
	}
	if id, err = strconv.ParseInt(key, 10, 64); err != nil {
		return 0, 0, 0, err
	}
	facts, err = tx.insertFacts(ctx, id, 0, c.UserID, c.Facts)
	return id, number, facts, err
}

// insertFacts records who filed a challenge, or its complaint (complaint ≠ 0), and the facts.
func (tx *Tx) insertFacts(ctx context.Context, challenge, complaint, user int64, facts string) (int64, error) {
	key, err := tx.writeRow(ctx, "challenge_facts", `INSERT INTO challenge_facts (challenge_id, complaint_id, user_id, facts) VALUES ($1, $2, $3, $4)`,
		challenge, nullInt(complaint), user, facts)
	if err != nil {
		return 0, interpretError(err, challengeWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// UpdateChallenge writes a challenge's state, answer and withdrawal, if it is
// still in state from: one moved meanwhile is EConflict.
func (tx *Tx) UpdateChallenge(ctx context.Context, c goumai.Challenge, from goumai.ChallengeStatus) error {
	_, err := tx.writeRow(ctx, "challenges", `UPDATE challenges SET status = $1, withdrawn_at = $2, verdict = $3, outcome = $4, reasons = $5,
		answered_by = $6, answered_at = $7, set_aside_org_id = $8 WHERE id = $9 AND status = $10`,
		append(append([]any{string(c.Status), nullTime(c.WithdrawnAt)}, rulingArgs(c.Answer)...), c.ID, string(from))...)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EConflict, "该质疑已被处理，请刷新后查看", "the challenge was acted on meanwhile: reload it")
	}
	return interpretError(err, challengeWhat)
}

// MarkChallengeOverdue records, once, that a challenge is still unanswered
// past its time limit. It reports false when there is nothing to mark.
func (tx *Tx) MarkChallengeOverdue(ctx context.Context, id int64) (bool, error) {
	return tx.markOverdue(ctx, "challenges", `status = 'filed'`, id, challengeWhat)
}

// markOverdue sets overdue_at of a row of table still open (open) and past its due_at.
func (tx *Tx) markOverdue(ctx context.Context, table, open string, id int64, what goumai.Msg) (bool, error) {
	_, err := tx.writeRow(ctx, table, `UPDATE `+table+` SET overdue_at = $1
		WHERE id = $2 AND `+open+` AND overdue_at IS NULL AND due_at < $1`, formatTime(tx.now), id)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return false, nil
	}
	return err == nil, interpretError(err, what)
}

// Challenge returns one challenge with its facts, inside the transaction.
func (tx *Tx) Challenge(ctx context.Context, id int64) (goumai.Challenge, error) {
	c, err := scanChallenge(tx.queryRow(ctx, `SELECT `+challengeCols+challengeFrom+` WHERE c.id = $1`, id))
	return c, interpretError(err, challengeWhat)
}

const challengesSQL = `SELECT ` + challengeCols + challengeFrom + ` WHERE c.procurement_id = $1 ORDER BY c.number`

var listChallenges = registerList("Challenges", func(s *Store) []listSample {
	return []listSample{sample(challengesSQL, []any{7})}
})

// Challenges returns a procedure's challenges with their facts, by number
// (the caller decides who may see what).
func (s *Store) Challenges(ctx context.Context, procurementID int64) ([]goumai.Challenge, error) {
	return queryList(ctx, s.r, listChallenges, scanChallenge, challengesSQL, procurementID)
}

// Challenges returns a procedure's challenges inside the transaction.
func (tx *Tx) Challenges(ctx context.Context, procurementID int64) ([]goumai.Challenge, error) {
	return queryList(ctx, tx.tx, listChallenges, scanChallenge, challengesSQL, procurementID)
}

const dueChallengesSQL = `SELECT ` + challengeCols + challengeFrom + ` WHERE c.status = 'filed' AND c.overdue_at IS NULL
	AND c.due_at < $1 AND (c.due_at > $2 OR c.due_at = $2 AND c.id > $3) ORDER BY c.due_at, c.id LIMIT $4`

var listDueChallenges = registerList("DueChallenges", func(s *Store) []listSample {
	return []listSample{sample(dueChallengesSQL, []any{formatTime(time.Date(2026, 3, 5, 16, 0, 0, 0, time.UTC)), formatTime(time.Time{}), 0, 100})}
})

// DueChallenges lists the unanswered challenges not yet marked overdue whose
// time limit passed at now, for the scheduler, in (due_at, id) order after a
// cursor: a partial index on due_at gives them without reading the others.
func (s *Store) DueChallenges(ctx context.Context, now time.Time, after DueCursor, limit int) ([]goumai.Challenge, error) {
	return queryList(ctx, s.r, listDueChallenges, scanChallenge, dueChallengesSQL, formatTime(now), formatTime(after.Due), after.ID, limit)
}

const openChallengesSQL = `SELECT ` + challengeCols + challengeFrom + ` WHERE c.organizer_org_id = $1 AND c.status = 'filed'
	ORDER BY c.due_at, c.id LIMIT $2`

var listOpenChallenges = registerList("OpenChallenges", func(s *Store) []listSample {
	return []listSample{sample(openChallengesSQL, []any{7, 200})}
})

// OpenChallenges lists the challenges waiting for an organisation's answer,
// the most urgent first (the organisers' to-do list).
func (s *Store) OpenChallenges(ctx context.Context, organizer int64, limit int) ([]goumai.Challenge, error) {
	return queryList(ctx, s.r, listOpenChallenges, scanChallenge, openChallengesSQL, organizer, limit)
}

// Complaints.

const complaintCols = `c.id, c.challenge_id, c.procurement_id, c.region, c.org_id, f.user_id, c.claims, c.status, c.filed_at, c.due_at,
	c.overdue_at, c.withdrawn_at, f.facts, c.suspended_at, c.suspended_until, c.suspend_reason,
	c.verdict, c.outcome, c.reasons, c.decided_by, c.decided_at, c.set_aside_org_id`

const complaintFrom = ` FROM complaints c JOIN challenge_facts f ON f.challenge_id = c.challenge_id AND f.complaint_id = c.id`

func scanComplaint(sc scanner) (goumai.Complaint, error) {
	var c goumai.Complaint
	var filed, due string
	var overdue, withdrawn, suspended, until sql.NullString
	var r rulingScan
	err := sc.Scan(append([]any{&c.ID, &c.ChallengeID, &c.ProcurementID, &c.Region, &c.OrgID, &c.UserID, &c.Claims, &c.Status, &filed, &due,
		&overdue, &withdrawn, &c.Facts, &suspended, &until, &c.SuspendReason}, r.dest()...)...)
	if err != nil {
		return c, err
	}
	if err := scanTimes(map[*time.Time]string{&c.FiledAt: filed, &c.DueAt: due},
		map[**time.Time]sql.NullString{&c.OverdueAt: overdue, &c.WithdrawnAt: withdrawn, &c.SuspendedAt: suspended, &c.SuspendedUntil: until}); err != nil {
		return c, err
	}
	c.Decision, err = r.ruling()
	return c, err
}

// InsertComplaint records a complaint, filed now and due at c.DueAt, with its
// facts. A second complaint of one challenge is EConflict. It returns the
// complaint's id and the facts' key; the caller records both rows.
func (tx *Tx) InsertComplaint(ctx context.Context, c goumai.Complaint) (id, facts int64, err error) {
	key, err := tx.writeRow(ctx, "complaints", `INSERT INTO complaints (challenge_id, procurement_id, region, org_id, claims, status,
		filed_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		c.ChallengeID, c.ProcurementID, c.Region, c.OrgID, c.Claims, string(goumai.ComplaintFiled), formatTime(tx.now), formatTime(c.DueAt))
	if err != nil {
		return 0, 0, interpretError(err, complaintWhat)
	}
	if id, err = strconv.ParseInt(key, 10, 64); err != nil {
		return 0, 0, err
	}
	facts, err = tx.insertFacts(ctx, c.ChallengeID, id, c.UserID, c.Facts)
	return id, facts, err
}

// UpdateComplaint writes a complaint's state, suspension, decision and
// withdrawal, if it is still in state from: one moved meanwhile is EConflict.
func (tx *Tx) UpdateComplaint(ctx context.Context, c goumai.Complaint, from goumai.ComplaintStatus) error {
	_, err := tx.writeRow(ctx, "complaints", `UPDATE complaints SET status = $1, withdrawn_at = $2, suspended_at = $3, suspended_until = $4,
		suspend_reason = $5, verdict = $6, outcome = $7, reasons = $8, decided_by = $9, decided_at = $10, set_aside_org_id = $11
		WHERE id = $12 AND status = $13`,
		append(append([]any{string(c.Status), nullTime(c.WithdrawnAt), nullTime(c.SuspendedAt), nullTime(c.SuspendedUntil), c.SuspendReason},
			rulingArgs(c.Decision)...), c.ID, string(from))...)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EConflict, "该投诉已被处理，请刷新后查看", "the complaint was acted on meanwhile: reload it")
	}
	return interpretError(err, complaintWhat)
}

// MarkComplaintOverdue records, once, that a complaint is still undecided
// past its time limit. It reports false when there is nothing to mark.
func (tx *Tx) MarkComplaintOverdue(ctx context.Context, id int64) (bool, error) {
	return tx.markOverdue(ctx, "complaints", `status IN ('filed', 'suspended')`, id, complaintWhat)
}

// Complaint returns one complaint with its facts, inside the transaction.
func (tx *Tx) Complaint(ctx context.Context, id int64) (goumai.Complaint, error) {
	c, err := scanComplaint(tx.queryRow(ctx, `SELECT `+complaintCols+complaintFrom+` WHERE c.id = $1`, id))
	return c, interpretError(err, complaintWhat)
}

const complaintsSQL = `SELECT ` + complaintCols + complaintFrom + ` WHERE c.procurement_id = $1 ORDER BY c.id`

var listComplaints = registerList("Complaints", func(s *Store) []listSample {
	return []listSample{sample(complaintsSQL, []any{7})}
})

// Complaints returns a procedure's complaints with their facts, by id.
func (s *Store) Complaints(ctx context.Context, procurementID int64) ([]goumai.Complaint, error) {
	return queryList(ctx, s.r, listComplaints, scanComplaint, complaintsSQL, procurementID)
}

// Complaints returns a procedure's complaints inside the transaction.
func (tx *Tx) Complaints(ctx context.Context, procurementID int64) ([]goumai.Complaint, error) {
	return queryList(ctx, tx.tx, listComplaints, scanComplaint, complaintsSQL, procurementID)
}

const dueComplaintsSQL = `SELECT ` + complaintCols + complaintFrom + ` WHERE c.status IN ('filed', 'suspended') AND c.overdue_at IS NULL
	AND c.due_at < $1 AND (c.due_at > $2 OR c.due_at = $2 AND c.id > $3) ORDER BY c.due_at, c.id LIMIT $4`

var listDueComplaints = registerList("DueComplaints", func(s *Store) []listSample {
	return []listSample{sample(dueComplaintsSQL, []any{formatTime(time.Date(2026, 3, 5, 16, 0, 0, 0, time.UTC)), formatTime(time.Time{}), 0, 100})}
})

// DueComplaints lists the undecided complaints not yet marked overdue whose
// time limit passed at now, for the scheduler, in (due_at, id) order after a
// cursor: a partial index on due_at gives them without reading the others.
func (s *Store) DueComplaints(ctx context.Context, now time.Time, after DueCursor, limit int) ([]goumai.Complaint, error) {
	return queryList(ctx, s.r, listDueComplaints, scanComplaint, dueComplaintsSQL, formatTime(now), formatTime(after.Due), after.ID, limit)
}

// OpenComplaints lists the undecided complaints of procedures in a region's
// subtree, the most urgent first (the finance department's to-do list).
func (s *Store) OpenComplaints(ctx context.Context, region string, limit int) ([]goumai.Complaint, error) {
	q, args := s.openComplaintsSQL(region, limit)
	return queryList(ctx, s.r, listOpenComplaints, scanComplaint, q, args...)
}

func (s *Store) openComplaintsSQL(region string, limit int) (string, []any) {
	var w where
	w.region(s, "c.region", region)
	w.conds = append(w.conds, "c.status IN ('filed', 'suspended')")
	n := w.limit(limit, 200, 500)
	return `SELECT ` + complaintCols + complaintFrom + ` WHERE ` + w.sql() + ` ORDER BY c.due_at, c.id LIMIT ` + n, w.args
}

var listOpenComplaints = registerList("OpenComplaints", func(s *Store) []listSample {
	return []listSample{
		sample(s.openComplaintsSQL("330106", 200)),
		sample(s.openComplaintsSQL("330100", 200)).sorted("a prefecture's regions each give their open complaints in due order"),
		sample(s.openComplaintsSQL(goumai.NationalCode, 200)).sorted("the open complaints of the whole country").
			wholeTable("the Ministry's to-do list: the partial index holds only the open complaints, a few at a time"),
	}
})
