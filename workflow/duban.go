package workflow

import (
	"context"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// 督办 notices (issue 13 item 4): issued by the finance staff of the region
// directly above, answered by the region's own finance staff, closed by the
// issuer with 意见; each step one transaction with its audit record (not
// public: the log leaf is private).

// DubanInput is a new notice.
type DubanInput struct {
	Region string `json:"region"`
	Text   string `json:"text"`
	Days   int    `json:"days"`
}

// IssueDuban issues a notice to a region directly below the actor's; its
// deadline is Days working days from now (the calendar).
func (s *Service) IssueDuban(ctx context.Context, a goumai.Actor, in DubanInput) (goumai.Duban, error) {
	var d goumai.Duban
	if err := s.Policy.Can(a, goumai.ActIssueDuban, goumai.Target{Region: in.Region}); err != nil {
		if s.Policy.Gate(a, goumai.ActIssueDuban) != nil {
			return d, err
		}
		e := *goumai.AsError(err)
		e.Fields = map[string]goumai.Msg{"region": goumai.M("只能向直接下级地区发出督办通知", "a notice goes only to a region directly below yours")}
		return d, &e
	}
	if err := goumai.CheckDuban(in.Text, in.Days); err != nil {
		return d, err
	}
	d = goumai.Duban{Region: in.Region, Issuer: a.Org.Region, Text: strings.TrimSpace(in.Text), Days: in.Days, Status: goumai.DubanIssued, Version: 1}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		cal, err := s.calendar(ctx, tx)
		if err != nil {
			return err
		}
		if d.DueAt, err = cal.AddWorkingDaysChecked(tx.Now(), in.Days); err != nil {
			return err
		}
		if d.ID, err = tx.InsertDuban(ctx, d, a.UserID); err != nil {
			return err
		}
		d.IssuedAt = tx.Now()
		return recordDuban(ctx, tx, a, "duban.issue", d)
	})
	return d, err
}

func recordDuban(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, action string, d goumai.Duban) error {
	_, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "duban_notices", Key: d.ID, Region: d.Region})
	return err
}

// mayReadDuban: the finance staff of the region and of its issuer (not a sibling).
func (s *Service) mayReadDuban(a goumai.Actor, d goumai.Duban) bool {
	return !a.Anonymous() && (s.Policy.Can(a, goumai.ActFileWorkReport, goumai.Target{Region: d.Region}) == nil ||
		s.Policy.Can(a, goumai.ActIssueDuban, goumai.Target{Region: d.Region}) == nil)
}

// changeDuban runs act ("answer" by the region, "close" or "return" by the issuer).
func (s *Service) changeDuban(ctx context.Context, a goumai.Actor, id int64, version int, act, text string) (goumai.Duban, error) {
	var d goumai.Duban
	name := map[string]string{"answer": "answer", "close": "opinion", "return": "opinion"}[act]
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if d, err = tx.Duban(ctx, id); err != nil {
			return err
		}
		if !s.mayReadDuban(a, d) {
			return goumai.ErrNotFound("督办通知", "supervision notice")
		}
		need := goumai.ActFileWorkReport
		if act != "answer" {
			need = goumai.ActIssueDuban
		}
		if err := s.Policy.Can(a, need, goumai.Target{Region: d.Region}); err != nil {
			return err
		}
		next, ok := goumai.DubanTransition(d.Status, act)
		if !ok {
			return goumai.Errorf(goumai.EConflict, "督办通知当前状态不允许此操作", "the notice's state does not allow this")
		}
		if version != d.Version {
			return goumai.Errorf(goumai.EStale, "督办通知已被他人修改，请刷新后重试", "the notice changed meanwhile; reload and try again")
		}
		f := goumai.Fields{}
		goumai.CheckDubanText(f, name, text)
		if len(f) > 0 {
			return f.Err()
		}
		if act == "answer" {
			d.Answer = strings.TrimSpace(text)
		} else {
			d.Opinion = strings.TrimSpace(text)
		}
		d.Status = next
		if err := tx.UpdateDuban(ctx, d); err != nil {
			return err
		}
		d.Version++
		return recordDuban(ctx, tx, a, "duban."+act, d)
	})
	return d, err
}

// AnswerDuban is the region's answer.
func (s *Service) AnswerDuban(ctx context.Context, a goumai.Actor, id int64, version int, answer string) (goumai.Duban, error) {
	return s.changeDuban(ctx, a, id, version, "answer", answer)
}

// CloseDuban is the issuer's closing with 意见.
func (s *Service) CloseDuban(ctx context.Context, a goumai.Actor, id int64, version int, opinion string) (goumai.Duban, error) {
	return s.changeDuban(ctx, a, id, version, "close", opinion)
}

// ReturnDuban is the issuer's return of the answer with 意见: the region answers again.
func (s *Service) ReturnDuban(ctx context.Context, a goumai.Actor, id int64, version int, opinion string) (goumai.Duban, error) {
	return s.changeDuban(ctx, a, id, version, "return", opinion)
}

// DubanDecision is the issuer's decision on an answer: close or return, with 意见.
type DubanDecision struct {
	Version int    `json:"version"`
	Action  string `json:"action"` // close or return
	Opinion string `json:"opinion"`
}

// DecideDuban closes the notice or returns its answer.
func (s *Service) DecideDuban(ctx context.Context, a goumai.Actor, id int64, in DubanDecision) (goumai.Duban, error) {
	if in.Action != "close" && in.Action != "return" {
		return goumai.Duban{}, goumai.Fields{"action": goumai.M("操作须为 close（办结）或 return（退回）", "the action is close or return")}.Err()
	}
	return s.changeDuban(ctx, a, id, in.Version, in.Action, in.Opinion)
}

// DubanAnswerInput is the region's answer.
type DubanAnswerInput struct {
	Version int    `json:"version"`
	Answer  string `json:"answer"`
}

// AnswerDubanInput answers with the API's input.
func (s *Service) AnswerDubanInput(ctx context.Context, a goumai.Actor, id int64, in DubanAnswerInput) (goumai.Duban, error) {
	return s.AnswerDuban(ctx, a, id, in.Version, in.Answer)
}

// Duban returns a notice its region's or its issuer's finance staff may
// read (404 to others: a sibling learns nothing).
func (s *Service) Duban(ctx context.Context, a goumai.Actor, id int64) (goumai.Duban, error) {
	d, err := s.Store.Duban(ctx, id)
	if err != nil {
		return d, err
	}
	if !s.mayReadDuban(a, d) {
		return goumai.Duban{}, goumai.ErrNotFound("督办通知", "supervision notice")
	}
	return d, nil
}

// DubanLists are the notices of the actor's region: received from the
// level above and issued to the regions below.
type DubanLists struct {
	Received []goumai.Duban `json:"received"`
	Issued   []goumai.Duban `json:"issued"`
}

// Dubans returns the notices the actor's region received and issued (the
// finance staff of the region).
func (s *Service) Dubans(ctx context.Context, a goumai.Actor) (DubanLists, error) {
	l := DubanLists{Received: []goumai.Duban{}, Issued: []goumai.Duban{}}
	if err := s.Policy.Can(a, goumai.ActFileWorkReport, goumai.Target{Region: a.Org.Region}); err != nil {
		return l, err
	}
	var err error
	if l.Received, err = s.Store.DubansTo(ctx, a.Org.Region, 200); err != nil {
		return l, err
	}
	l.Issued, err = s.Store.DubansFrom(ctx, a.Org.Region, 200)
	return l, err
}

// DubanLink is a notice's staff page.
func DubanLink(id int64) string { return "/staff/duban/" + strconv.FormatInt(id, 10) }

func init() { inboxSources = append(inboxSources, dubanInbox) }

// dubanInbox adds the 督办 notices' to-do items: for the finance staff of
// the region below, the notices to answer (issued or returned) and those
// overdue; for the issuer's, the answers to review and the notices overdue
// at the region below.
func dubanInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	region := a.Org.Region
	if s.Policy.Can(a, goumai.ActFileWorkReport, goumai.Target{Region: region}) != nil {
		return nil
	}
	now := s.Clock.Now()
	to, err := s.Store.DubansTo(ctx, region, 200)
	if err != nil {
		return err
	}
	for _, d := range to {
		if d.Status != goumai.DubanIssued {
			continue
		}
		kind := "todo.kind.duban_answer"
		if d.Overdue(now) {
			kind = "todo.kind.duban_overdue"
		}
		title := d.Text + dueBy(d.DueAt)
		if d.Returned() {
			title = d.Text + "：" + d.Opinion
			in.Returned = append(in.Returned, Item{Kind: "todo.kind.duban_returned", Title: title, Link: DubanLink(d.ID), At: d.IssuedAt})
		}
		in.Todo = append(in.Todo, Item{Kind: kind, Title: title, Link: DubanLink(d.ID), At: d.DueAt})
	}
	from, err := s.Store.DubansFrom(ctx, region, 200)
	if err != nil {
		return err
	}
	for _, d := range from {
		name := s.Policy.Regions.FullName(d.Region)
		switch {
		case d.Status == goumai.DubanAnswered:
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.duban_review", Title: name + "：" + d.Text, Link: DubanLink(d.ID), At: d.IssuedAt})
		case d.Overdue(now):
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.duban_overdue_child", Title: name + "：" + d.Text + dueBy(d.DueAt), Link: DubanLink(d.ID), At: d.DueAt})
		}
	}
	return nil
}
