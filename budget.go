package goumai

import (
	"strings"
	"time"
	"unicode/utf8"
)

// BudgetLine is an appropriation to an organisation for a fiscal year: every
// purchase draws on one (ENG-B2, O102 Arts. 14–15; CY87 三). The keys of the
// integrated budget-management system (预算管理一体化, REQ-C13) are kept so that
// imports and exports map one to one and nothing is typed twice.
type BudgetLine struct {
	ID            int64  `json:"id"`
	OrgID         int64  `json:"org_id"`
	Region        string `json:"region"`           // the organisation's region, for scoping
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
	LedgerDeobligate  LedgerKind = "deobligate"   // contract terminated: its unpaid obligation returned, obligated −, available +
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
	Actor     string     `json:"actor"` // username of who posted it
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
	case LedgerDeobligate:
		b.Obligated -= amt
	default:
		return b, false
	}
	ok := b.Available() >= 0 && b.Committed >= 0 && b.Obligated >= 0 && b.Appropriated <= MaxFen
	return b, ok
}

// LedgerKinds lists the kinds in display order.
var LedgerKinds = []LedgerKind{LedgerAppropriate, LedgerCommit, LedgerRelease, LedgerObligate, LedgerPay, LedgerTransferOut, LedgerTransferIn,
	LedgerDeobligate}

// Valid reports whether k is a known kind.
func (k LedgerKind) Valid() bool {
	for _, x := range LedgerKinds {
		if x == k {
			return true
		}
	}
	return false
}

// Label is the kind's display name.
func (k LedgerKind) Label() Msg {
	switch k {
	case LedgerAppropriate:
		return M("下达指标", "Appropriation")
	case LedgerCommit:
		return M("项目占用", "Commitment")
	case LedgerRelease:
		return M("释放占用", "Release")
	case LedgerObligate:
		return M("合同占用", "Obligation")
	case LedgerPay:
		return M("支付", "Payment")
	case LedgerTransferOut:
		return M("调出", "Transfer out")
	case LedgerTransferIn:
		return M("调入", "Transfer in")
	case LedgerDeobligate:
		return M("解除合同释放", "Obligation released (contract terminated)")
	}
	return M(string(k), string(k))
}

// Delta is the signed movement an entry of kind k and amount amt makes on a
// balance, or false for an unknown kind or an amount outside (0, MaxFen]. The
// store adds it to the balance row in one guarded UPDATE, so that the rule of
// Apply holds under concurrency too.
func (k LedgerKind) Delta(amt Fen) (Balance, bool) {
	if amt <= 0 || amt > MaxFen {
		return Balance{}, false
	}
	var d Balance
	switch k {
	case LedgerAppropriate, LedgerTransferIn:
		d.Appropriated = amt
	case LedgerTransferOut:
		d.Appropriated = -amt
	case LedgerCommit:
		d.Committed = amt
	case LedgerRelease:
		d.Committed = -amt
	case LedgerObligate:
		d.Committed, d.Obligated = -amt, amt
	case LedgerPay:
		d.Obligated, d.Paid = -amt, amt
	case LedgerDeobligate:
		d.Obligated = -amt
	default:
		return Balance{}, false
	}
	return d, true
}

// Limits on budget-line fields.
const (
	MaxLineName = 200
	MaxLineCode = 60  // any 一体化 key
	MaxMemo     = 500 // ledger and transfer memos
)

// Normalize trims the text fields.
func (l *BudgetLine) Normalize() {
	for _, p := range []*string{&l.Name, &l.FundingSource, &l.CatalogCode, &l.MofDivCode, &l.AgencyCode, &l.DeptCode,
		&l.ProCode, &l.ExpFuncCode, &l.GovBgtEcoCode, &l.DepBgtEcoCode, &l.FundTypeCode, &l.BgtID, &l.DocNo} {
		*p = strings.TrimSpace(*p)
	}
}

// Validate checks a budget line's own fields (ENG-B2 needs a real line: a name,
// a fiscal year and the 一体化 keys that identify it, REQ-C13). Field names are
// the JSON names.
func (l BudgetLine) Validate() error {
	f := Fields{}
	switch n := utf8.RuneCountInString(l.Name); {
	case n == 0:
		f.Add("name", "请填写项目名称", "name is required")
	case n > MaxLineName:
		f.Add("name", "项目名称不能超过200个字", "name must be at most 200 characters")
	}
	if l.FiscalYear < 2000 || l.FiscalYear > 2100 {
		f.Add("fiscal_year", "预算年度应为2000至2100之间的年份", "fiscal year must be between 2000 and 2100")
	}
	if l.OrgID <= 0 {
		f.Add("org_id", "请选择预算单位", "choose the budget organisation")
	}
	if l.MofDivCode != "" && !isDigitsAny(l.MofDivCode) {
		f.Add("mof_div_code", "财政区划代码应为数字", "MOF_DIV_CODE must be digits")
	}
	for name, v := range map[string]string{"funding_source": l.FundingSource, "catalog_code": l.CatalogCode, "mof_div_code": l.MofDivCode,
		"agency_code": l.AgencyCode, "dept_code": l.DeptCode, "pro_code": l.ProCode, "exp_func_code": l.ExpFuncCode,
		"gov_bgt_eco_code": l.GovBgtEcoCode, "dep_bgt_eco_code": l.DepBgtEcoCode, "fund_type_code": l.FundTypeCode,
		"bgt_id": l.BgtID, "doc_no": l.DocNo} {
		if utf8.RuneCountInString(v) > MaxLineCode {
			f.Add(name, "不能超过60个字符", "must be at most 60 characters")
		}
	}
	return f.Err()
}

// TransferStatus is where a budget transfer (指标调剂) stands.
type TransferStatus string

// Transfer states and who moves a transfer into and out of each. Separation of
// duties (RuleSeparation): the requester never approves.
const (
	TransferRequested TransferStatus = "requested" // finance staff asked for it; a finance approver approves or refuses
	TransferPosted    TransferStatus = "posted"    // approved: the paired ledger entries are posted; final
	TransferRefused   TransferStatus = "refused"   // refused with an opinion; nothing posted; final
)

// TransferStatuses lists the states in order.
var TransferStatuses = []TransferStatus{TransferRequested, TransferPosted, TransferRefused}

// Label is the state's display name.
func (s TransferStatus) Label() Msg {
	switch s {
	case TransferRequested:
		return M("待审批", "Awaiting approval")
	case TransferPosted:
		return M("已调剂", "Posted")
	case TransferRefused:
		return M("未批准", "Refused")
	}
	return M(string(s), string(s))
}

// Transfer moves budget between two lines: a transfer_out entry on From and a
// transfer_in entry on To, posted together when a finance approver approves the
// request (费随事转 when FunctionID is set).
type Transfer struct {
	ID          int64          `json:"id"`
	FromLine    int64          `json:"from_line"`
	ToLine      int64          `json:"to_line"`
	Amount      Fen            `json:"amount"`
	FunctionID  int64          `json:"function_id,omitempty"`
	Memo        string         `json:"memo"`
	At          time.Time      `json:"at"` // requested
	Status      TransferStatus `json:"status"`
	RequestedBy int64          `json:"requested_by,omitempty"`
	DecidedBy   int64          `json:"decided_by,omitempty"`
	DecidedAt   *time.Time     `json:"decided_at,omitempty"`
	Opinion     string         `json:"opinion"` // the approver's 意见 (required to refuse)
}
