package workflow

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// The panel after the draw: recusal (ENG-F4), self-selected experts (ENG-F3),
// and what each audience sees of it (REQ-C15, REQ-C16): the public and the
// organisers counts only, an expert their own seats under an encrypted
// project code until the evaluation day, the result notice the names.

// PanelConflict returns EForbidden citing ENG-F4 when the member has a
// declared relation (or a role) toward the bidder organisation orgID at
// tx.Now(), or is the procedure's purchaser or agency staff. The evaluation
// calls it before a member reviews or scores a bid.
func (s *Service) PanelConflict(ctx context.Context, tx *sqlstore.Tx, m goumai.PanelMember, orgID int64) error {
	p, err := tx.Procurement(ctx, m.ProcurementID)
	if err != nil {
		return err
	}
	org, err := tx.Org(ctx, orgID)
	if err != nil {
		return err
	}
	c, bad, err := s.memberConflict(ctx, tx, m, p, []rules.Bidder{{OrgID: org.ID, CreditCode: org.CreditCode}})
	if err != nil || !bad {
		return err
	}
	return c.Err()
}

// memberConflict applies ENG-F4 to a (would-be) member of p's panel toward
// the bidders given: its declared relations if it is in the expert pool, its
// roles otherwise. The purchaser's representative sits for the purchaser:
// that is not own-unit evaluation; agency staff never sit.
func (s *Service) memberConflict(ctx context.Context, tx *sqlstore.Tx, m goumai.PanelMember, p goumai.Procurement, bidders []rules.Bidder) (rules.Conflict, bool, error) {
	e, err := tx.ExpertOfUser(ctx, m.UserID)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		e, err = goumai.Expert{UserID: m.UserID}, nil
	}
	if err != nil {
		return rules.Conflict{}, false, err
	}
	if m.Kind == goumai.PanelPurchaserRep {
		p.PurchaserOrgID = 0
	}
	return s.conflictOf(ctx, tx, e, p, bidders)
}

// PanelNames returns the active members' names, in seating order, for the
// result notice: the one place names are published (REQ-C16).
func (s *Service) PanelNames(ctx context.Context, tx *sqlstore.Tx, procurementID int64) ([]goumai.PanelName, error) {
	ms, err := tx.PanelMembers(ctx, procurementID)
	if err != nil {
		return nil, err
	}
	var out []goumai.PanelName
	for _, m := range ms {
		if m.Status != goumai.PanelActive {
			continue
		}
		u, err := tx.User(ctx, m.UserID)
		if err != nil {
			return nil, err
		}
		out = append(out, goumai.PanelName{Name: u.DisplayName, PurchaserRep: m.Kind == goumai.PanelPurchaserRep, SelfSelected: m.SelfSelected})
	}
	return out, nil
}

// RecuseInput is why a member leaves the panel.
type RecuseInput struct {
	Reason string `json:"reason"`
}

// RecuseMember takes a member off the panel: the member declaring a conflict
// (ActServeAsExpert), or the organiser who found one. The replacement is
// drawn the same way: a new request with ReplacesMemberID, after new commitments.
func (s *Service) RecuseMember(ctx context.Context, a goumai.Actor, memberID int64, in RecuseInput) (goumai.PanelMember, error) {
	var m goumai.PanelMember
	reason := strings.TrimSpace(in.Reason)
	if reason == "" || len([]rune(reason)) > 500 {
		return m, goumai.Fields{"reason": goumai.M("请写明回避的理由（不超过500字）", "give the reason, at most 500 characters")}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if m, err = s.member(ctx, tx, memberID); err != nil {
			return err
		}
		if err := tx.Lock(ctx, "procurements", m.ProcurementID); err != nil {
			return err
		}
		p, err := tx.Procurement(ctx, m.ProcurementID)
		if err != nil {
			return err
		}
		if s.Policy.Can(a, goumai.ActServeAsExpert, goumai.Target{UserID: m.UserID}) != nil {
			if err := s.organizer(a, p); err != nil {
				return goumai.ErrNotFound("评审小组成员", "panel member")
			}
		}
		if m.Status != goumai.PanelActive {
			return goumai.Errorf(goumai.EConflict, "该成员已经回避", "the member has left the panel already")
		}
		if err := tx.RecusePanelMember(ctx, m.ID, reason); err != nil {
			return err
		}
		now := tx.Now()
		m.Status, m.LeftReason, m.LeftAt = goumai.PanelRecused, reason, &now
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "panel.recuse", Table: "panel_members", Key: m.ID, Region: p.Region})
		return err
	})
	if m.UserID != a.UserID {
		m.UserID = 0 // the organiser learns no drawn expert's identity (REQ-C16)
	}
	return m, err
}

func (s *Service) member(ctx context.Context, tx *sqlstore.Tx, id int64) (goumai.PanelMember, error) {
	// Panel members are read by procedure; a member id is found through its row's procedure.
	var m goumai.PanelMember
	pid, err := tx.PanelMemberProcurement(ctx, id)
	if err != nil {
		return m, err
	}
	ms, err := tx.PanelMembers(ctx, pid)
	if err != nil {
		return m, err
	}
	for _, x := range ms {
		if x.ID == id {
			return x, nil
		}
	}
	return m, goumai.ErrNotFound("评审小组成员", "panel member")
}

// SelfSelectInput seats an expert the purchaser chose itself (ENG-F3).
type SelfSelectInput struct {
	ExpertID           int64 `json:"expert_id"`
	PanelSize          int   `json:"panel_size"`
	PurchaserReps      int   `json:"purchaser_reps"`
	TechnicallyComplex bool  `json:"technically_complex"`
	HighSocialImpact   bool  `json:"high_social_impact"`
	SupervisorConsent  bool  `json:"supervisor_consent"` // the supervising budget unit (主管预算单位) consented
}

// SelfSelect seats a self-selected expert, marked so in the result notice:
// only for a technically complex project with the supervising budget unit's
// consent (ENG-F3), within the panel's composition (ENG-F1/F2), and never
// one with a conflict (ENG-F4).
func (s *Service) SelfSelect(ctx context.Context, a goumai.Actor, procurementID int64, in SelfSelectInput) (goumai.PanelMember, error) {
	m := goumai.PanelMember{ProcurementID: procurementID, Kind: goumai.PanelExpert, SelfSelected: true, Status: goumai.PanelActive}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		p, err := s.drawProcedure(ctx, tx, a, procurementID, goumai.PartyOrganizer)
		if err != nil {
			return err
		}
		members, err := tx.PanelMembers(ctx, p.ID)
		if err != nil {
			return err
		}
		spec := rules.PanelSpec{Method: p.Method, Budget: p.Amount, TechnicallyComplex: in.TechnicallyComplex, HighSocialImpact: in.HighSocialImpact,
			Size: in.PanelSize, PurchaserReps: in.PurchaserReps, SelfSelected: 1, SupervisorConsent: in.SupervisorConsent}
		seated, err := s.checkPanel(ctx, tx, p, members, &spec)
		if err != nil {
			return err
		}
		if seated >= spec.Experts() {
			return goumai.Errorf(goumai.EConflict, "评审小组的专家已经满员", "the panel has all its experts")
		}
		e, err := tx.Expert(ctx, in.ExpertID)
		if err != nil {
			return err
		}
		bidders, err := s.bidders(ctx, tx, p.ID)
		if err != nil {
			return err
		}
		if c, bad, err := s.conflictOf(ctx, tx, e, p, bidders); err != nil {
			return err
		} else if bad {
			return c.Err()
		}
		m.UserID = e.UserID
		return s.seat(ctx, tx, a, p, &m)
	})
	return m, err
}

// PanelCounts is what the public and the organisers see of a panel before
// the result notice: counts, never names (REQ-C16).
type PanelCounts struct {
	Experts       int                `json:"experts"`
	SelfSelected  int                `json:"self_selected"`
	PurchaserReps int                `json:"purchaser_reps"` // the purchaser's representatives seated
	Recused       int                `json:"recused"`
	Draws         []goumai.PanelDraw `json:"draws"` // the public draw records (experts by pseudonymous id)
}

// PanelView returns a procedure's panel counts and its draws' public records.
func (s *Service) PanelView(ctx context.Context, a goumai.Actor, procurementID int64) (PanelCounts, error) {
	var out PanelCounts
	if _, err := s.Procurement(ctx, a, procurementID); err != nil {
		return out, err
	}
	ms, err := s.Store.PanelMembers(ctx, procurementID)
	if err != nil {
		return out, err
	}
	for _, m := range ms {
		switch {
		case m.Status == goumai.PanelRecused:
			out.Recused++
		case m.Kind == goumai.PanelExpert:
			out.Experts++
			if m.SelfSelected {
				out.SelfSelected++
			}
		case m.Kind == goumai.PanelPurchaserRep:
			out.PurchaserReps++
		}
	}
	if out.Draws, err = s.Store.Draws(ctx, procurementID); err != nil {
		return out, err
	}
	if out.Draws == nil {
		out.Draws = []goumai.PanelDraw{}
	}
	return out, nil
}

// ExpertSeat is one of an expert's panel seats as they see it: before the
// evaluation day only an encrypted project code (REQ-C15).
type ExpertSeat struct {
	MemberID      int64                    `json:"member_id"`
	Code          string                   `json:"code"` // the keyed tag of the procedure, the same for all its experts
	Status        goumai.PanelMemberStatus `json:"status"`
	EvaluationAt  *time.Time               `json:"evaluation_at,omitempty"`
	ProcurementID int64                    `json:"procurement_id,omitempty"` // from the evaluation day
	Title         string                   `json:"title,omitempty"`          // from the evaluation day
}

// MySeats returns the actor's panel seats, newest first.
func (s *Service) MySeats(ctx context.Context, a goumai.Actor) ([]ExpertSeat, error) {
	if err := s.Policy.Can(a, goumai.ActServeAsExpert, goumai.Target{UserID: a.UserID}); err != nil {
		return nil, err
	}
	ms, err := s.Store.UserPanels(ctx, a.UserID)
	if err != nil {
		return nil, err
	}
	now := s.Clock.Now()
	out := []ExpertSeat{}
	for _, m := range ms {
		seat := ExpertSeat{MemberID: m.ID, Code: s.panelCode(m.ProcurementID), Status: m.Status}
		draws, err := s.Store.Draws(ctx, m.ProcurementID)
		if err != nil {
			return nil, err
		}
		for _, d := range draws {
			if d.Status == goumai.DrawDrawn && (seat.EvaluationAt == nil || d.EvaluationAt.Before(*seat.EvaluationAt)) {
				at := d.EvaluationAt
				seat.EvaluationAt = &at
			}
		}
		if seat.EvaluationAt != nil && !now.Before(dayStart(*seat.EvaluationAt)) {
			p, err := s.Store.Procurement(ctx, m.ProcurementID)
			if err != nil {
				return nil, err
			}
			seat.ProcurementID, seat.Title = p.ID, p.Title
		}
		out = append(out, seat)
	}
	return out, nil
}

// panelCode is the encrypted project code an expert sees before the day.
func (s *Service) panelCode(procurementID int64) string {
	if s.Sealer == nil {
		return "—"
	}
	return "PX-" + strings.ToUpper(s.Sealer.Tag("panel-project", strconv.FormatInt(procurementID, 10))[:12])
}

func dayStart(t time.Time) time.Time {
	d := t.In(goumai.Shanghai)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, goumai.Shanghai)
}

// checkPanel counts the panel's seated experts (and the self-selected among
// them) into spec and checks the composition against the rules in force for
// p (ENG-F1–F3). It returns how many experts are seated.
func (s *Service) checkPanel(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement, members []goumai.PanelMember, spec *rules.PanelSpec) (int, error) {
	seated := 0
	for _, m := range members {
		if m.Status == goumai.PanelActive && m.Kind == goumai.PanelExpert {
			seated++
			if m.SelfSelected {
				spec.SelfSelected++
			}
		}
	}
	params, err := s.paramsAt(ctx, tx, p.Region, rules.Category(p.Category), p.ParamsFrom)
	if err != nil {
		return seated, err
	}
	return seated, params.CheckPanel(*spec)
}
