package workflow

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/xlsx"
)

// Budget-line spreadsheets in the layout of the integrated budget system's
// export (预算管理一体化, REQ-C13): one header row of data-element names, one
// line per row. A header row in Chinese is accepted too. The official data-element
// dictionary could not be read (CONVENTIONS.md, open questions), so the amount,
// the line's name and goumai's own fields (funding source, catalogue code, the
// organisation's credit code) use the names below.

// MaxImportBytes is the largest spreadsheet accepted (REQ-C9: upload widgets
// state the limit; 10 MB as in the tools surveyed).
const MaxImportBytes = 10 << 20

// MaxImportRows bounds the lines of one import.
const MaxImportRows = 10000

// BudgetSheetLimits bounds reading a budget-line spreadsheet, whatever the
// file: the upload, its parts decompressed, the rows, columns, shared strings
// and one cell's text. A full import of MaxImportRows lines exported by the
// integrated budget system (16 columns, about 5 MB of worksheet XML) is well
// inside every limit.
var BudgetSheetLimits = xlsx.Limits{
	FileBytes:     MaxImportBytes,
	Parts:         1000,
	XMLBytes:      16 << 20,
	SharedStrings: 200_000,
	Rows:          MaxImportRows,
	Columns:       64,
	CellBytes:     4 << 10,
}

// budgetColumn is one column of the layout.
type budgetColumn struct {
	Name string // data-element name, the English header
	ZH   string // the Chinese header
	text func(in *BudgetLineInput) *string
}

// budgetColumns is the layout, in export order. FISCAL_YEAR and AMT are handled apart.
var budgetColumns = []budgetColumn{
	{"MOF_DIV_CODE", "财政区划代码", func(in *BudgetLineInput) *string { return &in.MofDivCode }},
	{"FISCAL_YEAR", "预算年度", nil},
	{"AGENCY_CODE", "单位代码", func(in *BudgetLineInput) *string { return &in.AgencyCode }},
	{"DEPT_CODE", "主管部门代码", func(in *BudgetLineInput) *string { return &in.DeptCode }},
	{"PRO_CODE", "项目代码", func(in *BudgetLineInput) *string { return &in.ProCode }},
	{"PRO_NAME", "项目名称", func(in *BudgetLineInput) *string { return &in.Name }},
	{"EXP_FUNC_CODE", "支出功能分类科目代码", func(in *BudgetLineInput) *string { return &in.ExpFuncCode }},
	{"GOV_BGT_ECO_CODE", "政府预算支出经济分类代码", func(in *BudgetLineInput) *string { return &in.GovBgtEcoCode }},
	{"DEP_BGT_ECO_CODE", "部门预算支出经济分类代码", func(in *BudgetLineInput) *string { return &in.DepBgtEcoCode }},
	{"FUND_TYPE_CODE", "资金性质代码", func(in *BudgetLineInput) *string { return &in.FundTypeCode }},
	{"BGT_ID", "指标ID", func(in *BudgetLineInput) *string { return &in.BgtID }},
	{"COR_BGT_DOC_NO", "指标文号", func(in *BudgetLineInput) *string { return &in.DocNo }},
	{"AMT", "金额（元）", nil},
	{"FUND_SOURCE", "资金来源", func(in *BudgetLineInput) *string { return &in.FundingSource }},
	{"CATALOG_CODE", "指导性目录编码", func(in *BudgetLineInput) *string { return &in.CatalogCode }},
	{"CREDIT_CODE", "统一社会信用代码", func(in *BudgetLineInput) *string { return &in.CreditCode }},
}

// requiredColumns must be present in an import's header.
var requiredColumns = []string{"MOF_DIV_CODE", "FISCAL_YEAR", "AGENCY_CODE", "PRO_NAME", "BGT_ID", "AMT"}

// ImportRow is one parsed spreadsheet row with its row number (1 is the header).
type ImportRow struct {
	Row  int
	Line BudgetLineInput
}

// rowField is the error-field key of a cell: "row.COLUMN", e.g. "3.AMT".
func rowField(row int, col string) string { return strconv.Itoa(row) + "." + col }

// ParseBudgetXLSX reads budget lines from the first sheet of an .xlsx file,
// within BudgetSheetLimits. Row 1 is the header. Every bad cell is reported as
// a field "row.COLUMN" with a bilingual message; if any is bad, no row is
// returned.
func ParseBudgetXLSX(r io.Reader) ([]ImportRow, error) {
	p := budgetParser{fs: goumai.Fields{}}
	if err := BudgetSheetLimits.ReadFirstSheet(r, p.row); err != nil {
		return nil, err
	}
	switch {
	case p.idx == nil:
		return nil, goumai.Fields{"file": goumai.M("表格是空的", "the sheet is empty")}.Err()
	case len(p.fs) > 0:
		return nil, p.fs.Err()
	case len(p.out) == 0:
		return nil, goumai.Fields{"file": goumai.M("表格中没有数据行", "the sheet has no data rows")}.Err()
	}
	return p.out, nil
}

// budgetParser turns a sheet's rows into budget lines.
type budgetParser struct {
	idx map[string]int // column name → cell index; nil until the header is read
	fs  goumai.Fields
	out []ImportRow
}

func (p *budgetParser) row(n int, cells []string) error {
	if p.idx == nil {
		header := cells
		if n != 1 { // row 1 is blank: no header
			header = nil
		}
		if p.header(header); len(p.fs) > 0 {
			return p.fs.Err()
		}
		if n == 1 {
			return nil
		}
	}
	p.line(n, cells)
	return nil
}

// header maps header cells to columns by data-element name or Chinese header.
func (p *budgetParser) header(cells []string) {
	p.idx = sheetHeader(cells, func(h string) (string, bool) {
		for _, c := range budgetColumns {
			if strings.EqualFold(h, c.Name) || h == c.ZH {
				return c.Name, true
			}
		}
		return "", false
	}, requiredColumns, p.fs)
}

// sheetHeader maps a header row's cells to the columns they name (column
// returns the column a header names), recording in fs, on the field
// "1.COLUMN", every unknown or repeated header and every required column
// missing. It returns column → cell index.
func sheetHeader(cells []string, column func(h string) (string, bool), required []string, fs goumai.Fields) map[string]int {
	idx := map[string]int{}
	for i, h := range cells {
		h = strings.TrimSpace(h)
		if h == "" {
			continue
		}
		name, ok := column(h)
		if !ok {
			fs[rowField(1, h)] = goumai.M("未知的列："+h, "unknown column: "+h)
			continue
		}
		if _, dup := idx[name]; dup {
			fs[rowField(1, name)] = goumai.M("表头重复："+h, "duplicate header: "+h)
		}
		idx[name] = i
	}
	for _, c := range required {
		if _, ok := idx[c]; !ok {
			fs[rowField(1, c)] = goumai.M("缺少必需的列 "+c, "required column "+c+" is missing")
		}
	}
	return idx
}

// line reads data row n; a row of blank cells is skipped.
func (p *budgetParser) line(row int, cells []string) {
	cell := func(col string) string {
		i, ok := p.idx[col]
		if !ok || i >= len(cells) {
			return ""
		}
		return strings.TrimSpace(cells[i])
	}
	blank := true
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			blank = false
		}
	}
	if blank {
		return
	}
	// Text at the boundary: a cell may carry control characters (the _xHHHH_
	// escapes of the format), which no line may store.
	for col, i := range p.idx {
		if i < len(cells) {
			if m := goumai.CheckText(cells[i]); m != nil {
				p.fs[rowField(row, col)] = *m
			}
		}
	}
	fs := p.fs
	var in BudgetLineInput
	for _, c := range budgetColumns {
		if c.text != nil {
			*c.text(&in) = cell(c.Name)
		}
	}
	if y, err := strconv.Atoi(cell("FISCAL_YEAR")); err != nil || y < 2000 || y > 2100 {
		fs[rowField(row, "FISCAL_YEAR")] = goumai.M(fmt.Sprintf("第%d行 FISCAL_YEAR：应为2000至2100之间的年份", row), fmt.Sprintf("row %d FISCAL_YEAR: must be a year from 2000 to 2100", row))
	} else {
		in.FiscalYear = y
	}
	if amt, m := goumai.ParseYuan(cell("AMT")); m != nil {
		fs[rowField(row, "AMT")] = goumai.M(fmt.Sprintf("第%d行 AMT：%s", row, m.ZH), fmt.Sprintf("row %d AMT: %s", row, m.EN))
	} else {
		in.Amount = amt
	}
	for _, c := range []string{"MOF_DIV_CODE", "AGENCY_CODE", "BGT_ID", "PRO_NAME"} {
		if cell(c) == "" {
			fs[rowField(row, c)] = goumai.M(fmt.Sprintf("第%d行 %s：必填", row, c), fmt.Sprintf("row %d %s: required", row, c))
		}
	}
	p.out = append(p.out, ImportRow{Row: row, Line: in})
}

// WriteBudgetXLSX writes lines in the import layout (data-element header row;
// AMT is the line's appropriation in yuan with two decimals) so that an export
// imports back unchanged.
func WriteBudgetXLSX(w io.Writer, lines []BudgetLineView, creditCodes map[int64]string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("export budget lines: %w", err)
	}
	header := make([]any, len(budgetColumns))
	for i, c := range budgetColumns {
		header[i] = c.Name
	}
	if err := sw.SetRow("A1", header); err != nil {
		return fmt.Errorf("export budget lines: %w", err)
	}
	for n, l := range lines {
		in := BudgetLineInput{BudgetLine: l.BudgetLine, CreditCode: creditCodes[l.OrgID]}
		row := make([]any, len(budgetColumns))
		for i, c := range budgetColumns {
			switch c.Name {
			case "FISCAL_YEAR":
				row[i] = l.FiscalYear
			case "AMT":
				row[i] = strings.ReplaceAll(l.Balance.Appropriated.Yuan(), ",", "")
			default:
				row[i] = *c.text(&in)
			}
		}
		cellName, _ := excelize.CoordinatesToCellName(1, n+2)
		if err := sw.SetRow(cellName, row); err != nil {
			return fmt.Errorf("export budget lines: %w", err)
		}
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("export budget lines: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("export budget lines: %w", err)
	}
	return nil
}

// ImportBudgetLines creates the parsed lines in one transaction: each row's
// organisation is its CREDIT_CODE, else the organisation whose earlier lines
// carry its AGENCY_CODE, else defaultOrg. Every row is checked before anything
// is written; any bad row (bad field, unknown organisation, outside the actor's
// region, a BGT_ID already imported or repeated in the file) refuses the whole
// import with the row and column of each problem.
func (s *Service) ImportBudgetLines(ctx context.Context, a goumai.Actor, rows []ImportRow, defaultOrg int64) ([]goumai.BudgetLine, error) {
	var out []goumai.BudgetLine
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		out = nil // the store may run this function again
		fs := goumai.Fields{}
		seen := map[string]int{}
		for i := range rows {
			r := &rows[i]
			in := &r.Line
			in.Normalize()
			switch {
			case in.CreditCode != "":
				o, err := tx.OrgByCreditCode(ctx, strings.ToUpper(in.CreditCode))
				if err != nil {
					if goumai.ErrorCode(err) != goumai.ENotFound {
						return err
					}
					fs[rowField(r.Row, "CREDIT_CODE")] = goumai.M(fmt.Sprintf("第%d行 CREDIT_CODE：没有此统一社会信用代码的单位", r.Row), fmt.Sprintf("row %d CREDIT_CODE: no organisation has this credit code", r.Row))
					continue
				}
				in.OrgID = o.ID
			default:
				id, err := tx.OrgByAgencyCode(ctx, in.AgencyCode)
				if err != nil {
					return err
				}
				if id == 0 {
					id = defaultOrg
				}
				if id == 0 {
					fs[rowField(r.Row, "AGENCY_CODE")] = goumai.M(fmt.Sprintf("第%d行 AGENCY_CODE：无法确定预算单位，请填写 CREDIT_CODE 或选择默认单位", r.Row), fmt.Sprintf("row %d AGENCY_CODE: unknown organisation; give CREDIT_CODE or choose a default organisation", r.Row))
					continue
				}
				in.OrgID = id
			}
			key := in.MofDivCode + "\x00" + strconv.Itoa(in.FiscalYear) + "\x00" + in.BgtID
			if prev, dup := seen[key]; dup {
				fs[rowField(r.Row, "BGT_ID")] = goumai.M(fmt.Sprintf("第%d行 BGT_ID：与第%d行重复", r.Row, prev), fmt.Sprintf("row %d BGT_ID: repeats row %d", r.Row, prev))
				continue
			}
			seen[key] = r.Row
			if id, err := tx.BudgetLineByBgtID(ctx, in.MofDivCode, in.FiscalYear, in.BgtID); err != nil {
				return err
			} else if id != 0 {
				fs[rowField(r.Row, "BGT_ID")] = goumai.M(fmt.Sprintf("第%d行 BGT_ID：该指标已导入（预算指标 %d）", r.Row, id), fmt.Sprintf("row %d BGT_ID: already imported (budget line %d)", r.Row, id))
				continue
			}
			if _, err := s.checkLine(ctx, tx, a, *in); err != nil {
				e := goumai.AsError(err)
				if e.Code == goumai.EInternal {
					return err
				}
				for k, v := range e.Fields {
					fs[rowField(r.Row, columnOf(k))] = goumai.M(fmt.Sprintf("第%d行 %s：%s", r.Row, columnOf(k), v.ZH), fmt.Sprintf("row %d %s: %s", r.Row, columnOf(k), v.EN))
				}
				if len(e.Fields) == 0 {
					fs[rowField(r.Row, "AGENCY_CODE")] = goumai.M(fmt.Sprintf("第%d行：%s", r.Row, e.Message.ZH), fmt.Sprintf("row %d: %s", r.Row, e.Message.EN))
				}
			}
		}
		if err := fs.Err(); err != nil {
			e := goumai.AsError(err)
			e.Message = goumai.M(fmt.Sprintf("导入失败：%d处错误，未导入任何数据", len(fs)), fmt.Sprintf("import refused: %d problems, nothing was imported", len(fs)))
			return e
		}
		for _, r := range rows {
			l, err := s.createLine(ctx, tx, a, r.Line)
			if err != nil {
				return fmt.Errorf("row %d: %w", r.Row, err)
			}
			out = append(out, l)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// columnOf maps a BudgetLine JSON field to its spreadsheet column.
func columnOf(field string) string {
	switch field {
	case "name":
		return "PRO_NAME"
	case "doc_no":
		return "COR_BGT_DOC_NO"
	case "amount":
		return "AMT"
	case "funding_source":
		return "FUND_SOURCE"
	case "org_id":
		return "AGENCY_CODE"
	}
	return strings.ToUpper(field)
}
