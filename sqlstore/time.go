package sqlstore

import (
	"fmt"
	"time"
)

// timeLayout is goumai's one stored time encoding on both databases: UTC,
// microseconds, fixed width, so that text order is time order.
const timeLayout = "2006-01-02T15:04:05.000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s, err)
	}
	return t, nil
}
