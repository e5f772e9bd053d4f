package sqlstore

import (
	"context"
	"database/sql"
	"errors"
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

// LoginFailures returns the failures counted for key in the window that started
// after since.
func (s *Store) LoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT failures FROM login_attempts WHERE key = $1 AND window_start > $2`, key, formatTime(since)).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return n, err
}

// AddLoginFailure counts a failed login for key, starting a new window at now if
// the last one began before since.
func (s *Store) AddLoginFailure(ctx context.Context, key string, now, since time.Time) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO login_attempts (key, window_start, failures) VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
		  failures = CASE WHEN login_attempts.window_start > $3 THEN login_attempts.failures + 1 ELSE 1 END,
		  window_start = CASE WHEN login_attempts.window_start > $3 THEN login_attempts.window_start ELSE $2 END`,
		key, formatTime(now), formatTime(since))
	return err
}

// ClearLoginFailures forgets the failures of key after a successful login.
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM login_attempts WHERE key = $1`, key)
	return err
}
