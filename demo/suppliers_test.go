package demo

import (
	"context"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestLoadSuppliers: the demo world's suppliers pass or fail their checks as
// the demo says — 康宁 passes, 禾田 is on the 失信被执行人 list, 东钱湖 is banned,
// 四明's ban has ended — 康宁 and 西溪 share a head, and 康宁's published demo key
// is registered and signs.
func TestLoadSuppliers(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		svc := workflow.New(s)
		if _, err := Load(ctx, svc); err != nil {
			t.Fatal(err)
		}
		if err := LoadSuppliers(ctx, svc); err != nil { // a second run adds nothing
			t.Fatal(err)
		}
		want := map[string]string{"杭州康宁养老服务有限公司": "", "杭州禾田绿化养护有限公司": "ENG-A4", "宁波东钱湖文旅发展有限公司": "ENG-A5", "宁波四明会计师事务所有限公司": ""}
		for name, rule := range want {
			o, err := demoOrg(ctx, s, name)
			if err != nil {
				t.Fatal(err)
			}
			cs, err := s.FindSupplierChecks(ctx, sqlstore.CheckFilter{OrgID: o.ID, Limit: 10})
			if err != nil || len(cs) != 1 {
				t.Fatalf("%s: checks %v %v", name, cs, err)
			}
			if cs[0].Rule != rule {
				t.Errorf("%s: check %s %s (%v), want %q", name, cs[0].Result, cs[0].Rule, cs[0].Hits, rule)
			}
		}
		kang, err := demoOrg(ctx, s, "杭州康宁养老服务有限公司")
		if err != nil {
			t.Fatal(err)
		}
		xixi, err := demoOrg(ctx, s, "杭州西溪物业管理有限公司")
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.SupplierProfile(ctx, kang.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, err := s.SupplierProfile(ctx, xixi.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, related := rules.Related(a, b); !related {
			t.Error("康宁 and 西溪 share a head but are not related")
		}
		keys, err := s.SigningKeys(ctx, kang.ID)
		if err != nil || len(keys) != 1 {
			t.Fatalf("keys %v %v", keys, err)
		}
		k, err := DemoSigningKey()
		if err != nil {
			t.Fatal(err)
		}
		sig, err := k.Sign([]byte("demo bid commitment"))
		if err != nil {
			t.Fatal(err)
		}
		if err := goumai.VerifySignature(keys[0], []byte("demo bid commitment"), sig); err != nil {
			t.Errorf("the registered key does not verify the demo key's signature: %v", err)
		}
		rep, err := s.Verify(ctx, nil)
		if err != nil || !rep.OK() {
			t.Fatalf("verify: %v %v", err, rep.Problems)
		}
	})
}
