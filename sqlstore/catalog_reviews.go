package sqlstore

import (
	"context"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

// CatalogReview is one step of a version's approval trail (REQ-C2): who did
// what, when, with which opinion.
type CatalogReview struct {
	ID        int64     `json:"id"`
	VersionID int64     `json:"version_id"`
	Action    string    `json:"action"` // create, submit, return, publish
	Actor     string    `json:"actor"`
	ActorName string    `json:"actor_name"`
	OrgName   string    `json:"org_name"`
	Opinion   string    `json:"opinion"`
	At        time.Time `json:"at"`
}

// InsertCatalogReview appends a trail step and returns its id; the caller records the event.
func (tx *Tx) InsertCatalogReview(ctx context.Context, r CatalogReview) (int64, error) {
	key, err := tx.writeRow(ctx, "catalog_reviews", `INSERT INTO catalog_reviews (version_id, action, actor, actor_name, org_name, opinion, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, r.VersionID, r.Action, r.Actor, r.ActorName, r.OrgName, r.Opinion, formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, goumai.M("审核记录", "review record"))
	}
	return strconv.ParseInt(key, 10, 64)
}

// CatalogReviews returns a version's trail, oldest first.
func (s *Store) CatalogReviews(ctx context.Context, version int64) ([]CatalogReview, error) {
	return queryList(ctx, s.r, listCatalogReviews, func(sc scanner) (CatalogReview, error) {
		var r CatalogReview
		var at string
		if err := sc.Scan(&r.ID, &r.VersionID, &r.Action, &r.Actor, &r.ActorName, &r.OrgName, &r.Opinion, &at); err != nil {
			return r, err
		}
		var err error
		r.At, err = parseTime(at)
		return r, err
	}, catalogReviewsSQL, version)
}

const catalogReviewsSQL = `SELECT id, version_id, action, actor, actor_name, org_name, opinion, at
	FROM catalog_reviews WHERE version_id = $1 ORDER BY id`

var listCatalogReviews = registerList("CatalogReviews", func(s *Store) []listSample {
	return []listSample{sample(catalogReviewsSQL, []any{7})}
})

// LastCatalogReview returns the latest step of a version's trail (zero if none).
func (s *Store) LastCatalogReview(ctx context.Context, version int64) (CatalogReview, error) {
	rs, err := s.CatalogReviews(ctx, version)
	if err != nil || len(rs) == 0 {
		return CatalogReview{}, err
	}
	return rs[len(rs)-1], nil
}
