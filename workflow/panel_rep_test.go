package workflow_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// repWorld is the evaluation world with a panel of four experts (the fifth
// recused) against a draw request for five, one of them the purchaser's
// representative (ENG-F1): the representative's seat is free.
func repWorld(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock, withDraw bool) *ew {
	t.Helper()
	ctx := context.Background()
	e := evalWorld(t, s, clock, 45_000_000, 40_000_000, 42_000_000)
	err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.RecusePanelMember(ctx, e.seats[4].ID, "与投标人存在劳动关系"); err != nil {
			return err
		}
		_, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "panel.recuse", Table: "panel_members", Key: e.seats[4].ID, Region: e.p.Region})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	e.experts, e.seats = e.experts[:4], e.seats[:4]
	if withDraw {
		e.requestDraw(t, 5, 1)
	}
	return e
}

// requestDraw records a draw request for a panel of size with reps
// representatives, as RequestDraw would after both commitments.
func (e *ew) requestDraw(t *testing.T, size, reps int) {
	t.Helper()
	ctx := context.Background()
	_, sup := secret(t)
	_, org := secret(t)
	must[goumai.DrawCommitment](t, "commit")(e.svc.CommitDraw(ctx, e.fapp, e.p.ID, workflow.CommitInput{Party: goumai.PartySupervisor, Hash: sup}))
	must[goumai.DrawCommitment](t, "commit")(e.svc.CommitDraw(ctx, e.staff, e.p.ID, workflow.CommitInput{Party: goumai.PartyOrganizer, Hash: org}))
	err := e.s.Update(ctx, func(tx *sqlstore.Tx) error {
		sc, err := tx.UnusedCommitment(ctx, e.p.ID, goumai.PartySupervisor)
		if err != nil {
			return err
		}
		oc, err := tx.UnusedCommitment(ctx, e.p.ID, goumai.PartyOrganizer)
		if err != nil {
			return err
		}
		d := goumai.PanelDraw{ProcurementID: e.p.ID, Region: e.p.Region, EvaluationAt: tx.Now().Add(time.Hour), Speciality: "A0101",
			Count: size - reps - len(e.experts) + 1, PanelSize: size, PurchaserReps: reps, Pool: []int64{}, SupervisorCommitID: sc.ID, SupervisorHash: sc.Hash,
			OrganizerCommitID: oc.ID, OrganizerHash: oc.Hash, RevealBy: tx.Now().Add(workflow.RevealWindow), RequestedBy: e.staff.UserID}
		if d.ID, err = tx.InsertDraw(ctx, d); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: e.staff, Action: "panel.request", Table: "panel_draws", Key: d.ID, Region: e.p.Region, Public: true})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// alsoMember gives the user a role in a further organisation.
func (e *ew) alsoMember(t *testing.T, a goumai.Actor, org goumai.Org, role goumai.Role) {
	t.Helper()
	ctx := context.Background()
	err := e.s.Update(ctx, func(tx *sqlstore.Tx) error {
		id, err := tx.InsertMembership(ctx, goumai.Membership{UserID: a.UserID, OrgID: org.ID, Role: role})
		if err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "membership.create", Table: "memberships", Key: id, Region: org.Region})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func (e *ew) seatRep(t *testing.T, by goumai.Actor, rep goumai.Actor) goumai.PanelMember {
	t.Helper()
	return must[goumai.PanelMember](t, "seat representative")(e.svc.SeatRepresentative(context.Background(), by, e.p.ID, workflow.RepresentativeInput{Username: rep.Username}))
}

// TestSeatRepresentative: the purchaser's staff seat one of its people as
// its representative against the draw request, on a procedure its agency
// organises; every refusal names its rule and writes nothing; the seat is
// private (REQ-C16); a recusal frees it for another.
func TestSeatRepresentative(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		e := repWorld(t, s, clock, false)
		seat := func(a goumai.Actor, in workflow.RepresentativeInput) error {
			_, err := e.svc.SeatRepresentative(ctx, a, e.p.ID, in)
			return err
		}
		by := func(u string) workflow.RepresentativeInput { return workflow.RepresentativeInput{Username: u} }
		before := drawNow(t, s)
		refusedDraw(t, s, "a representative before any draw request", before, seat(e.staff, by(e.approver.Username)), goumai.EConflict, "ENG-F1")
		e.requestDraw(t, 5, 1)
		// The procedure is entrusted to the agency: its staff organise, the purchaser's staff still choose.
		err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			p, err := tx.Procurement(ctx, e.p.ID)
			if err != nil {
				return err
			}
			p.AgencyOrgID = e.agency.ID
			if p.Version, err = tx.UpdateProcurement(ctx, p); err != nil {
				return err
			}
			e.p = p
			_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "procurement.update", Table: "procurements", Key: p.ID, Region: p.Region})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		other := must[goumai.Org](t, "another purchaser")(e.svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: "杭州市民政局",
			Kind: goumai.KindStateOrgan, CreditCode: projCode(t, "330100", "00300078X"), Region: "330100"}))
		otherBuyer := e.member(t, other, "other.purchaser", goumai.RolePurchaserStaff)
		employed := e.member(t, e.bidders[1].Org, "bidder.employee", goumai.RoleSupplier)
		e.alsoMember(t, employed, e.buyer, goumai.RolePurchaserStaff)
		agencyToo := e.member(t, e.agency, "agency.seconded", goumai.RoleAgency)
		e.alsoMember(t, agencyToo, e.buyer, goumai.RolePurchaserStaff)
		gone := e.member(t, e.buyer, "left.unit", goumai.RolePurchaserStaff)
		if err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			u, err := tx.User(ctx, gone.UserID)
			if err != nil {
				return err
			}
			u.Active = false
			if err := tx.UpdateUser(ctx, u); err != nil {
				return err
			}
			_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "user.deactivate", Table: "users", Key: u.ID})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		before = drawNow(t, s)
		for _, c := range []struct {
			name string
			a    goumai.Actor
			in   workflow.RepresentativeInput
			code goumai.Code
			rule string
		}{
			{"the public", goumai.Actor{}, by(e.approver.Username), goumai.EUnauthorized, ""},
			{"a bidder", e.bidders[0].Actor, by(e.approver.Username), goumai.EForbidden, ""},
			{"the organising agency's staff", e.agent, by(e.approver.Username), goumai.EForbidden, ""},
			{"another purchaser's staff", otherBuyer, by(e.approver.Username), goumai.EForbidden, ""},
			{"the purchaser's approver (not its procurement staff)", e.approver, by(e.approver.Username), goumai.EForbidden, ""},
			{"the finance department", e.fapp, by(e.approver.Username), goumai.EForbidden, ""},
			{"nobody named", e.staff, workflow.RepresentativeInput{}, goumai.EInvalid, ""},
			{"an unknown user", e.staff, by("nobody.here"), goumai.EInvalid, "ENG-F1"},
			{"a user of another organisation", e.staff, by(otherBuyer.Username), goumai.EInvalid, "ENG-F1"},
			{"a deactivated user of the purchaser", e.staff, by(gone.Username), goumai.EInvalid, "ENG-F1"},
			{"an expert already on the panel", e.staff, workflow.RepresentativeInput{UserID: e.experts[0].UserID}, goumai.EInvalid, "ENG-F1"},
			{"a purchaser's user employed by a bidder", e.staff, by(employed.Username), goumai.EForbidden, "ENG-F4"},
			{"a purchaser's user on the agency's staff", e.staff, by(agencyToo.Username), goumai.EForbidden, "ENG-F4"},
		} {
			refusedDraw(t, s, c.name, before, seat(c.a, c.in), c.code, c.rule)
		}

		m := e.seatRep(t, e.staff, e.approver)
		if m.Kind != goumai.PanelPurchaserRep || m.UserID != e.approver.UserID || m.Status != goumai.PanelActive || m.SelfSelected {
			t.Fatalf("seated %+v", m)
		}
		if n := countEvents(t, s, "panel_members", m.ID, "panel.seat"); n != 1 {
			t.Fatalf("%d seat events", n)
		}
		evs := must[[]goumai.Event](t, "events")(s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "panel_members", PublicOnly: true, Limit: 500}))
		if len(evs) != 0 {
			t.Fatalf("a seat is public before the result notice: %+v", evs)
		}
		view := must[workflow.PanelCounts](t, "view")(e.svc.PanelView(ctx, goumai.Actor{}, e.p.ID))
		if view.Experts != 4 || view.PurchaserReps != 1 || view.Recused != 1 {
			t.Fatalf("counts %+v", view)
		}
		if b, _ := json.Marshal(view); containsAny(string(b), e.approver.Username, e.approver.Name) {
			t.Fatalf("the public view names the representative: %s", b)
		}

		before = drawNow(t, s)
		refusedDraw(t, s, "the representative seated twice", before, seat(e.staff, by(e.approver.Username)), goumai.EConflict, "ENG-F1")
		refusedDraw(t, s, "a second representative on a request for one", before, seat(e.staff, by(e.staff.Username)), goumai.EConflict, "ENG-F1")

		// The organiser recuses the representative: the seat is free for another.
		must[goumai.PanelMember](t, "recuse")(e.svc.RecuseMember(ctx, e.agent, m.ID, workflow.RecuseInput{Reason: "另有公务，不能参加评审"}))
		m2 := e.seatRep(t, e.staff, e.staff)
		if m2.UserID != e.staff.UserID {
			t.Fatalf("second representative %+v", m2)
		}
	})
}

// TestRepresentativeEvaluates: the seated representative reviews and scores
// like the experts; the report waits for its scores and keeps them, and the
// names published with the result mark it.
func TestRepresentativeEvaluates(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		e := repWorld(t, s, clock, true)
		rep := e.seatRep(t, e.staff, e.approver)
		for _, o := range e.opened {
			e.review(t, o, goumai.ReviewQualification, true)
			must[goumai.BidReview](t, "review by the representative")(e.svc.ReviewBid(ctx, e.approver, e.p.ID, o.ID,
				workflow.ReviewInput{Stage: goumai.ReviewCompliance, Pass: true}))
		}
		for _, o := range e.opened {
			e.score(t, o, "50", "30")
		}
		if _, err := e.svc.Report(ctx, e.staff, e.p.ID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("the report without the representative's scores: %v, want conflict", err)
		}
		for _, o := range e.opened {
			must[[]goumai.ItemScore](t, "score by the representative")(e.svc.ScoreBid(ctx, e.approver, e.p.ID, o.ID, workflow.ScoreInput{Scores: []workflow.ScoreEntry{
				{Item: "服务方案", Points: "30", Reason: "方案一般"}, {Item: "持证人员比例", Points: "30"}}}))
		}
		r := must[goumai.EvaluationReport](t, "report")(e.svc.Report(ctx, e.staff, e.p.ID))
		byRep := 0
		for _, sc := range r.Scores {
			if sc.MemberID == rep.ID {
				byRep++
			}
		}
		if byRep != 3*2 || len(r.Scores) != 3*5*2 {
			t.Fatalf("report: %d scores, %d by the representative", len(r.Scores), byRep)
		}
		var names []goumai.PanelName
		if err := s.Update(ctx, func(tx *sqlstore.Tx) (err error) { names, err = e.svc.PanelNames(ctx, tx, e.p.ID); return }); err != nil {
			t.Fatal(err)
		}
		reps := 0
		for _, n := range names {
			if n.PurchaserRep {
				reps++
			}
		}
		if len(names) != 5 || reps != 1 {
			t.Fatalf("names %+v", names)
		}
	})
}

// TestReportNeedsFullPanel: the report is refused while a seat is empty
// (ENG-F1): a panel of four, then four experts against a request for five
// with one representative; once the evaluation has begun no representative
// is seated any more.
func TestReportNeedsFullPanel(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		e := repWorld(t, s, clock, false)
		e.passAll(t)
		for _, o := range e.opened {
			e.score(t, o, "50", "30")
		}
		report := func() error { _, err := e.svc.Report(ctx, e.staff, e.p.ID); return err }
		refusedEval(t, s, report, goumai.EConflict, "ENG-F1")
		e.requestDraw(t, 5, 1)
		refusedEval(t, s, report, goumai.EConflict, "ENG-F1")
		b := drawNow(t, s)
		_, err := e.svc.SeatRepresentative(ctx, e.staff, e.p.ID, workflow.RepresentativeInput{Username: e.approver.Username})
		refusedDraw(t, s, "a representative once the evaluation has begun", b, err, goumai.EConflict, "ENG-F1")
		if e.status(t) != goumai.ProcEvaluation {
			t.Fatalf("status %s", e.status(t))
		}
	})
}
