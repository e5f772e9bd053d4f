package workflow

import (
	"errors"
	"fmt"
	"time"

	"github.com/goumai/goumai/sqlstore"
)

// tickPage is how many due objects a ticker reads at a time.
const tickPage = 100

// tickDue is the loop of every ticker: it pages through the objects due (list,
// in (due time, id) order after a cursor), applies one to each in turn and
// returns how many moved. One object that fails does not hold up the others:
// the failures are returned together, each naming its object (what, id).
func tickDue[T any](what string, list func(cur sqlstore.DueCursor, limit int) ([]T, error),
	key func(T) (int64, time.Time), one func(T) (bool, error)) (int, error) {
	moved := 0
	var cur sqlstore.DueCursor
	var errs []error
	for {
		due, err := list(cur, tickPage)
		if err != nil {
			return moved, errors.Join(append(errs, err)...)
		}
		for _, d := range due {
			id, at := key(d)
			ok, err := one(d)
			if err != nil {
				errs = append(errs, fmt.Errorf("tick %s %d: %w", what, id, err))
			}
			if ok {
				moved++
			}
			cur = sqlstore.DueCursor{Due: at, ID: id}
		}
		if len(due) < tickPage {
			return moved, errors.Join(errs...)
		}
	}
}
