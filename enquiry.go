package goumai

import "time"

// Enquiry is a supplier's question (询问, GPL Art. 51) about a procedure open
// for bids, and the organisers' answer (澄清). The question is private until
// answered; the answer is public to everyone, question and answer together,
// never saying who asked (issue 8 item 7: anonymously to other suppliers).
// Who asked is seen only by the organisers, the purchaser, finance staff and
// auditors of the procedure's region, and the asking organisation itself.
// An answer that changes the documents is also a clarification: it moves the
// deadline when it comes too late (ENG-D2) and is published in an 更正公告.
type Enquiry struct {
	ID            int64     `json:"id"`
	ProcurementID int64     `json:"procurement_id"`
	Number        int       `json:"number"` // 1, 2, … within the procedure
	Question      string    `json:"question"`
	AskedAt       time.Time `json:"asked_at"`
	// AskerOrgID and AskerUserID say who asked: never shown to anyone but
	// the organisers, the purchaser, finance staff and auditors of the region,
	// and the asking organisation (zero, and left out of the JSON, otherwise).
	AskerOrgID  int64      `json:"asker_org_id,omitempty"`
	AskerUserID int64      `json:"asker_user_id,omitempty"`
	Answer      string     `json:"answer,omitempty"`
	AnsweredBy  int64      `json:"answered_by,omitempty"`
	AnsweredAt  *time.Time `json:"answered_at,omitempty"`
	DueAt       time.Time  `json:"due_at"`               // the answer is due by then (ENG-D8: 3 working days)
	OverdueAt   *time.Time `json:"overdue_at,omitempty"` // set once by the scheduler when it passed unanswered
	// ClarificationNoticeID is the 更正公告 of an answer that changed the documents.
	ClarificationNoticeID int64 `json:"clarification_notice_id,omitempty"`
}

// Answered reports whether the organisers have answered.
func (e Enquiry) Answered() bool { return e.AnsweredAt != nil }

// Anonymous returns the enquiry without who asked: what everyone else sees of
// an answered one.
func (e Enquiry) Anonymous() Enquiry {
	e.AskerOrgID, e.AskerUserID = 0, 0
	return e
}

// EnquiryAnswerWorkingDays is the time limit of an answer to an enquiry:
// ENG-D8, "An inquiry is answered within 3 working days (GPL Arts. 52–56;
// GPL-IR Art. 52)" (RULES.md §14 D). The answer is due by the end of the 3rd
// working day after the question.
const EnquiryAnswerWorkingDays = 3

// Limits of an enquiry's text, in characters.
const (
	MaxEnquiryQuestion = 2000
	MaxEnquiryAnswer   = 4000
)
