package goumai

import "time"

// The result (issue 9 item 5). The purchaser confirms each lot's rank-1 bid
// (ENG-D6; it may not pick another); the organiser publishes the
// 中标（成交）结果公告 (REQ-C20) within 2 working days, sends an award letter
// (中标（成交）通知书) to each winner and a result letter (结果通知书) to each
// other bidder, and refunds bid bonds within 5 working days (ENG-D7).

// Award is a lot's confirmed result.
type Award struct {
	ID            int64     `json:"id"`
	ProcurementID int64     `json:"procurement_id"`
	LotID         int64     `json:"lot_id"`
	OpenedBidID   int64     `json:"opened_bid_id"`
	OrgID         int64     `json:"org_id"`
	Amount        Fen       `json:"amount"` // the bid price: the contract amount
	Deemed        bool      `json:"deemed"` // 磋商: deemed accepted when the purchaser's limit passed without objection
	ConfirmedBy   int64     `json:"confirmed_by,omitempty"`
	Opinion       string    `json:"opinion,omitempty"` // the purchaser's opinion (意见) on confirming; public with the award
	ConfirmedAt   time.Time `json:"confirmed_at"`
}

// LetterKind is what a bidder's letter says.
type LetterKind string

// The letters (GPL Art. 46).
const (
	LetterAward  LetterKind = "award"  // 中标（成交）通知书
	LetterResult LetterKind = "result" // 中标（成交）结果通知书, to the others
)

// AwardLetter is a letter to one bidder of a lot.
type AwardLetter struct {
	ID            int64      `json:"id"`
	ProcurementID int64      `json:"procurement_id"`
	LotID         int64      `json:"lot_id"`
	OrgID         int64      `json:"org_id"`
	Kind          LetterKind `json:"kind"`
	NoticeID      int64      `json:"notice_id"`
	IssuedAt      time.Time  `json:"issued_at"`
	// SupersededAt is set when an upheld challenge or complaint withdrew
	// the award the letter announced (ENG-D8): the letter is void, and a
	// new one follows the new result notice.
	SupersededAt *time.Time `json:"superseded_at,omitempty"`
}

// Superseded reports whether the letter was voided by a later result.
func (l AwardLetter) Superseded() bool { return l.SupersededAt != nil }

// BondRefund is a bid bond to refund (ENG-D7).
type BondRefund struct {
	ID            int64      `json:"id"`
	ProcurementID int64      `json:"procurement_id"`
	LotID         int64      `json:"lot_id"`
	OrgID         int64      `json:"org_id"`
	Amount        Fen        `json:"amount"`
	DueAt         *time.Time `json:"due_at,omitempty"` // the winner's is set when its contract is signed
	RefundedAt    *time.Time `json:"refunded_at,omitempty"`
	RefundedBy    int64      `json:"refunded_by,omitempty"`
}

// AwardLine is one lot's line of the result notice (REQ-C20).
type AwardLine struct {
	LotNumber    int    `json:"lot_number"`
	LotTitle     string `json:"lot_title"`
	Supplier     string `json:"supplier"`
	Address      string `json:"address"`
	Amount       Fen    `json:"amount"`
	Requirements string `json:"requirements"` // the main service requirements
	TermMonths   int    `json:"term_months,omitempty"`
	Failed       string `json:"failed,omitempty"` // the lot failed (废标): why
}

// PanelName is one panel member as the result notice lists it (REQ-C16:
// names are published with the result; those the purchaser chose are marked).
type PanelName struct {
	Name         string `json:"name"`
	PurchaserRep bool   `json:"purchaser_rep,omitempty"`
	SelfSelected bool   `json:"self_selected,omitempty"`
}

// ResultNoticeWorkingDays is the result notice's period (GPL-IR Art. 43: 1 working day).
const ResultNoticeWorkingDays = 1
