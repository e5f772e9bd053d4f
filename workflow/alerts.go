package workflow

import (
	"context"
	"fmt"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// raiseAlert opens a security alert, unless the user already has an open one of
// its kind. It is an audited, private event of goumai itself: at most one per
// account per AttackHold reaches the log, however many guesses are made.
func raiseAlert(ctx context.Context, tx *sqlstore.Tx, a goumai.SecurityAlert) error {
	open, err := tx.OpenAlertFor(ctx, a.UserID, a.Kind)
	if err != nil || open {
		return err
	}
	id, err := tx.InsertAlert(ctx, a)
	if err != nil {
		return err
	}
	orgs, err := userOrgs(ctx, tx, a.UserID)
	if err != nil {
		return err
	}
	region := ""
	if len(orgs) > 0 {
		region = orgs[0].Region
	}
	_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "security.alert", Table: "security_alerts", Key: id, Region: region})
	return err
}

// userOrgs returns the organisations where a user holds a role.
func userOrgs(ctx context.Context, tx *sqlstore.Tx, userID int64) ([]goumai.Org, error) {
	ms, err := tx.UserMemberships(ctx, userID)
	if err != nil {
		return nil, err
	}
	var out []goumai.Org
	for i, m := range ms {
		if i > 0 && ms[i-1].OrgID == m.OrgID {
			continue
		}
		o, err := tx.Org(ctx, m.OrgID)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// managesAny reports whether a may manage the users of one of orgs: the
// administrators who see an account's alerts.
func (s *Service) managesAny(a goumai.Actor, orgs []goumai.Org) bool {
	for _, o := range orgs {
		if s.Policy.Can(a, goumai.ActManageUsers, goumai.Target{OrgID: o.ID, Region: o.Region}) == nil {
			return true
		}
	}
	return false
}

// alertOrgs returns the organisations of an alert's user (read outside a transaction).
func (s *Service) alertOrgs(ctx context.Context, userID int64) ([]goumai.Org, error) {
	ms, err := s.Store.Memberships(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]goumai.Org, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.Org)
	}
	return out, nil
}

// Alerts lists the open security alerts a may see: those of accounts in the
// organisations whose users a manages (its own organisation's administrators,
// and the finance department's administrators of the region and above).
func (s *Service) Alerts(ctx context.Context, a goumai.Actor) ([]goumai.SecurityAlert, error) {
	if a.Anonymous() {
		return nil, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	open, err := s.Store.OpenAlerts(ctx, 0)
	if err != nil {
		return nil, err
	}
	out := []goumai.SecurityAlert{}
	for _, al := range open {
		orgs, err := s.alertOrgs(ctx, al.UserID)
		if err != nil {
			return nil, err
		}
		if s.managesAny(a, orgs) {
			out = append(out, al)
		}
	}
	return out, nil
}

var alertNotFound = goumai.ErrNotFound("安全警报", "security alert")

// Alert returns one alert for an administrator who may see it (ENotFound otherwise).
func (s *Service) Alert(ctx context.Context, a goumai.Actor, id int64) (goumai.SecurityAlert, error) {
	al, err := s.Store.Alert(ctx, id)
	if err != nil {
		return al, err
	}
	orgs, err := s.alertOrgs(ctx, al.UserID)
	if err != nil {
		return al, err
	}
	if !s.managesAny(a, orgs) {
		return goumai.SecurityAlert{}, alertNotFound
	}
	return al, nil
}

// CloseAlert closes an open alert once an administrator who may see it has
// looked into it.
func (s *Service) CloseAlert(ctx context.Context, a goumai.Actor, id int64) (goumai.SecurityAlert, error) {
	var al goumai.SecurityAlert
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if al, err = tx.Alert(ctx, id); err != nil {
			return err
		}
		orgs, err := userOrgs(ctx, tx, al.UserID)
		if err != nil {
			return err
		}
		if !s.managesAny(a, orgs) {
			return alertNotFound
		}
		if al.Status != goumai.AlertOpen {
			return goumai.Errorf(goumai.EConflict, "该警报已关闭", "the alert is already closed")
		}
		if err := tx.CloseAlert(ctx, id, a.UserID); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "security.alert_close", Table: "security_alerts", Key: id, Region: orgs[0].Region}); err != nil {
			return err
		}
		al, err = tx.Alert(ctx, id)
		return err
	})
	return al, err
}

func init() { inboxSources = append(inboxSources, alertInbox) }

// alertInbox puts the open alerts an administrator may see on their to-do list.
func alertInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	if !a.Has(goumai.RoleAdmin) {
		return nil
	}
	alerts, err := s.Alerts(ctx, a)
	if err != nil {
		return err
	}
	for _, al := range alerts {
		in.Todo = append(in.Todo, Item{Kind: "todo.kind.security_alert", Title: al.Username, Link: fmt.Sprintf("/staff/alerts/%d", al.ID), At: al.RaisedAt})
	}
	return nil
}
