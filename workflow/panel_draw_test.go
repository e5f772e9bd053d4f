package workflow_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// secret returns a fresh party secret and its commitment.
func secret(t *testing.T) (string, string) {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	h := sha256.Sum256(b)
	return hex.EncodeToString(b), hex.EncodeToString(h[:])
}

// drawScene is an open tender of the purchaser (¥500,000) and a pool of nine
// experts of Zhejiang's database with speciality A01: one works for the
// purchaser (ENG-F4: own unit), one is away on the evaluation day, and one
// more covers another speciality only.
type drawScene struct {
	*prw
	p       goumai.Procurement
	experts []goumai.Expert
	actors  []goumai.Actor
}

func newDrawScene(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) *drawScene {
	t.Helper()
	ctx := context.Background()
	w := newProcWorld(t, s, clock)
	d := &drawScene{prw: w, p: w.openTender(t, w.approved(t, 50_000_000), at(2026, 3, 30, 9, 30))}
	for i := 0; i < 10; i++ {
		org, sp := w.inst, []string{"A01"}
		switch i {
		case 0:
			org = w.buyer
		case 9:
			sp = []string{"B02"}
		}
		a := w.member(t, org, "expert."+string(rune('a'+i)), goumai.RoleExpert)
		e := must[goumai.Expert](t, "add expert")(w.svc.AddExpert(ctx, goumai.System, workflow.ExpertInput{Username: a.Username, Region: "330000", Specialities: sp}))
		if i == 1 {
			e = must[goumai.Expert](t, "profile")(w.svc.UpdateMyExpertProfile(ctx, a, workflow.ProfileInput{Specialities: sp, Version: e.Version,
				Unavailable: []goumai.DateRange{{From: at(2026, 3, 4, 0, 0), To: at(2026, 3, 6, 0, 0)}}}))
		}
		d.experts, d.actors = append(d.experts, e), append(d.actors, a)
	}
	return d
}

func (d *drawScene) commit(t *testing.T, a goumai.Actor, party goumai.DrawParty) string {
	t.Helper()
	sec, h := secret(t)
	must[goumai.DrawCommitment](t, "commit")(d.svc.CommitDraw(context.Background(), a, d.p.ID, workflow.CommitInput{Party: party, Hash: h}))
	return sec
}

// drawWritten is what a refused action must leave as it was.
type drawWritten struct{ tree, draws, members, commits int64 }

func drawNow(t *testing.T, s *sqlstore.Store) drawWritten {
	t.Helper()
	var c drawWritten
	var err error
	if c.tree, err = s.TreeSize(context.Background()); err != nil {
		t.Fatal(err)
	}
	for q, n := range map[string]*int64{"SELECT count(*) FROM panel_draws": &c.draws, "SELECT count(*) FROM panel_members": &c.members,
		"SELECT count(*) FROM draw_commitments": &c.commits} {
		if err := s.DB().QueryRowContext(context.Background(), q).Scan(n); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func refusedDraw(t *testing.T, s *sqlstore.Store, what string, before drawWritten, err error, code goumai.Code, rule string) {
	t.Helper()
	if goumai.ErrorCode(err) != code || rule != "" && goumai.AsError(err).Rule != rule {
		t.Fatalf("%s: error %v (rule %q), want %s %s", what, err, goumai.AsError(err).Rule, code, rule)
	}
	if after := drawNow(t, s); after != before {
		t.Fatalf("%s: refused, but wrote: %+v → %+v", what, before, after)
	}
}

// TestPanelDraw: the refusals of bad requests and reveals write nothing and
// name their rule; a good draw excludes the conflicted and the unavailable,
// seats the drawn experts, is re-run from the log alone, and is never drawn
// twice; a recused expert is replaced by a new draw; names stay secret.
func TestPanelDraw(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		d := newDrawScene(t, s, clock)
		d.svc.Sealer = newSealer(t)
		// Monday 2 March 09:00; evaluation on Wednesday 4 March, 2 working days on.
		eval := at(2026, 3, 4, 9, 0)
		req := workflow.DrawRequestInput{EvaluationAt: eval, PanelSize: 5, PurchaserReps: 1, Speciality: "A0101"}

		before := drawNow(t, s)
		_, err := d.svc.RequestDraw(ctx, d.staff, d.p.ID, req)
		refusedDraw(t, s, "a request before the commitments", before, err, goumai.EConflict, "ENG-F3")
		_, err = d.svc.CommitDraw(ctx, d.supplier, d.p.ID, workflow.CommitInput{Party: goumai.PartySupervisor, Hash: hex.EncodeToString(make([]byte, 32))})
		refusedDraw(t, s, "a supplier committing as supervisor", before, err, goumai.EForbidden, "")
		_, err = d.svc.CommitDraw(ctx, d.fapp, d.p.ID, workflow.CommitInput{Party: goumai.PartySupervisor, Hash: "abc"})
		refusedDraw(t, s, "a malformed commitment", before, err, goumai.EInvalid, "")

		supSecret := d.commit(t, d.fapp, goumai.PartySupervisor)
		orgSecret := d.commit(t, d.staff, goumai.PartyOrganizer)
		before = drawNow(t, s)
		for _, c := range []struct {
			name string
			edit func(*workflow.DrawRequestInput)
			code goumai.Code
			rule string
		}{
			{"an even panel (ENG-F1)", func(r *workflow.DrawRequestInput) { r.PanelSize = 6 }, goumai.EInvalid, "ENG-F1"},
			{"a tender panel of 3 (ENG-F1)", func(r *workflow.DrawRequestInput) { r.PanelSize = 3 }, goumai.EInvalid, "ENG-F1"},
			{"experts under two thirds (ENG-F1)", func(r *workflow.DrawRequestInput) { r.PurchaserReps = 2 }, goumai.EInvalid, "ENG-F1"},
			{"a technically complex tender of 5 (ENG-F1)", func(r *workflow.DrawRequestInput) { r.TechnicallyComplex = true }, goumai.EInvalid, "ENG-F1"},
			{"earlier than 2 working days before (REQ-C16)", func(r *workflow.DrawRequestInput) { r.EvaluationAt = at(2026, 3, 5, 9, 0) }, goumai.EConflict, "REQ-C16"},
			{"a pool too small", func(r *workflow.DrawRequestInput) { r.PanelSize, r.HighSocialImpact, r.PurchaserReps = 11, true, 1 }, goumai.EConflict, "ENG-F3"},
		} {
			in := req
			c.edit(&in)
			_, err := d.svc.RequestDraw(ctx, d.staff, d.p.ID, in)
			refusedDraw(t, s, c.name, before, err, c.code, c.rule)
		}
		_, err = d.svc.RequestDraw(ctx, d.fapp, d.p.ID, req)
		refusedDraw(t, s, "the supervisor requesting", before, err, goumai.EForbidden, "")
		_, err = d.svc.SelfSelect(ctx, d.staff, d.p.ID, workflow.SelfSelectInput{ExpertID: d.experts[2].ID, PanelSize: 5, PurchaserReps: 1, SupervisorConsent: true})
		refusedDraw(t, s, "self-selection of a project not technically complex", before, err, goumai.EForbidden, "ENG-F3")
		_, err = d.svc.SelfSelect(ctx, d.staff, d.p.ID, workflow.SelfSelectInput{ExpertID: d.experts[2].ID, PanelSize: 7, PurchaserReps: 1, TechnicallyComplex: true})
		refusedDraw(t, s, "self-selection without consent", before, err, goumai.EForbidden, "ENG-F3")

		dr := must[goumai.PanelDraw](t, "request")(d.svc.RequestDraw(ctx, d.staff, d.p.ID, req))
		if dr.Count != 4 || len(dr.Pool) != 7 || slices.Contains(dr.Pool, d.experts[0].ID) || slices.Contains(dr.Pool, d.experts[1].ID) || slices.Contains(dr.Pool, d.experts[9].ID) {
			t.Fatalf("request: count %d pool %v (experts %d, %d excluded, %d not of the speciality)", dr.Count, dr.Pool, d.experts[0].ID, d.experts[1].ID, d.experts[9].ID)
		}
		reasons := map[int64]string{}
		for _, x := range dr.Exclusions {
			reasons[x.ExpertID] = x.Rule + " " + x.Reason
		}
		if reasons[d.experts[0].ID] != "ENG-F4 own_unit" || reasons[d.experts[1].ID] != "ENG-F3 unavailable" || len(reasons) != 2 {
			t.Fatalf("exclusions: %v", reasons)
		}
		before = drawNow(t, s)
		_, err = d.svc.RevealDraw(ctx, d.fapp, dr.ID, workflow.RevealInput{Party: goumai.PartySupervisor, Secret: orgSecret})
		refusedDraw(t, s, "a reveal not matching its commitment", before, err, goumai.EInvalid, "ENG-F3")
		_, err = d.svc.CompleteDraw(ctx, d.staff, dr.ID, workflow.RevealInput{Party: goumai.PartyOrganizer})
		refusedDraw(t, s, "completing before the reveal deadline", before, err, goumai.EConflict, "")

		must[goumai.PanelDraw](t, "reveal")(d.svc.RevealDraw(ctx, d.fapp, dr.ID, workflow.RevealInput{Party: goumai.PartySupervisor, Secret: supSecret}))
		dr = must[goumai.PanelDraw](t, "reveal")(d.svc.RevealDraw(ctx, d.staff, dr.ID, workflow.RevealInput{Party: goumai.PartyOrganizer, Secret: orgSecret}))
		if dr.Status != goumai.DrawDrawn || len(dr.Drawn) != 4 {
			t.Fatalf("drawn: %+v", dr)
		}
		members := must[[]goumai.PanelMember](t, "members")(s.PanelMembers(ctx, d.p.ID))
		if len(members) != 4 {
			t.Fatalf("seated %d", len(members))
		}

		// The log alone re-runs it; one changed value fails the check.
		l := must[workflow.DrawLog](t, "draw log")(workflow.LoadDrawLog(ctx, s, dr.ID))
		chk := must[workflow.DrawCheck](t, "check")(workflow.CheckDraw(l, s.VerifierKey()))
		if !slices.Equal(chk.Drawn, dr.Drawn) || chk.Seed != dr.Seed || chk.Revealed != 2 {
			t.Fatalf("check: %+v, drawn %v", chk, dr.Drawn)
		}
		// As the API serves it (indented, the events' states with it) and a file saved from it.
		indented, _ := json.MarshalIndent(map[string]any{"log": l}, "", "  ")
		var served struct {
			Log workflow.DrawLog `json:"log"`
		}
		if err := json.Unmarshal(indented, &served); err != nil {
			t.Fatal(err)
		}
		if chk, err := workflow.CheckDraw(served.Log, s.VerifierKey()); err != nil || !slices.Equal(chk.Drawn, dr.Drawn) {
			t.Fatalf("the check of the log as served indented: %+v, %v", chk, err)
		}
		tamper := func(name string, f func(*workflow.DrawLog)) {
			t.Helper()
			var c workflow.DrawLog
			b, _ := json.Marshal(l)
			if err := json.Unmarshal(b, &c); err != nil {
				t.Fatal(err)
			}
			f(&c)
			if _, err := workflow.CheckDraw(c, s.VerifierKey()); err == nil {
				t.Errorf("%s: the check passed", name)
			}
		}
		setState := func(e *goumai.Event, key string, v any) {
			var m map[string]any
			_ = json.Unmarshal(e.State, &m)
			m[key] = v
			e.State, _ = json.Marshal(m)
		}
		tamper("a pool changed in the request", func(c *workflow.DrawLog) { setState(&c.Request, "pool", dr.Pool[1:]) })
		tamper("another panel in the result", func(c *workflow.DrawLog) {
			setState(&c.Result, "drawn", []int64{dr.Pool[0], dr.Pool[1], dr.Pool[2], dr.Pool[3]})
		})
		tamper("a revealed secret changed", func(c *workflow.DrawLog) {
			setState(&c.Result, "organizer_secret", supSecret)
			setState(&c.Reveals[1], "organizer_secret", supSecret)
		})
		tamper("a commitment logged after the request", func(c *workflow.DrawLog) { c.Commits[0].ID = c.Request.ID + 1 })

		// Never drawn twice; seated experts see a code only before the day.
		before = drawNow(t, s)
		clock.Advance(3 * time.Hour)
		_, err = d.svc.CompleteDraw(ctx, d.staff, dr.ID, workflow.RevealInput{Party: goumai.PartyOrganizer})
		refusedDraw(t, s, "a draw re-run to get another panel", before, err, goumai.EConflict, "ENG-F3")
		_, err = d.svc.RevealDraw(ctx, d.fapp, dr.ID, workflow.RevealInput{Party: goumai.PartySupervisor, Secret: supSecret})
		refusedDraw(t, s, "a reveal after the draw", before, err, goumai.EConflict, "ENG-F3")

		var seatedActor goumai.Actor
		var seatedExpert goumai.Expert
		for i, e := range d.experts {
			if e.ID == dr.Drawn[0] {
				seatedActor, seatedExpert = d.actors[i], e
			}
		}
		seats := must[[]workflow.ExpertSeat](t, "seats")(d.svc.MySeats(ctx, seatedActor))
		if len(seats) != 1 || seats[0].Title != "" || seats[0].ProcurementID != 0 || len(seats[0].Code) < 10 {
			t.Fatalf("seats before the day: %+v", seats)
		}
		view := must[workflow.PanelCounts](t, "view")(d.svc.PanelView(ctx, goumai.Actor{}, d.p.ID))
		if view.Experts != 4 {
			t.Fatalf("counts: %+v", view)
		}
		if b, _ := json.Marshal(view); json.Valid(b) && containsAny(string(b), seatedActor.Name, seatedActor.Username) {
			t.Fatalf("the public view names an expert: %s", b)
		}

		// A conflict declared after the draw: PanelConflict refuses the
		// bidder, the member recuses, and a new draw with new commitments replaces them.
		bidder := d.suppliers[1]
		must[goumai.Expert](t, "declare")(d.svc.UpdateMyExpertProfile(ctx, seatedActor, workflow.ProfileInput{Specialities: seatedExpert.Specialities,
			Version: seatedExpert.Version, Relations: []goumai.ExpertRelation{{OrgID: bidder.ID, Kind: goumai.RelEmployment, From: at(2024, 1, 1, 0, 0)}}}))
		var m goumai.PanelMember
		for _, x := range members {
			if x.UserID == seatedActor.UserID {
				m = x
			}
		}
		err = s.Update(ctx, func(tx *sqlstore.Tx) error { return d.svc.PanelConflict(ctx, tx, m, bidder.ID) })
		if goumai.ErrorCode(err) != goumai.EForbidden || goumai.AsError(err).Rule != "ENG-F4" {
			t.Fatalf("PanelConflict: %v", err)
		}
		if err := s.Update(ctx, func(tx *sqlstore.Tx) error { return d.svc.PanelConflict(ctx, tx, m, d.suppliers[2].ID) }); err != nil {
			t.Fatalf("PanelConflict with another bidder: %v", err)
		}
		must[goumai.PanelMember](t, "recuse")(d.svc.RecuseMember(ctx, seatedActor, m.ID, workflow.RecuseInput{Reason: "与投标人存在劳动关系"}))
		clock.Set(at(2026, 3, 3, 9, 0))
		sup2, org2 := d.commit(t, d.fapp, goumai.PartySupervisor), d.commit(t, d.staff, goumai.PartyOrganizer)
		in := req
		in.ReplacesMemberID = m.ID
		dr2 := must[goumai.PanelDraw](t, "replacement")(d.svc.RequestDraw(ctx, d.staff, d.p.ID, in))
		if dr2.Count != 1 || slices.Contains(dr2.Pool, seatedExpert.ID) || len(dr2.Pool) != 3 {
			t.Fatalf("replacement: count %d pool %v", dr2.Count, dr2.Pool)
		}
		must[goumai.PanelDraw](t, "reveal")(d.svc.RevealDraw(ctx, d.fapp, dr2.ID, workflow.RevealInput{Party: goumai.PartySupervisor, Secret: sup2}))
		_ = org2 // the organiser never reveals: after the deadline the supervisor's secret alone decides
		clock.Advance(workflow.RevealWindow + time.Minute)
		dr2 = must[goumai.PanelDraw](t, "complete")(d.svc.CompleteDraw(ctx, d.fapp, dr2.ID, workflow.RevealInput{Party: goumai.PartySupervisor}))
		chk2 := must[workflow.DrawCheck](t, "check")(workflow.CheckDraw(must[workflow.DrawLog](t, "log")(workflow.LoadDrawLog(ctx, s, dr2.ID)), s.VerifierKey()))
		if dr2.Status != goumai.DrawDrawn || len(dr2.Drawn) != 1 || chk2.Revealed != 1 || !slices.Equal(chk2.Drawn, dr2.Drawn) {
			t.Fatalf("replacement drawn: %+v check %+v", dr2, chk2)
		}
		// From the evaluation day the seated see the procedure; the result notice has the names.
		clock.Set(at(2026, 3, 4, 8, 0))
		for i, e := range d.experts {
			if e.ID == dr2.Drawn[0] {
				seats := must[[]workflow.ExpertSeat](t, "seats")(d.svc.MySeats(ctx, d.actors[i]))
				if len(seats) != 1 || seats[0].ProcurementID != d.p.ID {
					t.Fatalf("seats on the day: %+v", seats)
				}
			}
		}
		var names []goumai.PanelName
		if err := s.Update(ctx, func(tx *sqlstore.Tx) (err error) { names, err = d.svc.PanelNames(ctx, tx, d.p.ID); return }); err != nil || len(names) != 4 {
			t.Fatalf("names: %v %v", names, err)
		}
	})
}

func containsAny(s string, subs ...string) bool {
	return slices.ContainsFunc(subs, func(x string) bool { return x != "" && strings.Contains(s, x) })
}
