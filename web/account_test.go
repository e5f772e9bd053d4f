package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/workflow"
)

const (
	mzStaff  = "xihu.minzheng"       // purchaser staff of 杭州市西湖区民政局
	mzAdmin  = "xihu.minzheng.admin" // its administrator
	minzheng = "杭州市西湖区民政局"
)

// alive reports whether a browser session still opens the staff area.
func (w *world) alive(t *testing.T, s *session) bool {
	t.Helper()
	res := w.do(t, request{method: "GET", path: "/staff", session: s})
	return res.status == http.StatusOK
}

// tokenAlive reports whether a bearer token still works.
func (w *world) tokenAlive(t *testing.T, tok string) bool {
	t.Helper()
	return w.do(t, request{method: "GET", path: "/api/v1/me", bearer: tok}).status == http.StatusOK
}

func wantStatus(t *testing.T, what string, res response, want int) {
	t.Helper()
	if res.status != want {
		t.Fatalf("%s: %d, want %d: %s", what, res.status, want, firstLine(res.body))
	}
}

// errorBody is an API error without its request id, to compare two answers.
func errorBody(t *testing.T, res response) string {
	t.Helper()
	m := res.json(t)
	delete(m, "request_id")
	return fmt.Sprint(res.status, m)
}

// TestAccountRoutes exercises issue 7 through HTTP on the demo world: sessions
// end on a password change, reset or deactivation; an attack on an account
// alerts its administrators; registration is rate-limited; an organisation
// holding purchaser roles cannot be made ineligible (ENG-A1); a person joins
// another organisation only by accepting an invitation, and a wrong user id
// tells nothing. Every account API route is validated against openapi.json.
func TestAccountRoutes(t *testing.T) {
	w := demoWorld(t)
	org := w.org(t, minzheng)

	t.Run("password change ends other sessions", func(t *testing.T) {
		a, b := w.login(t, mzStaff), w.login(t, mzStaff)
		tok := w.token(t, mzStaff)
		res := w.do(t, request{method: "POST", path: "/staff/password", session: a, csrf: true,
			form: url.Values{"old_password": {demo.Password}, "new_password": {"Changed-2026-pw"}}})
		wantStatus(t, "change", res, http.StatusSeeOther)
		if !w.alive(t, a) || w.alive(t, b) || w.tokenAlive(t, tok) {
			t.Fatalf("after a change from session a: a %v, b %v, token %v; want only a", w.alive(t, a), w.alive(t, b), w.tokenAlive(t, tok))
		}
		// Through the API: the token of the request stays, the others end.
		t1, t2 := w.tokenAs(t, mzStaff, "Changed-2026-pw"), w.tokenAs(t, mzStaff, "Changed-2026-pw")
		res = w.do(t, request{method: "POST", path: "/api/v1/me/password", bearer: t1,
			body: mustJSON(t, map[string]string{"old_password": "Changed-2026-pw", "new_password": demo.Password})})
		wantStatus(t, "API change", res, http.StatusNoContent)
		if !w.tokenAlive(t, t1) || w.tokenAlive(t, t2) || w.alive(t, a) {
			t.Fatalf("after an API change: t1 %v, t2 %v, a %v; want only t1", w.tokenAlive(t, t1), w.tokenAlive(t, t2), w.alive(t, a))
		}
		res = w.do(t, request{method: "POST", path: "/api/v1/me/password", bearer: t1,
			body: mustJSON(t, map[string]string{"old_password": "wrong-password", "new_password": "Another-2026-pw"})})
		wantStatus(t, "wrong current password", res, http.StatusUnprocessableEntity)
	})

	t.Run("admin reset and deactivation end every session", func(t *testing.T) {
		staff := w.user(t, mzStaff)
		admin := w.token(t, mzAdmin)
		adminWeb := w.login(t, mzAdmin)
		s, tok := w.login(t, mzStaff), w.token(t, mzStaff)
		res := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/users/%d/password", staff.ID), bearer: admin,
			body: mustJSON(t, map[string]string{"password": "Reset-2026-pw"})})
		wantStatus(t, "API reset", res, http.StatusNoContent)
		if w.alive(t, s) || w.tokenAlive(t, tok) {
			t.Fatal("a session outlived the reset")
		}
		// The admin page's form does the same, by username.
		tok = w.tokenAs(t, mzStaff, "Reset-2026-pw")
		res = w.do(t, request{method: "POST", path: adminPath(org, "/users/password"), session: adminWeb, csrf: true,
			form: url.Values{"username": {mzStaff}, "password": {demo.Password}}})
		wantStatus(t, "form reset", res, http.StatusSeeOther)
		if w.tokenAlive(t, tok) {
			t.Fatal("a token outlived the form reset")
		}
		// An unknown username and an account the admin does not manage get the same answer.
		unknown := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/users/%d/password", 999999), bearer: admin,
			body: mustJSON(t, map[string]string{"password": "Reset-2026-pw"})})
		foreign := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/users/%d/password", w.user(t, "expert.wang").ID), bearer: admin,
			body: mustJSON(t, map[string]string{"password": "Reset-2026-pw"})})
		if unknown.status != http.StatusNotFound || errorBody(t, unknown) != errorBody(t, foreign) {
			t.Fatalf("unknown %s, foreign %s: want the same 404", unknown.body, foreign.body)
		}
		// Deactivation ends every session at once; reactivation lets the user in again.
		s, tok = w.login(t, mzStaff), w.token(t, mzStaff)
		res = w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/users/%d/deactivate", staff.ID), bearer: admin})
		wantStatus(t, "deactivate", res, http.StatusOK)
		if w.alive(t, s) || w.tokenAlive(t, tok) {
			t.Fatal("a session outlived the deactivation")
		}
		res = w.do(t, request{method: "POST", path: "/api/v1/auth/login", body: mustJSON(t, map[string]string{"username": mzStaff, "password": demo.Password})})
		wantStatus(t, "sign-in when deactivated", res, http.StatusUnauthorized)
		wantStatus(t, "activate", w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/users/%d/activate", staff.ID), bearer: admin}), http.StatusOK)
		s = w.login(t, mzStaff)
		res = w.do(t, request{method: "POST", path: adminPath(org, "/users/active"), session: adminWeb, csrf: true,
			form: url.Values{"username": {mzStaff}, "active": {"0"}}})
		wantStatus(t, "form deactivation", res, http.StatusSeeOther)
		if w.alive(t, s) {
			t.Fatal("a session outlived the form deactivation")
		}
		res = w.do(t, request{method: "POST", path: adminPath(org, "/users/active"), session: adminWeb, csrf: true,
			form: url.Values{"username": {mzStaff}, "active": {"1"}}})
		wantStatus(t, "form reactivation", res, http.StatusSeeOther)
	})

	t.Run("an attack alerts the administrators, never locks the owner out", func(t *testing.T) {
		const home = "10.20.30.40:5000"
		res := w.do(t, request{method: "POST", path: "/api/v1/auth/login", remote: home,
			body: mustJSON(t, map[string]string{"username": mzStaff, "password": demo.Password})})
		wantStatus(t, "the owner at home", res, http.StatusOK)
		for i := range workflow.AccountAlertLimit {
			res := w.do(t, request{method: "POST", path: "/api/v1/auth/login", remote: fmt.Sprintf("203.0.113.%d:1000", i/3+1),
				body: mustJSON(t, map[string]string{"username": mzStaff, "password": fmt.Sprintf("guess-%03d", i)})})
			wantStatus(t, fmt.Sprintf("guess %d", i), res, http.StatusUnauthorized)
		}
		// The owner at home is not held back.
		res = w.do(t, request{method: "POST", path: "/login", remote: home, form: url.Values{"username": {mzStaff}, "password": {demo.Password}}})
		wantStatus(t, "the owner at home during the attack", res, http.StatusSeeOther)
		// The alert is on the to-do lists of the organisation's and the region's administrators.
		adminWeb := w.login(t, mzAdmin)
		page := w.do(t, request{method: "GET", path: "/staff", session: adminWeb})
		if !strings.Contains(string(page.body), "/staff/alerts/") {
			t.Fatalf("the organisation's admin has no alert on /staff")
		}
		list := w.do(t, request{method: "GET", path: "/api/v1/security/alerts", bearer: w.token(t, county)})
		alerts, _ := list.json(t)["alerts"].([]any)
		if len(alerts) != 1 {
			t.Fatalf("the county finance admin sees %d alerts: %s", len(alerts), list.body)
		}
		id := int64(alerts[0].(map[string]any)["id"].(float64))
		other := w.do(t, request{method: "GET", path: "/api/v1/security/alerts", bearer: w.token(t, "nb.admin")})
		if n, _ := other.json(t)["alerts"].([]any); len(n) != 0 {
			t.Fatalf("another region's admin sees %d alerts", len(n))
		}
		alertPath := "/staff/alerts/" + strconv.FormatInt(id, 10)
		wantStatus(t, "the alert page", w.do(t, request{method: "GET", path: alertPath, session: adminWeb}), http.StatusOK)
		wantStatus(t, "the alert page for another region", w.do(t, request{method: "GET", path: alertPath, session: w.login(t, "nb.admin")}), http.StatusNotFound)
		wantStatus(t, "close through the API", w.do(t, request{method: "POST", path: "/api/v1/security/alerts/" + strconv.FormatInt(id, 10) + "/close", bearer: w.token(t, county)}), http.StatusOK)
		wantStatus(t, "close again through the page", w.do(t, request{method: "POST", path: alertPath + "/close", session: adminWeb, csrf: true}), http.StatusConflict)
		w.clock.Advance(workflow.AttackHold + workflow.AccountWindow)
	})

	t.Run("registration is rate-limited per address", func(t *testing.T) {
		const addr = "192.0.2.200:1000"
		for i := range workflow.RegisterLimit.N {
			res := w.do(t, request{method: "POST", path: "/register", remote: addr, form: url.Values{"name": {"x"}}})
			wantStatus(t, fmt.Sprintf("attempt %d", i), res, http.StatusUnprocessableEntity)
		}
		res := w.do(t, request{method: "POST", path: "/register", remote: addr, form: url.Values{"name": {"x"}}})
		if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") != "3600" {
			t.Fatalf("past the limit: %d, Retry-After %q", res.status, res.header.Get("Retry-After"))
		}
		res = w.do(t, request{method: "POST", path: "/api/v1/suppliers/register", remote: addr, body: `{}`})
		if res.status != http.StatusTooManyRequests || res.json(t)["code"] != string(goumai.ERateLimited) || res.header.Get("Retry-After") == "" {
			t.Fatalf("the API from the same address: %d %s", res.status, res.body)
		}
		wantStatus(t, "another address", w.do(t, request{method: "POST", path: "/register", form: url.Values{"name": {"x"}}}), http.StatusUnprocessableEntity)
	})

	t.Run("no kind change while purchaser roles stay (ENG-A1)", func(t *testing.T) {
		county := w.token(t, county)
		body := updateBody(org, "")
		body["kind"], body["class"] = goumai.KindInstitution, goumai.ClassPublicI
		before := w.counts(t)
		res := w.do(t, request{method: "PUT", path: orgPath(org, ""), bearer: county, body: mustJSON(t, body)})
		m := res.json(t)
		if res.status != http.StatusConflict || m["rule"] != "ENG-A1" || !strings.Contains(fmt.Sprint(m["message"]), "ENG-A1") {
			t.Fatalf("PUT: %d %s", res.status, res.body)
		}
		form := updateForm(org, "")
		form.Set("kind", string(goumai.KindInstitution))
		form.Set("class", string(goumai.ClassPublicI))
		res = w.do(t, request{method: "POST", path: adminPath(org, ""), session: w.login(t, "xihu.admin"), csrf: true, form: form})
		if res.status != http.StatusConflict || !strings.Contains(string(res.body), "ENG-A1") {
			t.Fatalf("admin form: %d", res.status)
		}
		if after := w.counts(t); after != before {
			t.Fatalf("the refused change wrote something: %+v → %+v", before, after)
		}
	})

	t.Run("membership of a person from elsewhere needs an accepted invitation", func(t *testing.T) {
		admin := w.token(t, mzAdmin)
		wang := w.user(t, "expert.wang")
		grant := func(userID int64) response {
			return w.do(t, request{method: "POST", path: "/api/v1/memberships", bearer: admin,
				body: mustJSON(t, map[string]any{"user_id": userID, "org_id": org.ID, "role": "expert"})})
		}
		existing, missing := grant(wang.ID), grant(999999)
		if existing.status != http.StatusUnprocessableEntity || errorBody(t, existing) != errorBody(t, missing) {
			t.Fatalf("an existing user of elsewhere: %s; an unknown id: %s; want the same 422", existing.body, missing.body)
		}
		invite := func(username string) response {
			return w.do(t, request{method: "POST", path: orgPath(org, "/invitations"), bearer: admin,
				body: mustJSON(t, map[string]string{"username": username, "role": "expert"})})
		}
		real, ghost := invite("expert.wang"), invite("no.such.person")
		wantStatus(t, "invite", real, http.StatusCreated)
		wantStatus(t, "invite a name without an account", ghost, http.StatusCreated)
		ri, gi := real.json(t)["invitation"].(map[string]any), ghost.json(t)["invitation"].(map[string]any)
		if len(ri) != len(gi) || ri["user_id"] != nil || ri["status"] != gi["status"] {
			t.Fatalf("the answers differ: %v vs %v", ri, gi)
		}
		invID := strconv.FormatInt(int64(ri["id"].(float64)), 10)
		if ms, _ := w.store.Memberships(context.Background(), wang.ID); len(ms) != 1 {
			t.Fatalf("a membership before acceptance: %+v", ms)
		}
		wantStatus(t, "the organisation's invitations", w.do(t, request{method: "GET", path: orgPath(org, "/invitations"), bearer: admin}), http.StatusOK)
		// The person sees it on the to-do list and in the API, and accepts it.
		wangWeb := w.login(t, "expert.wang")
		if page := w.do(t, request{method: "GET", path: "/staff", session: wangWeb}); !strings.Contains(string(page.body), "/staff/invitations#invitation-"+invID) {
			t.Fatal("the invitation is not on the to-do list")
		}
		mine := w.do(t, request{method: "GET", path: "/api/v1/invitations", bearer: w.token(t, "expert.wang")})
		if l, _ := mine.json(t)["invitations"].([]any); len(l) != 1 {
			t.Fatalf("GET /api/v1/invitations: %s", mine.body)
		}
		if page := w.do(t, request{method: "GET", path: "/staff/invitations", session: wangWeb}); !strings.Contains(string(page.body), minzheng) {
			t.Fatal("the invitations page does not name the organisation")
		}
		wantStatus(t, "someone else accepts", w.do(t, request{method: "POST", path: "/api/v1/invitations/" + invID + "/accept", bearer: w.token(t, "expert.li")}), http.StatusNotFound)
		wantStatus(t, "accept", w.do(t, request{method: "POST", path: "/staff/invitations/" + invID + "/accept", session: wangWeb, csrf: true}), http.StatusSeeOther)
		if ms, _ := w.store.Memberships(context.Background(), wang.ID); len(ms) != 2 {
			t.Fatalf("memberships after acceptance: %+v", ms)
		}
		// Declined through the API and the page; withdrawn through the API and the admin page; accepted through the API.
		id := func(res response) string {
			wantStatus(t, "invite", res, http.StatusCreated)
			return strconv.FormatInt(int64(res.json(t)["invitation"].(map[string]any)["id"].(float64)), 10)
		}
		li := id(invite("expert.li"))
		wantStatus(t, "decline", w.do(t, request{method: "POST", path: "/api/v1/invitations/" + li + "/decline", bearer: w.token(t, "expert.li")}), http.StatusNoContent)
		li = id(invite("expert.li"))
		wantStatus(t, "decline on the page", w.do(t, request{method: "POST", path: "/staff/invitations/" + li + "/decline", session: w.login(t, "expert.li"), csrf: true}), http.StatusSeeOther)
		chen := id(invite("expert.chen"))
		wantStatus(t, "withdraw", w.do(t, request{method: "DELETE", path: "/api/v1/invitations/" + chen, bearer: admin}), http.StatusNoContent)
		adminWeb := w.login(t, mzAdmin)
		res := w.do(t, request{method: "POST", path: adminPath(org, "/invitations"), session: adminWeb, csrf: true,
			form: url.Values{"username": {"expert.chen"}, "role": {"expert"}}})
		wantStatus(t, "invite through the admin page", res, http.StatusSeeOther)
		page := w.do(t, request{method: "GET", path: adminPath(org, ""), session: adminWeb})
		if !strings.Contains(string(page.body), "expert.chen") || !strings.Contains(string(page.body), "no.such.person") {
			t.Fatal("the admin page does not list the invitations")
		}
		mineChen := w.do(t, request{method: "GET", path: "/api/v1/invitations", bearer: w.token(t, "expert.chen")})
		l, _ := mineChen.json(t)["invitations"].([]any)
		if len(l) != 1 {
			t.Fatalf("expert.chen's invitations: %s", mineChen.body)
		}
		chen = strconv.FormatInt(int64(l[0].(map[string]any)["id"].(float64)), 10)
		wantStatus(t, "withdraw on the admin page", w.do(t, request{method: "POST", path: "/staff/admin/invitations/" + chen + "/withdraw", session: adminWeb, csrf: true}), http.StatusSeeOther)
		chen = id(invite("expert.chen"))
		wantStatus(t, "accept through the API", w.do(t, request{method: "POST", path: "/api/v1/invitations/" + chen + "/accept", bearer: w.token(t, "expert.chen")}), http.StatusCreated)
	})

	// Every account route was validated against openapi.json.
	for _, rt := range w.srv.apiRoutes() {
		if strings.Contains(accountPaths, "|"+rt.Pattern()+"|") && !w.covered[rt.Pattern()] {
			t.Errorf("no successful request of %s was validated against openapi.json", rt.Pattern())
		}
	}
}

// accountPaths are the routes of accountRoutes.
const accountPaths = "|POST /api/v1/me/password|POST /api/v1/users/{id}/password|POST /api/v1/users/{id}/deactivate|POST /api/v1/users/{id}/activate" +
	"|GET /api/v1/invitations|POST /api/v1/invitations/{id}/accept|POST /api/v1/invitations/{id}/decline|DELETE /api/v1/invitations/{id}" +
	"|GET /api/v1/orgs/{id}/invitations|POST /api/v1/orgs/{id}/invitations|GET /api/v1/security/alerts|POST /api/v1/security/alerts/{id}/close|"

// tokenAs signs in through the API with a password other than the demo one.
func (w *world) tokenAs(t *testing.T, username, password string) string {
	t.Helper()
	res := w.do(t, request{method: "POST", path: "/api/v1/auth/login", body: mustJSON(t, map[string]string{"username": username, "password": password})})
	wantStatus(t, "sign in as "+username, res, http.StatusOK)
	return res.json(t)["token"].(string)
}
