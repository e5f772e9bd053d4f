// Package demo loads goumai's demo world — the Ministry of Finance, 浙江省 with
// two prefectures and four counties, their finance departments, purchasers,
// thirty suppliers of every eligible kind, experts, auditors and an account for
// every role — through the same workflow use cases the web UI calls, so that
// every row has its event and transparency-log leaf. Scale adds random but valid
// organisations and users in batches for load tests.
package demo

import (
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// Password is the password of every demo account. It meets goumai.CheckPassword.
const Password = "Demo-2026-goumai"

// PasswordParams hash the demo accounts' passwords: argon2id at the OWASP
// Password Storage Cheat Sheet's minimum (19 MiB, 2 passes, 1 lane), which keeps
// loading the world to a few seconds while still being a real argon2id cost.
// Accounts created later through the UI use the service's own parameters.
var PasswordParams = workflow.PasswordParams{Time: 2, MemKiB: 19 * 1024, Threads: 1}

// ErrNotEmpty is returned by Load when the database already holds organisations.
var ErrNotEmpty = goumai.Errorf(goumai.EConflict, "数据库中已有单位数据，未加载演示数据", "the database already has organisations; the demo world was not loaded")

// Empty reports whether the database holds no organisation yet.
func Empty(ctx context.Context, s *sqlstore.Store) (bool, error) {
	orgs, err := s.FindOrgs(ctx, sqlstore.OrgFilter{Limit: 1})
	if err != nil {
		return false, fmt.Errorf("look for organisations: %w", err)
	}
	return len(orgs) == 0, nil
}

// Loaded reports whether the demo world has been loaded into the database (its
// first account, mof.admin, exists).
func Loaded(ctx context.Context, s *sqlstore.Store) (bool, error) {
	_, _, err := s.Credentials(ctx, worldUsers[0].username)
	switch goumai.ErrorCode(err) {
	case "":
		return true, nil
	case goumai.ENotFound:
		return false, nil
	}
	return false, fmt.Errorf("look for the demo accounts: %w", err)
}

// Load creates the demo world in an empty database and returns its accounts
// (all with Password). It refuses with ErrNotEmpty when any organisation
// exists, so it never duplicates the world or mixes it into real data. Callers
// sign a checkpoint afterwards (sqlstore.Store.Checkpoint) if they want the new
// events covered at once.
//
// The world is written with its history: the store's clock must be settable
// (goumai.ShiftClock, or goumai.FakeClock in tests). Load sets it back
// historyDays days, creates the organisations, catalogues, budget and
// applications there, runs the procedures forward through the weeks to the
// present (ticking as the scheduler would), and returns the clock to the present.
func Load(ctx context.Context, svc *workflow.Service) (Accounts, error) {
	empty, err := Empty(ctx, svc.Store)
	if err != nil {
		return nil, err
	}
	if !empty {
		return nil, ErrNotEmpty
	}
	clock, ok := svc.Clock.(HistoryClock)
	if !ok {
		return nil, fmt.Errorf("load demo world: the demo world is written with its history: open the store with a settable clock (goumai.ShiftClock), not %T", svc.Clock)
	}
	now := clock.Now()
	start := historyStart(now)
	// Late in the year the world is created on the year's first working
	// day and lives through the year before the history (demo/year.go).
	created := start
	if y := yearStart(now); start.Sub(y) >= yearMinRoom && svc.Sealer != nil {
		created = y
	}
	clock.Set(created)
	defer present(clock, now)
	d := *svc
	d.PasswordParams = PasswordParams
	l := loader{svc: &d, orgs: map[string]goumai.Org{}, users: map[string]goumai.User{}}
	for _, step := range []func(context.Context) error{l.createOrgs, l.createUsers, l.registerSuppliers, l.approveSuppliers} {
		if err := step(ctx); err != nil {
			return nil, fmt.Errorf("load demo world: %w", err)
		}
	}
	// The steps of the process, in order; each loader skips data already there.
	for _, area := range []func(context.Context, *workflow.Service) error{LoadCatalog, LoadBudget, LoadRules, LoadPolicies, LoadProjects, LoadSuppliers} {
		if err := area(ctx, &d); err != nil {
			return nil, err
		}
	}
	// The experts are in the pool from the start: a demo tender's panel is
	// drawn in the history.
	if err := LoadExperts(ctx, &d); err != nil {
		return nil, err
	}
	// The year's progress reports, work plans and trainings' attendance
	// (demo/progress.go) are dated on the clock the loaders below move.
	pc := &progressClock{HistoryClock: clock, ctx: ctx}
	if err := scheduleProgress(ctx, &d, pc, now); err != nil {
		return nil, fmt.Errorf("load demo world: %w", err)
	}
	if created.Before(start) {
		if err := loadYear(ctx, &d, pc, start); err != nil {
			return nil, err
		}
		pc.Set(start)
	}
	if err := LoadProcurements(ctx, &d, pc, start, now); err != nil {
		return nil, err
	}
	if err := pc.finish(now); err != nil {
		return nil, err
	}
	return List(), nil
}

// present returns the clock from the demo world's history to the present: a
// goumai.ShiftClock to the wall clock, another to the time the load began.
func present(clock HistoryClock, now time.Time) {
	if c, ok := clock.(interface{ Reset() }); ok {
		c.Reset()
		return
	}
	clock.Set(now)
}

// loader carries the objects created so far, by spec key and username.
type loader struct {
	svc   *workflow.Service
	orgs  map[string]goumai.Org
	users map[string]goumai.User
}

func (l *loader) createOrgs(ctx context.Context) error {
	for _, spec := range worldOrgs {
		if spec.entry != created {
			continue
		}
		in, err := spec.input()
		if err != nil {
			return err
		}
		o, err := l.svc.CreateOrg(ctx, goumai.System, in)
		if err != nil {
			return fmt.Errorf("create %s: %w", spec.name, err)
		}
		l.orgs[spec.key] = o
	}
	return nil
}

func (l *loader) createUsers(ctx context.Context) error {
	for _, us := range worldUsers {
		o, ok := l.orgs[us.org]
		if !ok {
			if isRegistered(us.org) {
				continue // created with its organisation by registerSuppliers
			}
			return fmt.Errorf("create user %s: no organisation %q in the demo world", us.username, us.org)
		}
		u, err := l.svc.CreateUser(ctx, goumai.System, us.newUser(), o.ID, us.roles[0])
		if err != nil {
			return fmt.Errorf("create user %s: %w", us.username, err)
		}
		for _, r := range us.roles[1:] {
			if _, err := l.svc.AddMembership(ctx, goumai.System, u.ID, o.ID, r); err != nil {
				return fmt.Errorf("give %s role %s: %w", us.username, r, err)
			}
		}
		l.users[us.username] = u
	}
	return nil
}

// registerSuppliers lets the self-registering suppliers sign up as the public
// would, each with its registrant as first account.
func (l *loader) registerSuppliers(ctx context.Context) error {
	for _, spec := range worldOrgs {
		if spec.entry == created {
			continue
		}
		us, ok := registrant(spec.key)
		if !ok {
			return fmt.Errorf("register %s: no registrant account in the demo world", spec.name)
		}
		in, err := spec.input()
		if err != nil {
			return err
		}
		o, u, err := l.svc.RegisterSupplier(ctx, in, us.newUser())
		if err != nil {
			return fmt.Errorf("register %s: %w", spec.name, err)
		}
		l.orgs[spec.key], l.users[us.username] = o, u
	}
	return nil
}

// approveSuppliers has 浙江省财政厅's administrator approve the registrations
// marked approved, leaving the pending ones on the to-do list.
func (l *loader) approveSuppliers(ctx context.Context) error {
	admin := l.users["zj.admin"]
	a := goumai.Actor{UserID: admin.ID, Username: admin.Username, Name: admin.DisplayName, Org: l.orgs["zj.fin"], Roles: []goumai.Role{goumai.RoleAdmin}}
	for _, spec := range worldOrgs {
		if spec.entry != approved {
			continue
		}
		if _, err := l.svc.ActivateOrg(ctx, a, l.orgs[spec.key].ID, true); err != nil {
			return fmt.Errorf("approve %s: %w", spec.name, err)
		}
	}
	return nil
}

// isRegistered reports whether the organisation registers itself.
func isRegistered(orgKey string) bool {
	for _, o := range worldOrgs {
		if o.key == orgKey {
			return o.entry != created
		}
	}
	return false
}

// registrant returns the account that registers a self-registered supplier.
func registrant(orgKey string) (userSpec, bool) {
	for _, us := range worldUsers {
		if us.org == orgKey {
			return us, true
		}
	}
	return userSpec{}, false
}

func (us userSpec) newUser() goumai.NewUser {
	return goumai.NewUser{Username: us.username, DisplayName: us.name, Password: Password}
}

// input returns the organisation's use-case input, with its generated credit code.
func (spec orgSpec) input() (workflow.OrgInput, error) {
	in := workflow.OrgInput{Name: spec.name, Kind: spec.kind, Class: spec.class, Staffing: spec.staffing,
		Region: spec.region, FinanceDept: spec.finance}
	if c, ok := worldContacts[spec.key]; ok {
		in.Address, in.Phone = c.Address, c.Phone
	}
	prefix := spec.prefix
	if prefix == "" {
		prefix = DefaultPrefix(goumai.Org{Kind: spec.kind, Class: spec.class, Staffing: spec.staffing})
	}
	// The code is derived from the name, so every load gives the same codes.
	seed := sha256.Sum256([]byte(spec.name))
	code, err := CreditCode(prefix, spec.region, bodyFor(prefix, seed[:]))
	if err != nil {
		return in, fmt.Errorf("credit code of %s: %w", spec.name, err)
	}
	in.CreditCode = code
	return in, nil
}

// List returns the demo world's accounts without touching a database, e.g. to
// print them again for a database loaded earlier (see Loaded).
func List() Accounts {
	byKey := map[string]orgSpec{}
	for _, o := range worldOrgs {
		byKey[o.key] = o
	}
	out := make(Accounts, 0, len(worldUsers))
	for _, us := range worldUsers {
		o := byKey[us.org]
		out = append(out, Account{Username: us.username, DisplayName: us.name, Org: o.name, Region: o.region,
			Roles: append([]goumai.Role(nil), us.roles...), Pending: o.entry == pending})
	}
	return out
}
