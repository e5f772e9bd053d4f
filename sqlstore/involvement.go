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
	id := fmt.Sprint(objectID)
	type act struct {
		user   int64
		action string
	}
	acts, err := queryList(ctx, q, listObjectActors, func(sc scanner) (act, error) {
		var user sql.NullInt64
		var a act
		err := sc.Scan(&user, &a.action)
		a.user = user.Int64
		return a, err
	}, objectActorsSQL, objectType, id)
	if err != nil {
		return nil, fmt.Errorf("involvement in %s %v: %w", objectType, objectID, err)
	}
	v := &goumai.Involvement{}
	for _, a := range acts {
		if slices.Contains(actions, a.action) {
			v.Drafted(a.user)
		}
	}
	users, err := queryList(ctx, q, listItemDrafters, scanInt64, itemDraftersSQL, objectType, id)
	if err != nil {
		return nil, fmt.Errorf("drafters of %s %v: %w", objectType, objectID, err)
	}
	for _, u := range users {
		v.Drafted(u)
	}
	return v, nil
}

const (
	objectActorsSQL = `SELECT actor_user_id, action FROM events WHERE object_type = $1 AND object_id = $2 ORDER BY id`
	itemDraftersSQL = `SELECT user_id FROM item_drafters WHERE object_type = $1 AND object_id = $2 ORDER BY id`
)

var (
	listObjectActors = registerList("Drafters (events)", func(s *Store) []listSample {
		return []listSample{sample(objectActorsSQL, []any{"budget_transfers", "7"})}
	})
	listItemDrafters = registerList("Drafters (item_drafters)", func(s *Store) []listSample {
		return []listSample{sample(itemDraftersSQL, []any{"catalog_versions", "7"}).sorted("one item's drafters")}
	})
)
