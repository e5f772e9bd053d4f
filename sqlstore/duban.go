package sqlstore

import (
	"context"
	"time"

	"github.com/goumai/goumai"
)

// 督办 notices (migration 0073, issue 13 item 4).

func init() {
	registerTable(table{name: "duban_notices", key: "id", cols: []column{{"id", colInt}, {"region", colText}, {"issuer", colText}, {"body", colText},
		{"days", colInt}, {"due_at", colText}, {"answer", colText}, {"opinion", colText}, {"status", colText}, {"issued_by", colNullInt},
		{"issued_at", colText}, {"version", colInt}}})
}

var dubanWhat = goumai.M("督办通知", "supervision notice")

const dubanCols = `id, region, issuer, body, days, due_at, answer, opinion, status, version, issued_at`

func scanDuban(sc scanner) (goumai.Duban, error) {
	var d goumai.Duban
	var status, due, at string
	if err := sc.Scan(&d.ID, &d.Region, &d.Issuer, &d.Text, &d.Days, &due, &d.Answer, &d.Opinion, &status, &d.Version, &at); err != nil {
		return d, err
	}
	d.Status = goumai.DubanStatus(status)
	return d, scanTimes(map[*time.Time]string{&d.DueAt: due, &d.IssuedAt: at}, nil)
}

const (
	dubansToSQL   = `SELECT ` + dubanCols + ` FROM duban_notices WHERE region = $1 ORDER BY region DESC, id DESC LIMIT $2`
	dubansFromSQL = `SELECT ` + dubanCols + ` FROM duban_notices WHERE issuer = $1 ORDER BY issuer DESC, id DESC LIMIT $2`
)

var (
	listDubansTo   = registerList("DubansTo", func(s *Store) []listSample { return []listSample{sample(dubansToSQL, []any{"330106", 50})} })
	listDubansFrom = registerList("DubansFrom", func(s *Store) []listSample { return []listSample{sample(dubansFromSQL, []any{"330100", 50})} })
)

// DubansTo returns the notices a region received, newest first.
func (s *Store) DubansTo(ctx context.Context, region string, limit int) ([]goumai.Duban, error) {
	return queryList(ctx, s.r, listDubansTo, scanDuban, dubansToSQL, region, limit)
}

// DubansFrom returns the notices a region issued, newest first.
func (s *Store) DubansFrom(ctx context.Context, issuer string, limit int) ([]goumai.Duban, error) {
	return queryList(ctx, s.r, listDubansFrom, scanDuban, dubansFromSQL, issuer, limit)
}

// Duban returns one notice.
func (s *Store) Duban(ctx context.Context, id int64) (goumai.Duban, error) {
	d, err := scanDuban(s.r.QueryRowContext(ctx, `SELECT `+dubanCols+` FROM duban_notices WHERE id = $1`, id))
	return d, interpretError(err, dubanWhat)
}

// Duban returns one notice inside the transaction.
func (tx *Tx) Duban(ctx context.Context, id int64) (goumai.Duban, error) {
	d, err := scanDuban(tx.queryRow(ctx, `SELECT `+dubanCols+` FROM duban_notices WHERE id = $1`, id))
	return d, interpretError(err, dubanWhat)
}

// InsertDuban adds an issued notice and returns its id.
func (tx *Tx) InsertDuban(ctx context.Context, d goumai.Duban, by int64) (int64, error) {
	return tx.insertRow(ctx, "duban_notices", dubanWhat, `INSERT INTO duban_notices (region, issuer, body, days, due_at, answer, opinion, status,
		issued_by, issued_at, version) VALUES ($1, $2, $3, $4, $5, '', '', $6, $7, $8, 1)`,
		d.Region, d.Issuer, d.Text, d.Days, formatTime(d.DueAt), string(d.Status), nullID(by), formatTime(tx.now))
}

// UpdateDuban writes a notice's answer, opinion and state if its version is
// still d.Version (EStale otherwise).
func (tx *Tx) UpdateDuban(ctx context.Context, d goumai.Duban) error {
	_, err := tx.writeRow(ctx, "duban_notices", `UPDATE duban_notices SET answer = $1, opinion = $2, status = $3, version = version + 1
		WHERE id = $4 AND version = $5`, d.Answer, d.Opinion, string(d.Status), d.ID, d.Version)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EStale, "督办通知已被他人修改，请刷新后重试", "the notice changed meanwhile; reload and try again")
	}
	return err
}
