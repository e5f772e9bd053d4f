package workflow

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/xlsx"
)

// Credit-list files (ENG-A4, ENG-A5): a CSV file (UTF-8, or GB18030 as Excel
// saves it in China) or an .xlsx workbook, one header row, one entry per row.
// Headers may be the column names below or their Chinese names.

// MaxListRows bounds the entries of one import.
const MaxListRows = 10000

// ListSheetLimits bounds reading a list workbook, whatever the file.
var ListSheetLimits = xlsx.Limits{
	FileBytes:     MaxImportBytes,
	Parts:         1000,
	XMLBytes:      16 << 20,
	SharedStrings: 200_000,
	Rows:          MaxListRows,
	Columns:       32,
	CellBytes:     4 << 10,
}

// listColumn is one column of a list file.
type listColumn struct {
	Name string
	ZH   []string // accepted Chinese headers, the first one preferred
}

var listColumns = []listColumn{
	{"CREDIT_CODE", []string{"统一社会信用代码", "信用代码"}},
	{"NAME", []string{"名称", "单位名称", "企业名称", "当事人名称", "供应商名称"}},
	{"AUTHORITY", []string{"决定机关", "处罚机关", "执行法院", "认定机关"}},
	{"DOC_NO", []string{"文号", "决定书文号", "处罚决定书文号", "案号"}},
	{"STARTS_ON", []string{"起始日期", "开始日期", "处罚开始日期", "列入日期"}},
	{"ENDS_ON", []string{"截止日期", "结束日期", "处罚截止日期", "移出日期"}},
	{"DECIDED_ON", []string{"决定日期", "处罚日期"}},
	{"PENALTY", []string{"处罚种类", "处罚类别"}},
	{"REASON", []string{"事由", "违法事实", "失信情形", "处罚依据"}},
}

// requiredListColumns are the columns each kind of list must have.
func requiredListColumns(k goumai.ListKind) []string {
	switch k {
	case goumai.ListBan:
		return []string{"CREDIT_CODE", "NAME", "AUTHORITY", "DOC_NO", "STARTS_ON", "ENDS_ON"}
	case goumai.ListViolation:
		return []string{"CREDIT_CODE", "NAME", "AUTHORITY", "DECIDED_ON", "PENALTY"}
	}
	return []string{"CREDIT_CODE", "NAME"}
}

// ListColumnHelp describes the layout for the import page.
func ListColumnHelp(k goumai.ListKind) (required, optional []string) {
	req := requiredListColumns(k)
	for _, c := range listColumns {
		name := c.Name + "（" + c.ZH[0] + "）"
		if contains(req, c.Name) {
			required = append(required, name)
		} else {
			optional = append(optional, name)
		}
	}
	return required, optional
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// ParseCreditList reads the entries of a list of kind k from a CSV or .xlsx
// file (told apart by content), within MaxImportBytes and MaxListRows. Every
// bad cell is reported as a field "row.COLUMN" with a bilingual message; if
// any is bad, no entry is returned.
func ParseCreditList(k goumai.ListKind, content []byte) ([]goumai.CreditEntry, error) {
	if !k.Valid() {
		return nil, goumai.Fields{"kind": goumai.M("请选择名单类别", "choose the kind of list")}.Err()
	}
	if len(content) > MaxImportBytes {
		return nil, goumai.Fields{"file": goumai.M("文件超过10MB上限", "the file is larger than the 10 MB limit")}.Err()
	}
	p := listParser{kind: k, fs: goumai.Fields{}}
	var err error
	if bytes.HasPrefix(content, []byte("PK\x03\x04")) {
		err = ListSheetLimits.ReadFirstSheet(bytes.NewReader(content), p.row)
	} else {
		err = readCSV(content, p.row)
	}
	if err != nil {
		return nil, err
	}
	switch {
	case p.idx == nil:
		return nil, goumai.Fields{"file": goumai.M("文件是空的", "the file is empty")}.Err()
	case len(p.fs) > 0:
		e := goumai.AsError(p.fs.Err())
		e.Message = goumai.M(fmt.Sprintf("导入失败：%d处错误，未导入任何数据", len(p.fs)), fmt.Sprintf("import refused: %d problems, nothing was imported", len(p.fs)))
		return nil, e
	}
	return p.out, nil
}

// readCSV calls fn for each record of a CSV file, within ListSheetLimits'
// rows, columns and cell size. A file that is not UTF-8 is read as GB18030.
func readCSV(content []byte, fn func(row int, cells []string) error) error {
	content = bytes.TrimPrefix(content, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(content) {
		decoded, err := simplifiedchinese.GB18030.NewDecoder().Bytes(content)
		if err != nil {
			return goumai.Fields{"file": goumai.M("文件编码无法识别（请用 UTF-8 或 GB18030）", "unknown text encoding (use UTF-8 or GB18030)")}.Err()
		}
		content = decoded
	}
	r := csv.NewReader(bytes.NewReader(content))
	r.FieldsPerRecord = -1
	for row := 1; ; row++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return goumai.Fields{"file": goumai.M(fmt.Sprintf("第%d行不是有效的 CSV", row), fmt.Sprintf("row %d is not valid CSV", row))}.Err()
		}
		switch {
		case row > ListSheetLimits.Rows+1:
			return goumai.Fields{"file": goumai.M(fmt.Sprintf("超过%d行上限", ListSheetLimits.Rows), fmt.Sprintf("more than %d rows", ListSheetLimits.Rows))}.Err()
		case len(rec) > ListSheetLimits.Columns:
			return goumai.Fields{"file": goumai.M(fmt.Sprintf("第%d行超过%d列", row, ListSheetLimits.Columns), fmt.Sprintf("row %d has more than %d columns", row, ListSheetLimits.Columns))}.Err()
		}
		for _, c := range rec {
			if len(c) > ListSheetLimits.CellBytes {
				return goumai.Fields{"file": goumai.M(fmt.Sprintf("第%d行有超长的单元格", row), fmt.Sprintf("row %d has a cell that is too long", row))}.Err()
			}
		}
		if err := fn(row, rec); err != nil {
			return err
		}
	}
}

// listParser turns rows into entries.
type listParser struct {
	kind goumai.ListKind
	idx  map[string]int // column → cell index; nil until the header is read
	fs   goumai.Fields
	out  []goumai.CreditEntry
}

func (p *listParser) row(n int, cells []string) error {
	if p.idx == nil {
		p.header(cells)
		if len(p.fs) > 0 {
			return p.fs.Err()
		}
		return nil
	}
	p.entry(n, cells)
	return nil
}

func (p *listParser) header(cells []string) {
	p.idx = sheetHeader(cells, func(h string) (string, bool) {
		for _, c := range listColumns {
			if strings.EqualFold(h, c.Name) || contains(c.ZH, h) {
				return c.Name, true
			}
		}
		return "", false
	}, requiredListColumns(p.kind), p.fs)
}

// entry reads data row n; a row of blank cells is skipped.
func (p *listParser) entry(row int, cells []string) {
	cell := func(col string) string {
		i, ok := p.idx[col]
		if !ok || i >= len(cells) {
			return ""
		}
		return strings.TrimSpace(cells[i])
	}
	if strings.TrimSpace(strings.Join(cells, "")) == "" {
		return
	}
	bad := func(col, zh, en string) {
		p.fs[rowField(row, col)] = goumai.M(fmt.Sprintf("第%d行 %s：%s", row, col, zh), fmt.Sprintf("row %d %s: %s", row, col, en))
	}
	for col, i := range p.idx {
		if i < len(cells) {
			if m := goumai.CheckText(cells[i]); m != nil {
				bad(col, m.ZH, m.EN)
			}
		}
	}
	for _, col := range requiredListColumns(p.kind) {
		if cell(col) == "" {
			bad(col, "必填", "required")
		}
	}
	e := goumai.CreditEntry{Row: row, CreditCode: strings.ToUpper(cell("CREDIT_CODE")), Name: cell("NAME"), Authority: cell("AUTHORITY"),
		DocNo: cell("DOC_NO"), Reason: cell("REASON")}
	if e.CreditCode != "" {
		if m := goumai.CheckCreditCode(e.CreditCode); m != nil {
			bad("CREDIT_CODE", m.ZH, m.EN)
		}
	}
	for col, max := range map[string]int{"NAME": goumai.MaxOrgName, "AUTHORITY": goumai.MaxOrgName, "DOC_NO": 100, "REASON": 1000} {
		if utf8.RuneCountInString(cell(col)) > max {
			bad(col, fmt.Sprintf("不能超过%d个字", max), fmt.Sprintf("at most %d characters", max))
		}
	}
	date := func(col string) *time.Time {
		v := cell(col)
		if v == "" {
			return nil
		}
		t, ok := parseListDate(v)
		if !ok {
			bad(col, "日期格式为 年-月-日", "dates are year-month-day")
			return nil
		}
		return &t
	}
	e.StartsOn, e.EndsOn, e.DecidedOn = date("STARTS_ON"), date("ENDS_ON"), date("DECIDED_ON")
	if e.StartsOn != nil && e.EndsOn != nil && e.EndsOn.Before(*e.StartsOn) {
		bad("ENDS_ON", "截止日期不能早于起始日期", "the end cannot be before the start")
	}
	// ENG-A5: bans are for one to three years (GPL Art. 77, GPL-IR Art. 73).
	if p.kind == goumai.ListBan && e.StartsOn != nil && e.EndsOn != nil && !e.EndsOn.Before(*e.StartsOn) {
		if e.EndsOn.Before(e.StartsOn.AddDate(1, 0, -1)) || e.EndsOn.After(e.StartsOn.AddDate(3, 0, 0)) {
			bad("ENDS_ON", "禁止参加政府采购活动的期限为一至三年（《政府采购法》第七十七条）", "a ban lasts one to three years (GPL Art. 77)")
		}
	}
	if v := cell("PENALTY"); v != "" {
		pen, ok := parsePenalty(v)
		if !ok {
			bad("PENALTY", "处罚种类须为刑事处罚、责令停产停业、吊销许可证或者执照、较大数额罚款之一（《政府采购法实施条例》第十九条）",
				"the penalty must be criminal, suspension, revocation or large_fine (GPL-IR Art. 19)")
		}
		e.Penalty = pen
	}
	if p.kind != goumai.ListViolation && e.Penalty != "" {
		bad("PENALTY", "只有重大违法记录有处罚种类", "only major violations have a penalty")
	}
	if len(p.out) >= MaxListRows {
		bad("NAME", fmt.Sprintf("超过%d条上限", MaxListRows), fmt.Sprintf("more than %d entries", MaxListRows))
		return
	}
	p.out = append(p.out, e)
}

// parsePenalty reads a penalty by its code or its Chinese name.
func parsePenalty(v string) (goumai.Penalty, bool) {
	for _, p := range goumai.Penalties {
		if strings.EqualFold(v, string(p)) || v == p.Label().ZH {
			return p, true
		}
	}
	return "", false
}

// excelEpoch is day 0 of spreadsheet date serials (the 1900 date system).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, goumai.Shanghai)

// parseListDate reads a date: 2026-03-01, 2026/3/1, 2026年3月1日, 20260301, or a
// spreadsheet date serial (an .xlsx cell holds dates as numbers).
func parseListDate(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006-01-02", "2006-1-2", "2006/1/2", "2006年1月2日", "20060102", "2006.1.2"} {
		if t, err := time.ParseInLocation(layout, v, goumai.Shanghai); err == nil && t.Year() >= 1990 && t.Year() <= 2200 {
			return t, true
		}
	}
	if whole, frac, _ := strings.Cut(v, "."); strings.Trim(frac, "0") == "" {
		if n, err := strconv.Atoi(whole); err == nil && n > 30000 && n < 120000 {
			return excelEpoch.AddDate(0, 0, n), true
		}
	}
	return time.Time{}, false
}
