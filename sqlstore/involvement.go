package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/goumai/goumai"
)

// Drafters returns the users who recorded one of the given actions on one
// object, from its events, and those registered as its drafters (AddDrafter):
// the history that separation of duties reads (goumai.Involvement). The
// events_object index and item_drafters' unique key serve it.
func (s *Store) Drafters(ctx context.Context, objectType string, objectID any, actions ...string) (*goumai.Involvement, error) {
	return drafters(ctx, s.r, objectType, objectID, actions)
}

// Drafters is Store.Drafters inside the transaction.
func (tx *Tx) Drafters(ctx context.Context, objectType string, objectID any, actions ...string) (*goumai.Involvement, error) {
	return drafters(ctx, tx.tx, objectType, objectID, actions)
}

func drafters(ctx context.Context, q querier, objectType string, objectID any, actions []string) (*goumai.Involvement, error) {
	rows, err := q.QueryContext(ctx, `SELECT actor_user_id, action FROM events WHERE object_type = $1 AND object_id = $2 ORDER BY id`,
		objectType, fmt.Sprint(objectID))
	if err != nil {
		return nil, fmt.Errorf("involvement in %s %v: %w", objectType, objectID, err)
	}
	defer rows.Close()
	v := &goumai.Involvement{}
	for rows.Next() {
		var user sql.NullInt64
		var action string
		if err := rows.Scan(&user, &action); err != nil {
			return nil, err
		}
		if slices.Contains(actions, action) {
			v.Drafted(user.Int64)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	users, err := queryList(ctx, q, func(sc scanner) (int64, error) {
		var u int64
		return u, sc.Scan(&u)
	}, `SELECT user_id FROM item_drafters WHERE object_type = $1 AND object_id = $2 ORDER BY id`, objectType, fmt.Sprint(objectID))
	if err != nil {
		return nil, fmt.Errorf("drafters of %s %v: %w", objectType, objectID, err)
	}
	for _, u := range users {
		v.Drafted(u)
	}
	return v, nil
}
