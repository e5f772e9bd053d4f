package workflow

import (
	"context"
	"fmt"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Notices to staff (通知, issue 13 item 5): a finance department's staff
// publish a notice to the staff of their region subtree; it stays on each
// recipient's to-do list (REQ-C1) until they mark it read, and the sender
// sees how many have read it.

// StaffNoticeInput is a notice as written.
type StaffNoticeInput struct {
	Title string `json:"title"`
	Body  string `json:"body"`
}

func init() { inboxSources = append(inboxSources, staffNoticeInbox) }

// PublishStaffNotice publishes a notice from the actor's finance department
// to the staff of its region subtree.
func (s *Service) PublishStaffNotice(ctx context.Context, a goumai.Actor, in StaffNoticeInput) (goumai.StaffNotice, error) {
	n := goumai.StaffNotice{OrgID: a.Org.ID, Region: a.Org.Region, Title: strings.TrimSpace(in.Title), Body: strings.TrimSpace(in.Body), CreatedBy: a.UserID}
	if err := s.Policy.Can(a, goumai.ActPublishStaffNotice, goumai.Target{Region: a.Org.Region}); err != nil {
		return n, err
	}
	if err := goumai.CheckStaffNotice(n); err != nil {
		return n, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if n.ID, err = tx.InsertStaffNotice(ctx, n); err != nil {
			return err
		}
		n.PublishedAt = tx.Now()
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "staff_notice.publish", Table: "staff_notices", Key: n.ID, Region: n.Region})
		return err
	})
	return n, err
}

// mayReadStaffNotice: the notice's recipients (anyone whose organisation lies
// in its subtree) and its sender's staff; anyone else is told it does not exist.
func (s *Service) mayReadStaffNotice(a goumai.Actor, n goumai.StaffNotice) error {
	if a.Anonymous() {
		return goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	if a.IsSystem() || a.Org.ID == n.OrgID || s.Policy.Regions.Contains(n.Region, a.Org.Region) {
		return nil
	}
	return goumai.ErrNotFound("工作通知", "notice to staff")
}

// StaffNotice returns a notice for one of its readers, with whether they read
// it; its sender's staff also see how many have read it.
func (s *Service) StaffNotice(ctx context.Context, a goumai.Actor, id int64) (goumai.StaffNotice, error) {
	n, err := s.Store.StaffNotice(ctx, id, a.UserID)
	if err != nil {
		return n, err
	}
	if err := s.mayReadStaffNotice(a, n); err != nil {
		return goumai.StaffNotice{}, err
	}
	if a.Org.ID != n.OrgID {
		n.Reads = 0 // the count is the sender's
	}
	return n, nil
}

// ReadStaffNotice records that the actor read a notice (once; again is no change).
func (s *Service) ReadStaffNotice(ctx context.Context, a goumai.Actor, id int64) (goumai.StaffNotice, error) {
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		n, err := tx.StaffNotice(ctx, id)
		if err != nil {
			return err
		}
		if err := s.mayReadStaffNotice(a, n); err != nil {
			return err
		}
		rid, err := tx.InsertStaffNoticeRead(ctx, id, a.UserID)
		if err != nil || rid == 0 {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "staff_notice.read", Table: "staff_notice_reads", Key: rid, Region: n.Region})
		return err
	})
	if err != nil {
		return goumai.StaffNotice{}, err
	}
	return s.StaffNotice(ctx, a, id)
}

// SentStaffNotices lists the notices the actor's department published, with read counts.
func (s *Service) SentStaffNotices(ctx context.Context, a goumai.Actor) ([]goumai.StaffNotice, error) {
	if err := s.Policy.Can(a, goumai.ActPublishStaffNotice, goumai.Target{Region: a.Org.Region}); err != nil {
		return nil, err
	}
	return s.Store.SentStaffNotices(ctx, a.Org.ID)
}

// staffNoticeInbox puts the unread notices to the actor's region on the to-do list.
func staffNoticeInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	if a.Org.ID == 0 || a.UserID == 0 {
		return nil
	}
	ns, err := s.Store.UnreadStaffNotices(ctx, s.Store.Regions().PathCodes(a.Org.Region), a.UserID)
	if err != nil {
		return err
	}
	for _, n := range ns {
		in.Todo = append(in.Todo, Item{Kind: "todo.kind.staff_notice", Title: n.Title, Link: fmt.Sprintf("/staff/notices-to-staff/%d", n.ID), At: n.PublishedAt})
	}
	return nil
}
