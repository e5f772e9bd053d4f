package goumai

import (
	"fmt"
	"strings"
	"time"
)

// The result of evaluation (评审, issue 9 item 3) as the panel reports it to
// the purchaser (ENG-D6): for each lot, the valid bids ranked by ENG-G6, or
// the lot's failure (ENG-E2/E3). The purchaser confirms rank 1 and may not
// change the ranking.

// Score is a number of points in ten-thousandths (1.0000 point = 10000):
// scores are summed and compared exactly, never as floats.
type Score int64

// RankedBid is one valid bid in a lot's ranking.
type RankedBid struct {
	OpenedBidID    int64  `json:"opened_bid_id"`
	OrgID          int64  `json:"org_id"`
	Supplier       string `json:"supplier"`
	Price          Fen    `json:"price"`           // the bid price
	EvaluatedPrice Fen    `json:"evaluated_price"` // after the SME deduction (ENG-G4)
	Score          Score  `json:"score"`           // 综合评分法: the mean of the experts' totals; 最低评标价法: 0
	Rank           int    `json:"rank"`            // 1, 2, …
	TieDrawn       bool   `json:"tie_drawn"`       // placed by a verifiable random draw (ENG-G6)
}

// LotRanking is a lot's result of evaluation.
type LotRanking struct {
	LotID    int64       `json:"lot_id"`
	Failed   bool        `json:"failed"`              // too few valid bids (ENG-E2/E3)
	FailRule string      `json:"fail_rule,omitempty"` // the rule that failed it
	Ranks    []RankedBid `json:"ranks"`
}

// Recommended is the lot's rank-1 bid, if it has one.
func (r LotRanking) Recommended() (RankedBid, bool) {
	if r.Failed || len(r.Ranks) == 0 {
		return RankedBid{}, false
	}
	return r.Ranks[0], true
}

// Evaluation state (issue 9 item 3). While the procedure is under evaluation
// (ProcEvaluation) the organiser reviews the tenders' qualifications, the
// panel reviews compliance, queries abnormally low prices (ENG-G7), calls
// final offers (谈判/磋商) and scores each bid on each published item; the
// organiser then sends the report — every member's scores, the reviews, the
// dissents and the ranking (ENG-G6) — to the purchaser within 2 working days
// (ENG-D6). Re-evaluation (ENG-G8) reopens it for the same panel.

// ReviewStage is a stage of the review before scoring.
type ReviewStage string

// The stages: qualification (资格审查: by the organiser for tenders, by the
// panel otherwise) and compliance (符合性审查: by the panel).
const (
	ReviewQualification ReviewStage = "qualification"
	ReviewCompliance    ReviewStage = "compliance"
)

// ReviewStages lists the stages in order.
var ReviewStages = []ReviewStage{ReviewQualification, ReviewCompliance}

// Label is the stage's name.
func (s ReviewStage) Label() Msg {
	if s == ReviewQualification {
		return M("资格审查", "qualification review")
	}
	return M("符合性审查", "compliance review")
}

// BidReview is one stage's result for an opened bid; a failed bid is not
// scored, with the reason the report shows.
type BidReview struct {
	ID            int64       `json:"id"`
	ProcurementID int64       `json:"procurement_id"`
	LotID         int64       `json:"lot_id"`
	OpenedBidID   int64       `json:"opened_bid_id"`
	Stage         ReviewStage `json:"stage"`
	Pass          bool        `json:"pass"`
	Reason        string      `json:"reason"`
	UserID        int64       `json:"user_id"`
	At            time.Time   `json:"at"`
}

// ItemScore is one panel member's score of one bid on one scoring item.
type ItemScore struct {
	ID            int64     `json:"id"`
	ProcurementID int64     `json:"procurement_id"`
	LotID         int64     `json:"lot_id"`
	OpenedBidID   int64     `json:"opened_bid_id"`
	MemberID      int64     `json:"member_id"`
	Item          int       `json:"item"` // the index of the documents' scoring item
	ItemName      string    `json:"item_name"`
	Score         Score     `json:"score"`
	Reason        string    `json:"reason"` // required below the item's full points
	At            time.Time `json:"at"`
}

// PriceQueryStatus is where an abnormal-low query stands (ENG-G7).
type PriceQueryStatus string

// The states: open → justified (the bidder wrote) → accepted | rejected (the
// panel decided); open → expired (no justification by the deadline: the bid
// is invalid, O87 Art. 60).
const (
	QueryOpen      PriceQueryStatus = "open"
	QueryJustified PriceQueryStatus = "justified"
	QueryAccepted  PriceQueryStatus = "accepted"
	QueryRejected  PriceQueryStatus = "rejected"
	QueryExpired   PriceQueryStatus = "expired"
)

// PriceQuery is the panel's query of an abnormally low price (ENG-G7): the
// triggers, the deadline, the bidder's written justification and the
// panel's decision with its reasons.
type PriceQuery struct {
	ID             int64            `json:"id"`
	ProcurementID  int64            `json:"procurement_id"`
	LotID          int64            `json:"lot_id"`
	OpenedBidID    int64            `json:"opened_bid_id"`
	OrgID          int64            `json:"org_id"`
	Triggers       []string         `json:"triggers"` // rules.Trigger*, or "panel" (ENG-G7 (四))
	Reason         string           `json:"reason"`
	DueAt          time.Time        `json:"due_at"`
	Status         PriceQueryStatus `json:"status"`
	Justification  string           `json:"justification,omitempty"`
	JustifiedAt    *time.Time       `json:"justified_at,omitempty"`
	DecisionReason string           `json:"decision_reason,omitempty"`
	DecidedAt      *time.Time       `json:"decided_at,omitempty"`
}

// Invalidates reports whether the query's outcome makes the bid invalid.
func (q PriceQuery) Invalidates() bool { return q.Status == QueryRejected || q.Status == QueryExpired }

// OfferRound is a call for final offers (最后报价) in a lot of a 谈判 or 磋商
// (ENG-E1/E3): the remaining suppliers each make one by the deadline.
type OfferRound struct {
	ID            int64     `json:"id"`
	ProcurementID int64     `json:"procurement_id"`
	LotID         int64     `json:"lot_id"`
	Round         int       `json:"round"`
	DueAt         time.Time `json:"due_at"`
	CalledAt      time.Time `json:"called_at"`
}

// FinalOffer is one supplier's offer in a round.
type FinalOffer struct {
	ID          int64     `json:"id"`
	RoundID     int64     `json:"round_id"`
	OpenedBidID int64     `json:"opened_bid_id"`
	Price       Fen       `json:"price"`
	At          time.Time `json:"at"`
}

// Dissent is a panel member's dissenting opinion, kept in the report (O87 Art. 62).
type Dissent struct {
	ID            int64     `json:"id"`
	ProcurementID int64     `json:"procurement_id"`
	MemberID      int64     `json:"member_id"`
	Round         int       `json:"round"`
	Text          string    `json:"text"`
	At            time.Time `json:"at"`
}

// EvaluationReport is the report the organiser sends to the purchaser
// (ENG-D6): round 1 first, one more per re-evaluation (ENG-G8).
type EvaluationReport struct {
	ID            int64        `json:"id"`
	ProcurementID int64        `json:"procurement_id"`
	Round         int          `json:"round"`
	Reason        string       `json:"reason,omitempty"` // the re-evaluation's ground (rules.ReevaluationReason)
	Seed          string       `json:"seed"`             // hex: the tie draws' seed (rules.TieSeed)
	LogSize       int64        `json:"log_size"`         // the log the seed was taken from
	LogRoot       string       `json:"log_root"`
	Lots          []LotRanking `json:"lots"`
	Reviews       []BidReview  `json:"reviews"`
	Scores        []ItemScore  `json:"scores"`
	Queries       []PriceQuery `json:"queries"`
	Dissents      []Dissent    `json:"dissents"`
	Changed       bool         `json:"changed"` // a re-evaluation changed the result: reported to the finance department
	Late          bool         `json:"late"`    // sent after the 2 working days of ENG-D6
	ReportedBy    int64        `json:"reported_by"`
	ReportedAt    time.Time    `json:"reported_at"`
}

// ReportWorkingDays is the organiser's time limit to send the report after
// the evaluation ends (ENG-D6; GPL-IR Art. 43).
const ReportWorkingDays = 2

// ParseScore reads a number of points with at most four decimals ("7",
// "7.5", "7.2500") as a Score; anything else is EInvalid.
func ParseScore(s string) (Score, error) {
	bad := Errorf(EInvalid, "分值须为不超过四位小数的非负数", "points are a non-negative number with at most four decimals")
	whole, frac, dot := strings.Cut(strings.TrimSpace(s), ".")
	if whole == "" || len(whole) > 6 || len(frac) > 4 || dot && frac == "" {
		return 0, bad
	}
	var n int64
	for _, c := range whole + frac + strings.Repeat("0", 4-len(frac)) {
		if c < '0' || c > '9' {
			return 0, bad
		}
		n = n*10 + int64(c-'0')
	}
	return Score(n), nil
}

// String writes the score in points with four decimals, trailing zeros dropped.
func (s Score) String() string {
	sign := ""
	if s < 0 {
		sign, s = "-", -s
	}
	out := fmt.Sprintf("%s%d.%04d", sign, s/10000, s%10000)
	return strings.TrimSuffix(strings.TrimRight(out, "0"), ".")
}

// Reevaluation is a re-evaluation the organiser started (ENG-G8): its ground
// (rules.ReevaluationReason), what it concerns, and the report round it
// leads to.
type Reevaluation struct {
	ID            int64     `json:"id"`
	ProcurementID int64     `json:"procurement_id"`
	Round         int       `json:"round"`
	Reason        string    `json:"reason"`
	Detail        string    `json:"detail"`
	RequestedBy   int64     `json:"requested_by"`
	RequestedAt   time.Time `json:"requested_at"`
}
