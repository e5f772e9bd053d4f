package goumai

import (
	"regexp"
	"strconv"
	"time"
)

// Payment (经费兑付, issue 10 item 6). The supplier asks for payment of an
// accepted milestone (ENG-H7: only against the schedule and acceptance); the
// purchaser approves it with its 意见; a request at or above the region's
// finance threshold is approved by the finance department too; the payment
// is then recorded, and the budget ledger pays it in the same transaction.
// The final payment (the contract's last milestone, or a request flagged
// final) waits for the contract's published performance grade (ENG-J1) and
// is reduced by the deduction tied to that grade; the deduction is released
// from the obligation (ledger deobligate) when the final payment closes the
// contract's payments. Each request carries its legal due date (REQ-C25:
// acceptance + the contract's payment term, at most 60 days) and the
// overdue interest accrued (0.05 % a day when none was agreed), which the
// supplier sees with the stage (CONVENTIONS §1 no. 5).

// PaymentStatus is where a payment request stands.
type PaymentStatus string

// The states of a payment request.
const (
	PaymentRequested         PaymentStatus = "requested"             // asked by the supplier
	PaymentApprovedPurchaser PaymentStatus = "approved_by_purchaser" // 采购人审核通过
	PaymentApprovedFinance   PaymentStatus = "approved_by_finance"   // 财政审核通过 (at or above the threshold)
	PaymentPaid              PaymentStatus = "paid"                  // 已支付
	PaymentRejected          PaymentStatus = "rejected"              // 退回, with 意见
)

// PaymentStatuses lists the states.
var PaymentStatuses = []PaymentStatus{PaymentRequested, PaymentApprovedPurchaser, PaymentApprovedFinance, PaymentPaid, PaymentRejected}

// Label names the state: the stage the supplier sees.
func (s PaymentStatus) Label() Msg {
	switch s {
	case PaymentRequested:
		return M("已申请，待采购人审核", "Requested: awaiting the purchaser")
	case PaymentApprovedPurchaser:
		return M("采购人已审核", "Approved by the purchaser")
	case PaymentApprovedFinance:
		return M("财政部门已审核", "Approved by the finance department")
	case PaymentPaid:
		return M("已支付", "Paid")
	case PaymentRejected:
		return M("已退回", "Rejected")
	}
	return M(string(s), string(s))
}

// Open reports whether a request in state s still counts against its
// milestone and may move on.
func (s PaymentStatus) Open() bool {
	return s == PaymentRequested || s == PaymentApprovedPurchaser || s == PaymentApprovedFinance
}

// PaymentAction is what may be done to a payment request.
type PaymentAction string

// The payment actions.
const (
	PaymentApprove        PaymentAction = "approve"         // the purchaser approves
	PaymentFinanceApprove PaymentAction = "finance_approve" // the finance department approves (above the threshold)
	PaymentPay            PaymentAction = "pay"             // the payment is made and recorded
	PaymentReject         PaymentAction = "reject"          // the purchaser or the finance department returns it
)

// PaymentTransition returns the state after act from st; needsFinance says
// whether the request is at or above the finance threshold. False: the
// action is not allowed.
func PaymentTransition(st PaymentStatus, act PaymentAction, needsFinance bool) (PaymentStatus, bool) {
	switch {
	case act == PaymentApprove && st == PaymentRequested:
		return PaymentApprovedPurchaser, true
	case act == PaymentFinanceApprove && st == PaymentApprovedPurchaser && needsFinance:
		return PaymentApprovedFinance, true
	case act == PaymentPay && st == PaymentApprovedPurchaser && !needsFinance:
		return PaymentPaid, true
	case act == PaymentPay && st == PaymentApprovedFinance:
		return PaymentPaid, true
	case act == PaymentReject && (st == PaymentRequested || st == PaymentApprovedPurchaser && needsFinance):
		return PaymentRejected, true
	}
	return st, false
}

// PaymentRequest is one request for payment of a milestone.
type PaymentRequest struct {
	ID          int64         `json:"id"`
	ContractID  int64         `json:"contract_id"`
	ProjectID   int64         `json:"project_id"`
	MilestoneID int64         `json:"milestone_id"`
	MilestoneNo int           `json:"milestone_no"`
	Region      string        `json:"region"`
	SupplierID  int64         `json:"supplier_org_id"`
	PurchaserID int64         `json:"purchaser_org_id"`
	LineID      int64         `json:"budget_line_id"`
	Amount      Fen           `json:"amount"`    // asked, of the milestone's amount
	Deduction   Fen           `json:"deduction"` // the final payment's deduction by grade (ENG-J1), 0 otherwise
	Final       bool          `json:"final"`
	Grade       Grade         `json:"grade,omitempty"` // the grade read at the final payment
	Note        string        `json:"note"`            // the supplier's note
	Status      PaymentStatus `json:"status"`
	Stage       Msg           `json:"stage"`             // Status.Label(), for the supplier
	NeedFinance bool          `json:"needs_finance"`     // at or above the region's finance threshold
	AcceptedOn  string        `json:"accepted_on"`       // the milestone's acceptance date, YYYY-MM-DD (Asia/Shanghai)
	TermDays    int           `json:"payment_term_days"` // the contract's payment term, capped (REQ-C25)
	DueOn       string        `json:"due_on"`            // AcceptedOn + TermDays
	// The overdue interest (REQ-C25): InterestDays days past DueOn (until
	// paid, or until today), at InterestRate ten-thousandths a day.
	InterestRate int `json:"interest_rate_per_10000"`
	InterestDays int `json:"overdue_days"`
	Interest     Fen `json:"overdue_interest"`
	// The 一体化 keys (REQ-C13) of the budget line it is paid from.
	MofDivCode string `json:"MOF_DIV_CODE"`
	AgencyCode string `json:"AGENCY_CODE"`
	ProCode    string `json:"PRO_CODE"`
	BgtID      string `json:"BGT_ID"`
	// The approval trail: who asked and approved, each approver's 意见.
	RequestedBy      int64      `json:"requested_by,omitempty"`
	PurchaserBy      int64      `json:"purchaser_by,omitempty"`
	FinanceBy        int64      `json:"finance_by,omitempty"`
	PurchaserOpinion string     `json:"purchaser_opinion,omitempty"`
	PurchaserAt      *time.Time `json:"purchaser_at,omitempty"`
	FinanceOpinion   string     `json:"finance_opinion,omitempty"`
	FinanceAt        *time.Time `json:"finance_at,omitempty"`
	RejectOpinion    string     `json:"reject_opinion,omitempty"`
	RejectedAt       *time.Time `json:"rejected_at,omitempty"`
	PaidAt           *time.Time `json:"paid_at,omitempty"`
	LedgerEntryID    int64      `json:"ledger_entry_id,omitempty"`
	Version          int        `json:"version"`
	CreatedAt        time.Time  `json:"created_at"`
}

// Net is what is paid: the amount less the deduction.
func (p PaymentRequest) Net() Fen { return p.Amount - p.Deduction }

// Payment terms (REQ-C25; 《保障中小企业款项支付条例》第八、九条).
const (
	PaymentTermDefaultDays = 30 // when the contract states none
	PaymentTermMaxDays     = 60 // the cap
	// OverdueInterestPer10000 is the daily interest when none was agreed:
	// 0.05 % = 5 ten-thousandths a day (the national default of
	// rules.Params.OverdueInterestPer10000).
	OverdueInterestPer10000 = 5
)

// paymentTermPattern finds a payment term in the contract's settlement
// terms: "验收合格后15日内支付", "30个工作日内", "within 20 days".
var paymentTermPattern = regexp.MustCompile(`(\d{1,3})\s*(?:个)?(?:工作)?(?:日|天|days?)\s*(?:内|以内)?`)

// PaymentTermDays is the contract's payment term after acceptance in
// calendar days: the first number of days its settlement terms (资金结算方式)
// state, PaymentTermDefaultDays when they state none, and never more than
// PaymentTermMaxDays (REQ-C25). Working days written in the terms are taken
// as calendar days: the cap is what the law sets, and the calendar is not
// needed for it.
func PaymentTermDays(c Contract) int {
	days := PaymentTermDefaultDays
	if m := paymentTermPattern.FindStringSubmatch(c.Terms.Settlement); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
			days = n
		}
	}
	return min(days, PaymentTermMaxDays)
}

// PaymentDueOn is the due date: the acceptance date (its calendar day in
// Asia/Shanghai) plus termDays calendar days, termDays capped at
// PaymentTermMaxDays (REQ-C25).
func PaymentDueOn(acceptedAt time.Time, termDays int) string {
	d := acceptedAt.In(Shanghai)
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, Shanghai)
	return day.AddDate(0, 0, min(termDays, PaymentTermMaxDays)).Format(time.DateOnly)
}

// OverdueDays is how many calendar days at (its day in Asia/Shanghai) is
// past dueOn; 0 on or before it, or for a malformed date.
func OverdueDays(dueOn string, at time.Time) int {
	due, err := time.ParseInLocation(time.DateOnly, dueOn, Shanghai)
	if err != nil {
		return 0
	}
	d := at.In(Shanghai)
	day := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, Shanghai)
	if !day.After(due) {
		return 0
	}
	return int(day.Sub(due).Hours()+12) / 24 // whole days; +12 h absorbs a DST hour (none in Shanghai since 1991)
}

// OverdueInterest is the interest on amount for days days at rate
// ten-thousandths a day, in fen, rounded half up to the fen, in integer
// arithmetic: amount = q·10000 + r, so amount·rate·days/10000 =
// q·rate·days + r·rate·days/10000, each product far below 2⁶³ for any
// amount ≤ MaxFen and days ≤ 36500.
func OverdueInterest(amount Fen, rate, days int) Fen {
	if amount <= 0 || rate <= 0 || days <= 0 {
		return 0
	}
	q, r := int64(amount)/10000, int64(amount)%10000
	rd := int64(rate) * int64(days)
	return Fen(q*rd + (r*rd+5000)/10000)
}

// FinalDeductionPct is the default share of the final payment deducted for
// a contract's published grade (ENG-J1, "evaluation gates the next
// tranche"): 优 and 良 0 %, 中 10 %, 差 30 %: the national defaults of the
// payment parameters (rules.Params), which a region's parameter set may change.
var FinalDeductionPct = map[Grade]int{GradeExcellent: 0, GradeGood: 0, GradeFair: 10, GradePoor: 30}

// Deduction is amount·pct/100, rounded half up to the fen.
func Deduction(amount Fen, pct int) Fen {
	if amount <= 0 || pct <= 0 {
		return 0
	}
	if pct >= 100 {
		return amount
	}
	q, r := int64(amount)/100, int64(amount)%100
	return Fen(q*int64(pct) + (r*int64(pct)+50)/100)
}

// MaxPaymentOpinion bounds an approver's 意见 and the supplier's note.
const MaxPaymentOpinion = 500

func init() {
	for k, v := range map[string]Msg{
		"payment.request":         M("申请支付", "Payment requested"),
		"payment.approve":         M("采购人审核通过支付申请", "Payment approved by the purchaser"),
		"payment.finance_approve": M("财政部门审核通过支付申请", "Payment approved by the finance department"),
		"payment.reject":          M("退回支付申请", "Payment request rejected"),
		"payment.paid":            M("支付合同款项", "Contract payment made"),
		"payment.request_refused": M("支付申请被拒绝（违反规定）", "Payment request refused by a rule"),
		"payment.refused":         M("支付操作被拒绝（违反规定）", "Payment action refused by a rule"),
	} {
		EventActions[k] = v
	}
}
