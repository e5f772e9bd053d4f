package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Enquiries (询问, GPL Art. 51) on a procedure open for bids: a supplier asks,
// the organisers answer within 3 working days (ENG-D8), and the answer is
// public to everyone without saying who asked (issue 8 item 7). An answer
// that changes the documents is a clarification too (clarify: ENG-D2 and an
// 更正公告) in the same transaction.

// EnquiryInput is a supplier's question.
type EnquiryInput struct {
	Question string `json:"question"`
}

// AnswerInput is the organisers' answer to an enquiry. With Documents the
// answer also clarifies or amends the procurement documents: they replace the
// published ones, an 更正公告 is published, and when AffectsBids the deadline
// moves if the answer comes too late (ENG-D2). Version is the procedure's
// version the organiser saw, checked only when Documents are given.
type AnswerInput struct {
	Answer      string            `json:"answer"`
	Documents   *goumai.Documents `json:"documents,omitempty"`
	AffectsBids bool              `json:"affects_bids"`
	Version     int               `json:"version"`
}

// AskEnquiry records a supplier's question about a procedure open for bids,
// before its deadline: asked by the staff of an active organisation that may
// supply (ActAskEnquiry), not one of the procedure's organisers, and for an
// invited method one of the invited suppliers. The answer is due by the end of
// the 3rd working day after it (ENG-D8) on the loaded calendar (a year not
// arranged is refused, naming it). The question and who asked are private
// until the answer; who asked stays private for good.
func (s *Service) AskEnquiry(ctx context.Context, a goumai.Actor, procurementID int64, in EnquiryInput) (goumai.Enquiry, error) {
	e := goumai.Enquiry{ProcurementID: procurementID, Question: strings.TrimSpace(in.Question), AskerOrgID: a.Org.ID, AskerUserID: a.UserID}
	if a.Anonymous() {
		return e, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	if n := utf8.RuneCountInString(e.Question); n == 0 || n > goumai.MaxEnquiryQuestion {
		return e, goumai.Fields{"question": goumai.M(fmt.Sprintf("请填写询问的问题（不超过%d个字）", goumai.MaxEnquiryQuestion),
			fmt.Sprintf("write the question, at most %d characters", goumai.MaxEnquiryQuestion))}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		// The procedure's lock numbers its enquiries one after another and
		// holds its deadline still (a clarification may move it).
		if err := tx.Lock(ctx, "procurements", procurementID); err != nil {
			return err
		}
		p, err := tx.Procurement(ctx, procurementID)
		if err != nil {
			return err
		}
		if err := s.takePart(a, p, goumai.ActAskEnquiry, goumai.M("提出询问", "ask about")); err != nil {
			return err
		}
		if p.Status != goumai.ProcTendering || !tx.Now().Before(p.Periods.BidDeadline) {
			return goumai.Errorf(goumai.EConflict, "只能在投标（响应）截止前对采购文件提出询问", "enquiries are taken while the procedure is open for bids, before its deadline")
		}
		cal, err := s.calendar(ctx, tx)
		if err != nil {
			return err
		}
		if e.DueAt, err = cal.AddWorkingDaysChecked(tx.Now(), goumai.EnquiryAnswerWorkingDays); err != nil {
			return err
		}
		if e.ID, e.Number, err = tx.InsertEnquiry(ctx, e); err != nil {
			return err
		}
		e.AskedAt = tx.Now()
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "enquiry.ask", Table: "enquiries", Key: e.ID, Region: p.Region}); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "enquiry.asker", Table: "enquiry_askers", Key: e.ID, Region: p.Region})
		return err
	})
	return e, err
}

// MayAsk returns nil if the actor's organisation may ask about p (mayTakePart),
// for the public page to say why a supplier may not ask.
func MayAsk(a goumai.Actor, p goumai.Procurement) error {
	return mayTakePart(a, p, goumai.M("提出询问", "ask about"))
}

// takePart returns nil if the actor may take part in p by act — ask about
// it, bid in it (what) — for its own organisation: p is visible to it, the
// policy lets it, and mayTakePart.
func (s *Service) takePart(a goumai.Actor, p goumai.Procurement, act goumai.Action, what goumai.Msg) error {
	if err := s.canSeeProcurement(a, p); err != nil {
		return err
	}
	if err := s.Policy.Can(a, act, goumai.Target{OrgID: a.Org.ID, Region: p.Region}); err != nil {
		if goumai.ErrorCode(err) == goumai.EForbidden {
			return goumai.Errorf(goumai.EForbidden, "只有注册审核通过的供应商（承接主体）的经办人可以"+what.ZH, "only the staff of a supplier whose registration was approved may "+what.EN+" a procedure")
		}
		return err
	}
	return mayTakePart(a, p, what)
}

// mayTakePart returns nil if the actor's organisation may take part in p —
// ask about it, bid in it (what): it is not one of p's organisers, and for
// an invited method (invited tender, negotiation, single source) it was
// invited — the others cannot bid.
func mayTakePart(a goumai.Actor, p goumai.Procurement, what goumai.Msg) error {
	if a.Org.ID == p.PurchaserOrgID || a.Org.ID == p.AgencyOrgID {
		return goumai.Errorf(goumai.EForbidden, "采购人和采购代理机构不能对本单位组织的采购"+what.ZH, "the purchaser and its agency do not "+what.EN+" their own procedure")
	}
	if goumai.MethodConfigs[p.Method].Invited && !slices.Contains(p.Invited, a.Org.ID) && p.SoleSupplierID != a.Org.ID {
		return goumai.Errorf(goumai.EForbidden, "本项目采用"+p.Method.Label().ZH+"方式，只有受邀请的供应商可以"+what.ZH,
			"this procedure is by "+p.Method.Label().EN+": only the invited suppliers may "+what.EN+" it")
	}
	return nil
}

// AnswerEnquiry records the organisers' answer to an enquiry (the agency's
// staff when one was entrusted, else the purchaser's), public from then on,
// question and answer, without who asked. With in.Documents the answer also
// clarifies or amends the documents in the same transaction, as Clarify does:
// the deadline moves when the change may affect bids and comes too late
// (ENG-D2), and the 更正公告, which quotes the question and the answer, is
// recorded on the enquiry. An enquiry may be answered after the deadline
// (without changing the documents), never twice, and not once the procedure
// was terminated.
func (s *Service) AnswerEnquiry(ctx context.Context, a goumai.Actor, enquiryID int64, in AnswerInput) (goumai.Enquiry, error) {
	var e goumai.Enquiry
	answer := strings.TrimSpace(in.Answer)
	if n := utf8.RuneCountInString(answer); n == 0 || n > goumai.MaxEnquiryAnswer {
		return e, goumai.Fields{"answer": goumai.M(fmt.Sprintf("请填写答复（不超过%d个字）", goumai.MaxEnquiryAnswer),
			fmt.Sprintf("write the answer, at most %d characters", goumai.MaxEnquiryAnswer))}.Err()
	}
	if in.AffectsBids && in.Documents == nil {
		return e, goumai.Fields{"affects_bids": goumai.M("只有修改采购文件的答复才可能影响投标文件编制：请同时提交修改后的采购文件",
			"only an answer that changes the documents can affect bids: send the amended documents with it")}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if e, err = tx.Enquiry(ctx, enquiryID); err != nil {
			return err
		}
		if err := tx.Lock(ctx, "procurements", e.ProcurementID); err != nil {
			return err
		}
		p, err := tx.Procurement(ctx, e.ProcurementID)
		if err != nil {
			return err
		}
		if err := s.canSeeProcurement(a, p); err != nil {
			return err
		}
		if err := s.organizer(a, p); err != nil {
			return err
		}
		switch {
		case e.Answered():
			return goumai.Errorf(goumai.EConflict, "该询问已答复", "the enquiry was answered already")
		case p.Status == goumai.ProcTerminated:
			return goumai.Errorf(goumai.EConflict, "采购活动已终止，不再答复询问", "the procedure was terminated: enquiries are no longer answered")
		}
		var notice goumai.Notice
		if in.Documents != nil {
			if p, err = s.draft(ctx, tx, a, p.ID, in.Version, goumai.ProcTendering); err != nil {
				return err
			}
			changes := fmt.Sprintf("对第%d号询问的答复澄清（修改）了采购文件。\n问：%s\n答：%s", e.Number, e.Question, answer)
			if notice, err = s.clarify(ctx, tx, a, &p, *in.Documents, changes, in.AffectsBids); err != nil {
				return err
			}
		}
		if err := tx.AnswerEnquiry(ctx, e.ID, a.UserID, answer, notice.ID); err != nil {
			return err
		}
		now := tx.Now()
		e.Answer, e.AnsweredBy, e.AnsweredAt, e.ClarificationNoticeID = answer, a.UserID, &now, notice.ID
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "enquiry.answer", Table: "enquiries", Key: e.ID, Region: p.Region, Public: true})
		return err
	})
	return e, err
}

// Enquiries returns a procedure's enquiries by number, as the actor may see
// them: everyone sees each answered one, question and answer, never who
// asked; the asking organisation sees its own, answered or not, with its
// asker; the organisers, the purchaser, finance staff and auditors of the
// procedure's region see all with their askers.
func (s *Service) Enquiries(ctx context.Context, a goumai.Actor, procurementID int64) ([]goumai.Enquiry, error) {
	p, err := s.Procurement(ctx, a, procurementID)
	if err != nil {
		return nil, err
	}
	all, err := s.Store.Enquiries(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	insider := s.insider(a, p)
	out := []goumai.Enquiry{}
	for _, e := range all {
		switch {
		case insider || !a.Anonymous() && a.Org.ID != 0 && e.AskerOrgID == a.Org.ID:
			out = append(out, e)
		case e.Answered():
			out = append(out, e.Anonymous())
		}
	}
	return out, nil
}

func init() { tickers = append(tickers, tickEnquiries) }

// tickEnquiries marks, once, each enquiry still unanswered past its time
// limit (ENG-D8), paging through the due ones in (due_at, id) order (a
// partial index: the others are never read).
func tickEnquiries(ctx context.Context, s *Service, now time.Time) (int, error) {
	return tickDue("enquiry",
		func(cur sqlstore.DueCursor, limit int) ([]goumai.Enquiry, error) {
			return s.Store.DueEnquiries(ctx, now, cur, limit)
		},
		func(e goumai.Enquiry) (int64, time.Time) { return e.ID, e.DueAt },
		func(e goumai.Enquiry) (bool, error) { return s.markEnquiryOverdue(ctx, e) })
}

// markEnquiryOverdue marks one enquiry overdue in its own transaction, unless
// it was answered or marked meanwhile (two ticks at once mark it once).
func (s *Service) markEnquiryOverdue(ctx context.Context, e goumai.Enquiry) (bool, error) {
	moved := false
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if moved, err = tx.MarkEnquiryOverdue(ctx, e.ID); err != nil || !moved {
			return err
		}
		p, err := tx.Procurement(ctx, e.ProcurementID)
		if err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "enquiry.overdue", Table: "enquiries", Key: e.ID, Region: p.Region})
		return err
	})
	return moved && err == nil, err
}

func init() { inboxSources = append(inboxSources, enquiryInbox) }

// enquiryInbox adds, for the organisers of procedures open for bids or just
// closed, one item per enquiry waiting for their answer, with its time limit
// (ENG-D8) or saying it is overdue.
func enquiryInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	if !a.HasAny(goumai.RolePurchaserStaff, goumai.RoleAgency) {
		return nil
	}
	ps, err := s.Store.FindProcurements(ctx, sqlstore.ProcurementFilter{OrgID: a.Org.ID,
		Statuses: []goumai.ProcurementStatus{goumai.ProcTendering, goumai.ProcClosed}, Limit: 200})
	if err != nil {
		return err
	}
	for _, p := range ps {
		if s.organizer(a, p) != nil {
			continue
		}
		es, err := s.Store.Enquiries(ctx, p.ID)
		if err != nil {
			return err
		}
		for _, e := range es {
			if e.Answered() {
				continue
			}
			when := e.DueAt.In(goumai.Shanghai).Format("01月02日") + "前答复"
			if e.OverdueAt != nil {
				when = "已逾期"
			}
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.enquiry", Title: fmt.Sprintf("%s %s（第%d号询问，%s）", p.Code, p.Title, e.Number, when),
				Link: procurementLink(p.ID), At: e.AskedAt})
		}
	}
	return nil
}
