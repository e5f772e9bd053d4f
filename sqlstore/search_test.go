package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// searchWorld publishes a supplier, a purchaser, two approved projects, a
// procurement and its tender notice, a day apart, and plants private data
// holding the same words: a draft project, a registered (unpublished)
// supplier, and an unpublished procurement title.
func searchWorld(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) (ids map[string]int64) {
	t.Helper()
	ctx := context.Background()
	ids = map[string]int64{}
	step := func(name string, fn func(tx *sqlstore.Tx) (int64, error)) {
		t.Helper()
		clock.Advance(24 * time.Hour)
		err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			id, err := fn(tx)
			ids[name] = id
			return err
		})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	org := func(name string, kind goumai.OrgKind, region, action string, public bool) func(tx *sqlstore.Tx) (int64, error) {
		return func(tx *sqlstore.Tx) (int64, error) {
			id, err := tx.InsertOrg(ctx, goumai.Org{Name: name, Kind: kind, Region: region, Active: public, Address: "浙江省杭州市西湖区文一西路98号"})
			if err != nil {
				return 0, err
			}
			_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: action, Table: "orgs", Key: id, Region: region, Public: public})
			return id, err
		}
	}
	project := func(code, title, content, region, catalog string, amount goumai.Fen, status goumai.ProjectStatus, action string, public bool) func(tx *sqlstore.Tx) (int64, error) {
		return func(tx *sqlstore.Tx) (int64, error) {
			id, err := tx.InsertProject(ctx, goumai.Project{Code: code, PurchaserOrgID: ids["buyer"], Region: region, Title: title, Content: content,
				CatalogCode: catalog, Amount: amount, Method: goumai.MethodOpenTender, Status: status})
			if err != nil {
				return 0, err
			}
			_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: action, Table: "projects", Key: id, Region: region, Public: public})
			return id, err
		}
	}
	step("supplier", org("杭州康宁养老服务有限公司", goumai.KindEnterprise, "330106", "org.create", true))
	step("buyer", org("杭州市西湖区民政局", goumai.KindStateOrgan, "330106", "org.create", true))
	step("private supplier", org("杭州秘密困境儿童关爱中心", goumai.KindSocialOrg, "330106", "org.register", false))
	step("elderly", project("GM-330106-2026-0001", "2026年西湖区居家养老上门服务", "为独居老人提供助洁、助浴上门服务 Elderly Care at home",
		"330106", "A0101", 1_800_000_00, goumai.ProjectApproved, "project.approve", true))
	step("children", project("GM-330110-2026-0001", "余杭区困境儿童关爱保护服务", "为困境儿童提供探访和心理辅导",
		"330110", "A0203", 600_000_00, goumai.ProjectApproved, "project.approve", true))
	step("draft", project("GM-330106-2026-0002", "困境儿童秘密草稿项目", "未公开的养老服务草稿", "330106", "A0101", 1_000_00,
		goumai.ProjectDraft, "project.create", false))
	step("notice", func(tx *sqlstore.Tx) (int64, error) {
		p := goumai.Procurement{Code: "CG-330110-2026-0001", ProjectID: ids["children"], PurchaserOrgID: ids["buyer"], Region: "330110",
			Title: "余杭区困境儿童关爱保护服务", Category: "services", Amount: 600_000_00, Method: goumai.MethodOpenTender,
			Status: goumai.ProcTendering, ParamsFrom: tx.Now()}
		var err error
		if p.ID, err = tx.InsertProcurement(ctx, p); err != nil {
			return 0, err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "procurement.create", Table: "procurements", Key: p.ID, Region: "330110"}); err != nil {
			return 0, err
		}
		n, err := tx.InsertNotice(ctx, goumai.System, "330110", goumai.Notice{ProcurementID: p.ID, Kind: goumai.NoticeTender,
			Title: "余杭区困境儿童关爱保护服务招标公告"})
		return n.ID, err
	})
	// A word too long for a PostgreSQL lexeme is cut, not an error; a long
	// text is indexed up to a bound.
	step("long words", project("GM-330106-2026-0003", "长词测试", strings.Repeat("x", 3000)+" "+strings.Repeat("养", 3000),
		"330106", "B01", 1, goumai.ProjectApproved, "project.approve", true))
	return ids
}

func hitNames(p sqlstore.SearchPage) []string {
	var out []string
	for _, h := range p.Hits {
		out = append(out, h.Kind+":"+h.Title)
	}
	sort.Strings(out)
	return out
}

// TestFullTextSearch: real Chinese queries of two, three and four characters
// (and one, and English) find the published documents where the words occur,
// on both databases; filters narrow them; keyset pages cover the results once
// each; private data with the same words is never found; bad queries are
// field errors.
func TestFullTextSearch(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		ids := searchWorld(t, s, clock)
		search := func(q sqlstore.SearchQuery) sqlstore.SearchPage {
			t.Helper()
			p, err := s.Search(ctx, q)
			if err != nil {
				t.Fatalf("Search(%+v): %v", q, err)
			}
			return p
		}
		const (
			elderly  = "project:2026年西湖区居家养老上门服务"
			children = "project:余杭区困境儿童关爱保护服务"
			notice   = "notice:余杭区困境儿童关爱保护服务招标公告"
			kangning = "supplier:杭州康宁养老服务有限公司"
		)
		for _, c := range []struct {
			q    sqlstore.SearchQuery
			want []string
		}{
			{sqlstore.SearchQuery{Text: "养老"}, []string{elderly, kangning}},
			{sqlstore.SearchQuery{Text: "养老服"}, []string{kangning}}, // 居家养老上门服务 has 养老 and 服 but not 养老服
			{sqlstore.SearchQuery{Text: "困境儿童"}, []string{notice, children}},
			{sqlstore.SearchQuery{Text: "关爱"}, []string{notice, children}},
			{sqlstore.SearchQuery{Text: "康宁"}, []string{kangning}},
			{sqlstore.SearchQuery{Text: "西湖 上门"}, []string{elderly}},
			{sqlstore.SearchQuery{Text: "助浴"}, []string{elderly}},
			{sqlstore.SearchQuery{Text: "ELDERLY care"}, []string{elderly}},
			{sqlstore.SearchQuery{Text: "GM-330110-2026-0001"}, []string{children}},
			{sqlstore.SearchQuery{Text: "CG-330110-2026-0001"}, []string{notice}}, // the notice's procurement code
			{sqlstore.SearchQuery{Text: "儿"}, []string{notice, children}},
			{sqlstore.SearchQuery{Text: "童"}, []string{notice, children}},                    // last character of its run
			{sqlstore.SearchQuery{Text: "民政局"}, []string{elderly, children, "project:长词测试"}}, // the purchaser; a state organ is no supplier
			{sqlstore.SearchQuery{Text: "养老院"}, nil},
			{sqlstore.SearchQuery{Text: "秘密"}, nil},        // the draft and the registered supplier
			{sqlstore.SearchQuery{Text: "草稿"}, nil},        // the draft's content
			{sqlstore.SearchQuery{Text: "，。"}, []string{}}, // separators only
			{sqlstore.SearchQuery{Text: "服务", Kind: sqlstore.SearchProject}, []string{elderly, children}},
			{sqlstore.SearchQuery{Text: "服务", Region: "330100"}, []string{notice, children, elderly, kangning}},
			{sqlstore.SearchQuery{Text: "服务", Region: "330110"}, []string{notice, children}},
			{sqlstore.SearchQuery{Text: "服务", Region: "110000"}, nil},
			{sqlstore.SearchQuery{Catalog: "A01"}, []string{elderly}},
			{sqlstore.SearchQuery{Catalog: "A02"}, []string{notice, children}}, // the notice's project's category
			{sqlstore.SearchQuery{Method: "open_tender", Kind: sqlstore.SearchNotice}, []string{notice}},
			{sqlstore.SearchQuery{Stage: "tender"}, []string{notice}},
			{sqlstore.SearchQuery{AmountMin: 1_000_000_00}, []string{elderly}},
			{sqlstore.SearchQuery{AmountMin: 500_000_00, AmountMax: 700_000_00}, []string{notice, children}},
			{sqlstore.SearchQuery{SupplierID: ids["supplier"]}, []string{kangning}},
			{sqlstore.SearchQuery{SupplierID: ids["private supplier"]}, nil},
		} {
			got := hitNames(search(c.q))
			want := append([]string(nil), c.want...)
			sort.Strings(want)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("Search(%+v) = %q, want %q", c.q, got, want)
			}
		}

		// Dates: the days the documents were published, inclusive.
		all := search(sqlstore.SearchQuery{})
		if len(all.Hits) != 5 || all.Next != "" {
			t.Fatalf("everything = %q (next %q), want the 5 published documents", hitNames(all), all.Next)
		}
		if got := search(sqlstore.SearchQuery{Text: strings.Repeat("x", 90)}); len(got.Hits) != 1 {
			t.Errorf("a long word: %q", hitNames(got))
		}
		day := map[string]string{}
		for _, h := range all.Hits {
			day[h.Kind+":"+h.Title] = h.Date
		}
		if got := hitNames(search(sqlstore.SearchQuery{From: day[elderly], To: day[children]})); fmt.Sprint(got) != fmt.Sprint([]string{elderly, children}) {
			t.Errorf("from %s to %s = %q", day[elderly], day[children], got)
		}

		// Keyset pages of one: newest first, each document once, then the end.
		var paged []string
		q := sqlstore.SearchQuery{Text: "服务", Limit: 2}
		for i := 0; ; i++ {
			p := search(q)
			for _, h := range p.Hits {
				paged = append(paged, h.Kind+":"+h.Title)
			}
			if p.Next == "" {
				break
			}
			if i > 5 {
				t.Fatal("paging does not end")
			}
			q.After = p.Next
		}
		if want := []string{notice, children, elderly, kangning}; fmt.Sprint(paged) != fmt.Sprint(want) {
			t.Errorf("pages = %q, want %q (newest first)", paged, want)
		}

		// An update of a public object replaces its document; losing its
		// public status (an inactive supplier) removes it.
		err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			o, err := tx.Org(ctx, ids["supplier"])
			if err != nil {
				return err
			}
			o.Active = false
			if err := tx.UpdateOrg(ctx, o); err != nil {
				return err
			}
			_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "org.deactivate", Table: "orgs", Key: ids["supplier"], Region: "330106", Public: true})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := hitNames(search(sqlstore.SearchQuery{Text: "康宁"})); len(got) != 0 {
			t.Errorf("an inactive supplier is still found: %q", got)
		}

		// Bad queries are field errors, never internal ones.
		for _, c := range []struct {
			q     sqlstore.SearchQuery
			field string
		}{
			{sqlstore.SearchQuery{Text: `" OR 1=1 --`}, "q"},
			{sqlstore.SearchQuery{Text: "养老 NEAR(服务"}, "q"},
			{sqlstore.SearchQuery{Text: "养*"}, "q"},
			{sqlstore.SearchQuery{Text: "养老:服务"}, "q"},
			{sqlstore.SearchQuery{Text: "养老\x00"}, "q"},
			{sqlstore.SearchQuery{Text: "养老\n服务"}, "q"},
			{sqlstore.SearchQuery{Text: strings.Repeat("养", 101)}, "q"},
			{sqlstore.SearchQuery{Text: strings.Repeat("a", 10000)}, "q"},
			{sqlstore.SearchQuery{Limit: 101}, "limit"},
			{sqlstore.SearchQuery{Limit: -1}, "limit"},
			{sqlstore.SearchQuery{Kind: "user"}, "kind"},
			{sqlstore.SearchQuery{Region: "33' OR 1=1"}, "region"},
			{sqlstore.SearchQuery{Region: "999999"}, "region"},
			{sqlstore.SearchQuery{Catalog: "A%"}, "catalog"},
			{sqlstore.SearchQuery{From: "2026-02-30"}, "from"},
			{sqlstore.SearchQuery{From: "2026-03-02", To: "2026-03-01"}, "to"},
			{sqlstore.SearchQuery{AmountMin: 10, AmountMax: 5}, "amount_max"},
			{sqlstore.SearchQuery{After: "2026-03-02_0"}, "after"},
			{sqlstore.SearchQuery{After: "x"}, "after"},
		} {
			_, err := s.Search(ctx, c.q)
			e := goumai.AsError(err)
			if e.Code != goumai.EInvalid || e.Fields[c.field].EN == "" {
				t.Errorf("Search(%.60q…) = %v, want a field error on %s", fmt.Sprintf("%+v", c.q), err, c.field)
			}
		}
	})
}

// TestSearchTokens: Han runs as overlapping bigrams and their last
// character, other runs as lower-cased words.
func TestSearchTokens(t *testing.T) {
	got := strings.Join(sqlstore.SearchTokens("2026年西湖区 Elderly-Care，养"), " ")
	if want := "2026 年西 西湖 湖区 区 elderly care 养"; got != want {
		t.Errorf("SearchTokens = %q, want %q", got, want)
	}
}

// TestSearchCommonWords: with words common enough (commonAt), Search walks
// the documents newest first and checks each instead of collecting every
// match; both ways give the same pages, filtered or not, on both databases.
func TestSearchCommonWords(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		searchWorld(t, s, clock)
		all := func(q sqlstore.SearchQuery) []string {
			t.Helper()
			var out []string
			for range 100 {
				p, err := s.Search(ctx, q)
				if err != nil {
					t.Fatalf("Search(%+v): %v", q, err)
				}
				for _, h := range p.Hits {
					out = append(out, string(h.Kind)+":"+h.Title)
				}
				if p.Next == "" {
					return out
				}
				q.After = p.Next
			}
			t.Fatal("paging never ended")
			return nil
		}
		queries := []sqlstore.SearchQuery{
			{Text: "养老", Limit: 1}, {Text: "养老服"}, {Text: "困境儿童", Limit: 1}, {Text: "关爱"}, {Text: "儿"},
			{Text: "西湖 上门"}, {Text: "航天"}, {Text: "关爱", Region: "330100"}, {Text: "养老", Kind: sqlstore.SearchSupplier},
		}
		var few [][]string
		for _, q := range queries {
			few = append(few, all(q))
		}
		restore := sqlstore.SetSearchCommonAt(1) // every word common
		defer restore()
		found := 0
		for i, q := range queries {
			got := all(q)
			found += len(got)
			if !slices.Equal(got, few[i]) {
				t.Errorf("%+v: common words give %v, few matches %v", q, got, few[i])
			}
		}
		if found == 0 {
			t.Fatal("no query found anything: the comparison proves nothing")
		}
	})
}
