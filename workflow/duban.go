package workflow

import (
	"context"
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
		return d, err
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

// changeDuban runs act ("answer" by the region, "close" by the issuer).
func (s *Service) changeDuban(ctx context.Context, a goumai.Actor, id int64, version int, act, text string) (goumai.Duban, error) {
	var d goumai.Duban
	name := map[string]string{"answer": "answer", "close": "opinion"}[act]
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if d, err = tx.Duban(ctx, id); err != nil {
			return err
		}
		if !s.mayReadDuban(a, d) {
			return goumai.ErrNotFound("督办通知", "supervision notice")
		}
		need := goumai.ActFileWorkReport
		if act == "close" {
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
