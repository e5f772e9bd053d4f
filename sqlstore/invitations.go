package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

func init() {
	registerTable(table{name: "invitations", key: "id", cols: []column{{"id", colInt}, {"org_id", colInt}, {"username", colText},
		{"user_id", colNullInt}, {"role", colText}, {"invited_by", colNullInt}, {"status", colText}, {"created_at", colText},
		{"expires_at", colText}, {"decided_at", colNullText}}})
}

var invitationWhat = goumai.M("邀请", "invitation")

const invitationCols = `i.id, i.org_id, i.username, i.user_id, i.role, i.invited_by, i.status, i.created_at, i.expires_at, i.decided_at`

// InvitationView is an invitation with its organisation's name.
type InvitationView struct {
	goumai.Invitation
	OrgName string `json:"org_name"`
}

func scanInvitation(sc scanner, extra ...any) (goumai.Invitation, error) {
	var i goumai.Invitation
	var user, by sql.NullInt64
	var role, status, created, expires string
	var decided sql.NullString
	dest := append([]any{&i.ID, &i.OrgID, &i.Username, &user, &role, &by, &status, &created, &expires, &decided}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return i, err
	}
	i.UserID, i.InvitedBy, i.Role, i.Status = user.Int64, by.Int64, goumai.Role(role), goumai.InvitationStatus(status)
	var err error
	if i.CreatedAt, err = parseTime(created); err != nil {
		return i, err
	}
	if i.ExpiresAt, err = parseTime(expires); err != nil {
		return i, err
	}
	if decided.Valid {
		t, err := parseTime(decided.String)
		if err != nil {
			return i, err
		}
		i.DecidedAt = &t
	}
	return i, nil
}

func scanInvitationView(sc scanner) (InvitationView, error) {
	var v InvitationView
	var err error
	v.Invitation, err = scanInvitation(sc, &v.OrgName)
	return v, err
}

// InsertInvitation stores a pending invitation made now and returns its id; the
// caller records the event.
func (tx *Tx) InsertInvitation(ctx context.Context, i goumai.Invitation) (int64, error) {
	key, err := tx.writeRow(ctx, "invitations", `INSERT INTO invitations (org_id, username, user_id, role, invited_by, status, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, i.OrgID, i.Username, nullInt(i.UserID), string(i.Role), nullInt(i.InvitedBy),
		string(goumai.InvitationPending), formatTime(tx.now), formatTime(i.ExpiresAt))
	if err != nil {
		return 0, interpretError(err, invitationWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// Invitation returns one invitation.
func (tx *Tx) Invitation(ctx context.Context, id int64) (goumai.Invitation, error) {
	i, err := scanInvitation(tx.tx.QueryRowContext(ctx, `SELECT `+invitationCols+` FROM invitations i WHERE i.id = $1`, id))
	return i, interpretError(err, invitationWhat)
}

// SetInvitationStatus moves a pending invitation to a final state, decided now.
func (tx *Tx) SetInvitationStatus(ctx context.Context, id int64, to goumai.InvitationStatus) error {
	_, err := tx.writeRow(ctx, "invitations", `UPDATE invitations SET status = $1, decided_at = $2 WHERE id = $3 AND status = $4`,
		string(to), formatTime(tx.now), id, string(goumai.InvitationPending))
	return interpretError(err, invitationWhat)
}

// OpenInvitation reports whether an open invitation of username into org in role exists at now.
func (tx *Tx) OpenInvitation(ctx context.Context, orgID int64, username string, role goumai.Role) (bool, error) {
	var n int
	err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM invitations WHERE org_id = $1 AND username = $2 AND role = $3
		AND status = $4 AND expires_at > $5`, orgID, username, string(role), string(goumai.InvitationPending), formatTime(tx.now)).Scan(&n)
	return n > 0, err
}

// InvitationFilter selects invitations: those of an organisation, or those
// addressed to a user; Open keeps only those still open at that time.
type InvitationFilter struct {
	OrgID  int64
	UserID int64
	Open   time.Time
	Limit  int
}

// FindInvitations lists invitations, newest first.
func (s *Store) FindInvitations(ctx context.Context, f InvitationFilter) ([]InvitationView, error) {
	query, args := invitationsSQL(f)
	return queryList(ctx, s.r, listInvitations, scanInvitationView, query, args...)
}

var listInvitations = registerList("FindInvitations", func(s *Store) []listSample {
	return []listSample{
		sample(invitationsSQL(InvitationFilter{OrgID: 7})).sorted("one organisation's invitations"),
		sample(invitationsSQL(InvitationFilter{UserID: 7, Open: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)})).sorted("one user's invitations"),
	}
})

// invitationsSQL builds FindInvitations' query.
func invitationsSQL(f InvitationFilter) (string, []any) {
	var w where
	if f.OrgID != 0 {
		w.add("i.org_id = $%d", f.OrgID)
	}
	if f.UserID != 0 {
		w.add("i.user_id = $%d", f.UserID)
	}
	if !f.Open.IsZero() {
		w.add("i.status = $%d", string(goumai.InvitationPending))
		w.add("i.expires_at > $%d", formatTime(f.Open))
	}
	limit := w.limit(f.Limit, 100, 200)
	return `SELECT ` + invitationCols + `, o.name FROM invitations i JOIN orgs o ON o.id = i.org_id
		WHERE ` + w.sql() + ` ORDER BY i.id DESC LIMIT ` + limit, w.args
}
