package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/goumai/goumai"
)

var orgWhat = goumai.M("单位", "organisation")

const orgCols = `id, name, kind, class, staffing, credit_code, region, parent_id, finance_dept, active, created_at`

func scanOrg(sc scanner) (goumai.Org, error) {
	var o goumai.Org
	var code sql.NullString
	var parent sql.NullInt64
	var kind, class, staffing, created string
	err := sc.Scan(&o.ID, &o.Name, &kind, &class, &staffing, &code, &o.Region, &parent, &o.FinanceDept, &o.Active, &created)
	if err != nil {
		return o, err
	}
	o.Kind, o.Class, o.Staffing = goumai.OrgKind(kind), goumai.InstitutionClass(class), goumai.MassOrgStaffing(staffing)
	o.CreditCode, o.ParentID = code.String, parent.Int64
	o.CreatedAt, err = parseTime(created)
	return o, err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

// InsertOrg inserts an organisation and returns its id. The caller records the event.
func (tx *Tx) InsertOrg(ctx context.Context, o goumai.Org) (int64, error) {
	key, err := tx.writeRow(ctx, "orgs", `INSERT INTO orgs (name, kind, class, staffing, credit_code, region, parent_id, finance_dept, active, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		o.Name, string(o.Kind), string(o.Class), string(o.Staffing), nullString(o.CreditCode), o.Region, nullInt(o.ParentID),
		o.FinanceDept, o.Active, formatTime(tx.now))
	if err != nil {
		return 0, orgError(err)
	}
	return strconv.ParseInt(key, 10, 64)
}

// UpdateOrg writes an organisation's editable fields.
func (tx *Tx) UpdateOrg(ctx context.Context, o goumai.Org) error {
	_, err := tx.writeRow(ctx, "orgs", `UPDATE orgs SET name = $1, kind = $2, class = $3, staffing = $4, credit_code = $5,
		region = $6, parent_id = $7, finance_dept = $8, active = $9 WHERE id = $10`,
		o.Name, string(o.Kind), string(o.Class), string(o.Staffing), nullString(o.CreditCode), o.Region, nullInt(o.ParentID),
		o.FinanceDept, o.Active, o.ID)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.ErrNotFound("单位", "organisation")
	}
	return orgError(err)
}

// orgError names the field behind a constraint violation.
func orgError(err error) error {
	err = interpretError(err, orgWhat)
	if e, ok := err.(*goumai.Error); ok && e.Code == goumai.EConflict {
		e.Fields = map[string]goumai.Msg{"credit_code": goumai.M("该统一社会信用代码已被登记（或本区划已有财政部门）", "this credit code is already registered (or the region already has a finance department)")}
		e.Code = goumai.EConflict
	}
	return err
}

// Org returns one organisation.
func (s *Store) Org(ctx context.Context, id int64) (goumai.Org, error) { return getOrg(ctx, s.r, id) }

// Org returns one organisation, inside the transaction.
func (tx *Tx) Org(ctx context.Context, id int64) (goumai.Org, error) { return getOrg(ctx, tx.tx, id) }

func getOrg(ctx context.Context, q querier, id int64) (goumai.Org, error) {
	o, err := scanOrg(q.QueryRowContext(ctx, `SELECT `+orgCols+` FROM orgs WHERE id = $1`, id))
	return o, interpretError(err, orgWhat)
}

// OrgFilter selects organisations; lists are keyset-paged by id.
type OrgFilter struct {
	Region  string // subtree root; "" for all
	Kind    goumai.OrgKind
	Active  *bool
	Finance *bool
	Query   string // substring of the name or credit code
	AfterID int64
	Limit   int
}

// FindOrgs lists organisations by id.
func (s *Store) FindOrgs(ctx context.Context, f OrgFilter) ([]goumai.Org, error) {
	where, args := []string{"1=1"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.Region != "" && f.Region != goumai.NationalCode {
		var cond string
		cond, args = s.regionIn("region", f.Region, args)
		where = append(where, cond)
	}
	if f.Kind != "" {
		add("kind = $%d", string(f.Kind))
	}
	if f.Active != nil {
		add("active = $%d", *f.Active)
	}
	if f.Finance != nil {
		add("finance_dept = $%d", *f.Finance)
	}
	if f.Query != "" {
		var cond string
		cond, args = containsAny(args, f.Query, "name", "credit_code")
		where = append(where, cond)
	}
	if f.AfterID > 0 {
		add("id > $%d", f.AfterID)
	}
	if f.Limit <= 0 || f.Limit > 1000 {
		f.Limit = 100
	}
	args = append(args, f.Limit)
	return queryList(ctx, s.r, scanOrg, `SELECT `+orgCols+` FROM orgs WHERE `+joinAnd(where)+` ORDER BY id LIMIT $`+strconv.Itoa(len(args)), args...)
}

// FinanceDept returns the finance department of a region.
func (s *Store) FinanceDept(ctx context.Context, region string) (goumai.Org, error) {
	o, err := scanOrg(s.r.QueryRowContext(ctx, `SELECT `+orgCols+` FROM orgs WHERE region = $1 AND finance_dept = $2`, region, true))
	return o, interpretError(err, goumai.M("财政部门", "finance department"))
}

// CountOrgs counts active organisations.
func (s *Store) CountOrgs(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM orgs WHERE active = $1`, true).Scan(&n)
	return n, err
}
