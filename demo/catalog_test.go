package demo_test

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestLoadCatalog loads the demo catalogues on a demo world and checks what
// the portal and the projects rely on: central and provincial versions in
// force, a superseded provincial version with a difference, the department's
// fourth level, the negative list, the suggestions, and the log verifies.
func TestLoadCatalog(t *testing.T) {
	ctx := context.Background()
	s := sqltest.SQLite(t, goumai.NewFakeClock(sqltest.Start))
	svc := workflow.New(s)
	svc.PasswordParams = workflow.FastPasswordParams
	loaded, err := demo.Loaded(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded {
		if _, err := demo.Load(ctx, svc); err != nil {
			t.Fatal(err)
		}
	}
	if vs, err := s.FindCatalogVersions(ctx, sqlstore.VersionFilter{AnyDept: true}); err != nil {
		t.Fatal(err)
	} else if len(vs) == 0 {
		if err := demo.LoadCatalog(ctx, svc); err != nil {
			t.Fatal(err)
		}
	}
	now := svc.Clock.Now()
	for _, c := range []struct {
		region, code string
		dept         int64
		purchasable  bool
		negative     bool
	}{
		{"330106", demo.DemoCodeHomeCare, 0, true, false},
		{"330106", demo.DemoCodeAssist, 0, true, false},
		{"330106", demo.DemoCodeMeals, 0, true, false},
		{"330106", "A9902", 0, false, true},
		{"110101", "A0503", 0, true, false}, // no Beijing catalogue: central
		{"100000", "B9903", 0, false, true},
	} {
		it, leaf, v, err := s.CatalogItemInForce(ctx, c.region, c.dept, c.code, now)
		if err != nil {
			t.Errorf("%s in %s: %v", c.code, c.region, err)
			continue
		}
		if it.Purchasable(leaf) != c.purchasable || (len(it.Negative) > 0) != c.negative || v.Status != goumai.CatalogPublished {
			t.Errorf("%s in %s: purchasable %v negative %v (%s); want %v %v", c.code, c.region, it.Purchasable(leaf), it.Negative, v.Status, c.purchasable, c.negative)
		}
	}

	zj, err := s.FindCatalogVersions(ctx, sqlstore.VersionFilter{Region: demo.RegionZhejiang})
	if err != nil || len(zj) != 2 || zj[0].StatusAt(now) != goumai.CatalogPublished || zj[1].StatusAt(now) != goumai.CatalogSuperseded {
		t.Fatalf("浙江 versions: %+v %v; want 2026 published over 2025 superseded", zj, err)
	}
	d, err := svc.CatalogDiff(ctx, goumai.Actor{}, zj[1].ID, zj[0].ID)
	if err != nil || len(d.Added) != 5 || len(d.Removed) != 0 || len(d.Changed) != 2 {
		t.Errorf("2025→2026 diff: %d added, %d removed, %d changed (%v); want 5, 0, 2", len(d.Added), len(d.Removed), len(d.Changed), err)
	}

	mz, err := s.FindOrgs(ctx, sqlstore.OrgFilter{Query: "浙江省民政厅", Limit: 1})
	if err != nil || len(mz) != 1 {
		t.Fatalf("浙江省民政厅: %v", err)
	}
	it, leaf, v, err := s.CatalogItemInForce(ctx, demo.RegionZhejiang, mz[0].ID, "A010103", now)
	if err != nil || !leaf || it.Level != 4 || v.DeptOrgID != mz[0].ID {
		t.Errorf("department level 4: %+v leaf %v in %+v: %v", it, leaf, v, err)
	}
	if _, _, _, err := s.CatalogItemInForce(ctx, demo.RegionZhejiang, mz[0].ID, "A0201", now); goumai.ErrorCode(err) != goumai.ENotFound {
		t.Errorf("the department narrowed out 中小学课后服务, got %v", err)
	}

	sugs, err := s.FindSuggestions(ctx, sqlstore.SuggestionFilter{Region: demo.RegionZhejiang})
	if err != nil || len(sugs) != 2 {
		t.Fatalf("浙江 suggestions: %d %v", len(sugs), err)
	}
	answered := 0
	for _, g := range sugs {
		if g.Status == goumai.SuggestionAnswered && g.Answer != "" {
			answered++
		}
	}
	if answered != 1 {
		t.Errorf("%d answered suggestions, want 1", answered)
	}
	if _, err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	if rep, err := s.Verify(ctx, nil); err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", err, rep.Problems)
	}
}
