package goumai

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// 督办 notices (supervision of lower levels, issue 13 item 4). The finance
// staff of a region issue a notice to a lagging region directly below with a
// text and a deadline in working days; the region below answers; the issuer
// closes it with 意见, or returns the answer with 意见 for a new one. A
// notice still unanswered after its deadline is overdue. Notices are not
// public (the region's and the issuer's finance staff read them).

// DubanStatus is a notice's state.
type DubanStatus string

const (
	DubanIssued   DubanStatus = "issued"   // awaiting the answer of the region below
	DubanAnswered DubanStatus = "answered" // answered, awaiting the issuer's closing
	DubanClosed   DubanStatus = "closed"   // closed by the issuer with 意见
)

// Label is the state's name.
func (s DubanStatus) Label() Msg {
	switch s {
	case DubanIssued:
		return M("待答复", "Awaiting the answer")
	case DubanAnswered:
		return M("已答复，待办结", "Answered, awaiting closing")
	case DubanClosed:
		return M("已办结", "Closed")
	}
	return M(string(s), string(s))
}

// DubanTransition returns the state after act ("answer", "close",
// "return") from st; false: not allowed. The region below answers an issued
// notice (again while it is not closed, to complete its answer); the issuer
// closes an answered one, or returns it with 意见 for a better answer (it is
// then awaiting the answer again, under the same deadline).
func DubanTransition(st DubanStatus, act string) (DubanStatus, bool) {
	switch {
	case act == "answer" && (st == DubanIssued || st == DubanAnswered):
		return DubanAnswered, true
	case act == "close" && st == DubanAnswered:
		return DubanClosed, true
	case act == "return" && st == DubanAnswered:
		return DubanIssued, true
	}
	return st, false
}

// Duban is a 督办 notice.
type Duban struct {
	ID       int64       `json:"id"`
	Region   string      `json:"region"` // the region below, which answers
	Issuer   string      `json:"issuer"` // the region above, which issued it
	Text     string      `json:"text"`
	Days     int         `json:"days"` // the deadline, in working days from issuing
	DueAt    time.Time   `json:"due_at"`
	Answer   string      `json:"answer,omitempty"`
	Opinion  string      `json:"opinion,omitempty"` // the issuer's 意见 at closing or at its last return
	Status   DubanStatus `json:"status"`
	IssuedAt time.Time   `json:"issued_at"`
	Version  int         `json:"version"`
}

// Returned reports whether the issuer returned the answer (awaiting a new one).
func (d Duban) Returned() bool { return d.Status == DubanIssued && d.Opinion != "" }

// Overdue reports whether the notice is still unanswered after its deadline.
func (d Duban) Overdue(now time.Time) bool { return d.Status == DubanIssued && now.After(d.DueAt) }

// Bounds of a notice's fields.
const (
	MaxDubanText = 2000 // characters of a text, an answer or an opinion
	MaxDubanDays = 60   // working days of a deadline
)

// CheckDubanText checks a text, an answer or an opinion under field name: required, bounded.
func CheckDubanText(f Fields, name, v string) {
	switch n := utf8.RuneCountInString(strings.TrimSpace(v)); {
	case n == 0:
		f[name] = M("必填", "required")
	case n > MaxDubanText:
		f[name] = M(fmt.Sprintf("不能超过 %d 字", MaxDubanText), fmt.Sprintf("at most %d characters", MaxDubanText))
	}
}

// CheckDuban checks a new notice's text and deadline: field-level errors.
func CheckDuban(text string, days int) error {
	f := Fields{}
	CheckDubanText(f, "text", text)
	if days < 1 || days > MaxDubanDays {
		f["days"] = M(fmt.Sprintf("办理期限为 1 至 %d 个工作日", MaxDubanDays), fmt.Sprintf("the deadline is 1 to %d working days", MaxDubanDays))
	}
	if len(f) > 0 {
		return f.Err()
	}
	return nil
}

// ActIssueDuban: the finance staff of the region directly above issue and
// close a notice to a region (not a sibling, not the province for a county).
// The region's own finance staff answer it (ActFileWorkReport).
const ActIssueDuban Action = "duban.issue"

func init() {
	policyRules[ActIssueDuban] = policyRule{who: Actor.financeStaff,
		on: func(p Policy, a Actor, t Target) bool {
			if p.Regions == nil {
				return false
			}
			g, ok := p.Regions.Get(t.Region)
			return ok && g.Parent != "" && g.Parent == a.Org.Region
		}}
	for k, v := range map[string]Msg{
		"duban.issue":  M("发出督办通知", "Supervision notice issued"),
		"duban.answer": M("答复督办通知", "Supervision notice answered"),
		"duban.close":  M("办结督办通知", "Supervision notice closed"),
		"duban.return": M("退回督办答复", "Supervision notice's answer returned"),
	} {
		EventActions[k] = v
	}
}
