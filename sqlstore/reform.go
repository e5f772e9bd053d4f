package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
)

// Public-institution reform: functions of 事业单位 with their funded posts, and
// transfers between budget lines (费随事转).

func init() {
	registerTable(table{name: "reform_functions", key: "id", cols: []column{{"id", colInt}, {"org_id", colInt}, {"region", colText},
		{"name", colText}, {"catalog_code", colText}, {"funded_posts", colInt}, {"annual_cost", colInt}, {"transferred", colBool},
		{"transfer_id", colNullInt}, {"created_at", colText}}})
}

var functionWhat = goumai.M("职能", "function")

const functionCols = `id, org_id, region, name, catalog_code, funded_posts, annual_cost, transferred, transfer_id`

func scanFunction(sc scanner) (goumai.Function, error) {
	var f goumai.Function
	var tr sql.NullInt64
	err := sc.Scan(&f.ID, &f.OrgID, &f.Region, &f.Name, &f.CatalogCode, &f.FundedPosts, &f.AnnualCost, &f.Transferred, &tr)
	f.TransferID = tr.Int64
	return f, err
}

// InsertFunction inserts a function of a public institution and records it
// (public: the reform's functions and posts are published with 费随事转).
func (tx *Tx) InsertFunction(ctx context.Context, a goumai.Actor, f goumai.Function) (goumai.Function, error) {
	key, err := tx.writeRow(ctx, "reform_functions", `INSERT INTO reform_functions (org_id, region, name, catalog_code, funded_posts, annual_cost, transferred, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, f.OrgID, f.Region, f.Name, f.CatalogCode, f.FundedPosts, int64(f.AnnualCost), false, formatTime(tx.now))
	if err != nil {
		return f, interpretError(err, functionWhat)
	}
	if f.ID, err = strconv.ParseInt(key, 10, 64); err != nil {
		return f, err
	}
	_, err = tx.Record(ctx, Change{Actor: a, Action: "reform.function_create", Table: "reform_functions", Key: f.ID, Region: f.Region, Public: true})
	return f, err
}

// UpdateFunction writes a function's name, code, posts, cost and transfer state, and records it.
func (tx *Tx) UpdateFunction(ctx context.Context, a goumai.Actor, action string, f goumai.Function) error {
	_, err := tx.writeRow(ctx, "reform_functions", `UPDATE reform_functions SET name = $1, catalog_code = $2, funded_posts = $3,
		annual_cost = $4, transferred = $5, transfer_id = $6 WHERE id = $7`,
		f.Name, f.CatalogCode, f.FundedPosts, int64(f.AnnualCost), f.Transferred, nullInt(f.TransferID), f.ID)
	if err != nil {
		if goumai.ErrorCode(err) == goumai.ENotFound {
			return goumai.ErrNotFound("职能", "function")
		}
		return interpretError(err, functionWhat)
	}
	_, err = tx.Record(ctx, Change{Actor: a, Action: action, Table: "reform_functions", Key: f.ID, Region: f.Region, Public: true})
	return err
}

// Function returns one function.
func (s *Store) Function(ctx context.Context, id int64) (goumai.Function, error) {
	return getFunction(ctx, s.r, id)
}

// Function returns one function, inside the transaction.
func (tx *Tx) Function(ctx context.Context, id int64) (goumai.Function, error) {
	return getFunction(ctx, tx.tx, id)
}

func getFunction(ctx context.Context, q querier, id int64) (goumai.Function, error) {
	f, err := scanFunction(q.QueryRowContext(ctx, `SELECT `+functionCols+` FROM reform_functions WHERE id = $1`, id))
	return f, interpretError(err, functionWhat)
}

// FunctionFilter selects functions, keyset-paged by id.
type FunctionFilter struct {
	Region  string // subtree root; "" for all
	OrgID   int64
	AfterID int64
	Limit   int
}

// FindFunctions lists functions by id.
func (s *Store) FindFunctions(ctx context.Context, f FunctionFilter) ([]goumai.Function, error) {
	query, args := s.functionsSQL(f)
	return queryList(ctx, s.r, listFunctions, scanFunction, query, args...)
}

var listFunctions = registerList("FindFunctions", func(s *Store) []listSample {
	return []listSample{
		sample(s.functionsSQL(FunctionFilter{Region: "330106", AfterID: 900, Limit: 101})),
		sample(s.functionsSQL(FunctionFilter{OrgID: 7, Limit: 100})),
		sample(s.functionsSQL(FunctionFilter{Region: "330100", Limit: 500})).sorted("a prefecture's regions each give their rows in id order"),
	}
})

// functionsSQL builds FindFunctions' query.
func (s *Store) functionsSQL(f FunctionFilter) (string, []any) {
	var w where
	w.region(s, "region", f.Region)
	if f.OrgID > 0 {
		w.add("org_id = $%d", f.OrgID)
	}
	if f.AfterID > 0 {
		w.add("id > $%d", f.AfterID)
	}
	limit := w.limit(f.Limit, 100, 1000)
	return `SELECT ` + functionCols + ` FROM reform_functions WHERE ` + w.sql() + ` ORDER BY id LIMIT ` + limit, w.args
}

// DoubleFunded returns the functions that make buying catalogCode 两头占 for the
// purchaser: functions not yet transferred (费随事转) that still have funded posts
// or an annual cost, whose catalogue code is catalogCode or one of its ancestors
// in the catalogue tree (a function linked to "A01" covers "A0102"), and whose
// institution lies in the purchaser's organisation tree — it is the purchaser, or
// the purchaser is its parent, grandparent and so on (parent_id chain, at most 16
// levels). Institutions of other departments are not flagged: buying a service
// another department's institution still performs is not the same budget paying
// twice.
func (s *Store) DoubleFunded(ctx context.Context, purchaserOrgID int64, catalogCode string) ([]goumai.Function, error) {
	return doubleFunded(ctx, s.r, purchaserOrgID, catalogCode)
}

// DoubleFunded is Store.DoubleFunded inside the transaction.
func (tx *Tx) DoubleFunded(ctx context.Context, purchaserOrgID int64, catalogCode string) ([]goumai.Function, error) {
	return doubleFunded(ctx, tx.tx, purchaserOrgID, catalogCode)
}

func doubleFunded(ctx context.Context, q querier, purchaser int64, code string) ([]goumai.Function, error) {
	code = strings.TrimSpace(code)
	if code == "" || purchaser <= 0 {
		return nil, nil
	}
	query, args := doubleFundedSQL(code)
	cands, err := queryList(ctx, q, listDoubleFunded, scanFunction, query, args...)
	if err != nil {
		return nil, err
	}
	var out []goumai.Function
	parents := map[int64]int64{}
	for _, f := range cands {
		if !f.DoubleFunded() {
			continue
		}
		in, err := underOrg(ctx, q, parents, f.OrgID, purchaser)
		if err != nil {
			return nil, err
		}
		if in {
			out = append(out, f)
		}
	}
	return out, nil
}

// doubleFundedSQL selects the functions still staffed or funded whose code is
// code or one of its ancestors.
func doubleFundedSQL(code string) (string, []any) {
	var w where
	var codes []any
	for n := len(code); n >= 1; n-- {
		codes = append(codes, code[:n])
	}
	w.in("catalog_code", codes...)
	w.add("transferred = $%d", false)
	return `SELECT ` + functionCols + ` FROM reform_functions WHERE ` + w.sql() + ` AND (funded_posts > 0 OR annual_cost > 0) ORDER BY id`, w.args
}

var listDoubleFunded = registerList("DoubleFunded", func(s *Store) []listSample {
	return []listSample{sample(doubleFundedSQL("A010203")).sorted("the functions of one catalogue item and its ancestors")}
})

// underOrg reports whether org is root or lies below it on the parent_id chain.
func underOrg(ctx context.Context, q querier, parents map[int64]int64, org, root int64) (bool, error) {
	for depth := 0; org != 0 && depth < 16; depth++ {
		if org == root {
			return true, nil
		}
		p, ok := parents[org]
		if !ok {
			var n sql.NullInt64
			if err := q.QueryRowContext(ctx, `SELECT parent_id FROM orgs WHERE id = $1`, org).Scan(&n); err != nil {
				return false, interpretError(err, orgWhat)
			}
			p = n.Int64
			parents[org] = p
		}
		org = p
	}
	return false, nil
}
