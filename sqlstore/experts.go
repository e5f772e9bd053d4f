package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

// The expert pool, draw commitments and panel draws (migration 0022).

func init() {
	registerTable(table{name: "experts", key: "id", cols: []column{{"id", colInt}, {"user_id", colInt}, {"region", colText},
		{"specialities", colJSON}, {"unavailable", colJSON}, {"relations", colJSON}, {"active", colBool}, {"version", colInt}, {"updated_at", colText}}})
	registerTable(table{name: "draw_commitments", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"party", colText},
		{"org_id", colInt}, {"user_id", colInt}, {"hash", colText}, {"draw_id", colNullInt}, {"committed_at", colText}}})
	registerTable(table{name: "panel_draws", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"region", colText},
		{"status", colText}, {"evaluation_at", colText}, {"speciality", colText}, {"count", colInt}, {"panel_size", colInt},
		{"replaces_member_id", colNullInt}, {"pool", colJSON}, {"exclusions", colJSON}, {"supervisor_commit_id", colInt}, {"supervisor_hash", colText},
		{"organizer_commit_id", colInt}, {"organizer_hash", colText}, {"supervisor_secret", colText}, {"organizer_secret", colText},
		{"reveal_by", colText}, {"seed", colText}, {"checkpoint", colInt}, {"drawn", colJSON}, {"requested_by", colInt},
		{"requested_at", colText}, {"drawn_at", colNullText}, {"purchaser_reps", colInt}}})
}

var expertWhat = goumai.M("评审专家", "expert")

const expertCols = `e.id, e.user_id, u.display_name, e.region, e.specialities, e.unavailable, e.relations, e.active, e.version, e.updated_at`

func scanExpert(sc scanner) (goumai.Expert, error) {
	var e goumai.Expert
	var sp, un, rel, at string
	if err := sc.Scan(&e.ID, &e.UserID, &e.Name, &e.Region, &sp, &un, &rel, &e.Active, &e.Version, &at); err != nil {
		return e, err
	}
	for _, f := range []struct {
		s string
		v any
	}{{sp, &e.Specialities}, {un, &e.Unavailable}, {rel, &e.Relations}} {
		if err := json.Unmarshal([]byte(f.s), f.v); err != nil {
			return e, fmt.Errorf("expert %d: %w", e.ID, err)
		}
	}
	var err error
	e.UpdatedAt, err = parseTime(at)
	return e, err
}

func expertJSON(e goumai.Expert) (sp, un, rel string, err error) {
	if sp, err = jsonText(nonNil(e.Specialities)); err != nil {
		return
	}
	if un, err = jsonText(nonNil(e.Unavailable)); err != nil {
		return
	}
	rel, err = jsonText(nonNil(e.Relations))
	return
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// InsertExpert adds a user to an expert database; a user already in one is EConflict.
func (tx *Tx) InsertExpert(ctx context.Context, e goumai.Expert) (int64, error) {
	sp, un, rel, err := expertJSON(e)
	if err != nil {
		return 0, err
	}
	key, err := tx.writeRow(ctx, "experts", `INSERT INTO experts (user_id, region, specialities, unavailable, relations, active, version, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, 1, $7)`, e.UserID, e.Region, sp, un, rel, e.Active, formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, expertWhat)
	}
	id, err := strconv.ParseInt(key, 10, 64)
	if err != nil {
		return 0, err
	}
	return id, tx.redecidePanelsOf(ctx, id) // ENG-F4 (redflags_private.go)
}

// UpdateExpert writes a profile at the version read; a stale version is EConflict.
func (tx *Tx) UpdateExpert(ctx context.Context, e goumai.Expert) error {
	sp, un, rel, err := expertJSON(e)
	if err != nil {
		return err
	}
	_, err = tx.writeRow(ctx, "experts", `UPDATE experts SET region = $1, specialities = $2, unavailable = $3, relations = $4, active = $5,
		version = version + 1, updated_at = $6 WHERE id = $7 AND version = $8`, e.Region, sp, un, rel, e.Active, formatTime(tx.now), e.ID, e.Version)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EStale, "专家信息已被他人修改，请刷新后重试", "the profile was changed meanwhile; reload and try again")
	}
	if err != nil {
		return interpretError(err, expertWhat)
	}
	return tx.redecidePanelsOf(ctx, e.ID) // ENG-F4 (redflags_private.go)
}

const expertFrom = ` FROM experts e JOIN users u ON u.id = e.user_id`

// Expert returns an expert by id.
func (tx *Tx) Expert(ctx context.Context, id int64) (goumai.Expert, error) {
	e, err := scanExpert(tx.queryRow(ctx, `SELECT `+expertCols+expertFrom+` WHERE e.id = $1`, id))
	return e, interpretError(err, expertWhat)
}

// ExpertOfUser returns a user's expert profile, or ENotFound.
func (s *Store) ExpertOfUser(ctx context.Context, userID int64) (goumai.Expert, error) {
	e, err := scanExpert(s.r.QueryRowContext(ctx, `SELECT `+expertCols+expertFrom+` WHERE e.user_id = $1`, userID))
	return e, interpretError(err, expertWhat)
}

// ExpertOfUser returns a user's expert profile inside the transaction, or ENotFound.
func (tx *Tx) ExpertOfUser(ctx context.Context, userID int64) (goumai.Expert, error) {
	e, err := scanExpert(tx.queryRow(ctx, `SELECT `+expertCols+expertFrom+` WHERE e.user_id = $1`, userID))
	return e, interpretError(err, expertWhat)
}

// Experts returns the experts of the databases in regions, by id.
func (tx *Tx) Experts(ctx context.Context, regions []string) ([]goumai.Expert, error) {
	q, args := expertsSQL(regions)
	return queryList(ctx, tx.tx, listExperts, scanExpert, q, args...)
}

// Experts returns the experts of the databases in regions, by id.
func (s *Store) Experts(ctx context.Context, regions []string) ([]goumai.Expert, error) {
	q, args := expertsSQL(regions)
	return queryList(ctx, s.r, listExperts, scanExpert, q, args...)
}

func expertsSQL(regions []string) (string, []any) {
	ph, args := make([]string, len(regions)), make([]any, len(regions))
	for i, r := range regions {
		ph[i], args[i] = "$"+strconv.Itoa(i+1), r
	}
	if len(regions) == 0 {
		ph, args = []string{"$1"}, []any{""}
	}
	return `SELECT ` + expertCols + expertFrom + ` WHERE e.region IN (` + joinComma(ph) + `) ORDER BY e.region, e.id`, args
}

var listExperts = registerList("Experts", func(s *Store) []listSample {
	q, args := expertsSQL([]string{"330000", "100000"})
	return []listSample{sample(q, args).wholeTable("an expert database is drawn from whole: the pool snapshot")}
})

var commitWhat = goumai.M("抽取承诺值", "draw commitment")

const commitCols = `id, procurement_id, party, org_id, user_id, hash, draw_id, committed_at`

func scanCommit(sc scanner) (goumai.DrawCommitment, error) {
	var c goumai.DrawCommitment
	var party, at string
	var draw sql.NullInt64
	if err := sc.Scan(&c.ID, &c.ProcurementID, &party, &c.OrgID, &c.UserID, &c.Hash, &draw, &at); err != nil {
		return c, err
	}
	c.Party, c.DrawID = goumai.DrawParty(party), draw.Int64
	var err error
	c.CommittedAt, err = parseTime(at)
	return c, err
}

// InsertDrawCommitment records a party's commitment; a party with an unused
// one for the procedure already is EConflict.
func (tx *Tx) InsertDrawCommitment(ctx context.Context, c goumai.DrawCommitment) (int64, error) {
	key, err := tx.writeRow(ctx, "draw_commitments", `INSERT INTO draw_commitments (procurement_id, party, org_id, user_id, hash, committed_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, c.ProcurementID, string(c.Party), c.OrgID, c.UserID, c.Hash, formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, commitWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// SupersedeCommitment sets a party's unused commitment for the procedure
// aside (draw_id 0), returning its id, or ENotFound when there is none: a
// party may commit again before the request.
func (tx *Tx) SupersedeCommitment(ctx context.Context, procurementID int64, party goumai.DrawParty) (int64, error) {
	key, err := tx.writeRow(ctx, "draw_commitments", `UPDATE draw_commitments SET draw_id = 0 WHERE procurement_id = $1 AND party = $2 AND draw_id IS NULL`,
		procurementID, string(party))
	if err != nil {
		return 0, interpretError(err, commitWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// UnusedCommitment returns a party's commitment for the procedure not yet used by a request, or ENotFound.
func (tx *Tx) UnusedCommitment(ctx context.Context, procurementID int64, party goumai.DrawParty) (goumai.DrawCommitment, error) {
	c, err := scanCommit(tx.queryRow(ctx, `SELECT `+commitCols+` FROM draw_commitments WHERE procurement_id = $1 AND party = $2 AND draw_id IS NULL`,
		procurementID, string(party)))
	return c, interpretError(err, commitWhat)
}

// UseCommitment binds a commitment to the request that uses it.
func (tx *Tx) UseCommitment(ctx context.Context, id, drawID int64) error {
	_, err := tx.writeRow(ctx, "draw_commitments", `UPDATE draw_commitments SET draw_id = $1 WHERE id = $2 AND draw_id IS NULL`, drawID, id)
	return interpretError(err, commitWhat)
}

// DrawCommitments returns a procedure's commitments, by id.
func (s *Store) DrawCommitments(ctx context.Context, procurementID int64) ([]goumai.DrawCommitment, error) {
	return queryList(ctx, s.r, listCommits, scanCommit, commitsSQL, procurementID)
}

const commitsSQL = `SELECT ` + commitCols + ` FROM draw_commitments WHERE procurement_id = $1 ORDER BY procurement_id, id`

var listCommits = registerList("DrawCommitments", func(s *Store) []listSample {
	return []listSample{sample(commitsSQL, []any{7})}
})

var drawWhat = goumai.M("专家抽取", "panel draw")

const drawCols = `id, procurement_id, region, status, evaluation_at, speciality, count, panel_size, replaces_member_id, pool, exclusions,
	supervisor_commit_id, supervisor_hash, organizer_commit_id, organizer_hash, supervisor_secret, organizer_secret, reveal_by, seed, checkpoint,
	drawn, requested_by, requested_at, drawn_at, purchaser_reps`

func scanDraw(sc scanner) (goumai.PanelDraw, error) {
	var d goumai.PanelDraw
	var status, eval, pool, excl, revealBy, drawn, reqAt string
	var replaces sql.NullInt64
	var drawnAt sql.NullString
	if err := sc.Scan(&d.ID, &d.ProcurementID, &d.Region, &status, &eval, &d.Speciality, &d.Count, &d.PanelSize, &replaces, &pool, &excl,
		&d.SupervisorCommitID, &d.SupervisorHash, &d.OrganizerCommitID, &d.OrganizerHash, &d.SupervisorSecret, &d.OrganizerSecret, &revealBy,
		&d.Seed, &d.Checkpoint, &drawn, &d.RequestedBy, &reqAt, &drawnAt, &d.PurchaserReps); err != nil {
		return d, err
	}
	d.Status, d.ReplacesMemberID = goumai.DrawStatus(status), replaces.Int64
	for _, f := range []struct {
		s string
		v any
	}{{pool, &d.Pool}, {excl, &d.Exclusions}, {drawn, &d.Drawn}} {
		if err := json.Unmarshal([]byte(f.s), f.v); err != nil {
			return d, fmt.Errorf("draw %d: %w", d.ID, err)
		}
	}
	var err error
	for _, f := range []struct {
		s string
		t *time.Time
	}{{eval, &d.EvaluationAt}, {revealBy, &d.RevealBy}, {reqAt, &d.RequestedAt}} {
		if *f.t, err = parseTime(f.s); err != nil {
			return d, err
		}
	}
	d.DrawnAt, err = parseNullTime(drawnAt)
	return d, err
}

// InsertDraw records a draw's request at the transaction's time; a second
// open request for the procedure is EConflict.
func (tx *Tx) InsertDraw(ctx context.Context, d goumai.PanelDraw) (int64, error) {
	pool, err := jsonText(nonNil(d.Pool))
	if err != nil {
		return 0, err
	}
	excl, err := jsonText(nonNil(d.Exclusions))
	if err != nil {
		return 0, err
	}
	key, err := tx.writeRow(ctx, "panel_draws", `INSERT INTO panel_draws (procurement_id, region, status, evaluation_at, speciality, count, panel_size,
		replaces_member_id, pool, exclusions, supervisor_commit_id, supervisor_hash, organizer_commit_id, organizer_hash, reveal_by, requested_by, requested_at,
		purchaser_reps)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)`,
		d.ProcurementID, d.Region, string(goumai.DrawRequested), formatTime(d.EvaluationAt), d.Speciality, d.Count, d.PanelSize,
		nullInt(d.ReplacesMemberID), pool, excl, d.SupervisorCommitID, d.SupervisorHash, d.OrganizerCommitID, d.OrganizerHash,
		formatTime(d.RevealBy), d.RequestedBy, formatTime(tx.now), d.PurchaserReps)
	if err != nil {
		return 0, interpretError(err, drawWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// RevealDrawSecret stores a party's revealed secret on a requested draw.
func (tx *Tx) RevealDrawSecret(ctx context.Context, id int64, party goumai.DrawParty, secret string) error {
	col := "organizer_secret"
	if party == goumai.PartySupervisor {
		col = "supervisor_secret"
	}
	_, err := tx.writeRow(ctx, "panel_draws", `UPDATE panel_draws SET `+col+` = $1 WHERE id = $2 AND status = $3 AND `+col+` = ''`,
		secret, id, string(goumai.DrawRequested))
	return interpretError(err, drawWhat)
}

// FinishDraw records a requested draw's result (status drawn, or void with no seed).
func (tx *Tx) FinishDraw(ctx context.Context, d goumai.PanelDraw) error {
	drawn, err := jsonText(nonNil(d.Drawn))
	if err != nil {
		return err
	}
	_, err = tx.writeRow(ctx, "panel_draws", `UPDATE panel_draws SET status = $1, seed = $2, checkpoint = $3, drawn = $4, drawn_at = $5
		WHERE id = $6 AND status = $7`, string(d.Status), d.Seed, d.Checkpoint, drawn, formatTime(tx.now), d.ID, string(goumai.DrawRequested))
	return interpretError(err, drawWhat)
}

// Draw returns a draw by id, inside the transaction.
func (tx *Tx) Draw(ctx context.Context, id int64) (goumai.PanelDraw, error) {
	d, err := scanDraw(tx.queryRow(ctx, `SELECT `+drawCols+` FROM panel_draws WHERE id = $1`, id))
	return d, interpretError(err, drawWhat)
}

// Draw returns a draw by id.
func (s *Store) Draw(ctx context.Context, id int64) (goumai.PanelDraw, error) {
	d, err := scanDraw(s.r.QueryRowContext(ctx, `SELECT `+drawCols+` FROM panel_draws WHERE id = $1`, id))
	return d, interpretError(err, drawWhat)
}

// Draws returns a procedure's draws, by id.
func (s *Store) Draws(ctx context.Context, procurementID int64) ([]goumai.PanelDraw, error) {
	return queryList(ctx, s.r, listDraws, scanDraw, drawsSQL, procurementID)
}

// Draws returns a procedure's draws inside the transaction, by id.
func (tx *Tx) Draws(ctx context.Context, procurementID int64) ([]goumai.PanelDraw, error) {
	return queryList(ctx, tx.tx, listDraws, scanDraw, drawsSQL, procurementID)
}

const drawsSQL = `SELECT ` + drawCols + ` FROM panel_draws WHERE procurement_id = $1 ORDER BY procurement_id, id`

var listDraws = registerList("Draws", func(s *Store) []listSample {
	return []listSample{sample(drawsSQL, []any{7})}
})

// FirstCheckpointAfter returns the signed note of the first checkpoint whose
// tree includes leaf (size > leaf), or ENotFound when none is signed yet.
func (s *Store) FirstCheckpointAfter(ctx context.Context, leaf int64) ([]byte, error) {
	return firstCheckpointAfter(ctx, s.r, leaf)
}

// FirstCheckpointAfter is the same inside the transaction.
func (tx *Tx) FirstCheckpointAfter(ctx context.Context, leaf int64) ([]byte, error) {
	return firstCheckpointAfter(ctx, tx.tx, leaf)
}

func firstCheckpointAfter(ctx context.Context, q querier, leaf int64) ([]byte, error) {
	var note string
	err := q.QueryRowContext(ctx, `SELECT note FROM log_checkpoints WHERE size > $1 AND note <> '' ORDER BY size LIMIT 1`, leaf).Scan(&note)
	return []byte(note), interpretError(err, goumai.M("检查点", "checkpoint"))
}

// PanelMemberProcurement returns the procedure of a panel member, or ENotFound.
func (tx *Tx) PanelMemberProcurement(ctx context.Context, memberID int64) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `SELECT procurement_id FROM panel_members WHERE id = $1`, memberID).Scan(&id)
	return id, interpretError(err, memberWhat)
}
