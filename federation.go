package goumai

import (
	"encoding/json"
	"strings"
)

// Federation (DESIGN §8): each jurisdiction runs its own instance and
// publishes its public events; the centre adds up what the provinces publish.

// StatOf is how a public event counts in the national statistics, the same
// for an instance's own log and for the events it receives: every public
// event counts once under its action and region, with the amount of its
// object when the object has one (fen); the log's own bookkeeping (log.*)
// does not count.
func StatOf(e Event) (amount int64, counts bool) {
	if !e.Public || strings.HasPrefix(e.Action, "log.") {
		return 0, false
	}
	var s struct {
		Amount json.Number `json:"amount"`
	}
	if json.Unmarshal(e.State, &s) == nil && s.Amount != "" {
		if n, err := s.Amount.Int64(); err == nil {
			amount = n
		}
	}
	return amount, true
}
