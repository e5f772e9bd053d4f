package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

func init() {
	registerTable(table{name: "catalog_versions", key: "id", cols: []column{{"id", colInt}, {"region", colText}, {"dept_org_id", colNullInt},
		{"number", colInt}, {"title", colText}, {"status", colText}, {"effective_from", colText}, {"effective_to", colNullText},
		{"based_on", colNullInt}, {"tier_version_id", colNullInt}, {"note", colText}, {"items_sha256", colText}, {"item_count", colInt},
		{"created_at", colText}}})
	registerTable(table{name: "catalog_items", key: "id", cols: []column{{"id", colInt}, {"version_id", colInt}, {"code", colText},
		{"parent", colText}, {"level", colInt}, {"name", colText}, {"class", colText}, {"item_code", colText}, {"negative", colText}, {"note", colText}}})
	registerTable(table{name: "catalog_reviews", key: "id", cols: []column{{"id", colInt}, {"version_id", colInt}, {"action", colText},
		{"actor", colText}, {"actor_name", colText}, {"org_name", colText}, {"opinion", colText}, {"at", colText}}})
}

var (
	versionWhat = goumai.M("目录版本", "catalogue version")
	itemWhat    = goumai.M("目录事项", "catalogue item")
)

const versionCols = `id, region, dept_org_id, number, title, status, effective_from, effective_to, based_on, tier_version_id, note, items_sha256, item_count, created_at`

// CatalogVersionRow is a version with the columns the domain type leaves out.
type CatalogVersionRow struct {
	goumai.CatalogVersion
	TierVersionID int64     `json:"tier_version_id"` // a department version: the tier version it was checked against
	ItemsSHA256   string    `json:"items_sha256"`    // digest of the items, fixed at submission
	ItemCount     int       `json:"item_count"`
	CreatedAt     time.Time `json:"created_at"`
}

func scanVersion(sc scanner) (CatalogVersionRow, error) {
	var v CatalogVersionRow
	var dept, based, tier sql.NullInt64
	var status, from, created string
	var to sql.NullString
	err := sc.Scan(&v.ID, &v.Region, &dept, &v.Number, &v.Title, &status, &from, &to, &based, &tier, &v.Note, &v.ItemsSHA256, &v.ItemCount, &created)
	if err != nil {
		return v, err
	}
	v.DeptOrgID, v.BasedOn, v.TierVersionID, v.Status = dept.Int64, based.Int64, tier.Int64, goumai.CatalogStatus(status)
	if v.EffectiveFrom, err = parseTime(from); err != nil {
		return v, err
	}
	if to.Valid {
		t, err := parseTime(to.String)
		if err != nil {
			return v, err
		}
		v.EffectiveTo = &t
	}
	v.CreatedAt, err = parseTime(created)
	return v, err
}

func catTimeArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return formatTime(*t)
}

// InsertCatalogVersion inserts a version and returns its id. The caller records the event.
func (tx *Tx) InsertCatalogVersion(ctx context.Context, v CatalogVersionRow) (int64, error) {
	key, err := tx.writeRow(ctx, "catalog_versions", `INSERT INTO catalog_versions (region, dept_org_id, number, title, status,
		effective_from, effective_to, based_on, tier_version_id, note, items_sha256, item_count, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		v.Region, nullInt(v.DeptOrgID), v.Number, v.Title, string(v.Status), formatTime(v.EffectiveFrom), catTimeArg(v.EffectiveTo),
		nullInt(v.BasedOn), nullInt(v.TierVersionID), v.Note, v.ItemsSHA256, v.ItemCount, formatTime(tx.now))
	if err != nil {
		return 0, versionError(err)
	}
	return strconv.ParseInt(key, 10, 64)
}

// UpdateCatalogVersion writes a version's mutable columns.
func (tx *Tx) UpdateCatalogVersion(ctx context.Context, v CatalogVersionRow) error {
	_, err := tx.writeRow(ctx, "catalog_versions", `UPDATE catalog_versions SET title = $1, status = $2, effective_from = $3,
		effective_to = $4, tier_version_id = $5, note = $6, items_sha256 = $7, item_count = $8 WHERE id = $9`,
		v.Title, string(v.Status), formatTime(v.EffectiveFrom), catTimeArg(v.EffectiveTo), nullInt(v.TierVersionID), v.Note,
		v.ItemsSHA256, v.ItemCount, v.ID)
	return versionError(err)
}

// versionError explains the one-open-version and numbering constraints.
func versionError(err error) error {
	err = interpretError(err, versionWhat)
	if e, ok := err.(*goumai.Error); ok && e.Code == goumai.EConflict {
		e.Message = goumai.M("该目录已有一个草稿或待审核版本", "this catalogue already has a version in preparation")
	}
	return err
}

// CatalogVersion returns one version.
func (s *Store) CatalogVersion(ctx context.Context, id int64) (CatalogVersionRow, error) {
	return getVersion(ctx, s.r, id)
}

// CatalogVersion returns one version, inside the transaction.
func (tx *Tx) CatalogVersion(ctx context.Context, id int64) (CatalogVersionRow, error) {
	return getVersion(ctx, tx.tx, id)
}

func getVersion(ctx context.Context, q querier, id int64) (CatalogVersionRow, error) {
	v, err := scanVersion(q.QueryRowContext(ctx, `SELECT `+versionCols+` FROM catalog_versions WHERE id = $1`, id))
	return v, interpretError(err, versionWhat)
}

// VersionFilter selects catalogue versions of one tier or department.
type VersionFilter struct {
	Region    string                 // the tier; "" for any
	DeptOrgID int64                  // a department, or 0 for the tier's own catalogue
	AnyDept   bool                   // ignore DeptOrgID: the tier's and all its departments' versions
	Statuses  []goumai.CatalogStatus // empty for all
}

// FindCatalogVersions lists versions, newest first (at most a few hundred exist per tier).
func (s *Store) FindCatalogVersions(ctx context.Context, f VersionFilter) ([]CatalogVersionRow, error) {
	return findVersions(ctx, s.r, f)
}

// FindCatalogVersions lists versions inside the transaction.
func (tx *Tx) FindCatalogVersions(ctx context.Context, f VersionFilter) ([]CatalogVersionRow, error) {
	return findVersions(ctx, tx.tx, f)
}

func findVersions(ctx context.Context, q querier, f VersionFilter) ([]CatalogVersionRow, error) {
	query, args := versionsSQL(f)
	return queryList(ctx, q, listVersions, scanVersion, query, args...)
}

var listVersions = registerList("FindCatalogVersions", func(s *Store) []listSample {
	published := []goumai.CatalogStatus{goumai.CatalogPublished}
	return []listSample{
		sample(versionsSQL(VersionFilter{Region: "330000"})).sorted("one catalogue's versions"),
		sample(versionsSQL(VersionFilter{Region: "330000", Statuses: published})).sorted("one catalogue's versions"),
		sample(versionsSQL(VersionFilter{Region: "330000", DeptOrgID: 7, Statuses: published})).sorted("one department's versions"),
		sample(versionsSQL(VersionFilter{Region: "330000", AnyDept: true})).sorted("a tier's versions"),
		sample(versionsSQL(VersionFilter{AnyDept: true, Statuses: []goumai.CatalogStatus{goumai.CatalogPublished, goumai.CatalogSuperseded}})).sorted("the versions in two states"),
	}
})

// versionsSQL builds FindCatalogVersions' query.
func versionsSQL(f VersionFilter) (string, []any) {
	var w where
	if f.Region != "" {
		w.add("region = $%d", f.Region)
	}
	switch {
	case f.AnyDept:
	case f.DeptOrgID == 0:
		w.conds = append(w.conds, "dept_org_id IS NULL")
	default:
		w.add("dept_org_id = $%d", f.DeptOrgID)
	}
	if len(f.Statuses) > 0 {
		st := make([]any, len(f.Statuses))
		for i, v := range f.Statuses {
			st[i] = string(v)
		}
		w.in("status", st...)
	}
	return `SELECT ` + versionCols + ` FROM catalog_versions WHERE ` + w.sql() + ` ORDER BY id DESC LIMIT 500`, w.args
}

// versionInForce returns the version of a tier (dept 0) or of a department in
// force at t: published or superseded, EffectiveFrom ≤ t < EffectiveTo.
func versionInForce(ctx context.Context, q querier, region string, dept int64, t time.Time) (CatalogVersionRow, error) {
	cond, arg := "region = $1 AND dept_org_id IS NULL", any(region)
	if dept != 0 {
		cond, arg = "dept_org_id = $1", dept
	}
	at := formatTime(t)
	v, err := scanVersion(q.QueryRowContext(ctx, `SELECT `+versionCols+` FROM catalog_versions WHERE `+cond+`
		AND status IN ('published', 'superseded') AND effective_from <= $2 AND (effective_to IS NULL OR effective_to > $2)
		ORDER BY effective_from DESC, id DESC LIMIT 1`, arg, at))
	return v, interpretError(err, goumai.M("现行目录版本", "catalogue version in force"))
}

// CatalogVersionInForce returns the tier's own (dept 0) or a department's
// version in force at t; ENotFound if there is none.
func (s *Store) CatalogVersionInForce(ctx context.Context, region string, dept int64, t time.Time) (CatalogVersionRow, error) {
	return versionInForce(ctx, s.r, region, dept, t)
}

// CatalogVersionInForce is CatalogVersionInForce inside the transaction.
func (tx *Tx) CatalogVersionInForce(ctx context.Context, region string, dept int64, t time.Time) (CatalogVersionRow, error) {
	return versionInForce(ctx, tx.tx, region, dept, t)
}
