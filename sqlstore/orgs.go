package sqlstore

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/goumai/goumai"
)

var orgWhat = goumai.M("单位", "organisation")

const orgCols = `id, name, kind, class, staffing, credit_code, region, parent_id, finance_dept, active, created_at, address, phone`

func scanOrg(sc scanner) (goumai.Org, error) {
	var o goumai.Org
	var code sql.NullString
	var parent sql.NullInt64
	var kind, class, staffing, created string
	err := sc.Scan(&o.ID, &o.Name, &kind, &class, &staffing, &code, &o.Region, &parent, &o.FinanceDept, &o.Active, &created, &o.Address, &o.Phone)
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
	key, err := tx.writeRow(ctx, "orgs", `INSERT INTO orgs (name, kind, class, staffing, credit_code, region, parent_id, finance_dept, active, created_at, address, phone)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		o.Name, string(o.Kind), string(o.Class), string(o.Staffing), nullString(o.CreditCode), o.Region, nullInt(o.ParentID),
		o.FinanceDept, o.Active, formatTime(tx.now), o.Address, o.Phone)
	if err != nil {
		return 0, orgError(err)
	}
	return strconv.ParseInt(key, 10, 64)
}

// UpdateOrg writes an organisation's editable fields.
func (tx *Tx) UpdateOrg(ctx context.Context, o goumai.Org) error {
	_, err := tx.writeRow(ctx, "orgs", `UPDATE orgs SET name = $1, kind = $2, class = $3, staffing = $4, credit_code = $5,
		region = $6, parent_id = $7, finance_dept = $8, active = $9, address = $10, phone = $11 WHERE id = $12`,
		o.Name, string(o.Kind), string(o.Class), string(o.Staffing), nullString(o.CreditCode), o.Region, nullInt(o.ParentID),
		o.FinanceDept, o.Active, o.Address, o.Phone, o.ID)
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
func (tx *Tx) Org(ctx context.Context, id int64) (goumai.Org, error) {
	return getOrg(ctx, tx.prepared(), id)
}

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
	query, args := s.orgsSQL(f)
	return queryList(ctx, s.r, listOrgs, scanOrg, query, args...)
}

var listOrgs = registerList("FindOrgs", func(s *Store) []listSample {
	yes, no := true, false
	return []listSample{
		sample(s.orgsSQL(OrgFilter{Active: &yes, AfterID: 900, Limit: 51})),                                  // the public directory
		sample(s.orgsSQL(OrgFilter{Active: &yes, Query: "养老", Limit: 51})),                                   // searched
		sample(s.orgsSQL(OrgFilter{Active: &yes, Region: "330106", Kind: goumai.KindSocialOrg, Limit: 100})), // a county's, of a kind
		sample(s.orgsSQL(OrgFilter{Region: "330106", Active: &no, Limit: 200})),                              // pending registrations
		sample(s.orgsSQL(OrgFilter{Kind: goumai.KindIndividual, AfterID: 900, Limit: 100})),                  // the national administrator's, of a kind
		sample(s.orgsSQL(OrgFilter{Region: "330100", Limit: 100})).sorted("a prefecture's regions each give their rows in id order"),
	}
})

// orgsSQL builds FindOrgs' query.
func (s *Store) orgsSQL(f OrgFilter) (string, []any) {
	var w where
	w.region(s, "region", f.Region)
	if f.Kind != "" {
		w.add("kind = $%d", string(f.Kind))
	}
	if f.Active != nil {
		w.add("active = $%d", *f.Active)
	}
	if f.Finance != nil {
		w.add("finance_dept = $%d", *f.Finance)
	}
	if f.Query != "" {
		w.contains(f.Query, "name", "credit_code")
	}
	if f.AfterID > 0 {
		w.add("id > $%d", f.AfterID)
	}
	limit := w.limit(f.Limit, 100, 1000)
	return `SELECT ` + orgCols + ` FROM orgs WHERE ` + w.sql() + ` ORDER BY id LIMIT ` + limit, w.args
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
