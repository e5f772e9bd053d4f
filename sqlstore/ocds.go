package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/ocds/publish"
)

func init() { appendHooks = append(appendHooks, publishReleases) }

// publishReleases writes the OCDS releases of the transaction's public events,
// keyed by their leaf indices, in the transaction that appends them.
func publishReleases(ctx context.Context, tx *Tx, events []goumai.Event) error {
	for _, e := range events {
		if !e.Public || !publish.Published(e.Action) {
			continue
		}
		rs, err := tx.s.pub.Releases(ctx, txLookup{tx}, e)
		if err != nil {
			return err
		}
		for _, r := range rs {
			if err := tx.insertRelease(ctx, r); err != nil {
				return err
			}
		}
	}
	return nil
}

func (tx *Tx) insertRelease(ctx context.Context, r publish.Release) error {
	d := r.Date.In(publish.China)
	_, err := tx.tx.ExecContext(ctx, `INSERT INTO ocds_releases (log_index, ocid, release_id, date, tags, region, year, body)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		r.LogIndex, r.OCID, r.ID, d.Format(publish.DateLayout), strings.Join(r.Tags, " "), r.Region, d.Year(), string(r.Body))
	if err != nil {
		return fmt.Errorf("ocds release of event %d: %w", r.LogIndex, err)
	}
	return nil
}

// txLookup reads audited rows' states inside the transaction for the publisher.
type txLookup struct{ tx *Tx }

func (l txLookup) State(ctx context.Context, table string, key any) (json.RawMessage, error) {
	t, ok := tableByName(table)
	if !ok {
		return nil, fmt.Errorf("publish: %s is not an audited table", table)
	}
	state, err := rowState(ctx, l.tx.tx, t, key)
	if err != nil || state == nil {
		return nil, err
	}
	return json.RawMessage(state), nil
}
