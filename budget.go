package goumai

import "time"

// BudgetLine is an appropriation to an organisation for a fiscal year: every
// purchase draws on one (ENG-B2, O102 Arts. 14–15; CY87 三). The keys of the
// integrated budget-management system (预算管理一体化, REQ-C13) are kept so that
// imports and exports map one to one and nothing is typed twice.
type BudgetLine struct {
	ID            int64  `json:"id"`
	OrgID         int64  `json:"org_id"`
	FiscalYear    int    `json:"fiscal_year"`      // FISCAL_YEAR
	Name          string `json:"name"`             // 项目名称
	FundingSource string `json:"funding_source"`   // 资金来源, e.g. 一般公共预算
	CatalogCode   string `json:"catalog_code"`     // 政府购买服务指导性目录 code, if earmarked
	MofDivCode    string `json:"mof_div_code"`     // MOF_DIV_CODE 财政区划
	AgencyCode    string `json:"agency_code"`      // AGENCY_CODE 预算单位
	DeptCode      string `json:"dept_code"`        // DEPT_CODE 主管部门
	ProCode       string `json:"pro_code"`         // PRO_CODE 项目编码
	ExpFuncCode   string `json:"exp_func_code"`    // EXP_FUNC_CODE 支出功能分类
	GovBgtEcoCode string `json:"gov_bgt_eco_code"` // GOV_BGT_ECO_CODE 政府预算经济分类
	DepBgtEcoCode string `json:"dep_bgt_eco_code"` // DEP_BGT_ECO_CODE 部门预算经济分类
	FundTypeCode  string `json:"fund_type_code"`   // FUND_TYPE_CODE 资金性质
	BgtID         string `json:"bgt_id"`           // BGT_ID 指标 id
	DocNo         string `json:"doc_no"`           // COR_BGT_DOC_NO 指标文号
}

// LedgerKind is the kind of a budget-ledger entry. The ledger is append-only;
// every balance is derived from it.
type LedgerKind string

// The ledger entry kinds and what they move.
const (
	LedgerAppropriate LedgerKind = "appropriate"  // budget granted to the line: available +
	LedgerCommit      LedgerKind = "commit"       // approved project reserves it: available −, committed +
	LedgerRelease     LedgerKind = "release"      // reservation returned: committed −, available +
	LedgerObligate    LedgerKind = "obligate"     // contract signed: committed −, obligated +
	LedgerPay         LedgerKind = "pay"          // payment made: obligated −, paid +
	LedgerTransferOut LedgerKind = "transfer_out" // 费随事转 and other transfers: available −
	LedgerTransferIn  LedgerKind = "transfer_in"  // the receiving line: available +
)

// LedgerEntry is one append-only movement on a budget line. Amount is positive;
// the kind gives the direction.
type LedgerEntry struct {
	ID        int64      `json:"id"`
	LineID    int64      `json:"line_id"`
	Kind      LedgerKind `json:"kind"`
	Amount    Fen        `json:"amount"`
	ProjectID int64      `json:"project_id,omitempty"`
	Transfer  int64      `json:"transfer_id,omitempty"` // pairs transfer_out with transfer_in
	Memo      string     `json:"memo"`
	At        time.Time  `json:"at"`
}

// Balance is a budget line's position derived from its ledger. Available,
// Committed and Obligated can never go below zero: that is what makes it
// impossible to commit, obligate or pay more than the line holds.
type Balance struct {
	Appropriated Fen `json:"appropriated"` // appropriations plus transfers in, minus transfers out
	Committed    Fen `json:"committed"`
	Obligated    Fen `json:"obligated"`
	Paid         Fen `json:"paid"`
}

// Available is what can still be committed.
func (b Balance) Available() Fen { return b.Appropriated - b.Committed - b.Obligated - b.Paid }

// Apply returns the balance after an entry, or false if it would overdraw the line.
func (b Balance) Apply(kind LedgerKind, amt Fen) (Balance, bool) {
	if amt <= 0 || amt > MaxFen {
		return b, false
	}
	switch kind {
	case LedgerAppropriate, LedgerTransferIn:
		b.Appropriated += amt
	case LedgerTransferOut:
		b.Appropriated -= amt
	case LedgerCommit:
		b.Committed += amt
	case LedgerRelease:
		b.Committed -= amt
	case LedgerObligate:
		b.Committed -= amt
		b.Obligated += amt
	case LedgerPay:
		b.Obligated -= amt
		b.Paid += amt
	default:
		return b, false
	}
	ok := b.Available() >= 0 && b.Committed >= 0 && b.Obligated >= 0 && b.Appropriated <= MaxFen
	return b, ok
}
