package sqlstore

import (
	"context"
	"encoding/json"
)

// PublishStateAt is what the publisher's lookup reads inside tx for an event
// at leaf index at: the object's state as the log recorded it then.
func PublishStateAt(ctx context.Context, tx *Tx, at int64, table string, key any) (json.RawMessage, error) {
	return txLookup{tx: tx, at: at}.State(ctx, table, key)
}
