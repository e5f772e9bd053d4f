package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

var hrefRE = regexp.MustCompile(`href="(/[^"]*)"`)

// rawKeyRE matches a message key shown instead of its text (a missing translation).
var rawKeyRE = regexp.MustCompile(`>\s*(nav|todo|action|done|org|form|project|catalog|budget|reform|review|log|event|object|portal|proc)\.[a-z_]+(\.[a-z_]+)*\s*<`)

// TestCrawl signs in as each kind of user, as a new user would, and follows every
// same-site link reachable from the home pages (GET only, two levels deep), in
// Chinese and in English. No page may fail with a server error or show a raw
// message key, and every page a link leads to must answer.
func TestCrawl(t *testing.T) {
	w := demoWorld(t)
	users := []string{"", "zj.admin", "xihu.reviewer", "xihu.approver", "xihu.minzheng", "xihu.minzheng.approver", "supplier.kangning", "auditor.zj", "mof.admin", "expert.wang", "agency.zhongcheng", "hz.approver"}
	for _, u := range users {
		for _, lang := range []string{"zh", "en"} {
			name := u
			if name == "" {
				name = "public"
			}
			t.Run(name+"/"+lang, func(t *testing.T) {
				var ss *session
				if u != "" {
					ss = w.login(t, u)
				}
				seen := map[string]bool{}
				queue := []string{"/", "/staff"}
				for depth := 0; depth < 3 && len(queue) > 0; depth++ {
					var next []string
					for _, p := range queue {
						if seen[p] || strings.HasPrefix(p, "/logout") || strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/prefs") ||
							strings.HasSuffix(p, ".xlsx") || strings.HasPrefix(p, "/log/tile/") {
							continue
						}
						seen[p] = true
						u := p
						if strings.Contains(u, "?") {
							u += "&lang=" + lang
						} else {
							u += "?lang=" + lang
						}
						res := w.do(t, request{method: "GET", path: u, session: ss})
						if res.status >= 500 {
							t.Errorf("GET %s: %d\n%s", u, res.status, res.body)
							continue
						}
						if res.status == http.StatusNotFound && depth > 0 {
							t.Errorf("GET %s: a link leads to a missing page", u)
						}
						ct := res.header.Get("Content-Type")
						if !strings.HasPrefix(ct, "text/html") {
							continue
						}
						if m := rawKeyRE.Find(res.body); m != nil {
							t.Errorf("GET %s shows a raw message key: %s", u, m)
						}
						for _, m := range hrefRE.FindAllSubmatch(res.body, -1) {
							link, err := url.PathUnescape(strings.ReplaceAll(string(m[1]), "&amp;", "&"))
							if err != nil {
								t.Errorf("GET %s: a malformed link %q: %v", u, m[1], err)
								continue
							}
							link, _, _ = strings.Cut(link, "#") // a fragment is no part of the request
							if len(seen) < 400 {
								next = append(next, link)
							}
						}
					}
					queue = next
				}
				if len(seen) < 5 {
					t.Errorf("only %d pages reached", len(seen))
				}
				t.Logf("%d pages", len(seen))
			})
		}
	}
}
