package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/goumai/goumai"
)

func init() {
	registerTable(table{name: "security_alerts", key: "id", cols: []column{{"id", colInt}, {"user_id", colInt}, {"kind", colText},
		{"failures", colInt}, {"raised_at", colText}, {"status", colText}, {"closed_by", colNullInt}, {"closed_at", colNullText}}})
}

var alertWhat = goumai.M("安全警报", "security alert")

const alertCols = `a.id, a.user_id, u.username, a.kind, a.failures, a.raised_at, a.status, a.closed_by, a.closed_at`

const alertFrom = ` FROM security_alerts a JOIN users u ON u.id = a.user_id`

func scanAlert(sc scanner) (goumai.SecurityAlert, error) {
	var a goumai.SecurityAlert
	var raised, status string
	var by sql.NullInt64
	var closed sql.NullString
	if err := sc.Scan(&a.ID, &a.UserID, &a.Username, &a.Kind, &a.Failures, &raised, &status, &by, &closed); err != nil {
		return a, err
	}
	a.Status, a.ClosedBy = goumai.AlertStatus(status), by.Int64
	var err error
	if a.RaisedAt, err = parseTime(raised); err != nil {
		return a, err
	}
	if closed.Valid {
		t, err := parseTime(closed.String)
		if err != nil {
			return a, err
		}
		a.ClosedAt = &t
	}
	return a, nil
}

// InsertAlert raises an open alert now and returns its id; the caller records the event.
func (tx *Tx) InsertAlert(ctx context.Context, a goumai.SecurityAlert) (int64, error) {
	key, err := tx.writeRow(ctx, "security_alerts", `INSERT INTO security_alerts (user_id, kind, failures, raised_at, status)
		VALUES ($1, $2, $3, $4, $5)`, a.UserID, a.Kind, a.Failures, formatTime(tx.now), string(goumai.AlertOpen))
	if err != nil {
		return 0, interpretError(err, alertWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// OpenAlertFor reports whether the user has an open alert of kind.
func (tx *Tx) OpenAlertFor(ctx context.Context, userID int64, kind string) (bool, error) {
	var n int
	err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM security_alerts WHERE user_id = $1 AND kind = $2 AND status = $3`,
		userID, kind, string(goumai.AlertOpen)).Scan(&n)
	return n > 0, err
}

// Alert returns one alert.
func (tx *Tx) Alert(ctx context.Context, id int64) (goumai.SecurityAlert, error) {
	a, err := scanAlert(tx.tx.QueryRowContext(ctx, `SELECT `+alertCols+alertFrom+` WHERE a.id = $1`, id))
	return a, interpretError(err, alertWhat)
}

// CloseAlert closes an open alert now.
func (tx *Tx) CloseAlert(ctx context.Context, id, by int64) error {
	_, err := tx.writeRow(ctx, "security_alerts", `UPDATE security_alerts SET status = $1, closed_by = $2, closed_at = $3 WHERE id = $4 AND status = $5`,
		string(goumai.AlertClosed), nullInt(by), formatTime(tx.now), id, string(goumai.AlertOpen))
	return interpretError(err, alertWhat)
}

// Alert returns one alert.
func (s *Store) Alert(ctx context.Context, id int64) (goumai.SecurityAlert, error) {
	a, err := scanAlert(s.r.QueryRowContext(ctx, `SELECT `+alertCols+alertFrom+` WHERE a.id = $1`, id))
	return a, interpretError(err, alertWhat)
}

// OpenAlerts lists the open alerts, oldest first (there are few: at most one
// open alert per account and kind).
func (s *Store) OpenAlerts(ctx context.Context, limit int) ([]goumai.SecurityAlert, error) {
	if limit <= 0 || limit > 500 {
		limit = 200
	}
	return queryList(ctx, s.r, listOpenAlerts, scanAlert, openAlertsSQL, string(goumai.AlertOpen), limit)
}

const openAlertsSQL = `SELECT ` + alertCols + alertFrom + ` WHERE a.status = $1 ORDER BY a.id LIMIT $2`

var listOpenAlerts = registerList("OpenAlerts", func(s *Store) []listSample {
	return []listSample{sample(openAlertsSQL, []any{string(goumai.AlertOpen), 200}).sorted("the open alerts: at most one per account and kind")}
})
