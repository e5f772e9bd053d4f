package demo

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

func TestMain(m *testing.M) {
	code := m.Run()
	sqltest.DropTemplates()
	os.Exit(code)
}

// allOrgs pages through every organisation.
func allOrgs(t *testing.T, s *sqlstore.Store) []goumai.Org {
	t.Helper()
	return pages(t, func(after int64) ([]goumai.Org, error) {
		return s.FindOrgs(context.Background(), sqlstore.OrgFilter{AfterID: after, Limit: 1000})
	}, func(o goumai.Org) int64 { return o.ID })
}

// allUsers pages through every account.
func allUsers(t *testing.T, s *sqlstore.Store) []goumai.User {
	t.Helper()
	return pages(t, func(after int64) ([]goumai.User, error) {
		return s.FindUsers(context.Background(), sqlstore.UserFilter{AfterID: after, Limit: 1000})
	}, func(u goumai.User) int64 { return u.ID })
}

// pages follows a keyset-paged listing to its end.
func pages[T any](t *testing.T, page func(after int64) ([]T, error), id func(T) int64) []T {
	t.Helper()
	var out []T
	for after := int64(0); ; {
		p, err := page(after)
		sqltest.Must(t, err)
		if len(p) == 0 {
			return out
		}
		out = append(out, p...)
		after = id(p[len(p)-1])
	}
}

func TestLoad(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, _ *goumai.FakeClock) {
		ctx := context.Background()
		svc := workflow.New(s)
		if ok, err := Loaded(ctx, s); err != nil || ok {
			t.Fatalf("Loaded before Load = %v, %v; want false", ok, err)
		}
		accounts, err := Load(ctx, svc)
		sqltest.Must(t, err)
		if ok, err := Loaded(ctx, s); err != nil || !ok {
			t.Fatalf("Loaded after Load = %v, %v; want true", ok, err)
		}
		if diff := cmp.Diff(List(), accounts); diff != "" {
			t.Errorf("Load's accounts differ from List (-List +Load):\n%s", diff)
		}
		orgs := allOrgs(t, s)
		t.Run("world", func(t *testing.T) { checkWorld(t, s, orgs) })
		t.Run("codes", func(t *testing.T) { checkCodes(t, orgs) })
		t.Run("accounts", func(t *testing.T) { checkAccounts(t, svc, accounts) })
		t.Run("progress", func(t *testing.T) { checkProgress(t, s, sqltest.Start, 2) }) // 2025-Q4 and 2025

		users := allUsers(t, s)
		if _, err := Load(ctx, svc); !errors.Is(err, ErrNotEmpty) {
			t.Errorf("second Load: err = %v, want ErrNotEmpty", err)
		}
		if got, want := len(allOrgs(t, s)), len(orgs); got != want {
			t.Errorf("after a second Load: %d organisations, want %d", got, want)
		}
		if got, want := len(allUsers(t, s)), len(users); got != want {
			t.Errorf("after a second Load: %d users, want %d", got, want)
		}

		_, err = s.Checkpoint(ctx)
		sqltest.Must(t, err)
		rep, err := s.Verify(ctx, nil)
		sqltest.Must(t, err)
		if !rep.OK() || rep.Unsigned != 0 {
			t.Errorf("Verify after Load: %d unsigned events, problems %q", rep.Unsigned, rep.Problems)
		}
	})
}

// checkWorld checks the regions, finance departments and kinds of the world.
func checkWorld(t *testing.T, s *sqlstore.Store, orgs []goumai.Org) {
	t.Helper()
	ctx := context.Background()
	if got, want := len(orgs), len(worldOrgs)+len(demoInstitutions); got != want { // the world and the budget's 事业单位
		t.Errorf("%d organisations, want %d", got, want)
	}
	regions := s.Regions()
	prefectures, counties := 0, 0
	for _, code := range []string{RegionNational, RegionZhejiang, RegionHangzhou, RegionNingbo, RegionXihu, RegionYuhang, RegionHaishu, RegionYinzhou} {
		fd, err := s.FinanceDept(ctx, code)
		if err != nil {
			t.Errorf("finance department of %s: %v", code, err)
			continue
		}
		if fd.Kind != goumai.KindStateOrgan || !fd.Active {
			t.Errorf("finance department %s: kind %s, active %v; want an active state organ", fd.Name, fd.Kind, fd.Active)
		}
		r, ok := regions.Get(code)
		if !ok {
			t.Errorf("no region %s", code)
		}
		if code != RegionNational && !regions.Contains(RegionZhejiang, code) {
			t.Errorf("region %s is not in 浙江省", code)
		}
		switch r.Level {
		case goumai.LevelPrefecture:
			prefectures++
		case goumai.LevelCounty:
			counties++
		}
	}
	if prefectures != 2 || counties != 4 {
		t.Errorf("%d prefectures and %d counties, want 2 and 4", prefectures, counties)
	}
	count := map[string]int{}
	for _, o := range orgs {
		switch {
		case o.FinanceDept:
			count["finance"]++
		case o.CanPurchase():
			count["purchaser"]++
			if !o.Active {
				t.Errorf("purchaser %s is inactive", o.Name)
			}
		case o.CanSupply():
			count["supplier"]++
			if !o.Active {
				count["pending"]++
			}
		default:
			count["other"]++
		}
	}
	want := map[string]int{"finance": 8, "purchaser": 13 + 3, "supplier": 30 + 1, "pending": 3, "other": 3 + len(demoInstitutions)}
	if diff := cmp.Diff(want, count); diff != "" {
		t.Errorf("organisations by role (-want +got):\n%s\n(purchasers include the three audit offices, which are state organs; suppliers the purchasing agency, a company)", diff)
	}
}

// checkCodes checks that every organisation carries a credit code whose parts
// match its kind and region, and that the suppliers cover every eligible kind.
func checkCodes(t *testing.T, orgs []goumai.Org) {
	t.Helper()
	kinds := map[string]bool{}
	for _, o := range orgs {
		if o.CreditCode == "" {
			t.Errorf("%s has no credit code", o.Name)
			continue
		}
		if m := goumai.CheckCreditCode(o.CreditCode); m != nil {
			t.Errorf("%s: credit code %s: %s", o.Name, o.CreditCode, m.EN)
		}
		if c9, err := OrgCodeCheck(o.CreditCode[8:16]); err != nil || c9 != o.CreditCode[16] {
			t.Errorf("%s: organisation code %s has check %q, want %q (%v)", o.Name, o.CreditCode[8:17], o.CreditCode[16], c9, err)
		}
		if got := o.CreditCode[2:8]; got != o.Region {
			t.Errorf("%s: credit code region %s, want the organisation's %s", o.Name, got, o.Region)
		}
		if want := authorities[o.Kind]; !strings.ContainsRune(want, rune(o.CreditCode[0])) {
			t.Errorf("%s (%s): credit code %s starts with %c, want one of %q", o.Name, o.Kind, o.CreditCode, o.CreditCode[0], want)
		}
		if !o.CanSupply() {
			continue
		}
		k := string(o.Kind)
		switch o.Kind {
		case goumai.KindInstitution:
			k += "/" + string(o.Class)
		case goumai.KindMassOrg:
			k += "/" + string(o.Staffing)
		}
		kinds[k] = true
	}
	want := map[string]bool{"enterprise": true, "social_org": true, "institution/public_welfare_2": true, "institution/business": true,
		"rural_collective": true, "grassroots": true, "individual": true, "mass_org/self_funded": true}
	if diff := cmp.Diff(want, kinds); diff != "" {
		t.Errorf("supplier kinds (-want +got):\n%s", diff)
	}
}

// authorities are the registration authorities (first credit-code character)
// allowed per kind: 1 编办, 3 司法行政, 5 民政, 8 工会, 9 市场监管, N 农业农村.
var authorities = map[goumai.OrgKind]string{
	goumai.KindStateOrgan: "1", goumai.KindPartyOrgan: "1", goumai.KindInstitution: "1",
	goumai.KindSocialOrg: "5", goumai.KindEnterprise: "93", goumai.KindMassOrg: "18",
	goumai.KindRuralCollect: "N", goumai.KindGrassroots: "5", goumai.KindIndividual: "9",
}

// checkAccounts signs every account in and compares its memberships with the table.
func checkAccounts(t *testing.T, svc *workflow.Service, accounts Accounts) {
	t.Helper()
	ctx := context.Background()
	roles := map[goumai.Role]int{}
	for _, a := range accounts {
		token, ss, err := svc.Login(ctx, a.Username, Password, "test", "web", "zh")
		if err != nil {
			t.Errorf("login %s: %v", a.Username, err)
			continue
		}
		ms, err := svc.Store.Memberships(ctx, ss.UserID)
		sqltest.Must(t, err)
		var got []goumai.Role
		for _, m := range ms {
			if m.Org.Name != a.Org || m.Org.Region != a.Region {
				t.Errorf("%s: member of %s in %s, want %s in %s", a.Username, m.Org.Name, m.Org.Region, a.Org, a.Region)
			}
			got = append(got, m.Role)
		}
		if diff := cmp.Diff(a.Roles, got, sortRoles); diff != "" {
			t.Errorf("%s: roles (-want +got):\n%s", a.Username, diff)
		}
		actor, _, err := svc.Authenticate(ctx, token)
		sqltest.Must(t, err)
		if a.Pending != (len(actor.Roles) == 0) {
			t.Errorf("%s: acts with roles %v; pending registration %v", a.Username, actor.Roles, a.Pending)
		}
		for _, r := range a.Roles {
			if !a.Pending {
				roles[r]++
			}
		}
	}
	for _, r := range goumai.Roles {
		if roles[r] == 0 {
			t.Errorf("no active account holds role %s", r)
		}
	}
}

var sortRoles = cmp.Transformer("sort", func(rs []goumai.Role) map[goumai.Role]int {
	m := map[goumai.Role]int{}
	for _, r := range rs {
		m[r]++
	}
	return m
})

func TestScale(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, _ *goumai.FakeClock) {
		ctx := context.Background()
		svc := workflow.New(s)
		written := 0
		orgs, users, err := Scale(ctx, svc, ScaleOptions{N: 200, Seed: 1, Batch: 64, Progress: func(n int) { written += n }})
		sqltest.Must(t, err)
		if orgs != 200 || users != 200 || written != 400 {
			t.Errorf("Scale reported %d organisations, %d users, progress %d; want 200, 200, 400", orgs, users, written)
		}
		all := allOrgs(t, s)
		if len(all) != 200 {
			t.Errorf("%d organisations in the database, want 200", len(all))
		}
		provinces := map[string]bool{}
		for _, o := range all {
			if m := goumai.CheckCreditCode(o.CreditCode); m != nil {
				t.Errorf("%s: credit code %q: %s", o.Name, o.CreditCode, m.EN)
			}
			if r, _ := s.Regions().Get(o.Region); r.Level != goumai.LevelCounty {
				t.Errorf("%s: region %s is not county-level", o.Name, o.Region)
			}
			provinces[s.Regions().Path(o.Region)[1].Code] = true
		}
		if len(provinces) < 10 {
			t.Errorf("200 organisations fall in only %d provinces; want them spread over the country", len(provinces))
		}
		if got := len(allUsers(t, s)); got != 200 {
			t.Errorf("%d users in the database, want 200", got)
		}
		if _, _, err := svc.Login(ctx, allUsers(t, s)[0].Username, Password, "test", "api", "en"); err != nil {
			t.Errorf("login as a scale user: %v", err)
		}
		// A second run must not collide with the first.
		_, _, err = Scale(ctx, svc, ScaleOptions{N: 10, Seed: 1})
		sqltest.Must(t, err)
		_, err = s.Checkpoint(ctx)
		sqltest.Must(t, err)
		rep, err := s.Verify(ctx, nil)
		sqltest.Must(t, err)
		if !rep.OK() {
			t.Errorf("Verify after Scale: %q", rep.Problems)
		}
	})
}

func TestScaleReproducible(t *testing.T) {
	ctx := context.Background()
	var runs [2][]goumai.Org
	for i := range runs {
		s := sqltest.SQLite(t, goumai.NewFakeClock(sqltest.Start))
		_, _, err := Scale(ctx, workflow.New(s), ScaleOptions{N: 30, Seed: 42})
		sqltest.Must(t, err)
		runs[i] = allOrgs(t, s)
	}
	if diff := cmp.Diff(runs[0], runs[1]); diff != "" {
		t.Errorf("two runs with the same seed differ (-first +second):\n%s", diff)
	}
}

// TestBatchAllOrNothing checks that the batch use cases Scale relies on commit
// nothing when one item fails, and report that item's error code.
func TestBatchAllOrNothing(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, _ *goumai.FakeClock) {
		ctx := context.Background()
		svc := workflow.New(s)
		svc.PasswordParams = workflow.FastPasswordParams
		g := newGenerator(s.Regions(), 5, 0)
		a, err := g.org()
		sqltest.Must(t, err)
		b, err := g.org()
		sqltest.Must(t, err)
		dup := b
		dup.Name += "（重复）"
		if _, err := svc.CreateOrgs(ctx, goumai.System, []workflow.OrgInput{a, b, dup}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("CreateOrgs with a repeated credit code: %v, want code %s", err, goumai.EConflict)
		}
		if n := len(allOrgs(t, s)); n != 0 {
			t.Errorf("a failed CreateOrgs left %d organisations", n)
		}
		orgs, err := svc.CreateOrgs(ctx, goumai.System, []workflow.OrgInput{a, b})
		sqltest.Must(t, err)
		m1, m2 := g.member(orgs[0]), g.member(orgs[1])
		m2.User.Username = m1.User.Username
		if _, err := svc.CreateUsers(ctx, goumai.System, []workflow.NewMember{m1, m2}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("CreateUsers with a repeated username: %v, want code %s", err, goumai.EConflict)
		}
		m2 = g.member(orgs[1])
		m2.User.Password = "short"
		if _, err := svc.CreateUsers(ctx, goumai.System, []workflow.NewMember{m1, m2}); goumai.ErrorCode(err) != goumai.EInvalid {
			t.Errorf("CreateUsers with a short password: %v, want code %s", err, goumai.EInvalid)
		}
		if n := len(allUsers(t, s)); n != 0 {
			t.Errorf("failed CreateUsers left %d users", n)
		}
	})
}
