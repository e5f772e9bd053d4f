package workflow

import (
	"context"

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

// insertMembership checks that the organisation may hold the role (ENG-A1/A2:
// purchaser roles only in purchaser-eligible organisations, and so on).
func (s *Service) insertMembership(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, m goumai.Membership, o goumai.Org) (int64, error) {
	if !m.Role.AllowedFor(o) {
		e := goumai.Fields{"role": goumai.M("该单位类型不能担任此角色（"+m.Role.Label().ZH+"）", "an organisation of this kind cannot hold this role ("+m.Role.Label().EN+")")}.Err()
		ge := goumai.AsError(e)
		switch m.Role {
		case goumai.RolePurchaserStaff, goumai.RolePurchaserApprover:
			ge.Rule = "ENG-A1"
		case goumai.RoleSupplier:
			ge.Rule = "ENG-A2"
		}
		return 0, ge
	}
	// A self-registration gives its first account admin and supplier in the new,
	// inactive organisation; the finance department's approval (ActivateOrg) is
	// what authorises it. Every other grant asks the policy.
	if !(a.UserID == 0 && a.Username == registrant.Username && !o.Active) {
		if err := s.Policy.Can(a, goumai.ActGrantRole, goumai.Target{OrgID: o.ID, Region: o.Region, Role: m.Role, UserID: m.UserID}); err != nil {
			return 0, err
		}
	}
	id, err := tx.InsertMembership(ctx, m)
	if err != nil {
		return 0, err
	}
	_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "membership.create", Table: "memberships", Key: id, Region: o.Region})
	return id, err
}

// AddMembership gives an existing user a role in an organisation.
func (s *Service) AddMembership(ctx context.Context, a goumai.Actor, userID, orgID int64, role goumai.Role) (goumai.Membership, error) {
	m := goumai.Membership{UserID: userID, OrgID: orgID, Role: role}
	if !role.Valid() {
		return m, goumai.Fields{"role": goumai.M("请选择有效的角色", "choose a valid role")}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := tx.Org(ctx, orgID)
		if err != nil {
			return orgField(err)
		}
		if err := s.Policy.Can(a, goumai.ActManageUsers, goumai.Target{OrgID: o.ID, Region: o.Region}); err != nil {
			return err
		}
		if _, err := s.Store.User(ctx, userID); err != nil {
			if goumai.ErrorCode(err) == goumai.ENotFound {
				return goumai.Fields{"user_id": goumai.M("用户不存在", "user not found")}.Err()
			}
			return err
		}
		m.ID, err = s.insertMembership(ctx, tx, a, m, o)
		return err
	})
	return m, err
}

// RemoveMembership takes a role away.
func (s *Service) RemoveMembership(ctx context.Context, a goumai.Actor, id int64) error {
	return s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		m, err := tx.Membership(ctx, id)
		if err != nil {
			return err
		}
		o, err := tx.Org(ctx, m.OrgID)
		if err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActManageUsers, goumai.Target{OrgID: o.ID, Region: o.Region}); err != nil {
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

// ChangePassword sets a new password for the actor after checking the old one.
func (s *Service) ChangePassword(ctx context.Context, a goumai.Actor, oldPW, newPW string) error {
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
		if err := tx.SetPasswordHash(ctx, a.UserID, nh); err != nil {
			return err
		}
		_, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "user.password", Table: "credentials", Key: a.UserID, Region: a.Org.Region})
		return err
	})
}
