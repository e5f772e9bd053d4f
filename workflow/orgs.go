package workflow

import (
	"context"
	"fmt"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// OrgInput is the editable part of an organisation.
type OrgInput struct {
	Name        string                  `json:"name"`
	Kind        goumai.OrgKind          `json:"kind"`
	Class       goumai.InstitutionClass `json:"class"`
	Staffing    goumai.MassOrgStaffing  `json:"staffing"`
	CreditCode  string                  `json:"credit_code"`
	Region      string                  `json:"region"`
	ParentID    int64                   `json:"parent_id"`
	FinanceDept bool                    `json:"finance_dept"`
	Address     string                  `json:"address"` // the unit's postal address (REQ-C20)
	Phone       string                  `json:"phone"`   // the unit's contact telephone, never a person's
}

func (in OrgInput) org() goumai.Org {
	o := goumai.Org{Name: in.Name, Kind: in.Kind, Class: in.Class, Staffing: in.Staffing, CreditCode: in.CreditCode,
		Region: in.Region, ParentID: in.ParentID, FinanceDept: in.FinanceDept, Address: in.Address, Phone: in.Phone, Active: true}
	o.Normalize()
	return o
}

// CreateOrg registers an organisation in the actor's region subtree (a finance
// department's administrator).
func (s *Service) CreateOrg(ctx context.Context, a goumai.Actor, in OrgInput) (goumai.Org, error) {
	o := in.org()
	if err := o.Validate(s.Store.Regions()); err != nil {
		return o, err
	}
	if err := s.Policy.Can(a, goumai.ActManageOrgs, goumai.Target{Region: o.Region}); err != nil {
		return o, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error { return insertOrg(ctx, tx, a, &o) })
	return o, err
}

// checkParent requires an existing parent organisation in the same region subtree.
func checkParent(ctx context.Context, tx *sqlstore.Tx, o goumai.Org) error {
	if o.ParentID == 0 {
		return nil
	}
	p, err := tx.Org(ctx, o.ParentID)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Fields{"parent_id": goumai.M("上级单位不存在", "parent organisation not found")}.Err()
	}
	if err != nil {
		return err
	}
	if p.ID == o.ID || !tx.Regions().Contains(p.Region, o.Region) {
		return goumai.Fields{"parent_id": goumai.M("上级单位须在本单位所在区划或其上级区划", "the parent must be in the same region or above")}.Err()
	}
	return nil
}

// UpdateOrg changes an organisation's fields and returns the stored row.
func (s *Service) UpdateOrg(ctx context.Context, a goumai.Actor, id int64, in OrgInput, active bool) (goumai.Org, error) {
	o := in.org()
	o.ID, o.Active = id, active
	if err := o.Validate(s.Store.Regions()); err != nil {
		return o, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		old, err := tx.Org(ctx, id)
		if err != nil {
			return err
		}
		// Both the old and the new region must be the actor's.
		if err := s.Policy.Can(a, goumai.ActManageOrgs, goumai.Target{OrgID: id, Region: old.Region}); err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActManageOrgs, goumai.Target{OrgID: id, Region: o.Region}); err != nil {
			return err
		}
		if err := checkParent(ctx, tx, o); err != nil {
			return err
		}
		if err := rolesStayAllowed(ctx, tx, o); err != nil {
			return err
		}
		if err := tx.UpdateOrg(ctx, o); err != nil {
			return err
		}
		if o, err = tx.Org(ctx, id); err != nil { // the stored row, with what the input does not carry (created_at)
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "org.update", Table: "orgs", Key: id, Region: o.Region, Public: o.Kind != goumai.KindIndividual})
		return err
	})
	return o, err
}

// rolesStayAllowed refuses a change of an organisation's kind, class, staffing
// or finance flag that would leave members in roles it may no longer hold
// (issue 7 item 10; ENG-A1: a purchaser made 公益一类 keeps no purchaser roles;
// ENG-A2 likewise for suppliers). The change is refused rather than made with
// the roles ended in the same transaction: the roles are removed first, each
// removal recorded and seen, so that a reclassification cannot silently strip
// an organisation's staff and strand its applications in progress.
func rolesStayAllowed(ctx context.Context, tx *sqlstore.Tx, o goumai.Org) error {
	ms, err := tx.OrgMemberships(ctx, o.ID)
	if err != nil {
		return err
	}
	held := map[goumai.Role]int{}
	for _, m := range ms {
		if !m.Role.AllowedFor(o) {
			held[m.Role]++
		}
	}
	for _, r := range goumai.Roles { // purchaser roles first
		n := held[r]
		if n == 0 {
			continue
		}
		rule, field := roleRule(r), "kind"
		if r == goumai.RoleFinanceReviewer || r == goumai.RoleFinanceApprover {
			field = "finance_dept"
		}
		zh := fmt.Sprintf("本单位仍有%d个“%s”角色，改变后的单位不能担任此角色", n, r.Label().ZH)
		en := fmt.Sprintf("the organisation still holds %d %s role(s), which it could not hold after this change", n, r.Label().EN)
		if rule != "" {
			zh, en = zh+"（"+rule+"）", en+" ("+rule+")"
		}
		zh, en = zh+"；请先撤销这些角色", en+"; remove those roles first"
		return &goumai.Error{Code: goumai.EConflict, Message: goumai.M(zh, en), Fields: map[string]goumai.Msg{field: goumai.M(zh, en)}, Rule: rule}
	}
	return nil
}

// RegisterSupplier lets a supplier register itself and its first account (the
// organisation's administrator). The organisation stays inactive until the
// region's finance department approves it (ActivateOrg), and only
// supplier-eligible kinds may register (ENG-A2).
func (s *Service) RegisterSupplier(ctx context.Context, in OrgInput, admin goumai.NewUser) (goumai.Org, goumai.User, error) {
	in.FinanceDept, in.ParentID = false, 0
	o := in.org()
	o.Active = false
	f := goumai.Fields{}
	if err := o.Validate(s.Store.Regions()); err != nil {
		for k, v := range goumai.AsError(err).Fields {
			f[k] = v
		}
	}
	if o.Kind.Valid() && !o.CanSupply() {
		f.Add("kind", "该类型单位不能作为政府购买服务的承接主体（《政府购买服务管理办法》第六、八条）",
			"organisations of this kind cannot be suppliers of purchased services (O102 Arts. 6 and 8; ENG-A2)")
	}
	if err := admin.Validate(); err != nil {
		for k, v := range goumai.AsError(err).Fields {
			f["admin_"+k] = v
		}
	}
	if err := f.Err(); err != nil {
		e := goumai.AsError(err)
		if _, ok := f["kind"]; ok {
			e.Rule = "ENG-A2"
		}
		return o, goumai.User{}, e
	}
	hash, err := HashPassword(admin.Password, s.PasswordParams)
	if err != nil {
		return o, goumai.User{}, err
	}
	u := goumai.User{Username: admin.Username, DisplayName: admin.DisplayName, Active: true}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		id, err := tx.InsertOrg(ctx, o)
		if err != nil {
			return err
		}
		o.ID, o.CreatedAt = id, tx.Now()
		actor := registrant
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: actor, Action: "org.register", Table: "orgs", Key: id, Region: o.Region}); err != nil {
			return err
		}
		if u.ID, err = s.insertUser(ctx, tx, actor, u, hash, o.Region); err != nil {
			if e, ok := err.(*goumai.Error); ok {
				if m, dup := e.Fields["username"]; dup {
					e.Fields = map[string]goumai.Msg{"admin_username": m} // the form's field
				}
			}
			return err
		}
		for _, r := range []goumai.Role{goumai.RoleAdmin, goumai.RoleSupplier} {
			if _, err := s.insertMembership(ctx, tx, actor, goumai.Membership{UserID: u.ID, OrgID: id, Role: r}, o); err != nil {
				return err
			}
		}
		return nil
	})
	return o, u, err
}

// registrant is the actor of a public self-registration.
var registrant = goumai.Actor{Username: "public", Name: "公众注册"}

// ActivateOrg approves (or, with approve false, keeps refusing) a registered
// organisation; the finance department's administrator of its region decides,
// with an opinion (意见, REQ-C2) recorded in the event.
func (s *Service) ActivateOrg(ctx context.Context, a goumai.Actor, id int64, approve bool) (goumai.Org, error) {
	var o goumai.Org
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if o, err = tx.Org(ctx, id); err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActActivateOrg, goumai.Target{OrgID: id, Region: o.Region}); err != nil {
			return err
		}
		if o.Active == approve {
			return goumai.Errorf(goumai.EConflict, "单位状态未改变", "the organisation is already in that state")
		}
		o.Active = approve
		if err := tx.UpdateOrg(ctx, o); err != nil {
			return err
		}
		action := "org.activate"
		if !approve {
			action = "org.deactivate"
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "orgs", Key: id, Region: o.Region, Public: o.Kind != goumai.KindIndividual})
		return err
	})
	return o, err
}
