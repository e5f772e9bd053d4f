package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// panelAuthzRows are the authorisation matrix's rows for the expert pool and
// the panel draw (routes_panel.go), on the demo's open tender of
// 杭州市西湖区民政局 (困境儿童关爱保护服务), run by xihu.minzheng.
//
// Who may do what (authz_panel.go, workflow/panel_draw.go): finance staff
// keep the expert databases of their subtree (a province's: 浙江省财政厅 and
// the Ministry); only experts reach their own profile and seats (no actor of
// the matrix is one: all 403); finance staff of the procedure's region or
// above commit and reveal as the supervisor; only the organiser commits,
// reveals, requests, self-selects and recuses as the organiser; only the
// purchaser's own staff seat its representative (not its agency, not another
// purchaser); anyone reads the panel's counts and a draw's log. The rows run
// in order: the request, the representative seated against it, the refused
// reveals and completions, a self-selected expert recused, and
// the log of the draw the fixture completes.
func panelAuthzRows() []authzRow {
	var supSecret, orgSecret string
	ctx := context.Background()
	tender := func(f fixture) goumai.Procurement {
		return enquiryDemoProcedure(f.t, f.w, goumai.ProcTendering, "困境儿童关爱保护服务")
	}
	demoActor := func(f fixture, username string) goumai.Actor { return f.w.actor(f.t, username) }
	// pool puts the demo's four experts in Zhejiang's database, once.
	pool := func(f fixture) []goumai.Expert {
		f.t.Helper()
		var out []goumai.Expert
		for _, u := range []string{"expert.wang", "expert.li", "expert.chen", "expert.zhao"} {
			e, err := f.w.store.ExpertOfUser(ctx, f.w.user(f.t, u).ID)
			if goumai.ErrorCode(err) == goumai.ENotFound {
				e, err = f.w.svc.AddExpert(ctx, goumai.System, workflow.ExpertInput{Username: u, Region: "330000", Specialities: []string{"A"}})
			}
			if err != nil {
				f.t.Fatalf("expert %s: %v", u, err)
			}
			out = append(out, e)
		}
		return out
	}
	newExpertUser := func(f fixture) string {
		f.t.Helper()
		name := "expert.matrix" + strconv.Itoa(f.next())
		if _, err := f.w.svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: name, DisplayName: "矩阵专家", Password: "Test-2026-goumai"},
			f.w.org(f.t, "杭州市西湖区民政局").ID, goumai.RoleExpert); err != nil {
			f.t.Fatalf("create %s: %v", name, err)
		}
		return name
	}
	commit := func(f fixture, a goumai.Actor, party goumai.DrawParty) string {
		f.t.Helper()
		b, _ := hex.DecodeString(randomHex(f))
		h := sha256.Sum256(b)
		if _, err := f.w.svc.CommitDraw(ctx, a, tender(f).ID, workflow.CommitInput{Party: party, Hash: hex.EncodeToString(h[:])}); err != nil {
			f.t.Fatalf("commit: %v", err)
		}
		return hex.EncodeToString(b)
	}
	hashBody := func(f fixture) string { return mustJSON(f.t, map[string]any{"hash": randomHex(f)}) }
	latestDraw := func(f fixture) goumai.PanelDraw {
		f.t.Helper()
		ds, err := f.w.store.Draws(ctx, tender(f).ID)
		if err != nil || len(ds) == 0 {
			f.t.Fatalf("draws: %v %v", ds, err)
		}
		return ds[len(ds)-1]
	}
	procPath := func(f fixture, rest string) string {
		return "/api/v1/procurements/" + strconv.FormatInt(tender(f).ID, 10) + rest
	}
	pagePath := func(f fixture, rest string) string {
		return "/procurements/" + strconv.FormatInt(tender(f).ID, 10) + rest
	}
	drawPath := func(f fixture, rest string) string {
		return "/api/v1/panel-draws/" + strconv.FormatInt(latestDraw(f).ID, 10) + rest
	}
	finance := func(s int) map[string]int { return expect(s401, s403, s403, s, s, s, s, s, s403, s) }
	organiser := func(s int) map[string]int { return expect(s401, s403, s, s403, s403, s403, s403, s403, s403, s403) }
	provincial := func(s int) map[string]int { return expect(s401, s403, s403, s403, s, s403, s403, s, s403, s) }
	experts := expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403)
	// The purchaser's own staff seat its representative; the agency and another purchaser may not.
	purchaserOnly := func(s int) statuses {
		return expect(s401, s403, s, s403, s403, s403, s403, s403, s403, s403).and(agency, s403, otherBuyer, s403)
	}
	// Pages send the anonymous to sign in (303).
	// Forms ask the anonymous to sign in (401).
	pageFinance := func(s int) map[string]int { return expect(s401, s403, s403, s, s, s, s, s, s403, s) }
	pageOrganiser := func(s int) map[string]int { return expect(s401, s403, s, s403, s403, s403, s403, s403, s403, s403) }
	pageExperts := expect(s303, s403, s403, s403, s403, s403, s403, s403, s403, s403)
	formExperts := expect(s401, s403, s403, s403, s403, s403, s403, s403, s403, s403)
	all := func(s int) map[string]int { return expect(s, s, s, s, s, s, s, s, s, s) }
	get := func(path func(fixture) string) func(fixture) request {
		return func(f fixture) request { return request{method: "GET", path: path(f)} }
	}
	return []authzRow{
		{"GET the experts of Zhejiang's database", false, get(func(fixture) string { return "/api/v1/experts?region=330000" }), provincial(s200)},
		{"POST an expert to Zhejiang's database", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/experts", body: mustJSON(f.t, workflow.ExpertInput{Username: newExpertUser(f), Region: "330000", Specialities: []string{"A01"}})}
		}, provincial(s201)},
		{"POST an expert out of the pool", false, func(f fixture) request {
			e, err := f.w.svc.AddExpert(ctx, goumai.System, workflow.ExpertInput{Username: newExpertUser(f), Region: "330000", Specialities: []string{"A01"}})
			if err != nil {
				f.t.Fatal(err)
			}
			return request{method: "POST", path: "/api/v1/experts/" + strconv.FormatInt(e.ID, 10) + "/pool", body: mustJSON(f.t, workflow.PoolInput{Active: false, Version: e.Version})}
		}, provincial(s200)},
		{"GET the caller's expert profile", false, get(func(fixture) string { return "/api/v1/expert/profile" }), experts},
		{"PUT the caller's expert profile", false, func(f fixture) request {
			return request{method: "PUT", path: "/api/v1/expert/profile", body: mustJSON(f.t, workflow.ProfileInput{Specialities: []string{"A01"}, Version: 1})}
		}, experts},
		{"GET the caller's panel seats", false, get(func(fixture) string { return "/api/v1/expert/seats" }), experts},
		{"POST a conflict declared on a seat", false, func(f fixture) request {
			return request{method: "POST", path: "/api/v1/expert/seats/999999/recuse", body: mustJSON(f.t, workflow.RecuseInput{Reason: "亲属关系"})}
		}, experts},
		{"GET the panel of a procedure open for bids", false, get(func(f fixture) string { return procPath(f, "/panel") }), all(s200)},
		{"POST the supervisor's commitment", false, func(f fixture) request {
			return request{method: "POST", path: procPath(f, "/panel/commitments/supervisor"), body: hashBody(f)}
		}, finance(s201)},
		{"POST the organiser's commitment", false, func(f fixture) request {
			return request{method: "POST", path: procPath(f, "/panel/commitments/organizer"), body: hashBody(f)}
		}, organiser(s201)},
		{"POST a draw request", false, func(f fixture) request {
			if f.as == purchaser { // the organiser's request, after both commitments
				pool(f)
				supSecret, orgSecret = commit(f, demoActor(f, reviewer), goumai.PartySupervisor), commit(f, demoActor(f, purchaser), goumai.PartyOrganizer)
			}
			var eval time.Time
			if err := f.w.store.Update(ctx, func(tx *sqlstore.Tx) error {
				cal, err := tx.Calendar(ctx)
				if err == nil {
					eval, err = cal.AddWorkingDaysChecked(tx.Now(), 1)
				}
				return err
			}); err != nil {
				f.t.Fatal(err)
			}
			return request{method: "POST", path: procPath(f, "/panel/draws"), body: mustJSON(f.t, workflow.DrawRequestInput{
				EvaluationAt: eval.Add(-14 * time.Hour), PanelSize: 5, PurchaserReps: 1, Speciality: "A0101"})}
		}, organiser(s201)},
		{"POST the purchaser's representative", false, func(f fixture) request {
			return request{method: "POST", path: procPath(f, "/panel/representatives"), body: mustJSON(f.t, workflow.RepresentativeInput{Username: "xihu.minzheng.approver"})}
		}, purchaserOnly(s201)},
		{"POST the supervisor's reveal not matching its commitment", false, func(f fixture) request {
			return request{method: "POST", path: drawPath(f, "/reveal/supervisor"), body: mustJSON(f.t, map[string]any{"secret": hex.EncodeToString(make([]byte, 32))})}
		}, finance(s422)},
		{"POST the organiser's reveal not matching its commitment", false, func(f fixture) request {
			return request{method: "POST", path: drawPath(f, "/reveal/organizer"), body: mustJSON(f.t, map[string]any{"secret": hex.EncodeToString(make([]byte, 32))})}
		}, organiser(s422)},
		{"POST the supervisor's completion before the reveal deadline", false, func(f fixture) request {
			return request{method: "POST", path: drawPath(f, "/complete/supervisor"), body: "{}"}
		}, finance(s409)},
		{"POST the organiser's completion before the reveal deadline", false, func(f fixture) request {
			return request{method: "POST", path: drawPath(f, "/complete/organizer"), body: "{}"}
		}, organiser(s409)},
		{"POST a self-selected expert (technically complex, consented)", false, func(f fixture) request {
			return request{method: "POST", path: procPath(f, "/panel/self-selected"), body: mustJSON(f.t, workflow.SelfSelectInput{ExpertID: pool(f)[0].ID,
				PanelSize: 7, PurchaserReps: 1, TechnicallyComplex: true, SupervisorConsent: true})}
		}, organiser(s201)},
		{"POST the recusal of a member found in conflict", false, func(f fixture) request {
			id := int64(999999)
			ms, err := f.w.store.PanelMembers(ctx, tender(f).ID)
			if err != nil {
				f.t.Fatal(err)
			}
			for _, m := range ms {
				if m.Status == goumai.PanelActive && m.SelfSelected {
					id = m.ID
				}
			}
			return request{method: "POST", path: "/api/v1/panel-members/" + strconv.FormatInt(id, 10) + "/recuse", body: mustJSON(f.t, workflow.RecuseInput{Reason: "与投标人存在控制关系"})}
		}, organiser(s200)},
		{"GET the log of a draw", false, func(f fixture) request {
			if d := latestDraw(f); d.Status == goumai.DrawRequested {
				for _, r := range []struct {
					a      goumai.Actor
					party  goumai.DrawParty
					secret string
				}{{demoActor(f, reviewer), goumai.PartySupervisor, supSecret}, {demoActor(f, purchaser), goumai.PartyOrganizer, orgSecret}} {
					if _, err := f.w.svc.RevealDraw(ctx, r.a, d.ID, workflow.RevealInput{Party: r.party, Secret: r.secret}); err != nil {
						f.t.Fatalf("reveal: %v", err)
					}
				}
			}
			return request{method: "GET", path: drawPath(f, "/log")}
		}, all(s200)},

		// The pages (panel_pages.go), after the draw above: a form refused by
		// its use case re-renders with the error's status.
		{"GET /procurements/{id}/panel", true, get(func(f fixture) string { return pagePath(f, "/panel") }), all(s200)},
		{"GET /procurements/{id}/panel/draws/{draw}/print", true, get(func(f fixture) string {
			return pagePath(f, "/panel/draws/"+strconv.FormatInt(latestDraw(f).ID, 10)+"/print")
		}), all(s200)},
		{"POST /procurements/{id}/panel/commit/supervisor", true, func(f fixture) request {
			return request{method: "POST", path: pagePath(f, "/panel/commit/supervisor"), form: url.Values{"hash": {randomHex(f)}}}
		}, pageFinance(s303)},
		{"POST /procurements/{id}/panel/commit/organizer", true, func(f fixture) request {
			return request{method: "POST", path: pagePath(f, "/panel/commit/organizer"), form: url.Values{"hash": {randomHex(f)}}}
		}, pageOrganiser(s303)},
		{"POST /procurements/{id}/panel/request when the panel is full", true, func(f fixture) request {
			return request{method: "POST", path: pagePath(f, "/panel/request"), form: url.Values{"evaluation_at": {"2030-01-07T10:00"},
				"panel_size": {"5"}, "purchaser_reps": {"1"}, "speciality": {"A0101"}}}
		}, pageOrganiser(s409)},
		{"POST /procurements/{id}/panel/reveal/supervisor on a draw made", true, func(f fixture) request {
			return request{method: "POST", path: pagePath(f, "/panel/reveal/supervisor"), form: url.Values{"draw_id": {strconv.FormatInt(latestDraw(f).ID, 10)}, "secret": {randomHex(f)}}}
		}, pageFinance(s409)},
		{"POST /procurements/{id}/panel/reveal/organizer on a draw made", true, func(f fixture) request {
			return request{method: "POST", path: pagePath(f, "/panel/reveal/organizer"), form: url.Values{"draw_id": {strconv.FormatInt(latestDraw(f).ID, 10)}, "secret": {randomHex(f)}}}
		}, pageOrganiser(s409)},
		{"POST /procurements/{id}/panel/representative when the seat is taken", true, func(f fixture) request {
			return request{method: "POST", path: pagePath(f, "/panel/representative"), form: url.Values{"username": {"xihu.minzheng.admin"}}}
		}, purchaserOnly(s409)},
		{"GET /staff/expert", true, get(func(fixture) string { return "/staff/expert" }), pageExperts},
		{"POST /staff/expert", true, func(f fixture) request {
			return request{method: "POST", path: "/staff/expert", form: url.Values{"specialities": {"A01"}, "version": {"1"}}}
		}, formExperts},
	}
}

// randomHex is 32 random bytes in hex: a commitment or a secret nobody committed to.
func randomHex(f fixture) string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		f.t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

// actor returns a demo user acting for their first organisation in the roles they hold there.
func (w *world) actor(t testing.TB, username string) goumai.Actor {
	t.Helper()
	u := w.user(t, username)
	ms, err := w.store.Memberships(context.Background(), u.ID)
	if err != nil || len(ms) == 0 {
		t.Fatalf("memberships of %s: %v", username, err)
	}
	a := goumai.Actor{UserID: u.ID, Username: u.Username, Org: ms[0].Org}
	for _, m := range ms {
		if m.Org.ID == a.Org.ID {
			a.Roles = append(a.Roles, m.Role)
		}
	}
	return a
}
