package goumai

import (
	"testing"
	"time"
)

// TestCatalogStatusAt: a published version's status comes from its dates and
// the clock. The old version, replaced by one effective on 1 April, is in force
// until midnight of 1 April in Shanghai; the new one is scheduled until then.
func TestCatalogStatusAt(t *testing.T) {
	from := time.Date(2026, 4, 1, 0, 0, 0, 0, Shanghai)
	old := CatalogVersion{Status: CatalogPublished, EffectiveFrom: time.Date(2026, 1, 1, 0, 0, 0, 0, Shanghai), EffectiveTo: &from}
	next := CatalogVersion{Status: CatalogPublished, EffectiveFrom: from}
	legacy := old
	legacy.Status = CatalogSuperseded // stored by earlier versions of goumai at publication
	before, last := from.Add(-time.Nanosecond), from.Add(-24*time.Hour)
	for _, c := range []struct {
		name string
		v    CatalogVersion
		at   time.Time
		want CatalogStatus
	}{
		{"old, the day before", old, last, CatalogPublished},
		{"old, a moment before midnight", old, before, CatalogPublished},
		{"old, at midnight", old, from, CatalogSuperseded},
		{"new, a moment before midnight", next, before, CatalogScheduled},
		{"new, at midnight", next, from, CatalogPublished},
		{"new, a year on", next, from.AddDate(1, 0, 0), CatalogPublished},
		{"stored superseded, before its end", legacy, before, CatalogPublished},
		{"stored superseded, after its end", legacy, from, CatalogSuperseded},
		{"old, before it began", old, old.EffectiveFrom.Add(-time.Second), CatalogScheduled},
		{"draft", CatalogVersion{Status: CatalogDraft, EffectiveFrom: from}, from, CatalogDraft},
		{"in review", CatalogVersion{Status: CatalogInReview, EffectiveFrom: from}, from, CatalogInReview},
	} {
		if got := c.v.StatusAt(c.at); got != c.want {
			t.Errorf("%s: StatusAt = %s, want %s", c.name, got, c.want)
		}
		if got := c.v.InForce(c.at); got != (c.want == CatalogPublished) {
			t.Errorf("%s: InForce = %v", c.name, got)
		}
	}
	// Computing the status keeps the version readable by the public.
	s := next
	s.Status = s.StatusAt(before)
	if !s.Public() || s.StatusAt(from) != CatalogPublished {
		t.Errorf("a version shown as scheduled: public %v, status at its date %s", s.Public(), s.StatusAt(from))
	}
}
