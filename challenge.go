package goumai

import "time"

// Challenges (质疑, GPL Arts. 52–54) and complaints (投诉, GPL Arts. 55–58):
// a supplier taking part in a procedure challenges one of its published
// notices in writing within 7 working days of its publication; the organiser
// (the entrusted agency, else the purchaser) answers within 7 working days
// with its reasons; a challenger unsatisfied with the answer, or left without
// one past its time limit, complains within 15 working days to the finance
// department of the procedure's region, which decides within 30 working days
// and may suspend the procurement meanwhile (GPL Art. 57). ENG-D8. While one
// is open the award and the contract wait (GPL-IR Art. 54).

// The time limits of ENG-D8, in working days (RULES.md §14 D): "7 working
// days for the supplier to file, 7 working days for the purchaser to answer,
// 15 working days to complain, 30 working days for the complaint decision".
// Each ends at the end of the n-th working day after the day it counts from.
const (
	ChallengeFileWorkingDays   = 7  // from the notice's publication
	ChallengeAnswerWorkingDays = 7  // from the challenge
	ComplaintFileWorkingDays   = 15 // from the answer, or from the answer's time limit passed unanswered
	ComplaintDecideWorkingDays = 30 // from the complaint
	ComplaintSuspendMaxDays    = 30 // GPL Art. 57: a suspension lasts at most 30 days
	RuleChallenge              = "ENG-D8"
	MaxChallengeClaims         = 4000 // the matters challenged and what is asked (质疑事项和请求), public
	MaxChallengeFacts          = 8000 // the facts and evidence (事实依据和证明材料), private
	MaxChallengeReasons        = 4000 // an answer's or a decision's reasons
)

// ChallengeStatus is where a challenge stands.
type ChallengeStatus string

const (
	// ChallengeFiled: filed by a supplier (FileChallenge), waiting for the
	// organiser's answer. Left by answer, withdraw or escalate.
	ChallengeFiled ChallengeStatus = "filed"
	// ChallengeAnswered: the organiser answered with its verdict and reasons
	// (AnswerChallenge). Final for the challenge; a complaint may follow.
	ChallengeAnswered ChallengeStatus = "answered"
	// ChallengeUnanswered: the challenger complained after the answer's time
	// limit passed unanswered (FileComplaint); the finance department decides
	// the matter now, the organiser's answer is no longer taken. Final.
	ChallengeUnanswered ChallengeStatus = "unanswered"
	// ChallengeWithdrawn: the challenger withdrew it before the answer. Final.
	ChallengeWithdrawn ChallengeStatus = "withdrawn"
)

// ChallengeAction moves a challenge.
type ChallengeAction string

const (
	ChallengeAnswer   ChallengeAction = "answer"   // the organiser answers
	ChallengeWithdraw ChallengeAction = "withdraw" // the challenger withdraws
	ChallengeEscalate ChallengeAction = "escalate" // the challenger complains, the answer overdue
)

var challengeTransitions = map[ChallengeStatus]map[ChallengeAction]ChallengeStatus{
	ChallengeFiled: {ChallengeAnswer: ChallengeAnswered, ChallengeWithdraw: ChallengeWithdrawn, ChallengeEscalate: ChallengeUnanswered},
}

// Next returns the state an action leads to from s, and whether it may be taken.
func (s ChallengeStatus) Next(a ChallengeAction) (ChallengeStatus, bool) {
	n, ok := challengeTransitions[s][a]
	return n, ok
}

// Open reports whether the challenge still waits for the organiser.
func (s ChallengeStatus) Open() bool { return s == ChallengeFiled }

// ComplaintStatus is where a complaint stands.
type ComplaintStatus string

const (
	// ComplaintFiled: filed by the challenger (FileComplaint), waiting for the
	// finance department's decision. Left by suspend, decide or withdraw.
	ComplaintFiled ComplaintStatus = "filed"
	// ComplaintSuspended: the finance department suspended the procurement
	// while it decides (SuspendProcurement, GPL Art. 57). Left by resume,
	// decide or withdraw; each ends the suspension.
	ComplaintSuspended ComplaintStatus = "suspended"
	// ComplaintDecided: decided with a verdict and reasons (DecideComplaint). Final.
	ComplaintDecided ComplaintStatus = "decided"
	// ComplaintWithdrawn: the complainant withdrew it before the decision. Final.
	ComplaintWithdrawn ComplaintStatus = "withdrawn"
)

// ComplaintAction moves a complaint.
type ComplaintAction string

const (
	ComplaintSuspend  ComplaintAction = "suspend"  // the finance department suspends the procurement
	ComplaintResume   ComplaintAction = "resume"   // … and lifts the suspension
	ComplaintDecide   ComplaintAction = "decide"   // the finance department decides
	ComplaintWithdraw ComplaintAction = "withdraw" // the complainant withdraws
)

var complaintTransitions = map[ComplaintStatus]map[ComplaintAction]ComplaintStatus{
	ComplaintFiled:     {ComplaintSuspend: ComplaintSuspended, ComplaintDecide: ComplaintDecided, ComplaintWithdraw: ComplaintWithdrawn},
	ComplaintSuspended: {ComplaintResume: ComplaintFiled, ComplaintDecide: ComplaintDecided, ComplaintWithdraw: ComplaintWithdrawn},
}

// Next returns the state an action leads to from s, and whether it may be taken.
func (s ComplaintStatus) Next(a ComplaintAction) (ComplaintStatus, bool) {
	n, ok := complaintTransitions[s][a]
	return n, ok
}

// Open reports whether the complaint still waits for its decision.
func (s ComplaintStatus) Open() bool { return s == ComplaintFiled || s == ComplaintSuspended }

// Verdict is an answer's or a decision's finding on the matters raised.
type Verdict string

const (
	VerdictUpheld    Verdict = "upheld"        // 质疑（投诉）成立
	VerdictPartly    Verdict = "partly_upheld" // 部分成立
	VerdictDismissed Verdict = "dismissed"     // 不成立（驳回）
)

// Verdicts lists the verdicts.
var Verdicts = []Verdict{VerdictUpheld, VerdictPartly, VerdictDismissed}

// Label names the verdict.
func (v Verdict) Label() Msg {
	switch v {
	case VerdictUpheld:
		return M("成立", "upheld")
	case VerdictPartly:
		return M("部分成立", "partly upheld")
	case VerdictDismissed:
		return M("不成立", "dismissed")
	}
	return M(string(v), string(v))
}

// OutcomeKind says what follows an upheld challenge or complaint (财政部令第94号
// Arts. 16, 31, 32): the procedure's later steps carry it out.
type OutcomeKind string

const (
	OutcomeNone             OutcomeKind = ""                  // nothing further (dismissed, or upheld without effect on the result)
	OutcomeReevaluate       OutcomeKind = "reevaluate"        // the same panel evaluates again (重新评审, ENG-G8)
	OutcomeRerank           OutcomeKind = "rerank"            // the award goes to the next ranked candidate (另行确定)
	OutcomeReprocure        OutcomeKind = "reprocure"         // the procurement starts again (重新开展采购活动)
	OutcomeCorrectDocuments OutcomeKind = "correct_documents" // the documents are corrected (修改采购文件) and a correction published
)

// OutcomeKinds lists the outcomes an upheld challenge or complaint may name.
var OutcomeKinds = []OutcomeKind{OutcomeReevaluate, OutcomeRerank, OutcomeReprocure, OutcomeCorrectDocuments}

// Label names the outcome.
func (o OutcomeKind) Label() Msg {
	switch o {
	case OutcomeNone:
		return M("无后续处理", "nothing further")
	case OutcomeReevaluate:
		return M("原评审委员会重新评审", "re-evaluation by the same panel")
	case OutcomeRerank:
		return M("依法另行确定中标（成交）供应商", "award to the next ranked candidate")
	case OutcomeReprocure:
		return M("重新开展采购活动", "procurement started again")
	case OutcomeCorrectDocuments:
		return M("修改采购文件后继续采购", "documents corrected, then the procedure goes on")
	}
	return M(string(o), string(o))
}

// Ruling is an answer to a challenge or a decision on a complaint: the
// verdict, its reasons and, if upheld, what follows. Public.
type Ruling struct {
	Verdict Verdict     `json:"verdict"`
	Outcome OutcomeKind `json:"outcome,omitempty"`
	Reasons string      `json:"reasons"`
	// SetAsideOrgID is, for OutcomeRerank, the supplier whose award falls:
	// its bid on each lot it was awarded (or recommended for) is set aside
	// for the ruling's reasons (RuleChallenge), and the award goes to the
	// next qualifying candidate.
	SetAsideOrgID int64     `json:"set_aside_org_id,omitempty"`
	By            int64     `json:"by"`
	At            time.Time `json:"at"`
}

// Challenge is a supplier's challenge (质疑) of one published notice of a
// procedure and the organiser's answer. Public but for Facts, the
// challenger's facts and evidence, seen only by the challenging organisation,
// the procedure's insiders and the finance department.
type Challenge struct {
	ID            int64           `json:"id"`
	ProcurementID int64           `json:"procurement_id"`
	Number        int             `json:"number"` // 1, 2, … within the procedure
	NoticeID      int64           `json:"notice_id"`
	OrgID         int64           `json:"org_id"`            // the challenger
	UserID        int64           `json:"user_id,omitempty"` // who filed it for the challenger (private)
	Claims        string          `json:"claims"`
	Facts         string          `json:"facts,omitempty"` // private
	Status        ChallengeStatus `json:"status"`
	FiledAt       time.Time       `json:"filed_at"`
	DueAt         time.Time       `json:"due_at"`               // the answer's time limit (ENG-D8: 7 working days)
	OverdueAt     *time.Time      `json:"overdue_at,omitempty"` // set once by the scheduler when it passed unanswered
	Answer        *Ruling         `json:"answer,omitempty"`
	WithdrawnAt   *time.Time      `json:"withdrawn_at,omitempty"`
}

// Complaint is a challenger's complaint (投诉) to the finance department of
// the procedure's region after its challenge, and the department's decision.
// Public but for Facts.
type Complaint struct {
	ID             int64           `json:"id"`
	ChallengeID    int64           `json:"challenge_id"`
	ProcurementID  int64           `json:"procurement_id"`
	Region         string          `json:"region"`            // the procedure's: its finance department decides
	OrgID          int64           `json:"org_id"`            // the complainant (the challenger)
	UserID         int64           `json:"user_id,omitempty"` // who filed it (private)
	Claims         string          `json:"claims"`
	Facts          string          `json:"facts,omitempty"` // private
	Status         ComplaintStatus `json:"status"`
	FiledAt        time.Time       `json:"filed_at"`
	DueAt          time.Time       `json:"due_at"` // the decision's time limit (ENG-D8: 30 working days)
	OverdueAt      *time.Time      `json:"overdue_at,omitempty"`
	SuspendedAt    *time.Time      `json:"suspended_at,omitempty"`    // the suspension in force, or the last one
	SuspendedUntil *time.Time      `json:"suspended_until,omitempty"` // at most 30 days (GPL Art. 57)
	SuspendReason  string          `json:"suspend_reason,omitempty"`
	Decision       *Ruling         `json:"decision,omitempty"`
	WithdrawnAt    *time.Time      `json:"withdrawn_at,omitempty"`
}

// Suspended reports whether a suspension of the procurement is in force at now.
func (c Complaint) Suspended(now time.Time) bool {
	return c.Status == ComplaintSuspended && c.SuspendedUntil != nil && now.Before(*c.SuspendedUntil)
}

// ComplaintNotice is what the 投诉处理结果公告 publishes of a decided
// complaint (财政部令第94号 Art. 33): the parties' names, the matters
// complained of, the decision with its reasons and what follows. Never the
// facts and evidence, nor who filed it.
type ComplaintNotice struct {
	Complainant string      `json:"complainant"`
	Respondent  string      `json:"respondent"` // the organiser: the agency, or the purchaser
	Claims      string      `json:"claims"`
	Verdict     Verdict     `json:"verdict"`
	Outcome     OutcomeKind `json:"outcome,omitempty"`
	Reasons     string      `json:"reasons"`
	Decider     string      `json:"decider"` // the finance department
	DecidedAt   time.Time   `json:"decided_at"`
}

// ChallengeOutcome is what an upheld challenge's answer or complaint's
// decision says must follow in its procedure, for the steps that carry it
// out (re-evaluation, re-ranking, a new procurement, corrected documents).
type ChallengeOutcome struct {
	ProcurementID int64       `json:"procurement_id"`
	ChallengeID   int64       `json:"challenge_id"`
	ComplaintID   int64       `json:"complaint_id,omitempty"` // set when the finance department decided it
	NoticeID      int64       `json:"notice_id"`              // the notice challenged
	Verdict       Verdict     `json:"verdict"`
	Kind          OutcomeKind `json:"kind"`
	DecidedAt     time.Time   `json:"decided_at"`
}
