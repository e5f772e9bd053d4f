package rules

import (
	"fmt"
	"time"

	"github.com/goumai/goumai"
)

// Minimum periods of a procedure (ENG-D1–D5), counted with the working-day
// calendar. The convention (Civil Code arts. 201–203 and the practice of the
// notices): the day of the event — the documents' issue, a clarification — is
// not counted; a period of n days from it may end on the n-th day after it, so
// the earliest lawful deadline is that day's start (00:00 Asia/Shanghai); a
// period of n working days ends at the end of the n-th working day after it.

// startOf returns 00:00 Asia/Shanghai of t's date.
func startOf(t time.Time) time.Time {
	t = t.In(goumai.Shanghai)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, goumai.Shanghai)
}

// periodMin is one minimum: days or working days, and the rule and law.
type periodMin struct {
	n       int
	working bool
	rule    string
	law     goumai.Msg
}

// deadlineMin returns the minimum between the documents' issue and the
// deadline for a kind of procedure (ENG-D1, ENG-D3, ENG-D4).
func deadlineMin(k goumai.PeriodKind, p Params) periodMin {
	switch k {
	case goumai.PeriodTender:
		return periodMin{p.TenderMinDays, false, "ENG-D1", goumai.M("《政府采购法》第三十五条", "GPL Art. 35")}
	case goumai.PeriodConsult:
		return periodMin{p.ConsultMinDays, false, "ENG-D3", goumai.M("财库〔2014〕214号第十条", "N214 Art. 10")}
	}
	return periodMin{p.NegotiationMinWD, true, "ENG-D4", goumai.M("财政部令第74号第二十九条", "O74 Art. 29")}
}

// clarifyMin returns how long before the deadline a clarification affecting
// bids must come (ENG-D2).
func clarifyMin(k goumai.PeriodKind, p Params) periodMin {
	switch k {
	case goumai.PeriodTender:
		return periodMin{p.TenderClarifyMinDays, false, "ENG-D2", goumai.M("《政府采购法实施条例》第三十一条", "GPL-IR Art. 31")}
	case goumai.PeriodConsult:
		return periodMin{p.ConsultClarifyMinDays, false, "ENG-D2", goumai.M("财库〔2014〕214号第十条", "N214 Art. 10")}
	}
	return periodMin{p.NegotiationClarifyMinWD, true, "ENG-D2", goumai.M("财政部令第74号", "O74")}
}

// earliest returns the earliest lawful end of a period m from t.
func (m periodMin) earliest(cal *Calendar, t time.Time) time.Time {
	if m.working {
		return startOf(cal.AddWorkingDays(t, m.n))
	}
	return startOf(cal.AddCalendarDays(t, m.n))
}

func (m periodMin) text() goumai.Msg {
	if m.working {
		return goumai.M(fmt.Sprintf("%d个工作日", m.n), fmt.Sprintf("%d working days", m.n))
	}
	return goumai.M(fmt.Sprintf("%d日", m.n), fmt.Sprintf("%d days", m.n))
}

// arranged refuses a period that reaches a year whose State Council holiday
// arrangement is not loaded (Calendar.Check: its working days are not known
// yet, issue 8 item 5), as a problem on field. Zero times are skipped.
func arranged(cal *Calendar, field string, ts ...time.Time) *Problem {
	var lo, hi time.Time
	for _, t := range ts {
		if t.IsZero() {
			continue
		}
		if lo.IsZero() || t.Before(lo) {
			lo = t
		}
		if hi.IsZero() || t.After(hi) {
			hi = t
		}
	}
	if lo.IsZero() {
		return nil
	}
	if err := cal.Check(lo, hi); err != nil {
		e := goumai.AsError(err)
		return &Problem{Field: field, Rule: e.Rule, Msg: e.Message}
	}
	return nil
}

// docsMin returns how long the documents must be available for a kind of
// procedure (ENG-D1, ENG-D3), and false for one without such a period.
func docsMin(k goumai.PeriodKind, p Params) (periodMin, bool) {
	switch k {
	case goumai.PeriodTender:
		return periodMin{p.DocsAvailableMinWD, true, "ENG-D1", goumai.M("《政府采购法实施条例》第三十一条", "GPL-IR Art. 31")}, true
	case goumai.PeriodConsult:
		return periodMin{p.DocsAvailableMinWD, true, "ENG-D3", goumai.M("财库〔2014〕214号第十条", "N214 Art. 10")}, true
	}
	return periodMin{}, false
}

// Minimums are the lawful minimums of a procedure's periods from the
// documents' issue, as dates on the working-day calendar, for the public to
// check a notice against (ENG-D1, ENG-D3, ENG-D4).
type Minimums struct {
	DocsUntil    time.Time  // the documents available at least until then; zero when the method has no such period
	DocsText     goumai.Msg // e.g. 5个工作日
	Deadline     time.Time  // the earliest lawful bid (response) deadline
	DeadlineText goumai.Msg // e.g. 20日
	Rule         string     // ENG-D1, ENG-D3 or ENG-D4
	Law, DocsLaw goumai.Msg
}

// PeriodMinimums returns the minimums for documents issued at from.
func PeriodMinimums(k goumai.PeriodKind, from time.Time, p Params, cal *Calendar) Minimums {
	m := deadlineMin(k, p)
	out := Minimums{Deadline: m.earliest(cal, from), DeadlineText: m.text(), Rule: m.rule, Law: m.law}
	if docs, ok := docsMin(k, p); ok {
		out.DocsUntil, out.DocsText, out.DocsLaw = cal.AddWorkingDays(from, docs.n), docs.text(), docs.law
	}
	return out
}

// EarliestDeadline returns the earliest lawful bid (response) deadline for
// documents issued at from (ENG-D1, ENG-D3, ENG-D4).
func EarliestDeadline(k goumai.PeriodKind, from time.Time, p Params, cal *Calendar) time.Time {
	return deadlineMin(k, p).earliest(cal, from)
}

// EarliestDocsUntil returns the earliest lawful end of the documents' availability
// for documents issued at from (ENG-D1, ENG-D3: 5 working days), or the zero
// time for a kind of procedure without that minimum (ENG-D4).
func EarliestDocsUntil(k goumai.PeriodKind, from time.Time, p Params, cal *Calendar) time.Time {
	docs, ok := docsMin(k, p)
	if !ok {
		return time.Time{}
	}
	return cal.AddWorkingDays(from, docs.n)
}

// CheckPeriods checks a procedure's dates: the deadline after the minimum from
// the documents' issue (ENG-D1, ENG-D3, ENG-D4), the documents available for at
// least 5 working days and until the deadline at most (ENG-D1, ENG-D3; for
// tenders and consultations), and every date in an arranged year.
func CheckPeriods(k goumai.PeriodKind, per goumai.Periods, p Params, cal *Calendar) Problems {
	var ps Problems
	if per.DocsFrom.IsZero() || per.BidDeadline.IsZero() {
		ps.add("periods.bid_deadline", "", "请填写投标（响应）截止时间", "give the bid (response) deadline")
		return ps
	}
	if pr := arranged(cal, "periods.bid_deadline", per.DocsFrom, per.DocsUntil, per.BidDeadline); pr != nil {
		return Problems{*pr}
	}
	m := deadlineMin(k, p)
	if e := m.earliest(cal, per.DocsFrom); per.BidDeadline.Before(e) {
		ps.add("periods.bid_deadline", m.rule,
			fmt.Sprintf("自采购文件发出之日起至投标（响应）截止之日止不得少于%s（%s），最早可定于%s", m.text().ZH, m.law.ZH, e.Format("2006-01-02")),
			fmt.Sprintf("at least %s from the documents' issue to the deadline (%s): the earliest is %s", m.text().EN, m.law.EN, e.Format("2006-01-02")))
	}
	if docs, ok := docsMin(k, p); ok {
		if end := EarliestDocsUntil(k, per.DocsFrom, p, cal); per.DocsUntil.Before(end) {
			ps.add("periods.docs_until", docs.rule,
				fmt.Sprintf("采购文件提供期限不得少于%d个工作日（%s），至少至%s", docs.n, docs.law.ZH, end.Format("2006-01-02 15:04")),
				fmt.Sprintf("the documents must be available for at least %d working days (%s): until %s at the earliest", docs.n, docs.law.EN, end.Format("2006-01-02 15:04")))
		}
	}
	if per.DocsUntil.After(per.BidDeadline) {
		ps.add("periods.docs_until", "", "采购文件提供期限不得晚于截止时间", "the documents cannot be available after the deadline")
	}
	return ps
}

// Clarified returns the deadline after a clarification or amendment at t that
// affects the preparation of bids (ENG-D2): unchanged when it comes early
// enough, else moved to the earliest lawful day at the same time of day. It
// reports whether it moved, and refuses a move into an unarranged year.
func Clarified(k goumai.PeriodKind, t, deadline time.Time, p Params, cal *Calendar) (time.Time, bool, error) {
	m := clarifyMin(k, p)
	e := m.earliest(cal, t)
	if !deadline.Before(e) {
		return deadline, false, nil
	}
	d := deadline.In(goumai.Shanghai)
	moved := time.Date(e.Year(), e.Month(), e.Day(), d.Hour(), d.Minute(), d.Second(), 0, goumai.Shanghai)
	if pr := arranged(cal, "periods.bid_deadline", moved); pr != nil {
		return deadline, false, Problems{*pr}.Err()
	}
	return moved, true, nil
}

// PublicityEnd returns the end of a 单一来源公示 published at t (ENG-C5: at
// least 5 working days, GPL-IR Art. 38).
func PublicityEnd(t time.Time, p Params, cal *Calendar) (time.Time, error) {
	return WorkingDaysEnd(t, p.SingleSourcePublicityWD, "publicity", cal)
}

// WorkingDaysEnd returns the end of the n-th working day after t, refusing a
// day in a year whose arrangement is not loaded (the period's field named).
func WorkingDaysEnd(t time.Time, n int, field string, cal *Calendar) (time.Time, error) {
	end := cal.AddWorkingDays(t, n)
	if pr := arranged(cal, field, end); pr != nil {
		return end, Problems{*pr}.Err()
	}
	return end, nil
}

// PrequalUntil checks the end of a prequalification's application window
// opened at t (ENG-D5: at least 5 working days, GPL-IR Art. 21): the zero
// time asks for the earliest lawful end (the end of the 5th working day); an
// earlier one is refused with that earliest end. A window into a year not
// arranged is refused.
func PrequalUntil(t, until time.Time, p Params, cal *Calendar) (time.Time, error) {
	earliest, err := WorkingDaysEnd(t, p.PrequalMinWD, "prequal_until", cal)
	if err != nil {
		return earliest, err
	}
	if until.IsZero() {
		return earliest, nil
	}
	if until.Before(earliest) {
		return until, Problems{{Field: "prequal_until", Rule: "ENG-D5", Msg: goumai.M(
			fmt.Sprintf("资格预审申请期限不得少于%d个工作日（《政府采购法实施条例》第二十一条），最早可至%s", p.PrequalMinWD, earliest.Format("2006-01-02 15:04")),
			fmt.Sprintf("the application window is at least %d working days (GPL-IR Art. 21): %s at the earliest", p.PrequalMinWD, earliest.Format("2006-01-02 15:04")))}}.Err()
	}
	if pr := arranged(cal, "prequal_until", until); pr != nil {
		return until, Problems{*pr}.Err()
	}
	return until, nil
}
