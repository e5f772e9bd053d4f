package goumai_test

import (
	"testing"
	"time"

	"github.com/goumai/goumai"
)

// TestChallengeTransitions: every (state, action) pair of a challenge, one
// row each; only a filed challenge moves.
func TestChallengeTransitions(t *testing.T) {
	type row struct {
		from goumai.ChallengeStatus
		act  goumai.ChallengeAction
		to   goumai.ChallengeStatus // "" when refused
	}
	rows := []row{
		{goumai.ChallengeFiled, goumai.ChallengeAnswer, goumai.ChallengeAnswered},
		{goumai.ChallengeFiled, goumai.ChallengeWithdraw, goumai.ChallengeWithdrawn},
		{goumai.ChallengeFiled, goumai.ChallengeEscalate, goumai.ChallengeUnanswered},
	}
	for _, from := range []goumai.ChallengeStatus{goumai.ChallengeAnswered, goumai.ChallengeUnanswered, goumai.ChallengeWithdrawn} {
		for _, act := range []goumai.ChallengeAction{goumai.ChallengeAnswer, goumai.ChallengeWithdraw, goumai.ChallengeEscalate} {
			rows = append(rows, row{from, act, ""})
		}
	}
	for _, r := range rows {
		got, ok := r.from.Next(r.act)
		if ok != (r.to != "") || got != r.to {
			t.Errorf("%s --%s--> %q, %v; want %q", r.from, r.act, got, ok, r.to)
		}
		if r.from.Open() != (r.from == goumai.ChallengeFiled) {
			t.Errorf("%s: Open() = %v", r.from, r.from.Open())
		}
	}
}

// TestComplaintTransitions: every (state, action) pair of a complaint.
func TestComplaintTransitions(t *testing.T) {
	type row struct {
		from goumai.ComplaintStatus
		act  goumai.ComplaintAction
		to   goumai.ComplaintStatus
	}
	rows := []row{
		{goumai.ComplaintFiled, goumai.ComplaintSuspend, goumai.ComplaintSuspended},
		{goumai.ComplaintFiled, goumai.ComplaintResume, ""},
		{goumai.ComplaintFiled, goumai.ComplaintDecide, goumai.ComplaintDecided},
		{goumai.ComplaintFiled, goumai.ComplaintWithdraw, goumai.ComplaintWithdrawn},
		{goumai.ComplaintSuspended, goumai.ComplaintSuspend, ""},
		{goumai.ComplaintSuspended, goumai.ComplaintResume, goumai.ComplaintFiled},
		{goumai.ComplaintSuspended, goumai.ComplaintDecide, goumai.ComplaintDecided},
		{goumai.ComplaintSuspended, goumai.ComplaintWithdraw, goumai.ComplaintWithdrawn},
	}
	for _, from := range []goumai.ComplaintStatus{goumai.ComplaintDecided, goumai.ComplaintWithdrawn} {
		for _, act := range []goumai.ComplaintAction{goumai.ComplaintSuspend, goumai.ComplaintResume, goumai.ComplaintDecide, goumai.ComplaintWithdraw} {
			rows = append(rows, row{from, act, ""})
		}
	}
	for _, r := range rows {
		got, ok := r.from.Next(r.act)
		if ok != (r.to != "") || got != r.to {
			t.Errorf("%s --%s--> %q, %v; want %q", r.from, r.act, got, ok, r.to)
		}
		if open := r.from == goumai.ComplaintFiled || r.from == goumai.ComplaintSuspended; r.from.Open() != open {
			t.Errorf("%s: Open() = %v", r.from, r.from.Open())
		}
	}
}

// TestComplaintSuspended: a suspension is in force while suspended and
// before its end, never after it or in another state.
func TestComplaintSuspended(t *testing.T) {
	until := time.Date(2026, 4, 1, 15, 59, 59, 0, time.UTC)
	for _, r := range []struct {
		status goumai.ComplaintStatus
		until  *time.Time
		now    time.Time
		want   bool
	}{
		{goumai.ComplaintSuspended, &until, until.Add(-time.Second), true},
		{goumai.ComplaintSuspended, &until, until, false},
		{goumai.ComplaintSuspended, nil, until, false},
		{goumai.ComplaintFiled, &until, until.Add(-time.Hour), false},
		{goumai.ComplaintDecided, &until, until.Add(-time.Hour), false},
	} {
		if got := (goumai.Complaint{Status: r.status, SuspendedUntil: r.until}).Suspended(r.now); got != r.want {
			t.Errorf("%s until %v at %v: %v, want %v", r.status, r.until, r.now, got, r.want)
		}
	}
}
