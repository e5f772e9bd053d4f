package workflow_test

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

func policyNumbers(t *testing.T, s *sqlstore.Store, q sqlstore.PolicyQuery) []string {
	t.Helper()
	p, err := s.Policies(context.Background(), q)
	if err != nil {
		t.Fatalf("%+v: %v", q, err)
	}
	var out []string
	for _, d := range p.Docs {
		out = append(out, d.Number)
	}
	return out
}

// TestPolicyLibraryLoad: the library's documents load once, with the
// founding notice's full text searchable in Chinese, the supersedes link
// shown both ways, filters and keyset pages, and public events that verify.
func TestPolicyLibraryLoad(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		n, err := w.svc.LoadPolicyLibrary(ctx, goumai.System)
		if err != nil || n != 7 {
			t.Fatalf("load: %d %v", n, err)
		}
		before := treeSize(t, s)
		if n, err := w.svc.LoadPolicyLibrary(ctx, goumai.System); err != nil || n != 0 || treeSize(t, s) != before {
			t.Fatalf("second load added %d: %v", n, err)
		}
		founding, err := s.PolicyByNumber(ctx, goumai.NationalCode, "财综〔2013〕111号")
		if err != nil || !strings.Contains(founding.Body, "加强培训宣传") || founding.Version != 1 {
			t.Fatalf("founding notice: %v %q", err, founding.Body[:60])
		}
		o102, _ := s.PolicyByNumber(ctx, goumai.NationalCode, "财政部令第102号")
		cz96, _ := s.PolicyByNumber(ctx, goumai.NationalCode, "财综〔2014〕96号")
		if o102.SupersedesID != cz96.ID || cz96.Status != goumai.PolicyRepealed {
			t.Fatalf("supersedes: %+v %+v", o102.SupersedesID, cz96.Status)
		}
		by, err := s.PolicySupersededBy(ctx, cz96.ID)
		if err != nil || len(by) != 1 || by[0].ID != o102.ID {
			t.Fatalf("superseded by: %v %v", by, err)
		}

		// Words of the full text, in Chinese without spaces, and of the number.
		for q, want := range map[string]string{"培训宣传": "财综〔2013〕111号", "两头占": "财综〔2013〕111号", "能源费用": "", "转包": "",
			"111": "财综〔2013〕111号", "Interim Measures": "财综〔2014〕96号"} {
			got := policyNumbers(t, s, sqlstore.PolicyQuery{Text: q})
			if want != "" && (len(got) == 0 || !slices.Contains(got, want)) || want == "" && q == "能源费用" && len(got) != 0 {
				t.Errorf("%q found %v, want %q", q, got, want)
			}
		}
		if got := policyNumbers(t, s, sqlstore.PolicyQuery{Text: "转包"}); len(got) < 2 {
			t.Errorf("转包 found %v", got)
		}
		// Query syntax of either database is refused, not obeyed.
		for _, q := range []string{`"购买" OR *`, "a:b", "x' OR 1=1 --"} {
			_, err := s.Policies(ctx, sqlstore.PolicyQuery{Text: q})
			if e := goumai.AsError(err); e == nil || e.Fields["q"].EN == "" {
				t.Errorf("%q: %v", q, err)
			}
		}
		// & is a separator of names (searchPunct), never tsquery's operator.
		if got := policyNumbers(t, s, sqlstore.PolicyQuery{Text: "购买 & 服务"}); len(got) < 5 {
			t.Errorf("购买 & 服务: %v", got)
		}
		// Filters.
		if got := policyNumbers(t, s, sqlstore.PolicyQuery{Status: "repealed"}); len(got) != 1 || got[0] != "财综〔2014〕96号" {
			t.Errorf("repealed: %v", got)
		}
		if got := policyNumbers(t, s, sqlstore.PolicyQuery{Year: 2013}); len(got) != 2 || got[0] != "财综〔2013〕111号" {
			t.Errorf("2013: %v", got)
		}
		if got := policyNumbers(t, s, sqlstore.PolicyQuery{Authority: "国务院办公厅"}); len(got) != 1 {
			t.Errorf("authority: %v", got)
		}
		if got := policyNumbers(t, s, sqlstore.PolicyQuery{Region: "330000"}); len(got) != 0 {
			t.Errorf("Zhejiang's own: %v", got)
		}
		for q, field := range map[string]sqlstore.PolicyQuery{"status": {Status: "gone"}, "year": {Year: 99999}, "after": {After: "x"},
			"limit": {Limit: 1000}, "region": {Region: "33;0"}} {
			_, err := s.Policies(ctx, field)
			if e := goumai.AsError(err); e == nil || e.Fields[q].EN == "" {
				t.Errorf("%s: %v", q, err)
			}
		}
		// Keyset pages: every document once, latest issued first.
		seen := map[string]bool{}
		var last string
		after := ""
		for {
			p, err := s.Policies(ctx, sqlstore.PolicyQuery{Limit: 2, After: after})
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range p.Docs {
				if seen[d.Number] || last != "" && d.IssuedOn > last {
					t.Fatalf("page order: %s %s", d.Number, d.IssuedOn)
				}
				seen[d.Number], last = true, d.IssuedOn
			}
			if after = p.Next; after == "" {
				break
			}
		}
		if len(seen) != 7 {
			t.Fatalf("pages gave %d documents", len(seen))
		}
		// The events are public.
		events, err := s.FindEvents(ctx, sqlstore.EventFilter{PublicOnly: true, ObjectType: "policy_docs", Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		adds := 0
		for _, e := range events {
			if e.Action == "policy.add" {
				adds++
			}
		}
		if adds != 7 {
			t.Fatalf("%d public policy.add events", adds)
		}
		verify(t, s)
	})
}

// TestPolicyVersions: a finance department keeps its region's documents; a
// new version keeps the old text and changes what is found; a county cannot
// touch the province's documents nor supersede them; stale versions and bad
// input change nothing.
func TestPolicyVersions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		in := workflow.PolicyInput{TitleZH: "浙江省政府购买服务实施办法", TitleEN: "Zhejiang measures", Number: "浙财综〔2026〕1号",
			Authority: "浙江省财政厅", IssuedOn: "2026-01-05", EffectiveOn: "2026-02-01", Body: "第一条 为规范养老服务购买，制定本办法。",
			Licence: "本厅发布 / issued by the department"}
		d, err := w.svc.AddPolicy(ctx, w.zjAdmin, in)
		if err != nil || d.Region != "330000" || d.Version != 1 || d.Status != goumai.PolicyInForce {
			t.Fatalf("add: %+v %v", d, err)
		}
		// Bad input: field errors, nothing written.
		before := treeSize(t, s)
		bad := in
		bad.Number, bad.IssuedOn, bad.Status, bad.SourceURL, bad.Body = "", "2026-13-01", "gone", "javascript:alert(1)", ""
		_, err = w.svc.AddPolicy(ctx, w.zjAdmin, bad)
		e := goumai.AsError(err)
		for _, f := range []string{"number", "issued_on", "status", "source_url", "body"} {
			if e == nil || e.Fields[f].EN == "" || e.Fields[f].ZH == "" {
				t.Errorf("bad %s: %v", f, err)
			}
		}
		dup := in
		if _, err := w.svc.AddPolicy(ctx, w.zjAdmin, dup); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("same number twice: %v", err)
		}
		// A county may not add to the province's region, edit or version its document.
		other := in
		other.Region, other.Number = "330000", "浙财综〔2026〕2号"
		if _, err := w.svc.AddPolicy(ctx, w.xihuAdmin, other); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("county adds for the province: %v", err)
		}
		if _, err := w.svc.AddPolicyVersion(ctx, w.xihuAdmin, d.ID, workflow.PolicyVersionInput{Version: 1, Body: "x", Note: "y"}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("county versions the province's: %v", err)
		}
		if _, err := w.svc.EditPolicy(ctx, w.xihuAdmin, d.ID, workflow.PolicyEdit{Version: 1, TitleZH: "x"}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("county edits the province's: %v", err)
		}
		// A purchaser's staff is not a keeper at all.
		staff := goumai.Actor{UserID: 99, Username: "mz", Org: w.minzheng, Roles: []goumai.Role{goumai.RolePurchaserStaff}}
		if _, err := w.svc.AddPolicy(ctx, staff, workflow.PolicyInput{}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("purchaser adds: %v", err)
		}
		// The county's own document cannot supersede the province's.
		county := in
		county.Region, county.Number, county.Authority, county.SupersedesID = "", "西财〔2026〕3号", "杭州市西湖区财政局", d.ID
		_, err = w.svc.AddPolicy(ctx, w.xihuAdmin, county)
		if e := goumai.AsError(err); e == nil || e.Fields["supersedes_id"].EN == "" {
			t.Errorf("county supersedes the province's: %v", err)
		}
		if treeSize(t, s) != before {
			t.Fatal("refused actions wrote events")
		}

		// A new version: stale refused; then kept beside the old.
		if _, err := w.svc.AddPolicyVersion(ctx, w.zjAdmin, d.ID, workflow.PolicyVersionInput{Version: 7, Body: "x", Note: "y"}); goumai.ErrorCode(err) != goumai.EStale {
			t.Fatalf("stale: %v", err)
		}
		if _, err := w.svc.AddPolicyVersion(ctx, w.zjAdmin, d.ID, workflow.PolicyVersionInput{Version: 1, Body: "x"}); goumai.AsError(err) == nil || goumai.AsError(err).Fields["note"].EN == "" {
			t.Fatalf("no note: %v", err)
		}
		v2, err := w.svc.AddPolicyVersion(ctx, w.zjAdmin, d.ID, workflow.PolicyVersionInput{Version: 1,
			Body: "第一条 为规范社区托育服务购买，制定本办法。", Note: "扩大到托育服务", EffectiveOn: "2026-03-01"})
		if err != nil || v2.Version != 2 || v2.EffectiveOn != "2026-03-01" {
			t.Fatalf("version: %+v %v", v2, err)
		}
		vs, err := s.PolicyVersions(ctx, d.ID)
		if err != nil || len(vs) != 2 || vs[0].Version != 2 || !strings.Contains(vs[1].Body, "养老服务") {
			t.Fatalf("versions: %+v %v", vs, err)
		}
		if got := policyNumbers(t, s, sqlstore.PolicyQuery{Text: "托育"}); !slices.Contains(got, in.Number) {
			t.Errorf("new text not found: %v", got)
		}
		if got := policyNumbers(t, s, sqlstore.PolicyQuery{Text: "养老服务"}); slices.Contains(got, in.Number) {
			t.Errorf("old text still found: %v", got)
		}
		// The province supersedes its document by a new one; both sides show it.
		next := in
		next.Number, next.IssuedOn, next.EffectiveOn, next.SupersedesID = "浙财综〔2026〕9号", "2026-06-01", "", d.ID
		n, err := w.svc.AddPolicy(ctx, w.zjAdmin, next)
		if err != nil {
			t.Fatal(err)
		}
		old, _ := s.PolicyDoc(ctx, d.ID)
		by, _ := s.PolicySupersededBy(ctx, d.ID)
		if old.Status != goumai.PolicySuperseded || len(by) != 1 || by[0].ID != n.ID {
			t.Fatalf("supersede: %s %v", old.Status, by)
		}
		// Editing the description.
		ed, err := w.svc.EditPolicy(ctx, w.zjAdmin, n.ID, workflow.PolicyEdit{Version: 1, TitleZH: "浙江省政府购买服务实施办法（修订）",
			Number: n.Number, Authority: n.Authority, IssuedOn: n.IssuedOn, Status: "in_force", SupersedesID: d.ID})
		if err != nil || ed.TitleZH != "浙江省政府购买服务实施办法（修订）" || ed.Body != n.Body {
			t.Fatalf("edit: %+v %v", ed, err)
		}
		if got := policyNumbers(t, s, sqlstore.PolicyQuery{Text: "修订"}); !slices.Contains(got, n.Number) {
			t.Errorf("edited title not found: %v", got)
		}
		// The events carry the state publicly.
		events, _ := s.FindEvents(ctx, sqlstore.EventFilter{PublicOnly: true, ObjectType: "policy_versions", ObjectID: strconv.FormatInt(vs[0].ID, 10), Limit: 1})
		if len(events) != 1 {
			t.Fatal("no public version event")
		}
		last := events[0]
		var st struct{ Body string }
		if err := json.Unmarshal(last.State, &st); err != nil || !strings.Contains(st.Body, "托育") {
			t.Fatalf("public version event: %s %v", last.State, err)
		}
		verify(t, s)
	})
}
