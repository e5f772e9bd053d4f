package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// TestBrowserCatalogSuggestion is the journey "a public suggestion answered":
// someone without an account reads the 浙江省 catalogue and sends a
// suggestion from /catalog; the province's finance reviewer finds it on the
// to-do list, answers it, and the answer shows on the public page, while the
// contact never does.
func TestBrowserCatalogSuggestion(t *testing.T) {
	t.Parallel()
	ctx := newBrowser(t)
	s := startSite(t)
	if vs, err := s.Store.FindCatalogVersions(context.Background(), sqlstore.VersionFilter{AnyDept: true}); err != nil {
		t.Fatal(err)
	} else if len(vs) == 0 {
		if err := demo.LoadCatalog(context.Background(), workflow.New(s.Store)); err != nil {
			t.Fatalf("load demo catalogue: %v", err)
		}
	}
	const (
		title   = "建议增加社区助浴服务"
		contact = "13900000099"
		answer  = "感谢建议，已列入2027年版目录修订研究事项。"
	)

	t.Run("public reads the catalogue", func(t *testing.T) {
		open(t, ctx, s, "/catalog?region=330000")
		if got := text(t, ctx, "#in-force"); !strings.Contains(got, "2026年版") {
			t.Errorf("version in force: %q, want the 2026 version", got)
		}
		if n := eval[int](t, ctx, "negative list", `document.querySelectorAll("#negative tbody tr").length`); n < 5 {
			t.Errorf("negative list has %d rows, want the demo's", n)
		}
		if bad := eval[[]string](t, ctx, "captcha check", noCaptcha); len(bad) > 0 {
			t.Errorf("the suggestion form has an image CAPTCHA: %q", bad)
		}
		screenshot(t, ctx, "catalog")
	})

	t.Run("public submits an empty form", func(t *testing.T) {
		if status := follow(t, ctx, "submit empty", chromedp.Click(chromedp.CSS(`form[action="/catalog/suggestions"] button[type=submit]`))); status != 422 {
			t.Errorf("empty suggestion: status %d, want 422", status)
		}
		if got := text(t, ctx, "#err-title"); got == "" {
			t.Error("no error text next to the title")
		}
	})

	var id string
	t.Run("public submits a suggestion", func(t *testing.T) {
		do(t, ctx, "fill the suggestion",
			chromedp.SendKeys(chromedp.ID("s_title"), title),
			chromedp.SendKeys(chromedp.ID("s_item_code"), "A0101"),
			chromedp.SendKeys(chromedp.ID("s_body"), "老年人居家助浴需求大，建议在居家养老服务下明确助浴服务。"),
			chromedp.SendKeys(chromedp.ID("s_submitter"), "拱墅区居民"),
			chromedp.SendKeys(chromedp.ID("s_contact"), contact),
		)
		if status := follow(t, ctx, "send the suggestion", chromedp.Click(chromedp.CSS(`form[action="/catalog/suggestions"] button[type=submit]`))); status != 200 {
			t.Fatalf("send suggestion: status %d, want 200", status)
		}
		id = eval[string](t, ctx, "new suggestion", fmt.Sprintf(`[...document.querySelectorAll("article.suggestion")].find(a => a.querySelector("h3").textContent.includes(%q))?.id ?? ""`, title))
		if id == "" {
			t.Fatal("the suggestion is not listed on /catalog")
		}
		if strings.Contains(text(t, ctx, "#"+id), contact) {
			t.Error("the contact is shown publicly")
		}
	})
	if id == "" {
		t.FailNow()
	}

	t.Run("finance answers from the to-do list", func(t *testing.T) {
		login(t, ctx, s, "zj.reviewer", demo.Password)
		link := "/staff/catalog/suggestions/" + strings.TrimPrefix(id, "suggestion-")
		found := false
		for _, href := range todoLinks(t, ctx, s) {
			found = found || href == link
		}
		if !found {
			t.Fatalf("the reviewer's to-do list lacks %s", link)
		}
		click(t, ctx, "open the suggestion", fmt.Sprintf(`#todo-list a[href=%q]`, link))
		if got := text(t, ctx, "dl"); !strings.Contains(got, contact) {
			t.Errorf("the reviewer does not see the contact: %q", got)
		}
		do(t, ctx, "write the answer", chromedp.SendKeys(chromedp.ID("answer"), answer))
		click(t, ctx, "publish the answer", `form[action$="/answer"] button[type=submit]`)
		if got := path(t, ctx); got != "/catalog" {
			t.Errorf("after answering the browser is at %s, want /catalog", got)
		}
		screenshot(t, ctx, "catalog-answered")
	})

	t.Run("the answer is public", func(t *testing.T) {
		open(t, ctx, s, "/catalog?region=330000")
		got := text(t, ctx, "#"+id)
		if !strings.Contains(got, answer) || !strings.Contains(got, "浙江省财政厅") {
			t.Errorf("suggestion on the public page: %q, want the answer by 浙江省财政厅", got)
		}
		g, err := s.Store.FindSuggestions(context.Background(), sqlstore.SuggestionFilter{Region: "330000", Status: goumai.SuggestionAnswered})
		if err != nil || len(g) < 2 {
			t.Errorf("answered suggestions in the store: %d, %v", len(g), err)
		}
	})
}
