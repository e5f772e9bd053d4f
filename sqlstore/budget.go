package sqlstore

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
)

// Budget lines (issue 4): one row per appropriation with the 一体化 keys
// (REQ-C13), and a budget_balances row created with it.

func init() {
	registerTable(table{name: "budget_lines", key: "id", cols: []column{{"id", colInt}, {"org_id", colInt}, {"region", colText},
		{"fiscal_year", colInt}, {"name", colText}, {"funding_source", colText}, {"catalog_code", colText},
		{"mof_div_code", colText}, {"agency_code", colText}, {"dept_code", colText}, {"pro_code", colText},
		{"exp_func_code", colText}, {"gov_bgt_eco_code", colText}, {"dep_bgt_eco_code", colText},
		{"fund_type_code", colText}, {"bgt_id", colText}, {"doc_no", colText}, {"created_at", colText}}})
}

var lineWhat = goumai.M("预算指标", "budget line")

const lineCols = `id, org_id, region, fiscal_year, name, funding_source, catalog_code, mof_div_code, agency_code, dept_code,
	pro_code, exp_func_code, gov_bgt_eco_code, dep_bgt_eco_code, fund_type_code, bgt_id, doc_no`

func scanLine(sc scanner, extra ...any) (goumai.BudgetLine, error) {
	var l goumai.BudgetLine
	dest := append([]any{&l.ID, &l.OrgID, &l.Region, &l.FiscalYear, &l.Name, &l.FundingSource, &l.CatalogCode, &l.MofDivCode,
		&l.AgencyCode, &l.DeptCode, &l.ProCode, &l.ExpFuncCode, &l.GovBgtEcoCode, &l.DepBgtEcoCode, &l.FundTypeCode,
		&l.BgtID, &l.DocNo}, extra...)
	err := sc.Scan(dest...)
	return l, err
}

// InsertBudgetLine inserts a budget line with a zero balance and records both
// (public: departmental budgets are published, 《预算法》第十四条). The line's
// money arrives by an appropriate entry (PostLedger).
func (tx *Tx) InsertBudgetLine(ctx context.Context, a goumai.Actor, l goumai.BudgetLine) (goumai.BudgetLine, error) {
	key, err := tx.writeRow(ctx, "budget_lines", `INSERT INTO budget_lines (org_id, region, fiscal_year, name, funding_source,
		catalog_code, mof_div_code, agency_code, dept_code, pro_code, exp_func_code, gov_bgt_eco_code, dep_bgt_eco_code,
		fund_type_code, bgt_id, doc_no, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
		l.OrgID, l.Region, l.FiscalYear, l.Name, l.FundingSource, l.CatalogCode, l.MofDivCode, l.AgencyCode, l.DeptCode,
		l.ProCode, l.ExpFuncCode, l.GovBgtEcoCode, l.DepBgtEcoCode, l.FundTypeCode, l.BgtID, l.DocNo, formatTime(tx.now))
	if err != nil {
		err = interpretError(err, lineWhat)
		if goumai.ErrorCode(err) == goumai.EConflict {
			e := goumai.AsError(err)
			e.Fields = map[string]goumai.Msg{"bgt_id": goumai.M("该财政区划和年度已有此指标ID（BGT_ID）", "this BGT_ID already exists for the region and year")}
		}
		return l, err
	}
	if l.ID, err = strconv.ParseInt(key, 10, 64); err != nil {
		return l, err
	}
	if _, err := tx.Record(ctx, Change{Actor: a, Action: "budget.line_create", Table: "budget_lines", Key: l.ID, Region: l.Region, Public: true}); err != nil {
		return l, err
	}
	if _, err := tx.writeRow(ctx, "budget_balances", `INSERT INTO budget_balances (line_id) VALUES ($1)`, l.ID); err != nil {
		return l, fmt.Errorf("balance of line %d: %w", l.ID, err)
	}
	_, err = tx.Record(ctx, Change{Actor: a, Action: "budget.balance_open", Table: "budget_balances", Key: l.ID, Region: l.Region, Public: false})
	return l, err
}

// BudgetLine returns one budget line.
func (s *Store) BudgetLine(ctx context.Context, id int64) (goumai.BudgetLine, error) {
	return getLine(ctx, s.r, id)
}

// BudgetLine returns one budget line, inside the transaction.
func (tx *Tx) BudgetLine(ctx context.Context, id int64) (goumai.BudgetLine, error) {
	return getLine(ctx, tx.tx, id)
}

func getLine(ctx context.Context, q querier, id int64) (goumai.BudgetLine, error) {
	l, err := scanLine(q.QueryRowContext(ctx, `SELECT `+lineCols+` FROM budget_lines WHERE id = $1`, id))
	return l, interpretError(err, lineWhat)
}

// LineBalance is a budget line with its balance, for lists.
type LineBalance struct {
	goumai.BudgetLine
	Balance   goumai.Balance `json:"balance"`
	Available goumai.Fen     `json:"available"`
}

// BudgetLineFilter selects budget lines; lists are keyset-paged by id.
type BudgetLineFilter struct {
	Region     string // subtree root; "" for all
	OrgID      int64
	FiscalYear int
	AfterID    int64
	Limit      int
}

// FindBudgetLines lists budget lines with their balances by id.
func (s *Store) FindBudgetLines(ctx context.Context, f BudgetLineFilter) ([]LineBalance, error) {
	query, args := s.budgetLinesSQL(f)
	return queryList(ctx, s.r, listBudgetLines, func(sc scanner) (LineBalance, error) {
		var lb LineBalance
		b := &lb.Balance
		l, err := scanLine(sc, &b.Appropriated, &b.Committed, &b.Obligated, &b.Paid)
		lb.BudgetLine, lb.Available = l, b.Available()
		return lb, err
	}, query, args...)
}

var listBudgetLines = registerList("FindBudgetLines", func(s *Store) []listSample {
	return []listSample{
		sample(s.budgetLinesSQL(BudgetLineFilter{Region: "330106", FiscalYear: 2026, AfterID: 900, Limit: 101})), // a county's lines of a year
		sample(s.budgetLinesSQL(BudgetLineFilter{Region: "330106", Limit: 101})),                                 // of every year
		sample(s.budgetLinesSQL(BudgetLineFilter{FiscalYear: 2026, Limit: 101})),                                 // the whole country's of a year
		sample(s.budgetLinesSQL(BudgetLineFilter{OrgID: 7, FiscalYear: 2026, Limit: 100})),                       // an organisation's of a year
		sample(s.budgetLinesSQL(BudgetLineFilter{OrgID: 7, Limit: 200})).sorted("one organisation's lines"),
		sample(s.budgetLinesSQL(BudgetLineFilter{Region: "330100", FiscalYear: 2026, Limit: 101})).sorted("a prefecture's regions each give their lines in id order"),
	}
})

// budgetLinesSQL builds FindBudgetLines' query.
func (s *Store) budgetLinesSQL(f BudgetLineFilter) (string, []any) {
	var w where
	w.region(s, "l.region", f.Region)
	if f.OrgID > 0 {
		w.add("l.org_id = $%d", f.OrgID)
	}
	if f.FiscalYear > 0 {
		w.add("l.fiscal_year = $%d", f.FiscalYear)
	}
	if f.AfterID > 0 {
		w.add("l.id > $%d", f.AfterID)
	}
	limit := w.limit(f.Limit, 100, 1000)
	return `SELECT ` + prefixCols("l.", lineCols) + `, b.appropriated, b.committed, b.obligated, b.paid
		FROM budget_lines l JOIN budget_balances b ON b.line_id = l.id
		WHERE ` + w.sql() + ` ORDER BY l.id LIMIT ` + limit, w.args
}

// prefixCols qualifies every column of a comma-separated list, e.g. "a, b" → "l.a, l.b".
func prefixCols(prefix, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = prefix + strings.TrimSpace(c)
	}
	return joinComma(parts)
}

// BudgetLineByBgtID returns the id of the line holding a 指标 (BGT_ID) in a
// budget region and year, or 0 if none.
func (tx *Tx) BudgetLineByBgtID(ctx context.Context, mofDivCode string, year int, bgtID string) (int64, error) {
	var id int64
	err := tx.tx.QueryRowContext(ctx, `SELECT id FROM budget_lines WHERE mof_div_code = $1 AND fiscal_year = $2 AND bgt_id = $3`,
		mofDivCode, year, bgtID).Scan(&id)
	if goumai.ErrorCode(interpretError(err, lineWhat)) == goumai.ENotFound {
		return 0, nil
	}
	return id, err
}

// OrgByAgencyCode returns the organisation whose latest budget line carries an
// AGENCY_CODE (so an import need not name it again), or 0 if none.
func (tx *Tx) OrgByAgencyCode(ctx context.Context, agencyCode string) (int64, error) {
	var id int64
	err := tx.tx.QueryRowContext(ctx, `SELECT org_id FROM budget_lines WHERE agency_code = $1 ORDER BY id DESC LIMIT 1`, agencyCode).Scan(&id)
	if goumai.ErrorCode(interpretError(err, lineWhat)) == goumai.ENotFound {
		return 0, nil
	}
	return id, err
}

// OrgByCreditCode returns the organisation with a unified social credit code.
func (tx *Tx) OrgByCreditCode(ctx context.Context, code string) (goumai.Org, error) {
	o, err := scanOrg(tx.tx.QueryRowContext(ctx, `SELECT `+orgCols+` FROM orgs WHERE credit_code = $1`, code))
	return o, interpretError(err, orgWhat)
}
