package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The public page of a procedure's challenges (质疑) and complaints (投诉),
// ENG-D8: everyone reads them with the answers, decisions and suspensions
// (without who filed them or the facts, but for the challenger and the
// procedure's insiders); the same page carries the forms of whoever may act:
// a supplier's challenge of a notice, its withdrawal and complaint; the
// organiser's answer; the finance department's suspension and decision.

// challengePage is what the page shows.
type challengePage struct {
	Procurement goumai.Procurement
	Notices     []goumai.Notice
	List        workflow.ChallengeList
	Names       map[int64]goumai.Org
	Verdicts    []goumai.Verdict
	Outcomes    []goumai.OutcomeKind
	Bidders     []goumai.OpenedBid // one per supplier: whose award a rerank may set aside
	OwnOrg      int64              // the actor's organisation, for its own challenges' forms
	CanFile     bool               // a supplier's staff who may take part
	CannotFile  goumai.Msg
	CanAnswer   bool // the procedure's organiser
	CanDecide   bool // a finance approver of the region or above
	Anonymous   bool
	ReturnLogin string
	Error       *goumai.Error
	Form        map[string]string
	Action      string // the form refused: its action
}

// challengesPage is a procedure's challenges and complaints.
func (s *Server) challengesPage(w http.ResponseWriter, r *http.Request) {
	s.renderChallenges(w, r, http.StatusOK, "", nil, nil)
}

// renderChallenges renders the page, with a refused form's values and error.
func (s *Server) renderChallenges(w http.ResponseWriter, r *http.Request, status int, action string, form map[string]string, err error) {
	d, lerr := s.challengeData(r.Context(), r, actorOf(r))
	if lerr != nil {
		s.fail(w, r, lerr)
		return
	}
	if err != nil {
		d.Error = goumai.AsError(err)
	}
	d.Form, d.Action = form, action
	s.render(w, r, status, "challenges", d)
}

func (s *Server) challengeData(ctx context.Context, r *http.Request, a goumai.Actor) (challengePage, error) {
	d := challengePage{Verdicts: goumai.Verdicts, Outcomes: goumai.OutcomeKinds, OwnOrg: a.Org.ID, Anonymous: a.Anonymous(),
		ReturnLogin: "/login?next=" + urlQueryEscape(r.URL.Path)}
	p, err := s.svc.Procurement(ctx, goumai.Actor{}, pathID(r)) // the public's: a procedure never published is not found here
	if err != nil {
		return d, err
	}
	d.Procurement = p
	if d.Notices, err = s.store.Notices(ctx, p.ID); err != nil {
		return d, err
	}
	if d.List, err = s.svc.Challenges(ctx, a, p.ID); err != nil {
		return d, err
	}
	ids := []int64{p.PurchaserOrgID, p.AgencyOrgID}
	for _, c := range d.List.Challenges {
		ids = append(ids, c.OrgID)
		if c.Answer != nil {
			ids = append(ids, c.Answer.SetAsideOrgID)
		}
	}
	for _, k := range d.List.Complaints {
		if k.Decision != nil {
			ids = append(ids, k.Decision.SetAsideOrgID)
		}
	}
	d.Names = s.orgNames(r, ids)
	if a.Anonymous() {
		return d, nil
	}
	pol := s.svc.Policy
	if pol.Can(a, goumai.ActChallenge, goumai.Target{OrgID: a.Org.ID, Region: p.Region}) == nil {
		d.CanFile = true
		if err := workflow.MayAsk(a, p); err != nil {
			d.CanFile, d.CannotFile = false, goumai.AsError(err).Message
		}
	}
	d.CanAnswer = pol.Can(a, goumai.ActRunProcurement, goumai.Target{OrgID: p.Organizer(), Region: p.Region}) == nil
	d.CanDecide = pol.Can(a, goumai.ActDecideComplaint, goumai.Target{Region: p.Region, Item: &goumai.Involvement{}, Step: "decide"}) == nil
	if d.CanAnswer || d.CanDecide {
		opened, err := s.store.OpenedBids(ctx, p.ID) // public from the opening on
		if err != nil {
			return d, err
		}
		for _, o := range opened {
			if !slices.ContainsFunc(d.Bidders, func(b goumai.OpenedBid) bool { return b.OrgID == o.OrgID }) {
				d.Bidders = append(d.Bidders, o)
			}
		}
	}
	return d, nil
}

// challengeForm runs one form of the page: field errors re-render the page
// with the values typed (422), other refusals are the error page, success
// goes back to the page of the procedure acted on with a confirmation.
func (s *Server) challengeForm(action, done string, fields []string, run func(ctx context.Context, a goumai.Actor, item int64, form map[string]string) (int64, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		form := map[string]string{}
		for _, f := range fields {
			form[f] = r.PostFormValue(f)
		}
		item := itemID(r)
		if item == 0 {
			item = pathID(r)
		}
		proc, err := run(r.Context(), actorOf(r), item, form)
		if err != nil {
			if goumai.ErrorCode(err) == goumai.EInvalid {
				s.renderChallenges(w, r, http.StatusUnprocessableEntity, action, form, err)
				return
			}
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/procurements/"+strconv.FormatInt(proc, 10)+"/challenges"+done, http.StatusSeeOther)
	}
}

func rulingOf(f map[string]string) workflow.RulingInput {
	org, _ := strconv.ParseInt(f["set_aside_org_id"], 10, 64)
	return workflow.RulingInput{Verdict: goumai.Verdict(f["verdict"]), Outcome: goumai.OutcomeKind(f["outcome"]), Reasons: f["reasons"], SetAsideOrgID: org}
}

var rulingFields = []string{"verdict", "outcome", "set_aside_org_id", "reasons"}

// challengeFile files a challenge of a notice (the path's id is the procedure's).
func (s *Server) challengeFile() http.HandlerFunc {
	return s.challengeForm("file", "?done=challenge_filed", []string{"notice_id", "claims", "facts"}, func(ctx context.Context, a goumai.Actor, id int64, f map[string]string) (int64, error) {
		notice, _ := strconv.ParseInt(f["notice_id"], 10, 64)
		c, err := s.svc.FileChallenge(ctx, a, id, workflow.ChallengeInput{NoticeID: notice, Claims: f["claims"], Facts: f["facts"]})
		return c.ProcurementID, err
	})
}

func (s *Server) challengeAnswer() http.HandlerFunc {
	return s.challengeForm("answer", "?done=challenge_answered", rulingFields, func(ctx context.Context, a goumai.Actor, id int64, f map[string]string) (int64, error) {
		c, err := s.svc.AnswerChallenge(ctx, a, id, rulingOf(f))
		return c.ProcurementID, err
	})
}

func (s *Server) challengeWithdraw() http.HandlerFunc {
	return s.challengeForm("withdraw", "?done=challenge_withdrawn", nil, func(ctx context.Context, a goumai.Actor, id int64, f map[string]string) (int64, error) {
		c, err := s.svc.WithdrawChallenge(ctx, a, id)
		return c.ProcurementID, err
	})
}

func (s *Server) complaintFile() http.HandlerFunc {
	return s.challengeForm("complain", "?done=complaint_filed", []string{"claims", "facts"}, func(ctx context.Context, a goumai.Actor, id int64, f map[string]string) (int64, error) {
		k, err := s.svc.FileComplaint(ctx, a, id, workflow.ComplaintInput{Claims: f["claims"], Facts: f["facts"]})
		return k.ProcurementID, err
	})
}

func (s *Server) complaintSuspend() http.HandlerFunc {
	return s.challengeForm("suspend", "?done=procurement_suspended", []string{"reason"}, func(ctx context.Context, a goumai.Actor, id int64, f map[string]string) (int64, error) {
		k, err := s.svc.SuspendProcurement(ctx, a, id, workflow.SuspendInput{Reason: f["reason"]})
		return k.ProcurementID, err
	})
}

func (s *Server) complaintResume() http.HandlerFunc {
	return s.challengeForm("resume", "?done=procurement_resumed", nil, func(ctx context.Context, a goumai.Actor, id int64, f map[string]string) (int64, error) {
		k, err := s.svc.ResumeProcurement(ctx, a, id)
		return k.ProcurementID, err
	})
}

func (s *Server) complaintDecide() http.HandlerFunc {
	return s.challengeForm("decide", "?done=complaint_decided", rulingFields, func(ctx context.Context, a goumai.Actor, id int64, f map[string]string) (int64, error) {
		k, err := s.svc.DecideComplaint(ctx, a, id, rulingOf(f))
		return k.ProcurementID, err
	})
}

func (s *Server) complaintWithdraw() http.HandlerFunc {
	return s.challengeForm("withdraw_complaint", "?done=complaint_withdrawn", nil, func(ctx context.Context, a goumai.Actor, id int64, f map[string]string) (int64, error) {
		k, err := s.svc.WithdrawComplaint(ctx, a, id)
		return k.ProcurementID, err
	})
}

// ComplaintOf returns the complaint of a challenge, if any.
func (d challengePage) ComplaintOf(challengeID int64) *goumai.Complaint {
	i := slices.IndexFunc(d.List.Complaints, func(k goumai.Complaint) bool { return k.ChallengeID == challengeID })
	if i < 0 {
		return nil
	}
	return &d.List.Complaints[i]
}

// NoticeOf returns a notice of the procedure by id.
func (d challengePage) NoticeOf(id int64) goumai.Notice {
	i := slices.IndexFunc(d.Notices, func(n goumai.Notice) bool { return n.ID == id })
	if i < 0 {
		return goumai.Notice{}
	}
	return d.Notices[i]
}

// SetAsideName names the supplier whose award a ruling's rerank set aside, "" for none.
func (d challengePage) SetAsideName(r *goumai.Ruling) string {
	if r == nil || r.SetAsideOrgID == 0 {
		return ""
	}
	return d.Names[r.SetAsideOrgID].Name
}

// rulingForm is what the answer's and the decision's shared fields need.
type rulingForm struct {
	L  string
	D  challengePage
	ID string // makes the fields' ids unique on the page
}

// RulingForm returns the shared fields' data for one form of the page.
func (d challengePage) RulingForm(lang, id string) rulingForm {
	return rulingForm{L: lang, D: d, ID: id}
}

func init() {
	funcs["verdict"] = func(lang string, v goumai.Verdict) string { return v.Label().In(lang) }
	funcs["outcome"] = func(lang string, o goumai.OutcomeKind) string { return o.Label().In(lang) }
}

// complaintPrint is the print view of a complaint and its decision (REQ-C14),
// as the public sees it.
func (s *Server) complaintPrint(w http.ResponseWriter, r *http.Request) {
	d, err := s.challengeData(r.Context(), r, goumai.Actor{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	i := slices.IndexFunc(d.List.Complaints, func(k goumai.Complaint) bool { return k.ID == itemID(r) })
	if i < 0 {
		s.fail(w, r, goumai.ErrNotFound("投诉", "complaint"))
		return
	}
	s.render(w, r, http.StatusOK, "complaint_print", struct {
		Page      challengePage
		Complaint goumai.Complaint
	}{d, d.List.Complaints[i]})
}
