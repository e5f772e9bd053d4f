package e2e

import (
	"context"
	"net/url"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/goumai/goumai/demo"
)

// The province finance department's administrator: sees the whole 330000
// subtree and approves pending supplier registrations there.
const provinceAdmin = "zj.admin"

// noCaptcha lists form controls or images that look like an image CAPTCHA
// (CONVENTIONS.md REQ-W6: no image-only CAPTCHA); it returns an empty list when there is none.
const noCaptcha = `(() => {
  const bad = [];
  for (const el of document.querySelectorAll("form img, form canvas, form svg, input[type=image]")) {
    bad.push(el.outerHTML.slice(0, 120));
  }
  for (const el of document.querySelectorAll("input, img, iframe")) {
    const s = [el.name, el.id, el.className, el.getAttribute("src"), el.getAttribute("alt")].join(" ");
    if (/captcha|验证码|recaptcha|hcaptcha/i.test(s)) bad.push(el.outerHTML.slice(0, 120));
  }
  return [...new Set(bad)];
})()`

// TestBrowserJourney walks a person through the site in a real browser: the
// portal, keyboard use, text size, a failed and a good sign-in, the to-do list
// in both languages, the admin pages with an approval and the register page.
func TestBrowserJourney(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := startSite(t)

	t.Run("portal", func(t *testing.T) { portal(t, ctx, s) })
	t.Run("keyboard", func(t *testing.T) { skipLink(t, ctx, s) })
	t.Run("font size", func(t *testing.T) { fontSize(t, ctx, s) })
	t.Run("failed login", func(t *testing.T) { failedLogin(t, ctx, s) })
	// The steps below need the session; without it they would only repeat the failure.
	ok := t.Run("login", func(t *testing.T) {
		login(t, ctx, s, provinceAdmin, demo.Password)
		if got, want := text(t, ctx, "h1"), "我的待办"; got != want {
			t.Errorf("to-do heading: got %q, want %q", got, want)
		}
		screenshot(t, ctx, "todo")
	})
	if !ok {
		t.FailNow()
	}
	before := todoLinks(t, ctx, s)
	if len(before) == 0 {
		t.Fatal("the province admin's to-do list is empty; the demo world leaves supplier registrations pending")
	}
	t.Run("language", func(t *testing.T) { switchLanguage(t, ctx) })
	var approved string
	if !t.Run("approve", func(t *testing.T) { approved = approve(t, ctx, s) }) {
		t.FailNow()
	}
	t.Run("to-do after approval", func(t *testing.T) {
		after := todoLinks(t, ctx, s)
		if got, want := len(after), len(before)-1; got != want {
			t.Errorf("to-do items after approving %s: got %d, want %d", approved, got, want)
		}
		for _, href := range after {
			if href == approved {
				t.Errorf("approved organisation %s is still in the to-do list", approved)
			}
		}
	})
	t.Run("register page", func(t *testing.T) { registerPage(t, ctx, s) })
}

// portal checks the Chinese public home page and its signed checkpoint.
func portal(t *testing.T, ctx context.Context, s site) {
	open(t, ctx, s, "/")
	if got, want := eval[string](t, ctx, "html lang", `document.documentElement.lang`), "zh-CN"; got != want {
		t.Errorf("html lang: got %q, want %q", got, want)
	}
	if got, want := text(t, ctx, "h1"), "政府购买服务"; got != want {
		t.Errorf("portal heading: got %q, want %q", got, want)
	}
	_, size, err := s.Store.LatestCheckpoint(context.Background())
	if err != nil {
		t.Fatalf("latest checkpoint: %v", err)
	}
	if got, want := text(t, ctx, "#tree-size"), strconv.FormatInt(size, 10); got != want {
		t.Errorf("checkpoint size on the portal: got %s, want %s", got, want)
	}
	screenshot(t, ctx, "portal")
}

// skipLink checks that Tab from the top of a page focuses the skip link first,
// and that following it moves focus to the main region (REQ-W11, keyboard use).
func skipLink(t *testing.T, ctx context.Context, s site) {
	open(t, ctx, s, "/")
	do(t, ctx, "press Tab", chromedp.KeyEvent(kb.Tab))
	type focus struct {
		Class string `json:"class"`
		Href  string `json:"href"`
		Text  string `json:"text"`
	}
	got := eval[focus](t, ctx, "focused element", `(() => { const e = document.activeElement;
		return {class: e.className, href: e.getAttribute("href") || "", text: e.textContent.trim()}; })()`)
	if got.Class != "skip" || got.Href != "#main" || got.Text == "" {
		t.Fatalf("first Tab focuses %+v, want the skip link to #main", got)
	}
	do(t, ctx, "press Enter", chromedp.KeyEvent(kb.Enter))
	if id := eval[string](t, ctx, "focus after skip", `document.activeElement.id`); id != "main" {
		t.Errorf("after following the skip link the focus is on #%s, want #main", id)
	}
}

// fontSize chooses the extra-large text with the toolbar link (REQ-W8), checks
// that the text grows, and goes back to the normal size.
func fontSize(t *testing.T, ctx context.Context, s site) {
	open(t, ctx, s, "/")
	const size = `parseFloat(getComputedStyle(document.querySelector("main p")).fontSize)`
	normal := eval[float64](t, ctx, "normal text size", size)
	click(t, ctx, "choose extra-large text", `.toolbar a[href^="/prefs?font=xlarge"]`)
	if got := eval[float64](t, ctx, "extra-large text size", size); got < normal*1.25 {
		t.Errorf("extra-large text is %.1fpx, want at least 1.25 × the normal %.1fpx", got, normal)
	}
	click(t, ctx, "choose normal text", `.toolbar a[href^="/prefs?font=normal"]`)
	if got := eval[float64](t, ctx, "text size after reset", size); got != normal {
		t.Errorf("text after going back to normal is %.1fpx, want %.1fpx", got, normal)
	}
}

// failedLogin signs in with a wrong password and expects the error and no session.
func failedLogin(t *testing.T, ctx context.Context, s site) {
	open(t, ctx, s, "/login")
	if bad := eval[[]string](t, ctx, "captcha check", noCaptcha); len(bad) > 0 {
		t.Errorf("sign-in page has an image CAPTCHA: %q", bad)
	}
	status := submit(t, ctx, "sign in with a wrong password", provinceAdmin, "not-the-password")
	if status < 400 || status >= 500 {
		t.Errorf("wrong password answered %d, want a 4xx", status)
	}
	if msg := text(t, ctx, "#login-error"); msg == "" {
		t.Error("wrong password: #login-error is empty")
	}
	screenshot(t, ctx, "login-error")
	if n := eval[int](t, ctx, "signed-in marker", `document.querySelectorAll(".account .who").length`); n != 0 {
		t.Error("wrong password: the page shows a signed-in user")
	}
}

// login signs in through the form and expects to land on the to-do list.
func login(t *testing.T, ctx context.Context, s site, user, password string) {
	t.Helper()
	open(t, ctx, s, "/login")
	if status := submit(t, ctx, "sign in as "+user, user, password); status != 200 {
		t.Fatalf("sign in as %s: status %d, want 200", user, status)
	}
	if got := path(t, ctx); got != "/staff" {
		t.Fatalf("after signing in the browser is at %s, want /staff", got)
	}
}

// submit fills in the sign-in form, sends it and returns the page's status.
func submit(t *testing.T, ctx context.Context, what, user, password string) int64 {
	t.Helper()
	do(t, ctx, what,
		chromedp.Clear(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), user),
		chromedp.SendKeys(chromedp.ID("password"), password),
	)
	return follow(t, ctx, what, chromedp.Click(chromedp.CSS(`form[action="/login"] button[type=submit]`)))
}

// todoLinks opens the to-do list and returns the links of its items.
func todoLinks(t *testing.T, ctx context.Context, s site) []string {
	t.Helper()
	open(t, ctx, s, "/staff")
	return eval[[]string](t, ctx, "to-do items",
		`[...document.querySelectorAll("#todo-list tbody a")].map(a => a.getAttribute("href"))`)
}

// switchLanguage flips the staff home to English with the toolbar link and back.
func switchLanguage(t *testing.T, ctx context.Context) {
	for _, want := range []struct{ lang, heading, tab string }{
		{"en", "My to-do list", "To do"},
		{"zh-CN", "我的待办", "待办"},
	} {
		click(t, ctx, "switch language to "+want.lang, "#lang-switch")
		if got := path(t, ctx); got != "/staff" {
			t.Errorf("language switch to %s leads to %s, want back to /staff", want.lang, got)
		}
		if got := eval[string](t, ctx, "html lang", `document.documentElement.lang`); got != want.lang {
			t.Errorf("html lang: got %q, want %q", got, want.lang)
		}
		if got := text(t, ctx, "h1"); got != want.heading {
			t.Errorf("heading in %s: got %q, want %q", want.lang, got, want.heading)
		}
		tab := eval[string](t, ctx, "first tab", `document.querySelector("nav.tabs a").firstChild.textContent.trim()`)
		if tab != want.tab {
			t.Errorf("first tab in %s: got %q, want %q", want.lang, tab, want.tab)
		}
		if want.lang == "en" {
			screenshot(t, ctx, "todo-en")
		}
	}
}

// approve opens the admin list, opens the first pending organisation, approves
// it and returns the organisation page's path.
func approve(t *testing.T, ctx context.Context, s site) string {
	open(t, ctx, s, "/staff/admin/orgs")
	if n := eval[int](t, ctx, "organisations", `document.querySelectorAll("#org-table tbody a").length`); n == 0 {
		t.Fatal("the admin organisation list is empty")
	}
	screenshot(t, ctx, "admin-orgs")

	open(t, ctx, s, "/staff/admin/orgs?status=pending")
	first := `#org-table tbody tr:first-child a`
	href := run(t, ctx, "first pending organisation", chromedp.AttributeValue(chromedp.CSS(first), "href"))
	if !href.Exists {
		t.Fatal("no pending organisation in the admin list")
	}
	name := text(t, ctx, first)
	click(t, ctx, "open "+name, first)
	if got := text(t, ctx, "h1"); got != name {
		t.Errorf("organisation page heading: got %q, want %q", got, name)
	}
	if got, want := text(t, ctx, "#org-status"), "待审核"; got != want {
		t.Errorf("status of %s before approval: got %q, want %q", name, got, want)
	}
	screenshot(t, ctx, "admin-org")

	click(t, ctx, "approve "+name, "#approve")
	if got, want := text(t, ctx, "#org-status"), "已启用"; got != want {
		t.Errorf("status of %s after approval: got %q, want %q", name, got, want)
	}
	if n := eval[int](t, ctx, "approve button", `document.querySelectorAll("#approve").length`); n != 0 {
		t.Errorf("%s still offers the approve button after approval", name)
	}
	return href.Value
}

// registerPage checks that the supplier registration form is there, without a CAPTCHA.
func registerPage(t *testing.T, ctx context.Context, s site) {
	open(t, ctx, s, "/register")
	if n := eval[int](t, ctx, "register form", `document.querySelectorAll('form[action="/register"] input:not([type=hidden])').length`); n == 0 {
		t.Error("the register page has no form fields")
	}
	if bad := eval[[]string](t, ctx, "captcha check", noCaptcha); len(bad) > 0 {
		t.Errorf("register page has an image CAPTCHA: %q", bad)
	}
	screenshot(t, ctx, "register")
}

// path returns the path of the page the browser shows.
func path(t *testing.T, ctx context.Context) string {
	t.Helper()
	loc := run(t, ctx, "location", chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		t.Fatalf("location %q: %v", loc, err)
	}
	return u.Path
}
