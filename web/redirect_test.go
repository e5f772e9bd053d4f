package web

import (
	"net/http"
	"net/url"
	"testing"
)

// redirectCases are the known ways to make a browser leave the site through a
// "local" redirect target, and targets that must stay as they are.
var redirectCases = []struct {
	target string
	local  bool
}{
	{"/staff", true},
	{"/staff/projects?status=draft&q=%E5%85%BB%E8%80%81#list", true},
	{"/", true},
	{"", false},
	{"staff", false},
	{"//evil.example/", false},
	{"///evil.example/", false},
	{"/\\evil.example", false},
	{"\\\\evil.example", false},
	{"/\\/evil.example", false},
	{"/.\\evil.example", false},
	{"/\t/evil.example", false},
	{"/\n/evil.example", false},
	{"/\r\n/evil.example", false},
	{"/ /evil.example", false},
	{"/\u3000/evil.example", false},
	{"/\x00/evil.example", false},
	{"https://evil.example/", false},
	{"http:evil.example", false},
	{"javascript:alert(1)", false},
	{"/%2F%2Fevil.example", false},
	{"/staff\r\nSet-Cookie: x=1", false},
}

// TestLocalPath is the one parser's table.
func TestLocalPath(t *testing.T) {
	for _, c := range redirectCases {
		got := localPath(c.target, "/fallback")
		if c.local && got != c.target || !c.local && got != "/fallback" {
			t.Errorf("localPath(%q) = %q, local %v", c.target, got, c.local)
		}
	}
}

// TestRedirectsStayOnSite sends each target through the preferences' back= and
// the sign-in's next= (encoded as a browser would), and checks the Location: a
// target that is not local leads to the fallback, or is refused at the
// boundary as text that is not valid (422), never elsewhere.
func TestRedirectsStayOnSite(t *testing.T) {
	w := demoWorld(t)
	check := func(what string, res response, target, fallback string, local bool) {
		t.Helper()
		loc := res.header.Get("Location")
		switch {
		case local && (res.status != http.StatusSeeOther || loc != target):
			t.Errorf("%s=%q: %d to %q, want 303 to it", what, target, res.status, loc)
		case !local && res.status == http.StatusUnprocessableEntity:
		case !local && (res.status != http.StatusSeeOther || loc != fallback):
			t.Errorf("%s=%q: %d to %q, want 303 to %s", what, target, res.status, loc, fallback)
		}
	}
	for _, c := range redirectCases {
		res := w.do(t, request{method: "GET", path: "/prefs?font=large&back=" + url.QueryEscape(c.target)})
		check("/prefs back", res, c.target, "/", c.local)
		res = w.do(t, request{method: "POST", path: "/login", form: url.Values{"username": {"xihu.admin"}, "password": {"Demo-2026-goumai"}, "next": {c.target}}})
		check("sign-in next", res, c.target, "/staff", c.local)
	}
}

// TestStaticBadPaths: a static path that is not valid text, or escapes the
// folder, is a 404, never a 500.
func TestStaticBadPaths(t *testing.T) {
	w := demoWorld(t)
	for _, p := range []string{"/static/%ff", "/static/%00", "/static/app.css%00", "/static/..%2fgo.mod", "/static/%2e%2e/%2e%2e/go.mod", "/static/a%5cb", "/log/tile/%ff", "/log/events/%ff", "/%ff", "/api/v1/events/%ff"} {
		res := w.do(t, request{method: "GET", path: p})
		if res.status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404: %s", p, res.status, firstLine(res.body))
		}
	}
}

// TestStaffListStatus: the staff project list honours ?status= or refuses an unknown one.
func TestStaffListStatus(t *testing.T) {
	w := demoWorld(t)
	sess := w.login(t, purchaser)
	if res := w.do(t, request{method: "GET", path: "/staff/projects?status=approved", session: sess}); res.status != http.StatusOK {
		t.Errorf("status=approved: %d", res.status)
	}
	if res := w.do(t, request{method: "GET", path: "/staff/projects?status=bogus", session: sess}); res.status != http.StatusUnprocessableEntity {
		t.Errorf("status=bogus: %d, want 422", res.status)
	}
}
