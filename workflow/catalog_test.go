package workflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

func member(t *testing.T, w *world, o goumai.Org, username string, role goumai.Role) goumai.Actor {
	t.Helper()
	u, err := w.svc.CreateUser(context.Background(), goumai.System, goumai.NewUser{Username: username, DisplayName: username, Password: "Test-2026-goumai"}, o.ID, role)
	if err != nil {
		t.Fatalf("create %s: %v", username, err)
	}
	return goumai.Actor{UserID: u.ID, Username: u.Username, Name: username, Org: o, Roles: []goumai.Role{role}}
}

func wantCode(t *testing.T, what string, err error, code goumai.Code, field string) {
	t.Helper()
	if goumai.ErrorCode(err) != code {
		t.Fatalf("%s: error %v, want %s", what, err, code)
	}
	if field != "" {
		if _, ok := goumai.AsError(err).Fields[field]; !ok {
			t.Fatalf("%s: fields %v, want %s", what, goumai.AsError(err).Fields, field)
		}
	}
}

func must[T any](t testing.TB, what string) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
}

func item(code, parent, name, itemCode string) workflow.CatalogItemInput {
	return workflow.CatalogItemInput{Code: code, Parent: parent, Name: name, ItemCode: itemCode}
}

func TestCatalogVersioning(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		svc := w.svc
		rev := member(t, w, w.zj, "zj.rev", goumai.RoleFinanceReviewer)
		appr := member(t, w, w.zj, "zj.appr", goumai.RoleFinanceApprover)
		county := member(t, w, w.xihu, "xihu.rev", goumai.RoleFinanceReviewer)

		v1 := must[sqlstore.CatalogVersionRow](t, "draft")(svc.CreateCatalogDraft(ctx, rev, workflow.CatalogDraftInput{Region: "330000", Title: "浙江省政府购买服务指导性目录（2026年版）"}))
		_, err := svc.CreateCatalogDraft(ctx, county, workflow.CatalogDraftInput{Region: "330000", Title: "x"})
		wantCode(t, "county drafts the province's catalogue", err, goumai.EForbidden, "")
		_, err = svc.CreateCatalogDraft(ctx, rev, workflow.CatalogDraftInput{Region: "330000", Title: "second"})
		wantCode(t, "second open draft", err, goumai.EConflict, "")
		_, err = svc.CreateCatalogDraft(ctx, rev, workflow.CatalogDraftInput{Region: "330100", Title: "杭州"})
		wantCode(t, "prefecture is no tier", err, goumai.EInvalid, "region")

		add := func(a goumai.Actor, v int64, in workflow.CatalogItemInput) (goumai.CatalogItem, error) {
			return svc.AddCatalogItem(ctx, a, v, in)
		}
		a := item("A", "", "公共服务", "")
		a.Class = goumai.ClassPublicService
		b := item("B", "", "政府履职所需辅助性服务", "")
		b.Class = goumai.ClassAuxiliaryService
		for _, in := range []workflow.CatalogItemInput{a, b, item("A01", "A", "社会救助", ""), item("A0101", "A01", "困难群众救助服务", "C0901"),
			item("A0102", "A01", "临时救助服务", ""), item("B01", "B", "评估", ""), item("B0101", "B01", "绩效评价服务", "C0299")} {
			must[goumai.CatalogItem](t, "add "+in.Code)(add(rev, v1.ID, in))
		}

		size := treeSize(t, s)
		bad := []struct {
			name  string
			in    workflow.CatalogItemInput
			field string
		}{
			{"malformed code", item("a-1", "A01", "x", ""), "code"},
			{"missing parent", item("C0101", "C01", "x", ""), "parent"},
			{"duplicate code", item("A0101", "A01", "x", "C0901"), "code"},
			{"class differs from parent", func() workflow.CatalogItemInput {
				x := item("A0103", "A01", "x", "")
				x.Class = goumai.ClassAuxiliaryService
				return x
			}(), "class"},
			{"bad item code", item("A0103", "A01", "x", "X12"), "item_code"},
			{"unknown negative ground", func() workflow.CatalogItemInput {
				x := item("A0103", "A01", "x", "")
				x.Negative = []goumai.NegativeFlag{"nope"}
				return x
			}(), "negative"},
			{"empty name", item("A0103", "A01", " ", ""), "name"},
		}
		for _, c := range bad {
			_, err := add(rev, v1.ID, c.in)
			wantCode(t, c.name, err, goumai.EInvalid, c.field)
		}
		must[goumai.CatalogItem](t, "level 4")(add(rev, v1.ID, item("A010101", "A0101", "四级", "C0901")))
		_, err = add(rev, v1.ID, item("A01010101", "A010101", "五级", "C0901"))
		wantCode(t, "level 5", err, goumai.EInvalid, "parent")
		must[struct{}](t, "delete level 4")(struct{}{}, svc.DeleteCatalogItem(ctx, rev, v1.ID, "A010101"))
		must[goumai.CatalogItem](t, "add A0103")(add(rev, v1.ID, item("A0103", "A01", "x", "")))
		// A county neither edits nor sees the province's draft.
		if err := svc.DeleteCatalogItem(ctx, county, v1.ID, "A0103"); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Fatalf("county deletes from the province's draft: %v", err)
		}
		must[struct{}](t, "delete A0103")(struct{}{}, svc.DeleteCatalogItem(ctx, rev, v1.ID, "A0103"))
		if got := treeSize(t, s); got != size+4 {
			t.Errorf("log grew by %d, want 4 (refused edits write nothing)", got-size)
		}

		// A leaf without its 品目 code cannot be submitted.
		_, err = svc.SubmitCatalog(ctx, rev, v1.ID, "")
		wantCode(t, "leaf without item code", err, goumai.EInvalid, "items.A0102")
		must[goumai.CatalogItem](t, "set item code")(svc.UpdateCatalogItem(ctx, rev, v1.ID, "A0102", item("", "A01", "临时救助服务", "C0901")))
		must[sqlstore.CatalogVersionRow](t, "submit")(svc.SubmitCatalog(ctx, rev, v1.ID, "请审核"))

		// The public and a county see no draft; edits stop under review.
		if _, err := svc.CatalogVersion(ctx, goumai.Actor{}, v1.ID); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Fatalf("public reads a version under review: %v", err)
		}
		if _, err := svc.CatalogVersion(ctx, county, v1.ID); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Fatalf("county reads the province's draft: %v", err)
		}
		_, err = add(rev, v1.ID, item("A0104", "A01", "x", "C0901"))
		wantCode(t, "edit under review", err, goumai.EConflict, "")
		_, err = svc.PublishCatalog(ctx, rev, v1.ID, "")
		wantCode(t, "reviewer publishes", err, goumai.EForbidden, "")
		_, err = svc.ReturnCatalog(ctx, appr, v1.ID, "  ")
		wantCode(t, "return without opinion", err, goumai.EInvalid, "opinion")
		must[sqlstore.CatalogVersionRow](t, "return")(svc.ReturnCatalog(ctx, appr, v1.ID, "请补充说明"))
		in := must[workflow.Inbox](t, "inbox")(svc.Inbox(ctx, rev))
		if len(in.Returned) != 1 || !strings.Contains(in.Returned[0].Title, "请补充说明") {
			t.Errorf("reviewer's returned list = %+v, want the version with the opinion", in.Returned)
		}
		must[sqlstore.CatalogVersionRow](t, "resubmit")(svc.SubmitCatalog(ctx, rev, v1.ID, ""))
		in = must[workflow.Inbox](t, "inbox")(svc.Inbox(ctx, appr))
		in.Todo = notReports(in.Todo)
		if len(in.Todo) != 1 || in.Todo[0].Kind != "todo.kind.catalog_review" {
			t.Errorf("approver's to-do = %+v, want the version to review", in.Todo)
		}
		v1 = must[sqlstore.CatalogVersionRow](t, "publish")(svc.PublishCatalog(ctx, appr, v1.ID, "同意发布"))
		if v1.Status != goumai.CatalogPublished || v1.ItemCount != 7 || v1.ItemsSHA256 == "" {
			t.Fatalf("published %+v", v1)
		}
		trail := must[[]sqlstore.CatalogReview](t, "trail")(svc.CatalogTrail(ctx, rev, v1.ID))
		var steps []string
		for _, r := range trail {
			steps = append(steps, r.Action+":"+r.Opinion)
		}
		if got, want := strings.Join(steps, ","), "create:,submit:请审核,return:请补充说明,submit:,publish:同意发布"; got != want {
			t.Errorf("trail = %s, want %s", got, want)
		}
		if pub := must[[]sqlstore.CatalogReview](t, "public trail")(svc.CatalogTrail(ctx, goumai.Actor{}, v1.ID)); len(pub) != 1 {
			t.Errorf("public trail has %d steps, want only the publication", len(pub))
		}

		// Version 2: copied, changed, future-dated.
		clock.Advance(24 * time.Hour)
		v2 := must[sqlstore.CatalogVersionRow](t, "draft 2")(svc.CreateCatalogDraft(ctx, rev, workflow.CatalogDraftInput{Region: "330000", Title: "2027年版", EffectiveFrom: "2026-04-01"}))
		if v2.Number != 2 || v2.BasedOn != v1.ID {
			t.Fatalf("draft 2 = number %d based on %d", v2.Number, v2.BasedOn)
		}
		must[goumai.CatalogItem](t, "rename")(svc.UpdateCatalogItem(ctx, rev, v2.ID, "A0101", item("", "A01", "困难群众基本生活救助服务", "C0901")))
		moved := must[goumai.CatalogItem](t, "move")(svc.UpdateCatalogItem(ctx, rev, v2.ID, "A0102", item("", "B01", "临时救助评估", "C0901")))
		if moved.Class != goumai.ClassAuxiliaryService || moved.Level != 3 {
			t.Errorf("moved item = %+v, want the new parent's class", moved)
		}
		_, err = svc.UpdateCatalogItem(ctx, rev, v2.ID, "A01", item("", "A0101", "社会救助", ""))
		wantCode(t, "move under own child", err, goumai.EInvalid, "parent")
		flag := item("", "B01", "绩效评价服务", "C0299")
		flag.Negative = []goumai.NegativeFlag{goumai.NegMustBePerformedByGov}
		must[goumai.CatalogItem](t, "flag")(svc.UpdateCatalogItem(ctx, rev, v2.ID, "B0101", flag))
		must[goumai.CatalogItem](t, "add")(add(rev, v2.ID, item("A0103", "A01", "流浪乞讨人员救助服务", "C0901")))
		d := must[goumai.CatalogDiff](t, "diff")(svc.CatalogDiff(ctx, rev, v1.ID, v2.ID))
		var changes []string
		for _, c := range d.Changed {
			changes = append(changes, c.Code+"="+strings.Join(c.Fields, "+"))
		}
		if len(d.Added) != 1 || d.Added[0].Code != "A0103" || len(d.Removed) != 0 ||
			strings.Join(changes, " ") != "A0101=name A0102=parent+name+class B0101=negative" {
			t.Errorf("diff: added %v removed %v changed %v", d.Added, d.Removed, changes)
		}
		if _, err := svc.CatalogDiff(ctx, goumai.Actor{}, v1.ID, v2.ID); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Errorf("public diffs against a draft: %v", err)
		}
		must[sqlstore.CatalogVersionRow](t, "submit 2")(svc.SubmitCatalog(ctx, rev, v2.ID, ""))
		v2 = must[sqlstore.CatalogVersionRow](t, "publish 2")(svc.PublishCatalog(ctx, appr, v2.ID, ""))
		midnight := time.Date(2026, 4, 1, 0, 0, 0, 0, goumai.Shanghai)
		if v2.Status != goumai.CatalogScheduled || !v2.EffectiveFrom.Equal(midnight) {
			t.Fatalf("v2 published as %s from %v; want scheduled from %v", v2.Status, v2.EffectiveFrom, midnight)
		}
		// Until the new version's date the old one stays in force, and the new one
		// is shown as upcoming; on the date (midnight in Shanghai) they change places.
		statuses := func() (goumai.CatalogStatus, goumai.CatalogStatus) {
			t.Helper()
			var got []goumai.CatalogStatus
			for _, v := range must[[]sqlstore.CatalogVersionRow](t, "history")(svc.CatalogVersions(ctx, goumai.Actor{}, "330000", 0)) {
				got = append(got, v.Status) // newest first
			}
			if len(got) != 2 {
				t.Fatalf("history has %d versions, want 2", len(got))
			}
			if one := must[sqlstore.CatalogVersionRow](t, "v1")(svc.CatalogVersion(ctx, goumai.Actor{}, v1.ID)); one.Status != got[1] {
				t.Errorf("v1 reads as %s alone but %s in the history", one.Status, got[1])
			}
			return got[1], got[0]
		}
		old := must[sqlstore.CatalogVersionRow](t, "v1")(svc.CatalogVersion(ctx, goumai.Actor{}, v1.ID))
		if old.EffectiveTo == nil || !old.EffectiveTo.Equal(midnight) {
			t.Fatalf("v1 after v2 ends at %v; want %v", old.EffectiveTo, midnight)
		}
		for _, c := range []struct {
			at     time.Time
			v1, v2 goumai.CatalogStatus
		}{
			{clock.Now(), goumai.CatalogPublished, goumai.CatalogScheduled},
			{midnight.Add(-time.Second), goumai.CatalogPublished, goumai.CatalogScheduled},
			{midnight, goumai.CatalogSuperseded, goumai.CatalogPublished},
		} {
			clock.Set(c.at)
			if s1, s2 := statuses(); s1 != c.v1 || s2 != c.v2 {
				t.Errorf("at %v: v1 %s, v2 %s; want %s, %s", c.at, s1, s2, c.v1, c.v2)
			}
		}
		clock.Set(midnight.AddDate(0, 0, -7))
		if stored := must[sqlstore.CatalogVersionRow](t, "stored v1")(s.CatalogVersion(ctx, v1.ID)); stored.Status != goumai.CatalogPublished {
			t.Errorf("v1 is stored as %s; a replaced version's status is never flipped", stored.Status)
		}
		// A third version cannot take effect before the scheduled one.
		v3 := must[sqlstore.CatalogVersionRow](t, "draft 3")(svc.CreateCatalogDraft(ctx, rev, workflow.CatalogDraftInput{Region: "330000", Title: "修订", EffectiveFrom: "2026-03-30"}))
		must[sqlstore.CatalogVersionRow](t, "submit 3")(svc.SubmitCatalog(ctx, rev, v3.ID, ""))
		_, err = svc.PublishCatalog(ctx, appr, v3.ID, "")
		wantCode(t, "publish before the scheduled version", err, goumai.EInvalid, "effective_from")
		must[sqlstore.CatalogVersionRow](t, "return 3")(svc.ReturnCatalog(ctx, appr, v3.ID, "生效日期有误"))
		for _, c := range []struct {
			at   time.Time
			want int64
		}{{clock.Now(), v1.ID}, {v2.EffectiveFrom.Add(-time.Microsecond), v1.ID}, {v2.EffectiveFrom, v2.ID}} {
			if _, _, v, err := s.CatalogItemInForce(ctx, "330106", 0, "A0101", c.at); err != nil || v.ID != c.want {
				t.Errorf("in force at %v: version %d (%v), want %d", c.at, v.ID, err, c.want)
			}
		}
		verify(t, s)
	})
}

func TestDepartmentCatalog(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		svc := w.svc
		rev := member(t, w, w.zj, "zj.rev", goumai.RoleFinanceReviewer)
		appr := member(t, w, w.zj, "zj.appr", goumai.RoleFinanceApprover)
		mz, err := svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: "浙江省民政厅", Kind: goumai.KindStateOrgan, CreditCode: code(t, "330000", "00200009X"), Region: "330000"})
		if err != nil {
			t.Fatal(err)
		}
		staff := member(t, w, mz, "zjmz.staff", goumai.RolePurchaserStaff)

		_, err = svc.CreateCatalogDraft(ctx, staff, workflow.CatalogDraftInput{Region: "330000", DeptOrgID: mz.ID, Title: "民政厅目录"})
		wantCode(t, "department before the tier has a catalogue", err, goumai.EInvalid, "dept_org_id")
		tier := must[sqlstore.CatalogVersionRow](t, "tier")(svc.CreateCatalogDraft(ctx, rev, workflow.CatalogDraftInput{Region: "330000", Title: "省目录"}))
		a := item("A", "", "公共服务", "")
		a.Class = goumai.ClassPublicService
		for _, in := range []workflow.CatalogItemInput{a, item("A01", "A", "社会救助", ""), item("A0101", "A01", "困难群众救助服务", "C0901"),
			item("A02", "A", "养老服务", ""), item("A0201", "A02", "居家养老服务", "C0902")} {
			must[goumai.CatalogItem](t, "add "+in.Code)(svc.AddCatalogItem(ctx, rev, tier.ID, in))
		}
		must[sqlstore.CatalogVersionRow](t, "submit")(svc.SubmitCatalog(ctx, rev, tier.ID, ""))
		must[sqlstore.CatalogVersionRow](t, "publish")(svc.PublishCatalog(ctx, appr, tier.ID, ""))

		_, err = svc.CreateCatalogDraft(ctx, w.zjAdmin, workflow.CatalogDraftInput{Region: "330000", DeptOrgID: mz.ID, Title: "x"})
		wantCode(t, "another organisation drafts the department's catalogue", err, goumai.EForbidden, "")
		d := must[sqlstore.CatalogVersionRow](t, "dept draft")(svc.CreateCatalogDraft(ctx, staff, workflow.CatalogDraftInput{Region: "330000", DeptOrgID: mz.ID, Title: "浙江省民政厅政府购买服务指导性目录"}))
		if d.BasedOn != tier.ID {
			t.Fatalf("department draft based on %d, want the tier's %d", d.BasedOn, tier.ID)
		}
		_, err = svc.UpdateCatalogItem(ctx, staff, d.ID, "A0101", item("", "A01", "改名", "C0901"))
		wantCode(t, "department renames a tier item", err, goumai.EInvalid, "code")
		_, err = svc.AddCatalogItem(ctx, staff, d.ID, item("A0102", "A01", "新增三级", "C0901"))
		wantCode(t, "department adds a level-3 item", err, goumai.EInvalid, "parent")
		must[goumai.CatalogItem](t, "level-4 extension")(svc.AddCatalogItem(ctx, staff, d.ID, item("A010101", "A0101", "特困人员供养服务", "C0901")))
		must[struct{}](t, "narrow")(struct{}{}, svc.DeleteCatalogItem(ctx, staff, d.ID, "A02"))
		must[sqlstore.CatalogVersionRow](t, "dept submit")(svc.SubmitCatalog(ctx, staff, d.ID, ""))
		_, err = svc.PublishCatalog(ctx, staff, d.ID, "")
		wantCode(t, "department publishes itself", err, goumai.EForbidden, "")
		d = must[sqlstore.CatalogVersionRow](t, "dept publish")(svc.PublishCatalog(ctx, appr, d.ID, "备案"))
		if d.TierVersionID != tier.ID || d.ItemCount != 4 {
			t.Errorf("department version: tier %d, %d items", d.TierVersionID, d.ItemCount)
		}
		for _, c := range []struct {
			code        string
			found, leaf bool
		}{{"A010101", true, true}, {"A0101", true, false}, {"A0201", false, false}} {
			_, leaf, v, err := s.CatalogItemInForce(ctx, "330000", mz.ID, c.code, clock.Now())
			if (err == nil) != c.found || !c.found && goumai.ErrorCode(err) != goumai.ENotFound || leaf != c.leaf || v.ID != d.ID {
				t.Errorf("%s for the department: found %v (%v) leaf %v in %d; want %v %v in %d", c.code, err == nil, err, leaf, v.ID, c.found, c.leaf, d.ID)
			}
		}

		// The tier publishes a version for 1 June that renames A0101. A department
		// version for that date must fit the tier's version of that date, not today's.
		t2 := must[sqlstore.CatalogVersionRow](t, "tier 2")(svc.CreateCatalogDraft(ctx, rev, workflow.CatalogDraftInput{Region: "330000", Title: "省目录（修订）", EffectiveFrom: "2026-06-01"}))
		must[goumai.CatalogItem](t, "rename")(svc.UpdateCatalogItem(ctx, rev, t2.ID, "A0101", item("", "A01", "困难群众基本生活救助服务", "C0901")))
		must[sqlstore.CatalogVersionRow](t, "submit tier 2")(svc.SubmitCatalog(ctx, rev, t2.ID, ""))
		must[sqlstore.CatalogVersionRow](t, "publish tier 2")(svc.PublishCatalog(ctx, appr, t2.ID, ""))
		d2 := must[sqlstore.CatalogVersionRow](t, "dept draft 2")(svc.CreateCatalogDraft(ctx, staff, workflow.CatalogDraftInput{Region: "330000", DeptOrgID: mz.ID, Title: "民政厅目录（修订）", EffectiveFrom: "2026-06-01"}))
		_, err = svc.SubmitCatalog(ctx, staff, d2.ID, "")
		wantCode(t, "department version dated after the tier's scheduled one", err, goumai.EInvalid, "items.A0101")
		must[sqlstore.CatalogVersionRow](t, "dept date")(svc.UpdateCatalogDraft(ctx, staff, d2.ID, workflow.CatalogDraftInput{Title: "民政厅目录（修订）", EffectiveFrom: "2026-05-01"}))
		if d2 = must[sqlstore.CatalogVersionRow](t, "dept submit 2")(svc.SubmitCatalog(ctx, staff, d2.ID, "")); d2.TierVersionID != tier.ID {
			t.Errorf("department version of 1 May checked against tier version %d, want %d (in force then)", d2.TierVersionID, tier.ID)
		}
		verify(t, s)
	})
}

func TestSuggestions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newWorld(t, s)
		svc := w.svc
		rev := member(t, w, w.zj, "zj.rev", goumai.RoleFinanceReviewer)
		county := member(t, w, w.xihu, "xihu.rev", goumai.RoleFinanceReviewer)
		size := treeSize(t, s)
		for _, c := range []struct {
			name  string
			in    workflow.SuggestionInput
			field string
		}{
			{"no title", workflow.SuggestionInput{Region: "330000", Body: "b", Submitter: "x"}, "title"},
			{"long body", workflow.SuggestionInput{Region: "330000", Title: "t", Body: strings.Repeat("长", goumai.MaxSuggestionBody+1), Submitter: "x"}, "body"},
			{"no name", workflow.SuggestionInput{Region: "330000", Title: "t", Body: "b"}, "submitter"},
			{"county is no tier", workflow.SuggestionInput{Region: "330106", Title: "t", Body: "b", Submitter: "x"}, "region"},
			{"bad item code", workflow.SuggestionInput{Region: "330000", ItemCode: "A-1", Title: "t", Body: "b", Submitter: "x"}, "item_code"},
			{"long contact", workflow.SuggestionInput{Region: "330000", Title: "t", Body: "b", Submitter: "x", Contact: strings.Repeat("1", 101)}, "contact"},
		} {
			_, err := svc.SubmitSuggestion(ctx, c.in)
			wantCode(t, c.name, err, goumai.EInvalid, c.field)
		}
		if got := treeSize(t, s); got != size {
			t.Fatalf("refused suggestions wrote %d events", got-size)
		}
		g := must[goumai.Suggestion](t, "suggest")(svc.SubmitSuggestion(ctx, workflow.SuggestionInput{Region: "330000", ItemCode: "a0101",
			Title: "建议增加老年助餐服务", Body: "社区老年食堂运营可由社会组织承接。", Submitter: "西湖居民", Contact: "13800000000"}))
		evs, err := s.FindEvents(ctx, sqlstore.EventFilter{Region: "330000", Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			if strings.Contains(string(e.State), "13800000000") && e.Public {
				t.Fatalf("contact published in event %d", e.ID)
			}
		}
		in := must[workflow.Inbox](t, "inbox")(svc.Inbox(ctx, rev))
		in.Todo = notReports(in.Todo)
		if len(in.Todo) != 1 || in.Todo[0].Kind != "todo.kind.catalog_suggestion" {
			t.Fatalf("reviewer's to-do = %+v", in.Todo)
		}
		if _, err := svc.AnswerSuggestion(ctx, county, g.ID, "答复"); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("county answers a provincial suggestion: %v", err)
		}
		if _, err := svc.SuggestionContact(ctx, goumai.Actor{}, g.ID); goumai.ErrorCode(err) != goumai.EUnauthorized {
			t.Fatalf("public reads a contact: %v", err)
		}
		if c := must[string](t, "contact")(svc.SuggestionContact(ctx, rev, g.ID)); c != "13800000000" {
			t.Errorf("contact = %q", c)
		}
		_, err = svc.AnswerSuggestion(ctx, rev, g.ID, " ")
		wantCode(t, "empty answer", err, goumai.EInvalid, "answer")
		g = must[goumai.Suggestion](t, "answer")(svc.AnswerSuggestion(ctx, rev, g.ID, "已纳入2027年版目录修订研究。"))
		if g.Status != goumai.SuggestionAnswered || g.AnsweredBy != "浙江省财政厅" || g.AnsweredAt == nil || g.ItemCode != "A0101" {
			t.Errorf("answered = %+v", g)
		}
		_, err = svc.AnswerSuggestion(ctx, rev, g.ID, "再答")
		wantCode(t, "second answer", err, goumai.EConflict, "")
		verify(t, s)
	})
}
