package workflow

import (
	"context"
	"fmt"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Invite asks a person, by username, to take a role in an organisation whose
// users a manages (issue 7 item 10: nobody becomes a member of another
// organisation without consent). Only the person's acceptance
// (AcceptInvitation) creates the membership.
//
// Whether the username names an account is not revealed: an invitation to a
// name without an account is stored like any other (it can never be accepted,
// and lapses after goumai.InvitationTTL), and the answer never carries the
// account's id. Only two facts the administrator already sees are said: that
// the person is a member of this organisation already, or is the
// administrator themselves (the policy refuses granting oneself a role).
func (s *Service) Invite(ctx context.Context, a goumai.Actor, orgID int64, username string, role goumai.Role) (sqlstore.InvitationView, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	f := goumai.Fields{}
	if !goumai.ValidUsername(username) {
		f.Add("username", "用户名须为3至32位小写字母、数字或 _ . -，以字母开头", "username: 3–32 lower-case letters, digits, _ . -, starting with a letter")
	}
	if !role.Valid() {
		f.Add("role", "请选择有效的角色", "choose a valid role")
	}
	inv := sqlstore.InvitationView{Invitation: goumai.Invitation{OrgID: orgID, Username: username, Role: role, InvitedBy: a.UserID,
		Status: goumai.InvitationPending}}
	if err := f.Err(); err != nil {
		return inv, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := s.usersOf(ctx, tx, a, orgID)
		if err != nil {
			return orgField(err)
		}
		if err := roleAllowed(role, o, "role"); err != nil {
			return err
		}
		if u, err := tx.UserByUsername(ctx, username); err == nil {
			inv.UserID = u.ID
		} else if goumai.ErrorCode(err) != goumai.ENotFound {
			return err
		}
		grantee := inv.UserID
		if grantee == 0 {
			grantee = goumai.NoAccount
		}
		if err := s.checkGrant(a, goumai.Membership{UserID: grantee, OrgID: o.ID, Role: role}, o); err != nil {
			return err
		}
		if inv.UserID != 0 {
			ms, err := tx.UserMemberships(ctx, inv.UserID)
			if err != nil {
				return err
			}
			for _, m := range ms {
				if m.OrgID == o.ID {
					return goumai.Fields{"username": goumai.M("该用户已是本单位成员，可直接为其增加角色", "this user is a member of the organisation already: add the role directly")}.Err()
				}
			}
		}
		if open, err := tx.OpenInvitation(ctx, o.ID, username, role); err != nil || open {
			if err == nil {
				err = goumai.Errorf(goumai.EConflict, "已向该用户名发出同一角色的邀请，尚未答复", "an invitation of this username to this role is already open")
			}
			return err
		}
		inv.ExpiresAt = tx.Now().Add(goumai.InvitationTTL)
		if inv.ID, err = tx.InsertInvitation(ctx, inv.Invitation); err != nil {
			return err
		}
		inv.CreatedAt, inv.OrgName = tx.Now(), o.Name
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "invitation.create", Table: "invitations", Key: inv.ID, Region: o.Region})
		return err
	})
	return inv, err
}

var invitationNotFound = goumai.ErrNotFound("邀请", "invitation")

// answerable returns an invitation addressed to a that is still open, and its organisation.
func answerable(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64) (goumai.Invitation, goumai.Org, error) {
	if a.Anonymous() {
		return goumai.Invitation{}, goumai.Org{}, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	inv, err := tx.Invitation(ctx, id)
	if err != nil {
		return inv, goumai.Org{}, err
	}
	if inv.UserID == 0 || inv.UserID != a.UserID {
		return goumai.Invitation{}, goumai.Org{}, invitationNotFound // someone else's: not even its existence is told
	}
	if !inv.Open(tx.Now()) {
		return inv, goumai.Org{}, goumai.Errorf(goumai.EConflict, "该邀请已失效（已答复、已撤回或已过期）", "the invitation is no longer open (answered, withdrawn or expired)")
	}
	o, err := tx.Org(ctx, inv.OrgID)
	return inv, o, err
}

// AcceptInvitation makes a member of the organisation in the invited role, in
// one transaction with the invitation's acceptance. The grant is checked again
// as the inviter's, as of now: the organisation must still be able to hold the
// role (ENG-A1/A2), and the inviter must still be allowed to grant it.
func (s *Service) AcceptInvitation(ctx context.Context, a goumai.Actor, id int64) (goumai.Membership, error) {
	var m goumai.Membership
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		inv, o, err := answerable(ctx, tx, a, id)
		if err != nil {
			return err
		}
		m = goumai.Membership{UserID: a.UserID, OrgID: o.ID, Role: inv.Role}
		if err := roleAllowed(m.Role, o, "role"); err != nil {
			return err
		}
		if err := s.inviterMayGrant(ctx, inv.InvitedBy, m, o); err != nil {
			return err
		}
		if err := tx.SetInvitationStatus(ctx, id, goumai.InvitationAccepted); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "invitation.accept", Table: "invitations", Key: id, Region: o.Region}); err != nil {
			return err
		}
		m.ID, err = addMembership(ctx, tx, a, m, o)
		return err
	})
	return m, err
}

// inviterMayGrant checks that the inviter may still grant m, acting for any of
// the organisations where they hold roles now (an administrator of the
// organisation, or of its region's finance department).
func (s *Service) inviterMayGrant(ctx context.Context, inviterID int64, m goumai.Membership, o goumai.Org) error {
	if inviterID == 0 {
		return s.checkGrant(goumai.System, m, o)
	}
	ms, err := s.Store.Memberships(ctx, inviterID)
	if err != nil {
		return err
	}
	for _, x := range ms {
		inviter, _, err := s.actorFor(ctx, inviterID, x.Org.ID)
		if goumai.ErrorCode(err) == goumai.EUnauthorized {
			break // a disabled account grants nothing
		}
		if err != nil {
			return err
		}
		if s.checkGrant(inviter, m, o) == nil {
			return nil
		}
	}
	return goumai.Errorf(goumai.EConflict, "邀请人已无权授予此角色，邀请不能再接受", "the inviter may no longer grant this role; the invitation cannot be accepted")
}

// DeclineInvitation refuses an invitation addressed to a.
func (s *Service) DeclineInvitation(ctx context.Context, a goumai.Actor, id int64) error {
	return s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		_, o, err := answerable(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := tx.SetInvitationStatus(ctx, id, goumai.InvitationDeclined); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "invitation.decline", Table: "invitations", Key: id, Region: o.Region})
		return err
	})
}

// WithdrawInvitation withdraws a pending invitation of an organisation whose
// users a manages.
func (s *Service) WithdrawInvitation(ctx context.Context, a goumai.Actor, id int64) (goumai.Invitation, error) {
	var inv goumai.Invitation
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if inv, err = tx.Invitation(ctx, id); err != nil {
			return err
		}
		o, err := s.usersOf(ctx, tx, a, inv.OrgID)
		if err != nil {
			return err
		}
		if !inv.Status.CanMoveTo(goumai.InvitationWithdrawn) {
			return goumai.Errorf(goumai.EConflict, "该邀请已答复或已撤回", "the invitation was already answered or withdrawn")
		}
		if err := tx.SetInvitationStatus(ctx, id, goumai.InvitationWithdrawn); err != nil {
			return err
		}
		inv.Status = goumai.InvitationWithdrawn
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "invitation.withdraw", Table: "invitations", Key: id, Region: o.Region})
		return err
	})
	return inv, err
}

// MyInvitations lists the open invitations addressed to a.
func (s *Service) MyInvitations(ctx context.Context, a goumai.Actor) ([]sqlstore.InvitationView, error) {
	if a.Anonymous() {
		return nil, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	return s.Store.FindInvitations(ctx, sqlstore.InvitationFilter{UserID: a.UserID, Open: s.Clock.Now()})
}

// OrgInvitations lists an organisation's invitations (the latest 100), for
// those who manage its users.
func (s *Service) OrgInvitations(ctx context.Context, a goumai.Actor, orgID int64) ([]sqlstore.InvitationView, error) {
	o, err := s.Store.Org(ctx, orgID)
	if err != nil {
		return nil, err
	}
	if err := s.Policy.Can(a, goumai.ActManageUsers, goumai.Target{OrgID: o.ID, Region: o.Region}); err != nil {
		return nil, err
	}
	return s.Store.FindInvitations(ctx, sqlstore.InvitationFilter{OrgID: orgID})
}

func init() { inboxSources = append(inboxSources, invitationInbox) }

// invitationInbox puts the invitations addressed to the actor on their to-do
// list, whichever organisation they are acting for.
func invitationInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	invs, err := s.MyInvitations(ctx, a)
	if err != nil {
		return err
	}
	for _, i := range invs {
		in.Todo = append(in.Todo, Item{Kind: "todo.kind.invitation", Title: i.OrgName,
			Link: fmt.Sprintf("/staff/invitations#invitation-%d", i.ID), At: i.CreatedAt})
	}
	return nil
}
