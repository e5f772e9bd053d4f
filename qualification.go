package goumai

import "time"

// Qualification of the recommended supplier (资质审核, issue 10 item 1; the
// fourth step of 财综〔2013〕111号): after the evaluation report and before the
// purchaser confirms the result, the purchaser's staff or its agency review
// each lot's recommended (rank 1) supplier. The review re-checks, at that
// moment, what the bid-time check judged (the kind of organisation ENG-A2, the
// evidence on file ENG-A3, the credit lists ENG-A4 and bans ENG-A5, read
// fresh), no major violation in the three years before the bid (ENG-A3), each
// qualification condition of the documents against the supplier's evidence,
// and for an individual the justification and attestation of ENG-A8. The
// result is computed from the checks: the reviewer's opinion (意见) records
// why, it cannot override a failing check.
//
// A supplier that fails is set aside on its lot and the next candidate of the
// report moves up (re-using the re-ranking of ENG-D8: GPL-IR Art. 49 lets the
// purchaser award the next candidate); a lot left with too few candidates
// fails (ENG-E1–E3), and the procedure fails when every lot has. The failure
// and its reasons are public events. Nothing is deemed qualified: the rules
// (RULES.md §10, §14 A) give no such case, so the 磋商 deemed acceptance of
// ENG-D6 applies only to a rank 1 that was qualified (otherwise the
// confirmation is marked overdue like any other method's).

// QualificationResult is a review's outcome.
type QualificationResult string

// The outcomes.
const (
	Qualified    QualificationResult = "qualified"     // 资质审核通过
	NotQualified QualificationResult = "not_qualified" // 资质审核不通过
)

// Label is the result's name.
func (r QualificationResult) Label() Msg {
	if r == Qualified {
		return M("资质审核通过", "Qualified")
	}
	return M("资质审核不通过", "Not qualified")
}

// The items a review checks.
const (
	QualItemKind        = "kind"       // ENG-A2
	QualItemEvidence    = "evidence"   // ENG-A3: the proofs of GPL-IR Art. 17 on file
	QualItemViolation   = "violation"  // ENG-A3: no major violation in the 3 years before the bid
	QualItemCredit      = "credit"     // ENG-A4
	QualItemBan         = "ban"        // ENG-A5
	QualItemConditions  = "conditions" // ENG-A3: the documents' qualification conditions
	QualItemIndividual  = "individual" // ENG-A8
	MaxQualJustifyChars = 1000         // an individual's justification (ENG-A8)
	MaxQualNoteChars    = 500          // a condition's note
	MaxQualOpinionChars = 1000         // the reviewer's opinion (意见)
	MaxQualEvidenceRefs = 10           // evidence items cited for one condition
	QualRef             = "资质审核 / qualification"
)

// QualCheck is one check of a review: pass or fail, and each reason it fails
// citing its ENG rule, in Chinese and English.
type QualCheck struct {
	Item    string         `json:"item"`
	Rule    string         `json:"rule"`
	Label   Msg            `json:"label"`
	Passed  bool           `json:"passed"`
	Reasons []CheckFinding `json:"reasons"`
}

// ConditionReview is the reviewer's finding on one qualification condition of
// the documents: met or not, and the supplier's evidence items relied on.
type ConditionReview struct {
	Name     string  `json:"name"`
	Met      bool    `json:"met"`
	Evidence []int64 `json:"evidence"`
	Note     string  `json:"note,omitempty"`
}

// QualificationReview is one recorded review of a lot's recommended supplier.
type QualificationReview struct {
	ID            int64               `json:"id"`
	ProcurementID int64               `json:"procurement_id"`
	LotID         int64               `json:"lot_id"`
	OpenedBidID   int64               `json:"opened_bid_id"`
	OrgID         int64               `json:"org_id"`
	Supplier      string              `json:"supplier"`
	CheckID       int64               `json:"check_id"` // the fresh supplier check (ENG-A4 留存查询记录)
	Result        QualificationResult `json:"result"`
	Rule          string              `json:"rule,omitempty"` // the first failing check's rule
	Checks        []QualCheck         `json:"checks"`
	Conditions    []ConditionReview   `json:"conditions"`
	Justification string              `json:"justification,omitempty"` // ENG-A8: why an individual
	Attested      bool                `json:"attested"`                // ENG-A8: not disguised employment
	Opinion       string              `json:"opinion"`
	DecidedBy     int64               `json:"decided_by"`
	DecidedAt     time.Time           `json:"decided_at"`
}

// Failures returns every failing reason of the review, in check order.
func (q QualificationReview) Failures() []CheckFinding {
	var out []CheckFinding
	for _, c := range q.Checks {
		if !c.Passed {
			out = append(out, c.Reasons...)
		}
	}
	return out
}

func init() {
	for k, v := range map[string]Msg{
		"qualification.qualified":     M("推荐供应商资质审核通过", "Recommended supplier qualified"),
		"qualification.not_qualified": M("推荐供应商资质审核不通过", "Recommended supplier not qualified"),
	} {
		EventActions[k] = v
	}
}
