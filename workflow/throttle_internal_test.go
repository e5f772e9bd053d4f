package workflow

import (
	"testing"
	"time"

	"github.com/goumai/goumai/sqlstore"
)

func TestPairDelay(t *testing.T) {
	want := []time.Duration{0, 0, 0, 0, 2 * time.Second, 4 * time.Second, 8 * time.Second}
	for n, d := range want {
		if got := pairDelay(n); got != d {
			t.Errorf("pairDelay(%d) = %v, want %v", n, got, d)
		}
	}
	for _, n := range []int{14, 15, 100, 1 << 30} {
		if got := pairDelay(n); got != PairMaxDelay {
			t.Errorf("pairDelay(%d) = %v, want the cap %v", n, got, PairMaxDelay)
		}
	}
}

func TestAddressKey(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.1":                "192.0.2.1",
		"::ffff:192.0.2.1":         "192.0.2.1",
		"2001:db8:1:2:3:4:5:6":     "2001:db8:1:2::/64",
		"2001:db8:1:2::9":          "2001:db8:1:2::/64",
		"fe80::1%eth0":             "fe80::/64",
		"not an address":           "~" + digest("not an address"),
		"":                         "~" + digest(""),
		"192.0.2.1:1234 (unsplit)": "~" + digest("192.0.2.1:1234 (unsplit)"),
	} {
		if got := addressKey(in); got != want {
			t.Errorf("addressKey(%q) = %q, want %q", in, got, want)
		}
	}
	if accountKey(" ZJ.Admin ") != "zj.admin" || accountKey("x'; DROP TABLE users; --") != "~"+digest("x'; drop table users; --") {
		t.Error("accountKey")
	}
}

// TestAdmitAttempt is the throttle's decision table.
func TestAdmitAttempt(t *testing.T) {
	now := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	row := func(n int, since, next, hold time.Duration) sqlstore.ThrottleRow {
		r := sqlstore.ThrottleRow{N: n, Since: now.Add(since)}
		if next != 0 {
			r.NextAt = now.Add(next)
		}
		if hold != 0 {
			r.HoldUntil = now.Add(hold)
		}
		return r
	}
	fresh := row(0, 0, 0, 0)
	cases := []struct {
		name                   string
		pair, account, address sqlstore.ThrottleRow
		known                  bool
		until                  time.Duration // 0: admitted
		pairN                  int           // the pair's count once admitted
		slot                   bool          // an attack slot is taken
	}{
		{"fresh", fresh, fresh, fresh, false, 0, 1, false},
		{"free failures", row(2, -time.Minute, 0, 0), fresh, fresh, false, 0, 3, false},
		{"in the pair's back-off", row(5, -time.Second, 3*time.Second, 0), fresh, fresh, true, 3 * time.Second, 0, false},
		{"back-off over", row(5, -time.Minute, -time.Second, 0), fresh, fresh, false, 0, 6, false},
		{"pair forgotten", row(40, -PairForget, time.Hour, 0), fresh, fresh, false, 0, 1, false},
		{"address held, unknown pair", fresh, fresh, row(0, 0, 0, time.Hour), false, time.Hour, 0, false},
		{"address held, known pair", fresh, fresh, row(0, 0, 0, time.Hour), true, 0, 1, false},
		{"attack, slot free", fresh, row(0, 0, 0, time.Hour), fresh, false, 0, 1, true},
		{"attack, slot taken", fresh, row(0, 0, 30*time.Second, time.Hour), fresh, false, 30 * time.Second, 0, false},
		{"attack, known pair", fresh, row(0, 0, 30*time.Second, time.Hour), fresh, true, 0, 1, false},
		{"attack over", fresh, row(0, 0, 30*time.Second, -time.Second), fresh, false, 0, 1, false},
	}
	for _, c := range cases {
		write, until := admitAttempt(now, c.pair, c.account, c.address, c.known)
		if c.until != 0 {
			if !until.Equal(now.Add(c.until)) || write != nil {
				t.Errorf("%s: until %v, writes %v; want refused until +%v", c.name, until, write, c.until)
			}
			continue
		}
		if !until.IsZero() {
			t.Errorf("%s: refused until %v", c.name, until)
			continue
		}
		p := write[len(write)-1]
		if p.N != c.pairN || !p.NextAt.Equal(now.Add(pairDelay(p.N))) || !p.Since.Equal(now) {
			t.Errorf("%s: pair written %+v, want count %d", c.name, p, c.pairN)
		}
		if slot := len(write) == 2 && write[0].NextAt.Equal(now.Add(AttackSlot)); slot != c.slot {
			t.Errorf("%s: slot taken %v, want %v", c.name, slot, c.slot)
		}
	}
}

func TestFailAttempt(t *testing.T) {
	now := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)
	acct := sqlstore.ThrottleRow{N: AccountAlertLimit - 2, Since: now.Add(-time.Minute)}
	addr := sqlstore.ThrottleRow{N: 7, Since: now.Add(-AddressWindow)} // its window is over
	acct, addr, attacked := failAttempt(now, acct, addr)
	if attacked || acct.N != AccountAlertLimit-1 || addr.N != 1 || !addr.Since.Equal(now) {
		t.Fatalf("below the limit: %+v %+v %v", acct, addr, attacked)
	}
	acct, _, attacked = failAttempt(now, acct, addr)
	if !attacked || !acct.HoldUntil.Equal(now.Add(AttackHold)) {
		t.Fatalf("at the limit: %+v %v", acct, attacked)
	}
	later := now.Add(time.Minute)
	acct, _, attacked = failAttempt(later, acct, addr)
	if attacked || !acct.HoldUntil.Equal(later.Add(AttackHold)) {
		t.Fatalf("under attack already: %+v %v (one alert per attack)", acct, attacked)
	}
	addr = sqlstore.ThrottleRow{N: AddressLimit - 1, Since: now}
	if _, addr, _ = failAttempt(now, acct, addr); !addr.HoldUntil.Equal(now.Add(AddressWindow)) {
		t.Fatalf("address at the limit: %+v", addr)
	}
}
