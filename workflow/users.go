package workflow

import (
	"context"
	"slices"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// CreateUser creates an account with a first role in an organisation. The actor
// must administer that organisation (or its region, at a finance department).
func (s *Service) CreateUser(ctx context.Context, a goumai.Actor, in goumai.NewUser, orgID int64, role goumai.Role) (goumai.User, error) {
	f := goumai.Fields{}
	if err := in.Validate(); err != nil {
		f = goumai.AsError(err).Fields
	}
	if !role.Valid() {
		f.Add("role", "请选择有效的角色", "choose a valid role")
	}
	if err := f.Err(); err != nil {
		return goumai.User{}, err
	}
	// Authorise before the (deliberately expensive) password hashing, and again
	// inside the transaction.
	o, err := s.Store.Org(ctx, orgID)
	if err != nil {
		return goumai.User{}, orgField(err)
	}
	if err := s.Policy.Can(a, goumai.ActManageUsers, goumai.Target{OrgID: o.ID, Region: o.Region}); err != nil {
		return goumai.User{}, err
	}
	hash, err := HashPassword(in.Password, s.PasswordParams)
	if err != nil {
		return goumai.User{}, err
	}
	u := goumai.User{Username: in.Username, DisplayName: in.DisplayName, Active: true}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := tx.Org(ctx, orgID)
		if err != nil {
			return orgField(err)
		}
		if err := s.Policy.Can(a, goumai.ActManageUsers, goumai.Target{OrgID: o.ID, Region: o.Region}); err != nil {
			return err
		}
		if u.ID, err = s.insertUser(ctx, tx, a, u, hash, o.Region); err != nil {
			return err
		}
		_, err = s.insertMembership(ctx, tx, a, goumai.Membership{UserID: u.ID, OrgID: o.ID, Role: role}, o)
		return err
	})
	return u, err
}

func orgField(err error) error {
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Fields{"org_id": goumai.M("单位不存在", "organisation not found")}.Err()
	}
	return err
}

func (s *Service) insertUser(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, u goumai.User, hash, region string) (int64, error) {
	id, err := tx.InsertUser(ctx, u)
	if err != nil {
		return 0, err
	}
	if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "user.create", Table: "users", Key: id, Region: region}); err != nil {
		return 0, err
	}
	if err := tx.SetPasswordHash(ctx, id, hash); err != nil {
		return 0, err
	}
	if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "user.password", Table: "credentials", Key: id, Region: region}); err != nil {
		return 0, err
	}
	return id, nil
}

// checkGrant checks that the organisation may hold the role (ENG-A1/A2:
// purchaser roles only in purchaser-eligible organisations, and so on) and that
// granter may grant it to the membership's user (the policy; never to oneself).
func (s *Service) checkGrant(granter goumai.Actor, m goumai.Membership, o goumai.Org) error {
	if err := roleAllowed(m.Role, o, "role"); err != nil {
		return err
	}
	return s.Policy.Can(granter, goumai.ActGrantRole, goumai.Target{OrgID: o.ID, Region: o.Region, Role: m.Role, UserID: m.UserID})
}

// roleAllowed refuses a role the organisation may not hold, naming the rule
// (ENG-A1 for purchaser roles, ENG-A2 for the supplier role) and the field.
func roleAllowed(r goumai.Role, o goumai.Org, field string) error {
	if r.AllowedFor(o) {
		return nil
	}
	ge := goumai.AsError(goumai.Fields{field: goumai.M("该单位类型不能担任此角色（"+r.Label().ZH+"）", "an organisation of this kind cannot hold this role ("+r.Label().EN+")")}.Err())
	ge.Rule = roleRule(r)
	return ge
}

// roleRule is the eligibility rule behind a role, if any.
func roleRule(r goumai.Role) string {
	switch r {
	case goumai.RolePurchaserStaff, goumai.RolePurchaserApprover:
		return "ENG-A1"
	case goumai.RoleSupplier:
		return "ENG-A2"
	}
	return ""
}

// insertMembership grants a role after checkGrant, recorded as a's action.
func (s *Service) insertMembership(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, m goumai.Membership, o goumai.Org) (int64, error) {
	// A self-registration gives its first account admin and supplier in the new,
	// inactive organisation; the finance department's approval (ActivateOrg) is
	// what authorises it. Every other grant asks the policy.
	if a.UserID == 0 && a.Username == registrant.Username && !o.Active {
		if err := roleAllowed(m.Role, o, "role"); err != nil {
			return 0, err
		}
	} else if err := s.checkGrant(a, m, o); err != nil {
		return 0, err
	}
	return addMembership(ctx, tx, a, m, o)
}

// addMembership writes a membership already authorised, recorded as by's action.
func addMembership(ctx context.Context, tx *sqlstore.Tx, by goumai.Actor, m goumai.Membership, o goumai.Org) (int64, error) {
	id, err := tx.InsertMembership(ctx, m)
	if err != nil {
		return 0, err
	}
	_, err = tx.Record(ctx, sqlstore.Change{Actor: by, Action: "membership.create", Table: "memberships", Key: id, Region: o.Region})
	return id, err
}

// notMember is the one answer when a user id is not a member of the
// organisation, whether or not the id exists: the error must not tell which
// ids exist (issue 7 item 10). A person from elsewhere joins by invitation.
func notMember() error {
	return goumai.Fields{"user_id": goumai.M("该用户不是本单位成员；其他人员须通过邀请加入", "this user is not a member of the organisation; others join by invitation")}.Err()
}

// AddMembership gives a member of an organisation a further role there. A
// person who holds no role in it must be invited (Invite) and accept.
func (s *Service) AddMembership(ctx context.Context, a goumai.Actor, userID, orgID int64, role goumai.Role) (goumai.Membership, error) {
	m := goumai.Membership{UserID: userID, OrgID: orgID, Role: role}
	if !role.Valid() {
		return m, goumai.Fields{"role": goumai.M("请选择有效的角色", "choose a valid role")}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := s.usersOf(ctx, tx, a, orgID)
		if err != nil {
			return orgField(err)
		}
		ms, err := tx.UserMemberships(ctx, userID)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(ms, func(x goumai.Membership) bool { return x.OrgID == o.ID }) {
			return notMember()
		}
		m.ID, err = s.insertMembership(ctx, tx, a, m, o)
		return err
	})
	return m, err
}

// usersOf returns an organisation whose users a manages (ENotFound if there is
// no such organisation, EForbidden if a may not).
func (s *Service) usersOf(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, orgID int64) (goumai.Org, error) {
	o, err := tx.Org(ctx, orgID)
	if err != nil {
		return o, err
	}
	return o, s.Policy.Can(a, goumai.ActManageUsers, goumai.Target{OrgID: o.ID, Region: o.Region})
}

// RemoveMembership takes a role away.
func (s *Service) RemoveMembership(ctx context.Context, a goumai.Actor, id int64) error {
	return s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		m, err := tx.Membership(ctx, id)
		if err != nil {
			return err
		}
		o, err := s.usersOf(ctx, tx, a, m.OrgID)
		if err != nil {
			return err
		}
		if m.UserID == a.UserID && m.Role == goumai.RoleAdmin {
			return goumai.Errorf(goumai.EConflict, "不能撤销自己的管理员角色", "you cannot remove your own administrator role")
		}
		if err := tx.DeleteMembership(ctx, id); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "membership.delete", Table: "memberships", Key: id, Region: o.Region})
		return err
	})
}

// ChangePassword sets a new password for the actor after checking the old one,
// and ends every other session and API token of the actor: whoever had them —
// perhaps the reason for the change — is signed out. keep is the id of the
// session the change was made from (sqlstore.Session.ID), which stays.
func (s *Service) ChangePassword(ctx context.Context, a goumai.Actor, keep, oldPW, newPW string) error {
	if a.Anonymous() {
		return goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	_, hash, err := s.Store.Credentials(ctx, a.Username)
	if err != nil {
		return err
	}
	if !CheckPassword(oldPW, hash) {
		return goumai.Fields{"old_password": goumai.M("原密码不正确", "the current password is wrong")}.Err()
	}
	if m := goumai.CheckPassword(newPW); m != nil {
		return goumai.Fields{"new_password": *m}.Err()
	}
	nh, err := HashPassword(newPW, s.PasswordParams)
	if err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		return setPassword(ctx, tx, a, a.UserID, nh, "user.password", keep, a.Org.Region)
	})
}

// setPassword stores a new hash, records it and ends the user's sessions but keep.
func setPassword(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, userID int64, hash, action, keep, region string) error {
	if err := tx.SetPasswordHash(ctx, userID, hash); err != nil {
		return err
	}
	if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "credentials", Key: userID, Region: region}); err != nil {
		return err
	}
	_, err := tx.DeleteUserSessions(ctx, userID, keep)
	return err
}

// userNotManaged is the one answer for a user id that does not exist or that
// the actor may not manage, so that the error does not tell which ids exist.
var userNotManaged = goumai.M("用户不存在，或不在您管理的单位中", "no such user in the organisations you manage")

// managedUser returns a user whom a may manage: a must manage the users of
// every organisation where the user holds a role (an administrator of one
// organisation cannot take over a person who also acts for another), and may
// not act on their own account here (ChangePassword is for that).
func (s *Service) managedUser(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, userID int64) (goumai.User, string, error) {
	if err := s.Policy.Can(a, goumai.ActViewAdmin, goumai.Target{OrgID: a.Org.ID, Region: a.Org.Region}); err != nil {
		return goumai.User{}, "", err
	}
	u, err := tx.User(ctx, userID)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return u, "", &goumai.Error{Code: goumai.ENotFound, Message: userNotManaged}
	}
	if err != nil {
		return u, "", err
	}
	orgs, err := userOrgs(ctx, tx, userID)
	if err != nil {
		return u, "", err
	}
	for _, o := range orgs {
		if s.Policy.Can(a, goumai.ActManageUsers, goumai.Target{OrgID: o.ID, Region: o.Region}) != nil {
			orgs = nil
			break
		}
	}
	if len(orgs) == 0 {
		return u, "", &goumai.Error{Code: goumai.ENotFound, Message: userNotManaged}
	}
	if u.ID == a.UserID {
		return u, "", goumai.Errorf(goumai.EConflict, "不能在此处理自己的账号（修改自己的密码请用“修改密码”）", "you cannot do this to your own account (change your own password under Change password)")
	}
	return u, orgs[0].Region, nil
}

// ResetPassword sets a new password for another user, as an administrator who
// manages them, and ends all their sessions and API tokens.
func (s *Service) ResetPassword(ctx context.Context, a goumai.Actor, userID int64, newPW string) error {
	if m := goumai.CheckPassword(newPW); m != nil {
		return goumai.Fields{"password": *m}.Err()
	}
	// Authorise before the (deliberately expensive) hashing, and again inside the transaction.
	if err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		_, _, err := s.managedUser(ctx, tx, a, userID)
		return err
	}); err != nil {
		return err
	}
	nh, err := HashPassword(newPW, s.PasswordParams)
	if err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		_, region, err := s.managedUser(ctx, tx, a, userID)
		if err != nil {
			return err
		}
		return setPassword(ctx, tx, a, userID, nh, "user.password_reset", "", region)
	})
}

// SetUserActive deactivates (or reactivates) another user's account, as an
// administrator who manages them. Deactivation ends all their sessions and API
// tokens at once.
func (s *Service) SetUserActive(ctx context.Context, a goumai.Actor, userID int64, active bool) (goumai.User, error) {
	var u goumai.User
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var region string
		var err error
		if u, region, err = s.managedUser(ctx, tx, a, userID); err != nil {
			return err
		}
		if u.Active == active {
			return goumai.Errorf(goumai.EConflict, "账号状态未改变", "the account is already in that state")
		}
		u.Active = active
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		action := "user.activate"
		if !active {
			action = "user.deactivate"
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "users", Key: userID, Region: region}); err != nil {
			return err
		}
		if active {
			return nil
		}
		_, err = tx.DeleteUserSessions(ctx, userID, "")
		return err
	})
	return u, err
}
