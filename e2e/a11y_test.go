package e2e

import (
	"context"
	"flag"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/goumai/goumai/demo"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// a11yProblems lists, in the rendered page, what breaks the basic accessible
// markup rules of CONVENTIONS.md §5.2–5.3: html[lang], exactly one h1, alt on
// every image, a <label> for every form control, unique ids (a label's for=
// needs them), a name on every button and link, and line spacing ≥ 1.3 (REQ-W9).
const a11yProblems = `(() => {
  const bad = [];
  const desc = e => e.outerHTML.slice(0, 100);
  if (!document.documentElement.getAttribute("lang")) bad.push("html has no lang");
  const h1 = document.querySelectorAll("h1").length;
  if (h1 !== 1) bad.push(h1 + " h1 elements, want 1");
  for (const e of document.querySelectorAll("img:not([alt])")) bad.push("image without alt: " + desc(e));
  for (const e of document.querySelectorAll("input, select, textarea")) {
    if (["hidden", "submit", "button", "reset", "image"].includes(e.type)) continue;
    if (e.labels.length === 0) bad.push("form control without a label: " + desc(e));
  }
  const seen = new Set();
  for (const e of document.querySelectorAll("[id]")) {
    if (seen.has(e.id)) bad.push("duplicate id: " + e.id);
    seen.add(e.id);
  }
  for (const e of document.querySelectorAll("button, a[href]")) {
    const name = (e.textContent + (e.getAttribute("aria-label") || "") + (e.getAttribute("title") || "")).trim();
    if (!name) bad.push("control without a name: " + desc(e));
  }
  // REQ-W9: line spacing at least 1.3 times the font size.
  for (const e of document.querySelectorAll("p, li, dd, td, th, label")) {
    const st = getComputedStyle(e), lh = parseFloat(st.lineHeight), fs = parseFloat(st.fontSize);
    if (!(lh / fs >= 1.3)) { bad.push("line spacing below 1.3: " + desc(e)); break; }
  }
  return bad;
})()`

// TestBrowserAccessibility checks the accessible markup of the public pages and,
// signed in, of the staff pages, in Chinese and in English.
func TestBrowserAccessibility(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	t.Run("the checks find mistakes", func(t *testing.T) { checksFindMistakes(t, ctx) })
	s := startSite(t)

	public := []string{"/", "/login", "/register", "/log", "/orgs", "/accessibility", "/search", "/search?q=%E5%85%BB%E8%80%81%E6%9C%8D", "/data"}
	staff := []string{"/staff", "/staff?tab=done", "/staff/events", "/staff/admin/orgs", "/staff/admin/orgs/new", "/staff/password"}
	check := func(lang string, paths []string) {
		for _, p := range paths {
			t.Run(lang+" "+p, func(t *testing.T) {
				open(t, ctx, s, p)
				for _, problem := range eval[[]string](t, ctx, "accessibility check", a11yProblems) {
					t.Error(problem)
				}
			})
		}
	}
	check("zh", public)
	open(t, ctx, s, "/prefs?lang=en&back=/")
	check("en", public)

	login(t, ctx, s, provinceAdmin, demo.Password)
	if got := eval[string](t, ctx, "html lang", `document.documentElement.lang`); got != "en" {
		t.Errorf("after signing in the language is %q, want the English chosen before", got)
	}
	check("en", staff)
	open(t, ctx, s, "/prefs?lang=zh&back=/staff")
	orgPage := eval[string](t, ctx, "an organisation page in the to-do list",
		`document.querySelector("#todo-list tbody a").getAttribute("href")`)
	check("zh", append(staff, orgPage))
}

// checksFindMistakes runs the page checks on a page made of mistakes and
// compares what they report with testdata/a11y-bad.want, so that a check that
// finds nothing cannot pass unnoticed.
func checksFindMistakes(t *testing.T, ctx context.Context) {
	ts := httptest.NewServer(http.FileServer(http.Dir("testdata")))
	t.Cleanup(ts.Close)
	do(t, ctx, "open a11y-bad.html", chromedp.Navigate(ts.URL+"/a11y-bad.html"))
	got := append(eval[[]string](t, ctx, "accessibility check", a11yProblems),
		eval[[]string](t, ctx, "captcha check", noCaptcha)...)
	const golden = "testdata/a11y-bad.want"
	if *update {
		if err := os.WriteFile(golden, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems found in a11y-bad.html (-want +got):\n%s", diff)
	}
}
