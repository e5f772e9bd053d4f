package web

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"html"
	"io/fs"
	"net/http"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// templateKeys returns the literal keys of {{t … "key"}} in the templates, and
// the prefixes of keys the templates build with (print "prefix." …).
func templateKeys(t *testing.T) (keys map[string]string, prefixes map[string]string) {
	t.Helper()
	literal := regexp.MustCompile(`\bt \$?\.Lang "([^"]+)"`)
	built := regexp.MustCompile(`\bt \$?\.Lang \(print "([^"]+)"`)
	keys, prefixes = map[string]string{}, map[string]string{}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil || len(names) == 0 {
		t.Fatalf("templates: %v", err)
	}
	for _, n := range names {
		b, err := fs.ReadFile(templateFS, n)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literal.FindAllStringSubmatch(string(b), -1) {
			keys[m[1]] = n
		}
		for _, m := range built.FindAllStringSubmatch(string(b), -1) {
			prefixes[m[1]] = n
		}
	}
	return keys, prefixes
}

// goKeys returns the message keys Go code builds: the event actions recorded
// through sqlstore.Change{Action: …} (shown as "action.<action>"), the
// to-do kinds ("todo.kind.…"), the ?done= flashes of redirects ("done.…") and
// keys passed to tr.
func goKeys(t *testing.T) map[string]string {
	t.Helper()
	keys := map[string]string{}
	fset := token.NewFileSet()
	for _, dir := range []string{"..", "../workflow", "../sqlstore", "."} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			if strings.HasSuffix(file, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, file, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			str := func(e ast.Expr) (string, bool) {
				lit, ok := e.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return "", false
				}
				s, err := strconv.Unquote(lit.Value)
				return s, err == nil
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.KeyValueExpr:
					if id, ok := n.Key.(*ast.Ident); ok && id.Name == "Action" {
						if s, ok := str(n.Value); ok {
							keys["action."+s] = file
						}
					}
				case *ast.AssignStmt:
					for i, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok && id.Name == "action" && i < len(n.Rhs) {
							if s, ok := str(n.Rhs[i]); ok {
								keys["action."+s] = file
							}
						}
					}
				case *ast.CallExpr:
					if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "tr" && len(n.Args) == 2 {
						if s, ok := str(n.Args[1]); ok {
							keys[s] = file
						}
					}
				case *ast.BasicLit:
					s, ok := str(n)
					if !ok {
						break
					}
					if strings.HasPrefix(s, "todo.kind.") {
						keys[s] = file
					}
					if _, done, ok := strings.Cut(s, "?done="); ok {
						keys["done."+done] = file
					}
				}
				return true
			})
		}
	}
	return keys
}

// TestMessagesComplete checks that every key a template or Go code uses is in
// messages with both a Chinese and an English text.
func TestMessagesComplete(t *testing.T) {
	for k, m := range messages {
		if strings.TrimSpace(m[0]) == "" || strings.TrimSpace(m[1]) == "" {
			t.Errorf("message %s: zh %q, en %q; both must be set", k, m[0], m[1])
		}
		if hasHan(m[1]) {
			t.Errorf("message %s: the English text %q contains Chinese", k, m[1])
		}
	}
	tpl, prefixes := templateKeys(t)
	gokeys := goKeys(t)
	// The parsers must have found the known keys, or they have stopped working.
	for _, k := range []string{"nav.portal", "portal.checkpoint", "login.submit"} {
		if _, ok := tpl[k]; !ok {
			t.Errorf("template key %s not found by the scan", k)
		}
	}
	for _, k := range []string{"action.org.create", "action.org.activate", "action.org.deactivate", "action.region.load",
		"action.membership.delete", "todo.kind.registration", "done.saved", "done.registered"} {
		if _, ok := gokeys[k]; !ok {
			t.Errorf("Go key %s not found by the scan", k)
		}
	}
	all := map[string]string{}
	for k, v := range tpl {
		all[k] = v
	}
	for k, v := range gokeys {
		all[k] = v
	}
	// Keys the templates build: each prefix must be one whose values Go code
	// enumerates above, or the staff home's tabs.
	for _, tab := range []string{"todo", "done", "returned"} {
		all["todo."+tab] = "staff.go (tabs)"
	}
	for p, where := range prefixes {
		found := false
		for k := range all {
			if strings.HasPrefix(k, p) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s builds keys %s… that no scanned Go code provides", where, p)
		}
	}
	var missing []string
	for k, where := range all {
		if _, ok := messages[k]; !ok {
			missing = append(missing, k+" (used in "+where+")")
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("message key %s is not in messages", m)
	}
}

// keyRE matches text that looks like a message key of messages.
func keyRE() *regexp.Regexp {
	groups := map[string]bool{}
	for k := range messages {
		groups[k[:strings.IndexByte(k, '.')]] = true
	}
	var g []string
	for k := range groups {
		g = append(g, regexp.QuoteMeta(k))
	}
	sort.Strings(g)
	return regexp.MustCompile(`(?:^|[^\w./-])((?:` + strings.Join(g, "|") + `)\.[a-z_]+(?:\.[a-z_]+)*)`)
}

var tagRE = regexp.MustCompile(`(?s)<[^>]*>`)

// visibleText is the page's text without tags, attributes or entities.
func visibleText(page []byte) string {
	s := string(page)
	if i := strings.Index(s, "<body"); i >= 0 {
		s = s[i:]
	}
	return html.UnescapeString(tagRE.ReplaceAllString(s, " "))
}

// TestPagesTranslated fetches every public and staff page in Chinese and in
// English and checks the language and that no message key shows raw.
func TestPagesTranslated(t *testing.T) {
	w := demoWorld(t)
	ctx := context.Background()
	zj := w.login(t, province)
	// Give zj.admin something done and something to do.
	f := fixture{w: w, t: t, seq: new(int)}
	f.pending("330106")
	if res := w.do(t, request{method: "POST", path: orgPath(f.pending("330106"), "/activate"), bearer: w.token(t, province)}); res.status != http.StatusOK {
		t.Fatalf("activate: %d", res.status)
	}
	xihuFin := w.org(t, "杭州市西湖区财政局")
	rank, err := w.svc.PublishComplianceRanking(ctx, w.actor(t, approver), "330000", goumai.StatPeriod{From: "2026-01", To: "2026-06"})
	if err != nil {
		t.Fatal(err)
	}
	notice, err := w.svc.IssueDuban(ctx, w.actor(t, province), workflow.DubanInput{Region: "330100", Text: "请限期整改", Days: 5})
	if err != nil {
		t.Fatal(err)
	}
	plan, err := w.svc.DraftWorkPlan(ctx, w.actor(t, province), workflow.WorkPlanInput{Region: "330000", Title: "浙江省工作计划", Start: "2026-01",
		Milestones: []goumai.PlanMilestone{{Title: "签订合同金额", Metric: goumai.MetricContractAmount, Target: 100_000_000, DueOn: "2026-12-31"}}})
	if err != nil {
		t.Fatal(err)
	}
	// Every action in the log is shown translated on the events page.
	evs, err := w.store.FindEvents(ctx, sqlstore.EventFilter{Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if _, ok := messages["action."+e.Action]; !ok {
			t.Errorf("event action %s has no message action.%s", e.Action, e.Action)
		}
	}

	pages := []struct {
		path    string
		session *session
		status  int
	}{
		{"/", nil, 200}, {"/orgs", nil, 200}, {"/orgs?role=supplier", nil, 200}, {"/log", nil, 200}, {"/federation/statistics", nil, 200}, {"/register", nil, 200},
		{"/login", nil, 200}, {"/login?done=registered", nil, 200}, {"/accessibility", nil, 200}, {"/no-such-page", nil, 404},
		{"/staff", zj, 200}, {"/staff?tab=done", zj, 200}, {"/staff?tab=returned", zj, 200}, {"/staff?done=password", zj, 200},
		{"/staff/events", zj, 200}, {"/staff/password", zj, 200}, {"/staff/admin/orgs", zj, 200}, {"/staff/admin/orgs?status=pending", zj, 200},
		{"/staff/admin/orgs/new", zj, 200}, {adminPath(xihuFin, ""), zj, 200}, {adminPath(xihuFin, "?done=saved"), zj, 200},
		{adminPath(xihuFin, "/edit"), zj, 200}, {"/staff/admin/orgs/999999", zj, 404},
		{"/staff/invitations", zj, 200}, {"/staff/invitations?done=invitation_accepted", zj, 200}, {adminPath(xihuFin, "?done=invited"), zj, 200},
		// A flash the server never sends must not show as a key either.
		{"/?done=forged", nil, 200},
		// The statistics (issue 13), public and staff.
		{"/stats?region=330000", nil, 200}, {"/stats?from=2026-01", nil, 422}, {"/staff/stats", zj, 200},
		{"/redflags", nil, 200}, {"/staff/redflags", zj, 200},
		{"/staff/compliance?region=330100", zj, 200}, {"/staff/compliance?from=2026-01", zj, 422}, {"/compliance/" + strconv.FormatInt(rank.ID, 10), nil, 200},
		// The trainings (issue 13 item 5).
		{"/staff/trainings", zj, 200}, {"/staff/trainings/new", zj, 200}, {"/staff/trainings/1", zj, 200},
		// The 督办 notices and the work plans (issue 13 items 3 and 4).
		{"/staff/duban", zj, 200}, {"/staff/duban/" + strconv.FormatInt(notice.ID, 10) + "?done=duban_issue", zj, 200},
		{"/staff/work-plans", zj, 200}, {"/staff/work-plans/new", zj, 200}, {"/work-plans/" + strconv.FormatInt(plan.ID, 10), zj, 200},
		{"/staff/work-plans/" + strconv.FormatInt(plan.ID, 10) + "/edit", zj, 200},
	}
	keys := keyRE()
	for _, p := range pages {
		for _, lang := range []string{"zh", "en"} {
			t.Run(lang+p.path, func(t *testing.T) {
				r := request{method: "GET", path: p.path, session: p.session}
				if lang == "en" {
					r.header = map[string]string{"Cookie": langCookie + "=en"}
					if p.session != nil {
						r.header["Cookie"] += "; " + sessionCookie + "=" + p.session.token
						r.session = nil
					}
				}
				res := w.do(t, r)
				if res.status != p.status {
					t.Fatalf("status %d, want %d", res.status, p.status)
				}
				body := string(res.body)
				wantLang := map[string]string{"zh": `<html lang="zh-CN"`, "en": `<html lang="en"`}[lang]
				if !strings.Contains(body, wantLang) {
					t.Errorf("no %s", wantLang)
				}
				home := messages["nav.portal"][map[string]int{"zh": 0, "en": 1}[lang]]
				if !strings.Contains(body, ">"+home+"<") {
					t.Errorf("the navigation does not say %q", home)
				}
				for _, m := range keys.FindAllStringSubmatch(visibleText(res.body), -1) {
					t.Errorf("raw message key %q on the page", m[1])
				}
			})
		}
	}
}
