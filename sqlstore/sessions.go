package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/goumai/goumai"
)

// Session is a signed-in browser session or API token. Only the SHA-256 of the
// token is stored.
type Session struct {
	ID        string // hex SHA-256 of the token
	Kind      string // "web" or "api"
	UserID    int64
	OrgID     int64 // the organisation the user currently acts for
	CSRF      string
	Lang      string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// CreateSession stores a session.
func (s *Store) CreateSession(ctx context.Context, ss Session) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO sessions (id, kind, user_id, org_id, csrf, lang, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, ss.ID, ss.Kind, ss.UserID, nullInt(ss.OrgID), ss.CSRF, ss.Lang,
		formatTime(ss.CreatedAt), formatTime(ss.ExpiresAt))
	return err
}

// Session returns an unexpired session by id.
func (s *Store) Session(ctx context.Context, id string, now time.Time) (Session, error) {
	var ss Session
	var org sql.NullInt64
	var created, expires string
	err := s.r.QueryRowContext(ctx, `SELECT id, kind, user_id, org_id, csrf, lang, created_at, expires_at FROM sessions
		WHERE id = $1 AND expires_at > $2`, id, formatTime(now)).Scan(&ss.ID, &ss.Kind, &ss.UserID, &org, &ss.CSRF, &ss.Lang, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return ss, goumai.Errorf(goumai.EUnauthorized, "登录已过期，请重新登录", "your session has expired, please sign in again")
	}
	if err != nil {
		return ss, err
	}
	ss.OrgID = org.Int64
	ss.CreatedAt, _ = parseTime(created)
	ss.ExpiresAt, _ = parseTime(expires)
	return ss, nil
}

// UpdateSession changes a session's acting organisation, language and expiry.
func (s *Store) UpdateSession(ctx context.Context, ss Session) error {
	_, err := s.w.ExecContext(ctx, `UPDATE sessions SET org_id = $1, lang = $2, expires_at = $3 WHERE id = $4`,
		nullInt(ss.OrgID), ss.Lang, formatTime(ss.ExpiresAt), ss.ID)
	return err
}

// DeleteSession signs a session out.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, id)
	return err
}

// DeleteExpiredSessions removes sessions that expired before now.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, formatTime(now))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// DeleteUserSessions ends every session and API token of a user but keep (the
// hex id of the session to keep, or "" for none), in the transaction of the
// change that requires it (a password change, reset or deactivation).
func (tx *Tx) DeleteUserSessions(ctx context.Context, userID int64, keep string) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, userID, keep)
	if err != nil {
		return 0, fmt.Errorf("end sessions of user %d: %w", userID, err)
	}
	return res.RowsAffected()
}
