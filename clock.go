package goumai

import (
	"sync"
	"sync/atomic"
	"time"
	_ "time/tzdata" // deadlines need Asia/Shanghai even where the OS has no zoneinfo
)

// Clock supplies the current time. Every use case takes it by injection so that
// tests can move time and legal deadlines are computed reproducibly.
type Clock interface{ Now() time.Time }

// SystemClock is the wall clock.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now() }

// ShiftClock is the wall clock moved by an offset. Only the demo loader
// (goumai serve --demo, goumai demo on an empty database) shifts it: the demo
// world is written with its history — procedures published weeks ago, closed
// at their deadlines — and the clock then returns to the present (Reset),
// never to move again. Production configuration uses SystemClock.
type ShiftClock struct{ off atomic.Int64 }

func (c *ShiftClock) Now() time.Time { return time.Now().Add(time.Duration(c.off.Load())) }

// Set moves the clock to t (its time then runs on from t).
func (c *ShiftClock) Set(t time.Time) { c.off.Store(int64(time.Until(t))) }

// Reset returns the clock to the wall clock's time.
func (c *ShiftClock) Reset() { c.off.Store(0) }

// FakeClock is a settable clock for tests and sandboxes.
type FakeClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewFakeClock returns a clock stopped at t.
func NewFakeClock(t time.Time) *FakeClock { return &FakeClock{t: t} }

func (c *FakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Advance moves the clock forward by d.
func (c *FakeClock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Set moves the clock to t.
func (c *FakeClock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// Shanghai is the time zone of legal deadlines (China Standard Time, UTC+8, no DST).
var Shanghai = func() *time.Location {
	if l, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return l
	}
	return time.FixedZone("CST", 8*3600)
}()
