package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/goumai/goumai"
)

// Published compliance rankings (migration 0072, issue 13 item 4).

func init() {
	registerTable(table{name: "compliance_rankings", key: "id", cols: []column{{"id", colInt}, {"region", colText}, {"period_from", colText},
		{"period_to", colText}, {"ranking", colJSON}, {"published_by", colNullInt}, {"published_at", colText}}})
}

var rankingWhat = goumai.M("合规排名", "compliance ranking")

const rankingCols = `id, region, period_from, period_to, ranking, published_by, published_at`

func scanRanking(sc scanner) (goumai.PublishedRanking, error) {
	var p goumai.PublishedRanking
	var rank, at string
	var by sql.NullInt64
	if err := sc.Scan(&p.ID, &p.Region, &p.Period.From, &p.Period.To, &rank, &by, &at); err != nil {
		return p, err
	}
	p.PublishedBy = by.Int64
	if err := json.Unmarshal([]byte(rank), &p.Ranking); err != nil {
		return p, err
	}
	return p, scanTimes(map[*time.Time]string{&p.PublishedAt: at}, nil)
}

const rankingsSQL = `SELECT ` + rankingCols + ` FROM compliance_rankings WHERE region = $1 ORDER BY region DESC, id DESC LIMIT $2`

var listRankings = registerList("ComplianceRankings", func(s *Store) []listSample { return []listSample{sample(rankingsSQL, []any{"330100", 50})} })

// ComplianceRankings returns the rankings a region published, newest first.
func (s *Store) ComplianceRankings(ctx context.Context, region string, limit int) ([]goumai.PublishedRanking, error) {
	return queryList(ctx, s.r, listRankings, scanRanking, rankingsSQL, region, limit)
}

// ComplianceRanking returns one published ranking.
func (s *Store) ComplianceRanking(ctx context.Context, id int64) (goumai.PublishedRanking, error) {
	p, err := scanRanking(s.r.QueryRowContext(ctx, `SELECT `+rankingCols+` FROM compliance_rankings WHERE id = $1`, id))
	return p, interpretError(err, rankingWhat)
}

// InsertComplianceRanking stores a published ranking (frozen) and returns its id.
func (tx *Tx) InsertComplianceRanking(ctx context.Context, p goumai.PublishedRanking) (int64, error) {
	rank, err := jsonList(p.Ranking)
	if err != nil {
		return 0, err
	}
	return tx.insertRow(ctx, "compliance_rankings", rankingWhat, `INSERT INTO compliance_rankings (region, period_from, period_to, ranking,
		published_by, published_at) VALUES ($1, $2, $3, $4, $5, $6)`, p.Region, p.Period.From, p.Period.To, rank, nullID(p.PublishedBy), formatTime(tx.now))
}
