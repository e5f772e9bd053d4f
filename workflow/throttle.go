package workflow

// The sign-in throttle (issue 7 item 6) slows password guessing without giving
// an attacker a way to lock anyone out. It counts at three scopes, and refuses
// an attempt only for the scope the attempt itself belongs to:
//
//  1. The (account, address) pair. The first PairFree failures are free; each
//     further one doubles the wait before the pair may try again (PairBaseDelay,
//     then 2×, 4× … up to PairMaxDelay), so one address gets about fifteen
//     guesses an hour at one account. A success clears the pair. The wait is
//     the pair's own: failures at other addresses never lengthen it.
//  2. The account, over all addresses. Failures are counted per AccountWindow;
//     AccountAlertLimit is far above what its owner can reach (one address
//     gets ~15 an hour under 1), so it trips only when many addresses guess at
//     once. The account is then under attack for AttackHold: an alert is
//     raised for the administrators of the user's organisations and of their
//     regions' finance departments (their to-do list), and attempts from
//     addresses the account has not signed in from share one slot per
//     AttackSlot, which caps the guessing rate of a whole botnet.
//  3. The address, over all accounts. Failures are counted per AddressWindow;
//     past AddressLimit the address may not try accounts it has not signed in
//     to for AddressWindow (password spraying: one password over many
//     accounts never trips 1 or 2). A success never resets it: before, an
//     attacker reset the address's count by signing in to their own account.
//
// A pair that has signed in successfully in the last KnownFor is "known", and
// limits 2 and 3 do not apply to it: whatever an attacker does from other
// addresses — or from the same office's other accounts — the owner at an
// address they have used before meets only their own pair's back-off. The
// owner at a new address during an attack competes for the slots of 2; that
// is the price of capping a distributed attack, and the alert tells the
// administrators, who can reach the owner.
//
// Unknown usernames are throttled exactly like existing ones, and the
// password is hashed either way (checkLogin), so neither timing nor the
// throttle tells whether an account exists. IPv6 addresses count per /64 (one
// customer's allocation), or one host could rotate through 2^64 addresses. A
// refused attempt checks no password and counts nothing. The counters live in
// the throttle table, which holds no business data and is not in the log.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// The throttle's parameters.
const (
	PairFree      = 3                // failures of a pair before it backs off
	PairBaseDelay = 2 * time.Second  // the first back-off; each further failure doubles it
	PairMaxDelay  = 15 * time.Minute // the longest back-off
	PairForget    = 24 * time.Hour   // a pair with no attempt for this long starts afresh

	AccountWindow     = time.Hour
	AccountAlertLimit = 100         // failures of one account in AccountWindow that mean an attack
	AttackHold        = time.Hour   // an account stays under attack this long after its last failure past the limit
	AttackSlot        = time.Minute // under attack, unknown addresses together get one attempt per slot

	AddressWindow = time.Hour
	AddressLimit  = 100 // failures from one address over all accounts in AddressWindow

	KnownFor = 90 * 24 * time.Hour // a successful sign-in makes its pair known for this long
)

// Throttled is the cause of an ERateLimited error: when to try again.
type Throttled struct{ Until time.Time }

func (t *Throttled) Error() string { return "rate limited until " + t.Until.UTC().Format(time.RFC3339) }

// RetryAfter returns how long the caller of an attempt refused with err must
// wait (for the Retry-After header), rounded up to a second.
func RetryAfter(err error, now time.Time) (time.Duration, bool) {
	var t *Throttled
	if !errors.As(err, &t) {
		return 0, false
	}
	d := max(t.Until.Sub(now), 0)
	return (d + time.Second - 1).Truncate(time.Second), true
}

// tooMany is the ERateLimited error for what, saying how long to wait.
func tooMany(what goumai.Msg, until, now time.Time) error {
	wait, _ := RetryAfter(&Throttled{Until: until}, now)
	zh, en := fmt.Sprintf("%d秒", int(wait.Seconds())), fmt.Sprintf("%d seconds", int(wait.Seconds()))
	if wait >= 2*time.Minute {
		m := int((wait + time.Minute - 1) / time.Minute)
		zh, en = fmt.Sprintf("%d分钟", m), fmt.Sprintf("%d minutes", m)
	}
	return &goumai.Error{Code: goumai.ERateLimited, Message: goumai.M(what.ZH+"，请"+zh+"后再试", what.EN+"; try again in "+en),
		Err: &Throttled{Until: until}}
}

var loginThrottled = goumai.M("登录尝试过于频繁", "too many sign-in attempts")

// throttleKeys are the throttle rows of one sign-in attempt.
type throttleKeys struct{ pair, account, address, known string }

func loginKeys(username, client string) throttleKeys {
	acct, addr := accountKey(username), addressKey(client)
	return throttleKeys{pair: "pair:" + addr + "|" + acct, account: "account:" + acct, address: "address:" + addr, known: "known:" + addr + "|" + acct}
}

// accountKey is a normalised username, or a digest of anything that cannot be
// one (so that keys stay short and printable whatever is typed).
func accountKey(username string) string {
	u := strings.ToLower(strings.TrimSpace(username))
	if goumai.ValidUsername(u) {
		return u
	}
	return "~" + digest(u)
}

// addressKey is the client's address: IPv4 as is, IPv6 by its /64.
func addressKey(client string) string {
	a, err := netip.ParseAddr(client)
	if err != nil {
		return "~" + digest(client)
	}
	a = a.Unmap()
	if a.Is4() {
		return a.String()
	}
	p, _ := a.WithZone("").Prefix(64)
	return p.String()
}

func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:12])
}

// pairDelay is the back-off after a pair's n-th failure.
func pairDelay(n int) time.Duration {
	if n <= PairFree {
		return 0
	}
	return min(PairBaseDelay<<min(n-PairFree-1, 20), PairMaxDelay)
}

// inWindow restarts a fixed-window count when its window is over.
func inWindow(r sqlstore.ThrottleRow, now time.Time, w time.Duration) sqlstore.ThrottleRow {
	if now.Sub(r.Since) >= w || now.Before(r.Since) {
		r.N, r.Since = 0, now
	}
	return r
}

// admitAttempt decides whether a sign-in attempt may check its password. It
// returns the rows to write if so (the attempt is charged to its pair before
// the password is checked, so that concurrent attempts cannot all slip through
// one back-off), or the time until which the attempt is refused.
func admitAttempt(now time.Time, pair, account, address sqlstore.ThrottleRow, known bool) ([]sqlstore.ThrottleRow, time.Time) {
	if now.Sub(pair.Since) >= PairForget {
		pair.N, pair.NextAt = 0, time.Time{}
	}
	if now.Before(pair.NextAt) {
		return nil, pair.NextAt
	}
	var write []sqlstore.ThrottleRow
	if !known {
		if now.Before(address.HoldUntil) {
			return nil, address.HoldUntil
		}
		if now.Before(account.HoldUntil) { // under attack: one slot per AttackSlot
			if now.Before(account.NextAt) {
				return nil, account.NextAt
			}
			account.NextAt = now.Add(AttackSlot)
			write = append(write, account)
		}
	}
	pair.N++
	pair.Since, pair.NextAt = now, now.Add(pairDelay(pair.N))
	return append(write, pair), time.Time{}
}

// failAttempt counts a failed attempt for its account and its address, and
// reports whether the account has just come under attack.
func failAttempt(now time.Time, account, address sqlstore.ThrottleRow) (sqlstore.ThrottleRow, sqlstore.ThrottleRow, bool) {
	account = inWindow(account, now, AccountWindow)
	account.N++
	attacked := false
	if account.N >= AccountAlertLimit {
		attacked = !now.Before(account.HoldUntil)
		account.HoldUntil = now.Add(AttackHold)
	}
	address = inWindow(address, now, AddressWindow)
	address.N++
	if address.N >= AddressLimit {
		address.HoldUntil = now.Add(AddressWindow)
	}
	return account, address, attacked
}

// admitLogin charges an attempt to the throttle or refuses it.
func (s *Service) admitLogin(ctx context.Context, k throttleKeys) error {
	return s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		since, ok, err := tx.ThrottleSince(ctx, k.known)
		if err != nil {
			return err
		}
		rows, err := tx.LockThrottle(ctx, k.pair, k.account, k.address)
		if err != nil {
			return err
		}
		now := tx.Now()
		write, until := admitAttempt(now, rows[k.pair], rows[k.account], rows[k.address], ok && now.Sub(since) < KnownFor)
		if !until.IsZero() {
			return tooMany(loginThrottled, until, now)
		}
		return tx.PutThrottle(ctx, write...)
	})
}

// loginFailed counts a failed attempt, and raises an alert when the account
// (if it exists: userID != 0) has just come under attack.
func (s *Service) loginFailed(ctx context.Context, k throttleKeys, userID int64) error {
	return s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		rows, err := tx.LockThrottle(ctx, k.account, k.address)
		if err != nil {
			return err
		}
		account, address, attacked := failAttempt(tx.Now(), rows[k.account], rows[k.address])
		if err := tx.PutThrottle(ctx, account, address); err != nil {
			return err
		}
		if !attacked || userID == 0 {
			return nil
		}
		return raiseAlert(ctx, tx, goumai.SecurityAlert{UserID: userID, Kind: goumai.AlertLoginAttack, Failures: account.N})
	})
}

// loginSucceeded clears the pair and marks it known.
func (s *Service) loginSucceeded(ctx context.Context, tx *sqlstore.Tx, k throttleKeys) error {
	if err := tx.DeleteThrottle(ctx, k.pair); err != nil {
		return err
	}
	return tx.TouchThrottle(ctx, k.known)
}

// RateLimit is a fixed-window limit of attempts per client address, for public
// forms that need no account (registration, suggestions).
type RateLimit struct {
	Name   string        // the prefix of its throttle keys
	N      int           // attempts per window
	Window time.Duration // the window
	What   goumai.Msg    // what was refused
}

// The public forms' limits: enough for a person, too few for a flood, and slow
// enough that registration does not serve to list taken usernames.
var (
	SuggestLimit  = RateLimit{Name: "suggest", N: 5, Window: 10 * time.Minute, What: goumai.M("提交过于频繁", "too many suggestions")}
	RegisterLimit = RateLimit{Name: "register", N: 10, Window: time.Hour, What: goumai.M("注册尝试过于频繁", "too many registration attempts")}
)

// Allow counts an attempt from client against l, or refuses it with
// ERateLimited (its cause a *Throttled) once the window's attempts are spent.
func (s *Service) Allow(ctx context.Context, l RateLimit, client string) error {
	key := l.Name + ":" + addressKey(client)
	return s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		rows, err := tx.LockThrottle(ctx, key)
		if err != nil {
			return err
		}
		r := inWindow(rows[key], tx.Now(), l.Window)
		if r.N >= l.N {
			return tooMany(l.What, r.Since.Add(l.Window), tx.Now())
		}
		r.N++
		return tx.PutThrottle(ctx, r)
	})
}

// ForgetStaleThrottle removes throttle rows that no longer hold anything back:
// known pairs after KnownFor, counters a day after their last use (run now and
// then by serve).
func (s *Service) ForgetStaleThrottle(ctx context.Context) (int64, error) {
	now := s.Clock.Now()
	n, err := s.Store.DeleteStaleThrottle(ctx, "known:", now.Add(-KnownFor))
	for _, p := range []string{"pair:", "account:", "address:", SuggestLimit.Name + ":", RegisterLimit.Name + ":", SurveyLimit.Name + ":", SurveyCodeLimit.Name + ":"} {
		if err != nil {
			break
		}
		var m int64
		m, err = s.Store.DeleteStaleThrottle(ctx, p, now.Add(-PairForget))
		n += m
	}
	return n, err
}
