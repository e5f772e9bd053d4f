// Package workflow holds goumai's use cases: one method per action a person
// takes. Each checks who may do it (goumai.Policy), validates the input with the
// domain's rules, and writes through the store in one transaction together with
// its event and transparency-log leaf.
package workflow

import (
	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Service runs the use cases.
type Service struct {
	Store  *sqlstore.Store
	Policy goumai.Policy
	Clock  goumai.Clock
	// PasswordParams tunes argon2id; tests and the demo loader may lower it.
	PasswordParams PasswordParams
	// Sealer seals bids with the key loaded from outside the database; nil
	// refuses bids.
	Sealer *goumai.Sealer

	bidHook func() // tests: runs inside a bid's transaction, before its checks at commit
	// tests: runs between a submission's preparation and its transaction
	preparedHook func()
	// tests: runs when a submission's transaction takes the supplier data
	// read before it (the version unchanged)
	takenHook func()
}

// New returns a Service over a migrated store.
func New(s *sqlstore.Store) *Service {
	return &Service{Store: s, Policy: goumai.Policy{Regions: s.Regions()}, Clock: s.Clock(), PasswordParams: DefaultPasswordParams}
}
