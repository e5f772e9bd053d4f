package workflow_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

const testPassword = "Test-2026-goumai"

func login(w *world, user, pw, addr string) error {
	_, _, err := w.svc.Login(context.Background(), user, pw, addr, "web", "zh")
	return err
}

// wantRetry checks that err is a refusal asking to wait exactly d.
func wantRetry(t *testing.T, what string, err error, now time.Time, d time.Duration) {
	t.Helper()
	wantCode(t, what, err, goumai.ERateLimited, "")
	if got, ok := workflow.RetryAfter(err, now); !ok || got != d {
		t.Fatalf("%s: retry after %v (%v), want %v", what, got, ok, d)
	}
}

// TestLoginPairBackOff checks the (account, address) pair's exponential
// back-off, and that it holds back only that pair: the owner at another address
// and other accounts at the same address sign in as usual (issue 7 item 6).
func TestLoginPairBackOff(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		w := newWorld(t, s)
		const attacker = "203.0.113.5"
		// An unknown username is throttled exactly like an existing one.
		for _, user := range []string{"xihu.admin", "no.such.user"} {
			for i := range workflow.PairFree {
				wantCode(t, fmt.Sprintf("%s free failure %d", user, i), login(w, user, "wrong-password-1", attacker), goumai.EUnauthorized, "")
			}
			wait := workflow.PairBaseDelay
			for i := range 12 {
				wantCode(t, fmt.Sprintf("%s failure %d after the wait", user, i), login(w, user, "wrong-password-1", attacker), goumai.EUnauthorized, "")
				// Within the wait even the right password is refused, unchecked.
				wantRetry(t, fmt.Sprintf("%s attempt %d within the wait", user, i), login(w, user, testPassword, attacker), clock.Now(), wait)
				clock.Advance(wait)
				wait = min(2*wait, workflow.PairMaxDelay)
			}
			if wait != workflow.PairMaxDelay {
				t.Fatalf("the back-off grew to %v only", wait)
			}
		}
		// The owner at another address, and another account at the attacker's address, are not held back.
		wantCode(t, "a failure after the wait", login(w, "xihu.admin", "wrong-password-1", attacker), goumai.EUnauthorized, "")
		wantRetry(t, "the pair, at once", login(w, "xihu.admin", testPassword, attacker), clock.Now(), workflow.PairMaxDelay)
		if err := login(w, "xihu.admin", testPassword, "198.51.100.7"); err != nil {
			t.Fatalf("the owner at another address: %v", err)
		}
		if err := login(w, "zj.admin", testPassword, attacker); err != nil {
			t.Fatalf("another account at the attacker's address: %v", err)
		}
		// A success clears the pair: its next failures are free again.
		clock.Advance(workflow.PairMaxDelay)
		if err := login(w, "xihu.admin", testPassword, attacker); err != nil {
			t.Fatal(err)
		}
		for i := range workflow.PairFree + 1 {
			wantCode(t, fmt.Sprintf("failure %d after a success", i), login(w, "xihu.admin", "wrong-password-1", attacker), goumai.EUnauthorized, "")
		}
		// Failed and refused sign-ins write nothing to the log.
		before := treeSize(t, s)
		_ = login(w, "xihu.admin", "wrong-password-1", attacker)
		_ = login(w, "nobody.at.all", "wrong-password-1", attacker)
		if treeSize(t, s) != before {
			t.Fatal("failed sign-ins wrote events")
		}
		verify(t, s)
	})
}

// attackWorld adds a purchaser with an administrator and a staff member (the
// account attacked), and a finance department in Ningbo with its administrator
// (who must not see the alert).
type attackWorld struct {
	*world
	mzAdmin, staff, nbAdmin goumai.Actor
}

func newAttackWorld(t *testing.T, s *sqlstore.Store) *attackWorld {
	t.Helper()
	w := newWorld(t, s)
	nb, err := w.svc.CreateOrg(context.Background(), goumai.System, workflow.OrgInput{Name: "宁波市海曙区财政局", Kind: goumai.KindStateOrgan,
		CreditCode: code(t, "330203", "00200009X"), Region: "330203", FinanceDept: true})
	if err != nil {
		t.Fatal(err)
	}
	return &attackWorld{world: w, mzAdmin: member(t, w, w.minzheng, "mz.admin", goumai.RoleAdmin),
		staff: member(t, w, w.minzheng, "mz.staff", goumai.RolePurchaserStaff), nbAdmin: member(t, w, nb, "nb.admin", goumai.RoleAdmin)}
}

func hasAlert(t *testing.T, w *world, a goumai.Actor) bool {
	t.Helper()
	in, err := w.svc.Inbox(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range in.Todo {
		if it.Kind == "todo.kind.security_alert" {
			return true
		}
	}
	return false
}

// TestLoginAttack checks the account-wide limit: guessing from many addresses
// raises one alert, for the administrators of the account's organisation and of
// its region's finance departments only; addresses the account never used then
// share one attempt per AttackSlot; and the owner at an address used before
// signs in throughout — the attacker cannot lock them out.
func TestLoginAttack(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newAttackWorld(t, s)
		const home = "10.8.0.1"
		if err := login(w.world, "mz.staff", testPassword, home); err != nil {
			t.Fatal(err)
		}
		before := treeSize(t, s)
		for i := range workflow.AccountAlertLimit {
			// Three guesses per address: each address stays within its free failures.
			addr := fmt.Sprintf("203.0.%d.%d", i/3/250, i/3%250+1)
			wantCode(t, fmt.Sprintf("guess %d", i), login(w.world, "mz.staff", "guess-"+fmt.Sprint(i), addr), goumai.EUnauthorized, "")
			if i < workflow.AccountAlertLimit-1 && hasAlert(t, w.world, w.mzAdmin) {
				t.Fatalf("an alert after %d failures", i+1)
			}
		}
		if got := treeSize(t, s) - before; got != 1 {
			t.Fatalf("%d events during the attack, want 1 (the alert)", got)
		}
		for _, c := range []struct {
			who  string
			a    goumai.Actor
			sees bool
		}{{"the organisation's admin", w.mzAdmin, true}, {"the county finance admin", w.xihuAdmin, true},
			{"the province finance admin", w.zjAdmin, true}, {"another region's finance admin", w.nbAdmin, false}, {"the account itself", w.staff, false}} {
			if got := hasAlert(t, w.world, c.a); got != c.sees {
				t.Errorf("%s sees the alert: %v, want %v", c.who, got, c.sees)
			}
		}
		alerts, err := w.svc.Alerts(ctx, w.xihuAdmin)
		if err != nil || len(alerts) != 1 || alerts[0].UserID != w.staff.UserID || alerts[0].Failures != workflow.AccountAlertLimit {
			t.Fatalf("alerts %+v, %v", alerts, err)
		}
		if _, err := w.svc.Alert(ctx, w.nbAdmin, alerts[0].ID); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Fatalf("another region's admin reads the alert: %v", err)
		}
		// Under attack, unknown addresses share one attempt per slot…
		if err := login(w.world, "mz.staff", testPassword, "198.51.100.20"); err != nil {
			t.Fatalf("the first slot: %v", err)
		}
		wantRetry(t, "a second unknown address in the slot", login(w.world, "mz.staff", "guess-x", "198.51.100.21"), clock.Now(), workflow.AttackSlot)
		// …while the owner at home signs in at once, again and again, and even
		// mistypes without waiting for a slot.
		for i := range 3 {
			if err := login(w.world, "mz.staff", testPassword, home); err != nil {
				t.Fatalf("the owner at home, attempt %d: %v", i, err)
			}
		}
		wantCode(t, "the owner mistyping at home", login(w.world, "mz.staff", "typo", home), goumai.EUnauthorized, "")
		if err := login(w.world, "mz.staff", testPassword, home); err != nil {
			t.Fatalf("the owner at home after a typo: %v", err)
		}
		// Other accounts are not affected.
		if err := login(w.world, "mz.admin", testPassword, "198.51.100.22"); err != nil {
			t.Fatalf("another account: %v", err)
		}
		// A further failure does not raise a second alert while one is open.
		clock.Advance(workflow.AttackSlot)
		_ = login(w.world, "mz.staff", "guess-y", "198.51.100.23")
		if alerts, _ := w.svc.Alerts(ctx, w.mzAdmin); len(alerts) != 1 {
			t.Fatalf("%d open alerts, want 1", len(alerts))
		}
		// The organisation's admin closes it; it leaves the to-do lists.
		if _, err := w.svc.CloseAlert(ctx, w.nbAdmin, alerts[0].ID); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Fatalf("another region's admin closes the alert: %v", err)
		}
		al, err := w.svc.CloseAlert(ctx, w.mzAdmin, alerts[0].ID)
		if err != nil || al.Status != goumai.AlertClosed || al.ClosedBy != w.mzAdmin.UserID {
			t.Fatalf("close: %+v %v", al, err)
		}
		if hasAlert(t, w.world, w.xihuAdmin) {
			t.Fatal("a closed alert is still to do")
		}
		if _, err := w.svc.CloseAlert(ctx, w.mzAdmin, alerts[0].ID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("closing twice: %v", err)
		}
		// After the hold, unknown addresses are no longer slotted.
		clock.Advance(workflow.AttackHold + time.Second)
		for _, addr := range []string{"198.51.100.30", "198.51.100.31"} {
			if err := login(w.world, "mz.staff", testPassword, addr); err != nil {
				t.Fatalf("after the attack, from %s: %v", addr, err)
			}
		}
		verify(t, s)
	})
}

// TestPasswordSpraying checks the address-wide limit: one address guessing
// over many accounts is stopped for accounts it never signed in to, a success
// there does not reset the count, and an account that signed in from the
// address before (a colleague behind the same office address) is not affected.
func TestPasswordSpraying(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		w := newWorld(t, s)
		const office = "192.0.2.10"
		if err := login(w, "xihu.admin", testPassword, office); err != nil {
			t.Fatal(err)
		}
		for i := range workflow.AddressLimit {
			wantCode(t, fmt.Sprintf("spray %d", i), login(w, fmt.Sprintf("user%03d", i), "Spring-2026", office), goumai.EUnauthorized, "")
		}
		wantRetry(t, "a new account from the address", login(w, "zj.admin", testPassword, office), clock.Now(), workflow.AddressWindow)
		if err := login(w, "xihu.admin", testPassword, office); err != nil {
			t.Fatalf("a known pair at the address: %v", err)
		}
		wantCode(t, "a new account after a success at the address", login(w, "zj.admin", testPassword, office), goumai.ERateLimited, "")
		if err := login(w, "zj.admin", testPassword, "192.0.2.11"); err != nil {
			t.Fatalf("the account from elsewhere: %v", err)
		}
		clock.Advance(workflow.AddressWindow)
		if err := login(w, "zj.admin", testPassword, office); err != nil {
			t.Fatalf("after the window: %v", err)
		}
		// IPv6 addresses count by /64: rotating inside one allocation does not help.
		for i := range workflow.PairFree + 1 {
			_ = login(w, "zj.admin", "wrong-password-1", fmt.Sprintf("2001:db8:1:2::%x", i+1))
		}
		wantCode(t, "another address of the same /64", login(w, "zj.admin", testPassword, "2001:db8:1:2:ffff::1"), goumai.ERateLimited, "")
		if err := login(w, "zj.admin", testPassword, "2001:db8:1:3::1"); err != nil {
			t.Fatalf("another /64: %v", err)
		}
	})
}

// session signs in and returns the token.
func session(t *testing.T, w *world, user, pw, addr, kind string) string {
	t.Helper()
	tok, _, err := w.svc.Login(context.Background(), user, pw, addr, kind, "zh")
	if err != nil {
		t.Fatalf("sign in as %s: %v", user, err)
	}
	return tok
}

func alive(w *world, tokens ...string) []bool {
	out := make([]bool, len(tokens))
	for i, tok := range tokens {
		_, _, err := w.svc.Authenticate(context.Background(), tok)
		out[i] = err == nil
	}
	return out
}

// TestSessionsEnd checks that a password change ends every other session and
// API token of the user but keeps the one it was made from, and that an
// administrator's reset or deactivation ends them all (issue 7 item 5).
func TestSessionsEnd(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newAttackWorld(t, s)
		staff := w.staff
		current := session(t, w.world, "mz.staff", testPassword, "10.0.0.1", "web")
		other := session(t, w.world, "mz.staff", testPassword, "10.0.0.2", "web")
		token := session(t, w.world, "mz.staff", testPassword, "10.0.0.3", "api")
		colleague := session(t, w.world, "mz.admin", testPassword, "10.0.0.4", "web")
		_, ss, err := w.svc.Authenticate(ctx, current)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.svc.ChangePassword(ctx, staff, ss.ID, testPassword, "Changed-2026-pw"); err != nil {
			t.Fatal(err)
		}
		if got := alive(w.world, current, other, token, colleague); fmt.Sprint(got) != "[true false false true]" {
			t.Fatalf("after a password change, alive (current, other, token, colleague) = %v", got)
		}

		// An administrator's reset ends every session, the current one included.
		other = session(t, w.world, "mz.staff", "Changed-2026-pw", "10.0.0.2", "api")
		if err := w.svc.ResetPassword(ctx, w.mzAdmin, staff.UserID, "short"); goumai.ErrorCode(err) != goumai.EInvalid {
			t.Fatalf("a weak password: %v", err)
		}
		if err := w.svc.ResetPassword(ctx, w.mzAdmin, staff.UserID, "Reset-2026-pw"); err != nil {
			t.Fatal(err)
		}
		if got := alive(w.world, current, other, colleague); fmt.Sprint(got) != "[false false true]" {
			t.Fatalf("after a reset, alive (current, other, colleague) = %v", got)
		}
		wantCode(t, "the old password", login(w.world, "mz.staff", "Changed-2026-pw", "10.0.0.1"), goumai.EUnauthorized, "")

		// Deactivation ends them all too, and sign-in is refused until reactivated.
		current = session(t, w.world, "mz.staff", "Reset-2026-pw", "10.0.0.1", "web")
		other = session(t, w.world, "mz.staff", "Reset-2026-pw", "10.0.0.2", "api")
		u, err := w.svc.SetUserActive(ctx, w.xihuAdmin, staff.UserID, false)
		if err != nil || u.Active {
			t.Fatalf("deactivate: %+v %v", u, err)
		}
		if got := alive(w.world, current, other); fmt.Sprint(got) != "[false false]" {
			t.Fatalf("after deactivation, alive = %v", got)
		}
		wantCode(t, "a deactivated account", login(w.world, "mz.staff", "Reset-2026-pw", "10.0.0.1"), goumai.EUnauthorized, "")
		if _, err := w.svc.SetUserActive(ctx, w.xihuAdmin, staff.UserID, false); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("deactivating twice: %v", err)
		}
		if _, err := w.svc.SetUserActive(ctx, w.xihuAdmin, staff.UserID, true); err != nil {
			t.Fatal(err)
		}
		clock.Advance(workflow.PairMaxDelay)
		if err := login(w.world, "mz.staff", "Reset-2026-pw", "10.0.0.1"); err != nil {
			t.Fatalf("after reactivation: %v", err)
		}
		verify(t, s)
	})
}

// TestManagedUsers checks who may reset or deactivate an account: the
// administrators of every organisation where it holds a role, never the user
// themselves; and an unknown id gets the same answer as one not managed.
func TestManagedUsers(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newAttackWorld(t, s)
		_, err := w.svc.SetUserActive(ctx, w.nbAdmin, w.staff.UserID, false)
		missing := w.svc.ResetPassword(ctx, w.nbAdmin, 999999, "Reset-2026-pw")
		if goumai.ErrorCode(err) != goumai.ENotFound || goumai.ErrorCode(missing) != goumai.ENotFound ||
			goumai.AsError(err).Message != goumai.AsError(missing).Message {
			t.Fatalf("not managed: %v; missing: %v; want the same not_found", err, missing)
		}
		if err := w.svc.ResetPassword(ctx, w.staff, w.mzAdmin.UserID, "Reset-2026-pw"); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("a non-administrator resets: %v", err)
		}
		if _, err := w.svc.SetUserActive(ctx, w.mzAdmin, w.mzAdmin.UserID, false); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("deactivating oneself: %v", err)
		}
		// A person who also acts for another organisation is managed only by
		// those who manage both: mz.admin cannot take over xihu.admin's account.
		inv, err := w.svc.Invite(ctx, w.mzAdmin, w.minzheng.ID, "xihu.admin", goumai.RoleExpert)
		if err != nil {
			t.Fatal(err)
		}
		xihuAdmin := w.xihuAdmin
		if _, err := w.svc.AcceptInvitation(ctx, xihuAdmin, inv.ID); err != nil {
			t.Fatal(err)
		}
		if err := w.svc.ResetPassword(ctx, w.mzAdmin, xihuAdmin.UserID, "Reset-2026-pw"); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Fatalf("an admin of one of two organisations resets: %v", err)
		}
		if err := w.svc.ResetPassword(ctx, w.zjAdmin, xihuAdmin.UserID, "Reset-2026-pw"); err != nil {
			t.Fatalf("the province's admin, who manages both: %v", err)
		}
		verify(t, s)
	})
}

// TestInvitations checks that a person joins another organisation only by
// accepting an invitation (issue 7 item 10), that the invitation does not tell
// whether a username exists, and that only its addressee may answer it.
func TestInvitations(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newAttackWorld(t, s)
		person := member(t, w.world, w.xihu, "xihu.expert", goumai.RoleExpert) // acts for the finance bureau

		// The old way in — granting a role to someone from elsewhere — is closed,
		// and says the same for an unknown user id as for an existing one.
		_, errOther := w.svc.AddMembership(ctx, w.mzAdmin, person.UserID, w.minzheng.ID, goumai.RoleExpert)
		_, errNone := w.svc.AddMembership(ctx, w.mzAdmin, 999999, w.minzheng.ID, goumai.RoleExpert)
		if goumai.ErrorCode(errOther) != goumai.EInvalid || errOther.Error() != errNone.Error() {
			t.Fatalf("a user of another organisation: %v; an unknown id: %v; want the same invalid", errOther, errNone)
		}
		// A member gets a further role directly.
		if _, err := w.svc.AddMembership(ctx, w.mzAdmin, w.staff.UserID, w.minzheng.ID, goumai.RolePurchaserApprover); err != nil {
			t.Fatalf("a further role for a member: %v", err)
		}

		// An invitation to an existing account and one to a name without an
		// account answer alike: same fields, no user id.
		before := treeSize(t, s)
		inv, err := w.svc.Invite(ctx, w.mzAdmin, w.minzheng.ID, " Xihu.Expert ", goumai.RoleExpert)
		if err != nil {
			t.Fatal(err)
		}
		ghost, err := w.svc.Invite(ctx, w.mzAdmin, w.minzheng.ID, "no.such.person", goumai.RoleExpert)
		if err != nil {
			t.Fatalf("invite a name without an account: %v", err)
		}
		if inv.Status != ghost.Status || inv.ExpiresAt != ghost.ExpiresAt || inv.OrgName != ghost.OrgName || inv.Username != "xihu.expert" {
			t.Fatalf("the two invitations differ: %+v vs %+v", inv, ghost)
		}
		if treeSize(t, s)-before != 2 {
			t.Fatal("each invitation records one event")
		}
		if _, err := w.svc.Invite(ctx, w.mzAdmin, w.minzheng.ID, "xihu.expert", goumai.RoleExpert); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("the same invitation twice: %v", err)
		}
		if _, err := w.svc.Invite(ctx, w.mzAdmin, w.minzheng.ID, "mz.staff", goumai.RoleExpert); goumai.ErrorCode(err) != goumai.EInvalid {
			t.Fatalf("inviting a member: %v", err)
		}
		if _, err := w.svc.Invite(ctx, w.mzAdmin, w.xihu.ID, "xihu.expert", goumai.RoleExpert); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("inviting into another organisation: %v", err)
		}
		_, err = w.svc.Invite(ctx, w.mzAdmin, w.minzheng.ID, "xihu.expert", goumai.RoleSupplier)
		if e := goumai.AsError(err); e.Code != goumai.EInvalid || e.Rule != "ENG-A2" {
			t.Fatalf("a supplier role in a purchaser: %v", err)
		}

		// Nothing changes until the person answers; the invitation is on their to-do list.
		if ms, _ := s.Memberships(ctx, person.UserID); len(ms) != 1 {
			t.Fatalf("memberships before acceptance: %+v", ms)
		}
		in, err := w.svc.Inbox(ctx, person)
		if err != nil || !hasItem(in.Todo, "todo.kind.invitation", w.minzheng.Name) {
			t.Fatalf("to-do list: %+v %v", in.Todo, err)
		}
		// Nobody else may answer it, and they learn nothing of it.
		for _, a := range []goumai.Actor{w.mzAdmin, w.staff} {
			if _, err := w.svc.AcceptInvitation(ctx, a, inv.ID); goumai.ErrorCode(err) != goumai.ENotFound {
				t.Fatalf("%s accepts another's invitation: %v", a.Username, err)
			}
		}
		if err := w.svc.DeclineInvitation(ctx, w.staff, ghost.ID); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Fatalf("answering an invitation of a name without an account: %v", err)
		}
		before = treeSize(t, s)
		m, err := w.svc.AcceptInvitation(ctx, person, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.OrgID != w.minzheng.ID || m.Role != goumai.RoleExpert || m.UserID != person.UserID {
			t.Fatalf("membership %+v", m)
		}
		if treeSize(t, s)-before != 2 {
			t.Fatal("acceptance records the invitation's state and the membership")
		}
		if _, err := w.svc.AcceptInvitation(ctx, person, inv.ID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("accepting twice: %v", err)
		}
		if invs, _ := w.svc.MyInvitations(ctx, person); len(invs) != 0 {
			t.Fatalf("still open: %+v", invs)
		}

		// Declined, withdrawn and expired invitations create nothing.
		decl := must[sqlstore.InvitationView](t, "invite")(w.svc.Invite(ctx, w.xihuAdmin, w.minzheng.ID, "zj.admin", goumai.RoleExpert))
		if err := w.svc.DeclineInvitation(ctx, w.zjAdmin, decl.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AcceptInvitation(ctx, w.zjAdmin, decl.ID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("accepting a declined invitation: %v", err)
		}
		wd := must[sqlstore.InvitationView](t, "invite")(w.svc.Invite(ctx, w.mzAdmin, w.minzheng.ID, "zj.admin", goumai.RolePurchaserStaff))
		if _, err := w.svc.WithdrawInvitation(ctx, w.nbAdmin, wd.ID); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("another region withdraws: %v", err)
		}
		if _, err := w.svc.WithdrawInvitation(ctx, w.mzAdmin, wd.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AcceptInvitation(ctx, w.zjAdmin, wd.ID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("accepting a withdrawn invitation: %v", err)
		}
		late := must[sqlstore.InvitationView](t, "invite")(w.svc.Invite(ctx, w.mzAdmin, w.minzheng.ID, "zj.admin", goumai.RoleExpert))
		clock.Advance(goumai.InvitationTTL)
		if _, err := w.svc.AcceptInvitation(ctx, w.zjAdmin, late.ID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("accepting an expired invitation: %v", err)
		}
		if ms, _ := s.Memberships(ctx, w.zjAdmin.UserID); len(ms) != 1 {
			t.Fatalf("zj.admin's memberships: %+v", ms)
		}
		// The organisation's list shows them all without user ids.
		list, err := w.svc.OrgInvitations(ctx, w.mzAdmin, w.minzheng.ID)
		if err != nil || len(list) != 5 {
			t.Fatalf("org invitations: %d %v", len(list), err)
		}
		verify(t, s)
	})
}

func hasItem(items []workflow.Item, kind, title string) bool {
	for _, it := range items {
		if it.Kind == kind && it.Title == title {
			return true
		}
	}
	return false
}

// TestInvitationGrantRechecked checks that acceptance is checked again as the
// inviter's grant: an inviter who lost the administrator role grants nothing.
func TestInvitationGrantRechecked(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newAttackWorld(t, s)
		inv := must[sqlstore.InvitationView](t, "invite")(w.svc.Invite(ctx, w.mzAdmin, w.minzheng.ID, "zj.admin", goumai.RoleExpert))
		ms, err := s.Memberships(ctx, w.mzAdmin.UserID)
		if err != nil || len(ms) != 1 {
			t.Fatal(ms, err)
		}
		if err := w.svc.RemoveMembership(ctx, w.xihuAdmin, ms[0].ID); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.AcceptInvitation(ctx, w.zjAdmin, inv.ID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("accepting the invitation of an inviter who is no longer admin: %v", err)
		}
	})
}

// TestSelfGrant checks that nobody grants themselves a role (issue 7 item 1):
// neither directly nor through an invitation. It needs the policy's rule for
// goumai.ActGrantRole (Target.UserID is the grantee).
func TestSelfGrant(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newAttackWorld(t, s)
		if _, err := w.svc.AddMembership(ctx, w.mzAdmin, w.mzAdmin.UserID, w.minzheng.ID, goumai.RolePurchaserApprover); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("an admin grants themselves a role: %v", err)
		}
		if _, err := w.svc.AddMembership(ctx, w.xihuAdmin, w.xihuAdmin.UserID, w.xihu.ID, goumai.RoleFinanceApprover); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("a finance admin grants themselves a role: %v", err)
		}
		if _, err := w.svc.Invite(ctx, w.xihuAdmin, w.minzheng.ID, "xihu.admin", goumai.RoleExpert); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("an admin invites themselves into a subordinate organisation: %v", err)
		}
		// Another administrator of the organisation, or the finance department above, may.
		if _, err := w.svc.AddMembership(ctx, w.xihuAdmin, w.mzAdmin.UserID, w.minzheng.ID, goumai.RolePurchaserApprover); err != nil {
			t.Fatalf("the finance department grants the admin a role: %v", err)
		}
		second := member(t, w.world, w.minzheng, "mz.admin2", goumai.RoleAdmin)
		if _, err := w.svc.AddMembership(ctx, second, w.mzAdmin.UserID, w.minzheng.ID, goumai.RoleExpert); err != nil {
			t.Fatalf("another admin of the organisation grants a role: %v", err)
		}
	})
}

// TestOrgKindChange checks that an organisation cannot be made ineligible as a
// purchaser (ENG-A1) or supplier (ENG-A2) while its members hold those roles.
func TestOrgKindChange(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newAttackWorld(t, s)
		o := w.minzheng
		in := workflow.OrgInput{Name: o.Name, Kind: goumai.KindInstitution, Class: goumai.ClassPublicI, CreditCode: o.CreditCode, Region: o.Region}
		before := treeSize(t, s)
		_, err := w.svc.UpdateOrg(ctx, w.xihuAdmin, o.ID, in, true)
		if e := goumai.AsError(err); e.Code != goumai.EConflict || e.Rule != "ENG-A1" || e.Fields["kind"].EN == "" {
			t.Fatalf("a purchaser with purchaser staff made 公益一类: %v", err)
		}
		if treeSize(t, s) != before {
			t.Fatal("the refused change wrote events")
		}
		if got, _ := s.Org(ctx, o.ID); got.Kind != goumai.KindStateOrgan {
			t.Fatalf("kind changed to %s", got.Kind)
		}
		// Once the purchaser roles are removed, the change goes through.
		ms, err := s.OrgMembers(ctx, o.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.Role == goumai.RolePurchaserStaff {
				if err := w.svc.RemoveMembership(ctx, w.xihuAdmin, m.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		if _, err := w.svc.UpdateOrg(ctx, w.xihuAdmin, o.ID, in, true); err != nil {
			t.Fatalf("after removing the roles: %v", err)
		}

		// ENG-A2: a supplier made a budget-funded mass organisation.
		c, _ := goumai.CreditCheckChar("52330106MJ0000009")
		sup := workflow.OrgInput{Name: "西湖区阳光社工服务中心", Kind: goumai.KindSocialOrg, CreditCode: "52330106MJ0000009" + string(c), Region: "330106"}
		so, err := w.svc.CreateOrg(ctx, w.xihuAdmin, sup)
		if err != nil {
			t.Fatal(err)
		}
		member(t, w.world, so, "sun.supplier", goumai.RoleSupplier)
		sup.Kind, sup.Staffing = goumai.KindMassOrg, goumai.StaffingInstFunded
		_, err = w.svc.UpdateOrg(ctx, w.xihuAdmin, so.ID, sup, true)
		if e := goumai.AsError(err); e.Code != goumai.EConflict || e.Rule != "ENG-A2" {
			t.Fatalf("a supplier made ineligible: %v", err)
		}
		verify(t, s)
	})
}

// TestRegistrationLimit checks the per-address limit of the public forms.
func TestRegistrationLimit(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		l := workflow.RegisterLimit
		for i := range l.N {
			if err := w.svc.Allow(ctx, l, "203.0.113.9"); err != nil {
				t.Fatalf("attempt %d: %v", i, err)
			}
			clock.Advance(time.Minute)
		}
		wantRetry(t, "past the limit", w.svc.Allow(ctx, l, "203.0.113.9"), clock.Now(), l.Window-time.Duration(l.N)*time.Minute)
		if err := w.svc.Allow(ctx, l, "203.0.113.10"); err != nil {
			t.Fatalf("another address: %v", err)
		}
		if err := w.svc.Allow(ctx, workflow.SuggestLimit, "203.0.113.9"); err != nil {
			t.Fatalf("another limit: %v", err)
		}
		clock.Advance(l.Window)
		if err := w.svc.Allow(ctx, l, "203.0.113.9"); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

// TestLoginConcurrent checks that concurrent attempts at one pair cannot slip
// through its back-off together: each attempt is charged to the pair, under
// the pair's row lock, before its password is checked.
func TestLoginConcurrent(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		w := newWorld(t, s)
		const n = 16
		errs := make(chan error, n)
		for range n {
			go func() { errs <- login(w, "zj.admin", "wrong-password-1", "203.0.113.77") }()
		}
		counts := map[goumai.Code]int{}
		for range n {
			counts[goumai.ErrorCode(<-errs)]++
		}
		// The free failures and the one that starts the back-off; the rest wait.
		if counts[goumai.EUnauthorized] != workflow.PairFree+1 || counts[goumai.ERateLimited] != n-workflow.PairFree-1 {
			t.Fatalf("outcomes %v, want %d checked and the rest refused", counts, workflow.PairFree+1)
		}
	})
}
