package e2e

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserSearch: the public finds a supplier by three characters of its
// name with the keyboard alone, opens its public page from the results, and
// sees a query with search syntax refused beside the field, in words (REQ-W10);
// both pages pass the accessibility checks, and in the care mode (关怀版) too.
func TestBrowserSearch(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := startSite(t)

	open(t, ctx, s, "/")
	click(t, ctx, "the search link", `nav a[href="/search"]`)
	if status := follow(t, ctx, "search with the keyboard", chromedp.SendKeys(chromedp.ID("q"), "养老服\r")); status != 200 {
		t.Fatalf("search: status %d", status)
	}
	results := text(t, ctx, "#search-results")
	if !strings.Contains(results, "杭州康宁养老服务有限公司") || !strings.Contains(results, "承接主体") {
		t.Fatalf("results of 养老服: %q", results)
	}
	if n := eval[int](t, ctx, "downloads", `document.querySelectorAll("#download-csv, #download-xlsx").length`); n != 2 {
		t.Errorf("%d download links, want CSV and Excel", n)
	}
	a11y(t, ctx, "the results")
	screenshot(t, ctx, "search-results")
	name := text(t, ctx, `#search-results a[href$="/performance"]`)
	click(t, ctx, "open the supplier", `#search-results a[href$="/performance"]`)
	if got := text(t, ctx, "main"); name == "" || !strings.Contains(got, name) {
		t.Errorf("the supplier's page: %q", got)
	}

	open(t, ctx, s, "/search")
	if status := follow(t, ctx, "search with syntax", chromedp.SendKeys(chromedp.ID("q"), `养老" OR 1=1 --`+"\r")); status != 422 {
		t.Errorf("a query with search syntax: status %d, want 422", status)
	}
	if got := text(t, ctx, "#err-q"); !strings.Contains(got, "不能包含") {
		t.Errorf("the error beside the field: %q", got)
	}
	if got := text(t, ctx, "#search-error"); got == "" {
		t.Error("no error summary")
	}
	a11y(t, ctx, "the refused search")
	screenshot(t, ctx, "search-refused")

	open(t, ctx, s, "/prefs?care=1&back=/search")
	open(t, ctx, s, "/search?q=%E5%9B%B0%E5%A2%83%E5%84%BF%E7%AB%A5")
	if got := text(t, ctx, "#search-results"); !strings.Contains(got, "困境儿童") {
		t.Errorf("results of 困境儿童 in the care mode: %q", got)
	}
	a11y(t, ctx, "the results in the care mode")
}
