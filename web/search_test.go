package web

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// searchHits asks the API and returns its hits and next cursor.
func searchHits(t *testing.T, w *world, params url.Values) ([]map[string]any, string) {
	t.Helper()
	res := w.do(t, request{method: "GET", path: "/api/v1/search?" + params.Encode()})
	if res.status != 200 {
		t.Fatalf("GET /api/v1/search?%s = %d %s", params.Encode(), res.status, res.body)
	}
	m := res.json(t)
	var hits []map[string]any
	for _, h := range m["hits"].([]any) {
		hits = append(hits, h.(map[string]any))
	}
	return hits, m["next"].(string)
}

func hitTitles(hits []map[string]any) []string {
	var out []string
	for _, h := range hits {
		out = append(out, fmt.Sprint(h["kind"], ":", h["title"]))
	}
	return out
}

func hasTitle(hits []map[string]any, kind, title string) bool {
	for _, h := range hits {
		if h["kind"] == kind && h["title"] == title {
			return true
		}
	}
	return false
}

// TestSearch: the demo's published content is found by real Chinese queries
// of two, three and four characters, on both databases, each hit linking to
// its public page; filters and keyset pages work through the API; the
// projects that were never approved, a pending supplier and a planted draft
// are not found; the page and its CSV and Excel downloads show the same hits.
func TestSearch(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		// Plant a draft project whose words appear nowhere else.
		buyer := w.org(t, "杭州市西湖区民政局")
		err := w.store.Update(ctx, func(tx *sqlstore.Tx) error {
			id, err := tx.InsertProject(ctx, goumai.Project{Code: "GM-330106-2026-0999", PurchaserOrgID: buyer.ID, Region: "330106",
				Title: "机密测试草稿项目：未公开的孤寡老人探访", Status: goumai.ProjectDraft})
			if err != nil {
				return err
			}
			_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "project.create", Table: "projects", Key: id, Region: "330106"})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		for _, c := range []struct {
			q, kind, title string
		}{
			{"养老", "supplier", "杭州康宁养老服务有限公司"},
			{"养老服", "supplier", "宁波市鄞州区夕阳红养老服务中心"},
			{"养老服务", "project", "2026年西湖区养老服务人才培训"},
			{"困境儿童", "project", "2026年西湖区困境儿童关爱保护服务"},
			{"困境儿童", "notice", "2026年西湖区困境儿童关爱保护服务招标公告"},
			{"康宁", "contract", "2026年西湖区独居老人探访关爱服务合同"},
			{"探访 关爱", "contract", "2026年西湖区独居老人探访关爱服务合同"},
		} {
			hits, _ := searchHits(t, w, url.Values{"q": {c.q}, "limit": {"100"}})
			if !hasTitle(hits, c.kind, c.title) {
				t.Errorf("q=%s: %s %s not found in %q", c.q, c.kind, c.title, hitTitles(hits))
			}
		}
		// Every hit's link is its public page, open to the anonymous.
		hits, _ := searchHits(t, w, url.Values{"q": {"养老"}, "limit": {"100"}})
		kinds := map[any]bool{}
		for _, h := range hits {
			if kinds[h["kind"]] {
				continue
			}
			kinds[h["kind"]] = true
			if res := w.do(t, request{method: "GET", path: h["url"].(string)}); res.status != 200 || !strings.Contains(string(res.body), h["title"].(string)) {
				t.Errorf("%s %v: its page %s = %d", h["kind"], h["title"], h["url"], res.status)
			}
		}
		if len(kinds) != 4 {
			t.Errorf("q=养老 found kinds %v, want all four", kinds)
		}

		// Unpublished: projects never approved, the pending supplier, the planted draft.
		for _, q := range []string{"助餐配送", "婚姻家庭", "入户核查", "安心居", "孤寡老人", "机密测试"} {
			if hits, _ := searchHits(t, w, url.Values{"q": {q}}); len(hits) != 0 {
				t.Errorf("q=%s found unpublished data: %q", q, hitTitles(hits))
			}
		}

		// Filters.
		hits, _ = searchHits(t, w, url.Values{"q": {"服务"}, "kind": {"contract"}, "limit": {"100"}})
		for _, h := range hits {
			if h["kind"] != "contract" {
				t.Errorf("kind=contract gave %v", h)
			}
		}
		kangning := w.org(t, "杭州康宁养老服务有限公司")
		hits, _ = searchHits(t, w, url.Values{"supplier": {fmt.Sprint(kangning.ID)}, "kind": {"contract"}})
		if len(hits) == 0 {
			t.Error("supplier filter: no contract of 康宁")
		}
		for _, h := range hits {
			if h["supplier_org_id"] != float64(kangning.ID) {
				t.Errorf("supplier filter gave %v", h)
			}
		}
		if hits, _ := searchHits(t, w, url.Values{"q": {"养老"}, "region": {"330200"}}); !hasTitle(hits, "supplier", "宁波市鄞州区夕阳红养老服务中心") || hasTitle(hits, "supplier", "杭州康宁养老服务有限公司") {
			t.Errorf("region=330200 (宁波市): %q", hitTitles(hits))
		}
		hits, _ = searchHits(t, w, url.Values{"kind": {"project"}, "amount_min": {"1000000"}, "limit": {"100"}})
		for _, h := range hits {
			if h["amount"].(float64) < 1000000_00 {
				t.Errorf("amount_min=1000000 gave %v", h)
			}
		}

		// Keyset pages of 3 give each hit of the full list once, in order.
		all, _ := searchHits(t, w, url.Values{"q": {"服务"}, "limit": {"100"}})
		var paged []string
		params := url.Values{"q": {"服务"}, "limit": {"3"}}
		for i := 0; i < 100; i++ {
			hits, next := searchHits(t, w, params)
			paged = append(paged, hitTitles(hits)...)
			if next == "" {
				break
			}
			params.Set("after", next)
		}
		if fmt.Sprint(paged) != fmt.Sprint(hitTitles(all)) || len(all) < 10 {
			t.Errorf("pages of 3 = %d hits, the full list %d", len(paged), len(all))
		}

		// The page, and the downloads of the same search.
		res := w.do(t, request{method: "GET", path: "/search?q=" + url.QueryEscape("困境儿童")})
		body := string(res.body)
		if res.status != 200 || !strings.Contains(body, "2026年西湖区困境儿童关爱保护服务") || !strings.Contains(body, `id="download-csv"`) {
			t.Fatalf("GET /search?q=困境儿童 = %d\n%s", res.status, body)
		}
		res = w.do(t, request{method: "GET", path: "/search/export.csv?q=" + url.QueryEscape("困境儿童")})
		if res.status != 200 || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") || !bytes.HasPrefix(res.body, []byte("\ufeff")) ||
			!strings.Contains(string(res.body), "2026年西湖区困境儿童关爱保护服务招标公告") {
			t.Errorf("CSV download = %d %s\n%s", res.status, res.header.Get("Content-Type"), res.body)
		}
		res = w.do(t, request{method: "GET", path: "/search/export.xlsx?q=" + url.QueryEscape("困境儿童")})
		f, err := excelize.OpenReader(bytes.NewReader(res.body))
		if res.status != 200 || err != nil {
			t.Fatalf("Excel download = %d, %v", res.status, err)
		}
		rows, err := f.GetRows("Sheet1")
		if err != nil || len(rows) != 4 || !strings.Contains(fmt.Sprint(rows), "2026年西湖区困境儿童关爱保护服务招标公告") {
			t.Errorf("Excel rows = %q, %v", rows, err)
		}
	})
}

// TestSearchBadInput: query syntax of either database, control characters,
// 10,000 characters, huge or malformed page sizes and cursors are refused
// with 422 and the field named, on the API, the page and the downloads:
// never a 5xx.
func TestSearchBadInput(t *testing.T) {
	w := demoWorld(t)
	for _, c := range []struct {
		params url.Values
		field  string
	}{
		{url.Values{"q": {`" OR 1=1 --`}}, "q"},
		{url.Values{"q": {`养老' OR '1'='1`}}, "q"},
		{url.Values{"q": {"养老 NEAR(服务"}}, "q"},
		{url.Values{"q": {"*"}}, "q"},
		{url.Values{"q": {"养老*"}}, "q"},
		{url.Values{"q": {"tokens:养老"}}, "q"},
		{url.Values{"q": {"养老 & 服务 | !儿童"}}, "q"},
		{url.Values{"q": {"养老\x00服务"}}, "q"},
		{url.Values{"q": {"养老\x1b服务"}}, "q"},
		{url.Values{"q": {"养老\xff"}}, "q"},
		{url.Values{"q": {strings.Repeat("养", 10000)}}, "q"},
		{url.Values{"q": {strings.Repeat("a", 10000)}}, "q"},
		{url.Values{"limit": {"100000"}}, "limit"},
		{url.Values{"limit": {"-1"}}, "limit"},
		{url.Values{"limit": {"1e9"}}, "limit"},
		{url.Values{"after": {"2026-01-01_1 OR 1=1"}}, "after"},
		{url.Values{"kind": {"users"}}, "kind"},
		{url.Values{"region": {"3301' --"}}, "region"},
		{url.Values{"region": {"999999"}}, "region"},
		{url.Values{"catalog": {"A%"}}, "catalog"},
		{url.Values{"amount_min": {"lots"}}, "amount_min"},
		{url.Values{"from": {"2026-13-01"}}, "from"},
		{url.Values{"supplier": {"-3"}}, "supplier"},
	} {
		for _, path := range []string{"/api/v1/search", "/search", "/search/export.csv", "/search/export.xlsx"} {
			res := w.do(t, request{method: "GET", path: path + "?" + c.params.Encode()})
			if res.status != 422 {
				t.Errorf("GET %s?%.80s = %d, want 422", path, c.params.Encode(), res.status)
				continue
			}
			switch path {
			case "/api/v1/search":
				if fs, _ := res.json(t)["fields"].(map[string]any); fs[c.field] == nil {
					t.Errorf("GET %s?%.80s: no error on %s: %s", path, c.params.Encode(), c.field, res.body)
				}
			case "/search":
				// The form again with the error beside the field; text that is
				// no text at all (control characters, bad UTF-8) is refused for
				// every page before the handler, with the error page.
				form := strings.Contains(string(res.body), `id="err-`+c.field+`">`) && !strings.Contains(string(res.body), `id="err-`+c.field+`"></span>`)
				errorPage := strings.Contains(string(res.body), `class="panel error-page" role="alert"`) && strings.Contains(string(res.body), "<strong>"+c.field+"</strong>")
				if !form && !errorPage {
					t.Errorf("GET %s?%.80s: the form does not show the error on %s", path, c.params.Encode(), c.field)
				}
			}
		}
	}
}
