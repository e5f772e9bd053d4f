package workflow_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// sw is a world with two suppliers and finance staff at three levels.
type sw struct {
	*world
	s                      *sqlstore.Store
	kangning, xixi         goumai.Org
	kangAdmin, xixiAdmin   goumai.Actor
	zjReviewer, xihuReview goumai.Actor
	nbReviewer             goumai.Actor // 宁波市财政局: another prefecture's department
}

func newSupplierWorld(t *testing.T, s *sqlstore.Store) *sw {
	t.Helper()
	ctx := context.Background()
	w := &sw{world: newWorld(t, s), s: s}
	supplier := func(name, body, username string) (goumai.Org, goumai.Actor) {
		o, err := w.svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: name, Kind: goumai.KindEnterprise, CreditCode: enterpriseCode(t, "330106", body), Region: "330106"})
		if err != nil {
			t.Fatal(err)
		}
		u, err := w.svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: username, DisplayName: "管理员", Password: "Test-2026-goumai"}, o.ID, goumai.RoleAdmin)
		if err != nil {
			t.Fatal(err)
		}
		return o, goumai.Actor{UserID: u.ID, Username: username, Org: o, Roles: []goumai.Role{goumai.RoleAdmin, goumai.RoleSupplier}}
	}
	w.kangning, w.kangAdmin = supplier("杭州康宁养老服务有限公司", "MA27XK0Q1", "kang.admin")
	w.xixi, w.xixiAdmin = supplier("杭州西溪物业管理有限公司", "MA27XK0Q2", "xixi.admin")
	reviewer := func(o goumai.Org, username string) goumai.Actor {
		u, err := w.svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: username, DisplayName: "审核人", Password: "Test-2026-goumai"}, o.ID, goumai.RoleFinanceReviewer)
		if err != nil {
			t.Fatal(err)
		}
		return goumai.Actor{UserID: u.ID, Username: username, Org: o, Roles: []goumai.Role{goumai.RoleFinanceReviewer}}
	}
	nb, err := w.svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: "宁波市财政局", Kind: goumai.KindStateOrgan, CreditCode: code(t, "330200", "00200009X"), Region: "330200", FinanceDept: true})
	if err != nil {
		t.Fatal(err)
	}
	w.zjReviewer, w.xihuReview, w.nbReviewer = reviewer(w.zj, "zj.reviewer"), reviewer(w.xihu, "xihu.reviewer"), reviewer(nb, "nb.reviewer")
	return w
}

func enterpriseCode(t *testing.T, region, body string) string {
	t.Helper()
	c, ok := goumai.CreditCheckChar("91" + region + body)
	if !ok {
		t.Fatalf("bad code body %s", body)
	}
	return "91" + region + body + string(c)
}

// gb18030 encodes text as Excel saves a CSV on a Chinese system.
func gb18030(t *testing.T, text string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func pdf(text string) []byte { return []byte("%PDF-1.7\n% " + text + "\n%%EOF\n") }

func dayAt(t *testing.T, s string) time.Time {
	t.Helper()
	d, err := time.ParseInLocation("2006-01-02", s, goumai.Shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// complete uploads every required evidence item for the supplier, valid from 2025.
func (w *sw) complete(t *testing.T, a goumai.Actor) []goumai.Evidence {
	return completeEvidence(t, w.svc, a)
}

// importList imports a CSV as actor a.
func (w *sw) importList(t *testing.T, a goumai.Actor, kind goumai.ListKind, csv string) goumai.CreditList {
	t.Helper()
	l, err := w.svc.ImportCreditList(context.Background(), a, workflow.ListImport{Kind: kind, Source: "测试数据"}, []byte(csv))
	if err != nil {
		t.Fatalf("import %s: %v", kind, err)
	}
	return l
}

// emptyLists imports the three credit lists with an entry for nobody we know.
func (w *sw) emptyLists(t *testing.T) {
	t.Helper()
	other := enterpriseCode(t, "330106", "MA27XK0Y9")
	for _, k := range goumai.CreditListKinds {
		w.importList(t, w.zjReviewer, k, "统一社会信用代码,名称\n"+other+",无关公司\n")
	}
}

func TestSupplierProfile(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newSupplierWorld(t, s)
		in := goumai.ProfileInput{HeadName: "王美华", HeadID: "11010519491231002X",
			Shareholder: goumai.PartyInput{Name: "杭州西溪物业管理有限公司", CreditCode: w.xixi.CreditCode}}
		// Only the supplier's own administrator writes it.
		for _, a := range []goumai.Actor{w.xixiAdmin, w.xihuAdmin, w.zjReviewer} {
			if _, err := w.svc.SaveSupplierProfile(ctx, a, w.kangning.ID, in); goumai.ErrorCode(err) != goumai.EForbidden {
				t.Errorf("%s edits 康宁's profile: %v", a.Username, err)
			}
		}
		p, err := w.svc.SaveSupplierProfile(ctx, w.kangAdmin, w.kangning.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if p.Version != 1 || p.Head.IDDigest != goumai.PersonDigest("11010519491231002X") || p.Shareholder.CreditCode != w.xixi.CreditCode {
			t.Errorf("profile %+v", p)
		}
		// The ID number is nowhere in the events: only its digest.
		evs, err := s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "supplier_profiles", Limit: 10})
		if err != nil || len(evs) != 1 || evs[0].Public || strings.Contains(string(evs[0].State), "1949") {
			t.Errorf("profile events %v %v", evs, err)
		}
		// A stale edit is refused; the next version keeps the digest when the ID is left blank.
		if _, err := w.svc.SaveSupplierProfile(ctx, w.kangAdmin, w.kangning.ID, in); goumai.ErrorCode(err) != goumai.EStale {
			t.Errorf("stale edit: %v", err)
		}
		next := goumai.ProfileInput{HeadName: "王美华", Version: 1}
		if p, err = w.svc.SaveSupplierProfile(ctx, w.kangAdmin, w.kangning.ID, next); err != nil || p.Version != 2 || p.Head.IDDigest == "" {
			t.Errorf("second version: %+v %v", p, err)
		}
		// Finance staff of another prefecture read it; another supplier does not.
		if _, err := w.svc.SupplierProfile(ctx, w.nbReviewer, w.kangning.ID); err != nil {
			t.Errorf("finance reads: %v", err)
		}
		if _, err := w.svc.SupplierProfile(ctx, w.xixiAdmin, w.kangning.ID); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("another supplier reads: %v", err)
		}
		verify(t, s)
	})
}

func TestEvidenceVersions(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newSupplierWorld(t, s)
		first := w.complete(t, w.kangAdmin)
		// A new financial report supersedes the current one; the old is kept.
		in := goumai.EvidenceInput{Kind: goumai.EvidenceFinancial, Title: "2025年度审计报告", ValidFrom: dayAt(t, "2026-03-01")}
		e, err := w.svc.AddEvidence(ctx, w.kangAdmin, w.kangning.ID, in, "审计报告.pdf", pdf("2025 audit"))
		if err != nil {
			t.Fatal(err)
		}
		if e.Supersedes != first[1].ID {
			t.Errorf("supersedes %d, want %d", e.Supersedes, first[1].ID)
		}
		all, err := w.svc.SupplierEvidence(ctx, w.kangAdmin, w.kangning.ID, false)
		current, err2 := w.svc.SupplierEvidence(ctx, w.kangAdmin, w.kangning.ID, true)
		if err != nil || err2 != nil || len(all) != 6 || len(current) != 5 {
			t.Fatalf("all %d current %d (%v %v)", len(all), len(current), err, err2)
		}
		for _, x := range all {
			if x.ID == first[1].ID && x.SupersededBy != e.ID {
				t.Errorf("old version not marked superseded: %+v", x)
			}
		}
		// "Other" items stand side by side unless one names the item it replaces.
		other := goumai.EvidenceInput{Kind: goumai.EvidenceOther, Title: "养老机构备案回执", ValidFrom: dayAt(t, "2025-01-01")}
		o1, err := w.svc.AddEvidence(ctx, w.kangAdmin, w.kangning.ID, other, "备案.png", []byte("\x89PNG\r\n\x1a\nA"))
		if err != nil {
			t.Fatal(err)
		}
		o2, err := w.svc.AddEvidence(ctx, w.kangAdmin, w.kangning.ID, other, "备案2.png", []byte("\x89PNG\r\n\x1a\nB"))
		if err != nil || o2.Supersedes != 0 {
			t.Fatalf("second other: %+v %v", o2, err)
		}
		other.Supersedes = o1.ID
		if o3, err := w.svc.AddEvidence(ctx, w.kangAdmin, w.kangning.ID, other, "备案3.png", []byte("\x89PNG\r\n\x1a\nC")); err != nil || o3.Supersedes != o1.ID {
			t.Fatalf("replacing other: %+v %v", o3, err)
		}
		if _, err := w.svc.AddEvidence(ctx, w.kangAdmin, w.kangning.ID, other, "备案4.png", []byte("\x89PNG\r\n\x1a\nD")); goumai.ErrorCode(err) != goumai.EInvalid {
			t.Fatalf("replacing a replaced item: %v", err)
		}
		// The same content uploaded again is one file.
		before := treeSize(t, s)
		again, err := w.svc.AddEvidence(ctx, w.kangAdmin, w.kangning.ID, in, "同一份.pdf", pdf("2025 audit"))
		if err != nil || again.File.SHA256 != e.File.SHA256 || treeSize(t, s)-before != 2 {
			t.Fatalf("same content: %v, %d events (want the item and the superseded one)", err, treeSize(t, s)-before)
		}
		// A file that is not an accepted type is refused, and nothing is written.
		before = treeSize(t, s)
		_, err = w.svc.AddEvidence(ctx, w.kangAdmin, w.kangning.ID, in, "报告.pdf", []byte("<html>not a pdf</html>"))
		if e := goumai.AsError(err); e.Code != goumai.EInvalid || e.Fields["file"].ZH == "" || treeSize(t, s) != before {
			t.Fatalf("html named .pdf: %v", err)
		}
		// The file is served back, checked against its digest, to whoever may see it.
		got, content, err := w.svc.EvidenceFile(ctx, w.nbReviewer, w.kangning.ID, e.ID)
		if err != nil || string(content) != string(pdf("2025 audit")) || got.File.Type != "application/pdf" {
			t.Fatalf("file: %v", err)
		}
		if _, _, err := w.svc.EvidenceFile(ctx, w.xixiAdmin, w.xixi.ID, e.ID); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Fatalf("another supplier's item through its own id: %v", err)
		}
		verify(t, s)
	})
}

func TestCreditListImport(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newSupplierWorld(t, s)
		k := w.kangning.CreditCode
		csv := "统一社会信用代码,名称,事由\n" + k + ",杭州康宁养老服务有限公司,拒不履行生效判决\n"
		// A county department does not import the national lists; a province does.
		_, err := w.svc.ImportCreditList(ctx, w.xihuReview, workflow.ListImport{Kind: goumai.ListDishonestDebtor, Source: "信用中国"}, []byte(csv))
		if e := goumai.AsError(err); e.Code != goumai.EForbidden || e.Rule != "ENG-A4" || !strings.Contains(e.Message.ZH, "ENG-A4") || !strings.Contains(e.Message.EN, "ENG-A4") {
			t.Fatalf("county imports a national list: %v (the message cites its rule)", err)
		}
		purchaser := goumai.Actor{UserID: w.xihuAdmin.UserID, Username: "purchaser", Org: w.minzheng, Roles: []goumai.Role{goumai.RoleAdmin, goumai.RolePurchaserStaff}}
		for _, a := range []goumai.Actor{w.kangAdmin, purchaser} {
			if _, err := w.svc.ImportCreditList(ctx, a, workflow.ListImport{Kind: goumai.ListBan, Source: "x"}, []byte(csv)); goumai.ErrorCode(err) != goumai.EForbidden {
				t.Errorf("%s imports: %v", a.Username, err)
			}
		}
		v1 := w.importList(t, w.zjReviewer, goumai.ListDishonestDebtor, csv)
		if v1.Version != 1 || v1.Entries != 1 || v1.SourceOrgID != w.zj.ID {
			t.Errorf("first version %+v", v1)
		}
		v2 := w.importList(t, w.zjReviewer, goumai.ListDishonestDebtor, "CREDIT_CODE,NAME\n")
		if v2.Version != 2 || v2.Entries != 0 {
			t.Errorf("second version %+v", v2)
		}
		old, err := s.CreditList(ctx, v1.ID)
		if err != nil || old.SupersededBy != v2.ID {
			t.Errorf("v1 after v2: %+v %v", old, err)
		}
		// Errors name the row and column; nothing is written.
		before := treeSize(t, s)
		bad := "统一社会信用代码,名称,决定机关,文号,起始日期,截止日期\n" +
			k + ",杭州康宁养老服务有限公司,浙江省财政厅,浙财采监〔2026〕1号,2026-01-01,2030-01-01\n" + // more than 3 years
			"91330106MA27XK0Q1X,某公司,浙江省财政厅,浙财采监〔2026〕2号,2026-13-01,2027-01-01\n"
		_, err = w.svc.ImportCreditList(ctx, w.xihuReview, workflow.ListImport{Kind: goumai.ListBan, Source: "处罚决定书"}, []byte(bad))
		e := goumai.AsError(err)
		if e.Code != goumai.EInvalid || e.Fields["2.ENDS_ON"].ZH == "" || e.Fields["3.CREDIT_CODE"].ZH == "" || e.Fields["3.STARTS_ON"].ZH == "" || treeSize(t, s) != before {
			t.Fatalf("bad ban list: %v", err)
		}
		// A county imports its own bans; GB18030 CSV from Excel is read too.
		ban := w.importList(t, w.xihuReview, goumai.ListBan, "统一社会信用代码,名称,决定机关,文号,起始日期,截止日期\n"+
			k+",杭州康宁养老服务有限公司,杭州市西湖区财政局,西财采〔2026〕3号,2026/1/1,2026年12月31日\n")
		if ban.Entries != 1 {
			t.Fatalf("ban list %+v", ban)
		}
		gbk := gb18030(t, "统一社会信用代码,名称,决定机关,决定日期,处罚种类\n"+k+",杭州康宁养老服务有限公司,杭州市市场监督管理局,2025-05-01,较大数额罚款\n")
		vl, err := w.svc.ImportCreditList(ctx, w.xihuReview, workflow.ListImport{Kind: goumai.ListViolation, Source: "行政处罚决定书"}, gbk)
		if err != nil || vl.Entries != 1 {
			t.Fatalf("GB18030 violations: %+v %v", vl, err)
		}
		_, es, err := w.svc.CreditList(ctx, w.zjReviewer, vl.ID, 0, 10)
		if err != nil || len(es) != 1 || es[0].Penalty != goumai.PenaltyLargeFine || es[0].Name != "杭州康宁养老服务有限公司" {
			t.Fatalf("violation entries %+v %v", es, err)
		}
		// The ban is public while in force.
		clock.Set(dayAt(t, "2026-06-01"))
		bans, err := w.svc.ActiveBans(ctx, 0, 100)
		if err != nil || len(bans) != 1 || bans[0].CreditCode != k || bans[0].Source != "杭州市西湖区财政局" {
			t.Fatalf("active bans %+v %v", bans, err)
		}
		clock.Set(dayAt(t, "2027-01-01"))
		if bans, err := w.svc.ActiveBans(ctx, 0, 100); err != nil || len(bans) != 0 {
			t.Fatalf("bans after the end %+v %v", bans, err)
		}
		verify(t, s)
	})
}

// TestCheckSupplier runs the check end to end, one row per clause: each case
// prepares a fresh supplier and what the lists hold, and the check must pass
// or refuse by the rule, recording the list and evidence versions it read.
func TestCheckSupplier(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newSupplierWorld(t, s)
		w.emptyLists(t)
		bid := dayAt(t, "2026-04-10").Add(9 * time.Hour)
		n := 0
		fresh := func(complete bool) (goumai.Org, goumai.Actor) {
			n++
			name := fmt.Sprintf("核查测试%02d有限公司", n)
			o, err := w.svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: name, Kind: goumai.KindEnterprise,
				CreditCode: enterpriseCode(t, "330106", fmt.Sprintf("MA2CHK%03d", n)), Region: "330106"})
			if err != nil {
				t.Fatal(err)
			}
			a := goumai.Actor{UserID: w.kangAdmin.UserID, Username: "x", Org: o, Roles: []goumai.Role{goumai.RoleAdmin, goumai.RoleSupplier}}
			if complete {
				w.complete(t, a)
			}
			return o, a
		}
		list := func(a goumai.Actor, kind goumai.ListKind, header string, rows ...string) {
			w.importList(t, a, kind, header+"\n"+strings.Join(rows, "\n")+"\n")
		}
		for _, c := range []struct {
			name    string
			prepare func(o goumai.Org, a goumai.Actor)
			rule    string
		}{
			{"complete and unlisted", func(goumai.Org, goumai.Actor) {}, ""},
			{"A3 no evidence at all", nil, "ENG-A3"},
			{"A3 large fine two years before", func(o goumai.Org, _ goumai.Actor) {
				list(w.xihuReview, goumai.ListViolation, "CREDIT_CODE,NAME,AUTHORITY,DECIDED_ON,PENALTY", o.CreditCode+","+o.Name+",杭州市市场监督管理局,2024-04-10,large_fine")
			}, "ENG-A3"},
			{"A4 政府采购严重违法失信", func(o goumai.Org, _ goumai.Actor) {
				list(w.zjReviewer, goumai.ListProcurement, "CREDIT_CODE,NAME", o.CreditCode+","+o.Name)
			}, "ENG-A4"},
			{"A5 ban by another prefecture's department (nationwide)", func(o goumai.Org, _ goumai.Actor) {
				list(w.nbReviewer, goumai.ListBan, "CREDIT_CODE,NAME,AUTHORITY,DOC_NO,STARTS_ON,ENDS_ON", o.CreditCode+","+o.Name+",宁波市财政局,甬财采〔2026〕1号,2026-01-01,2026-12-31")
			}, "ENG-A5"},
			{"A5 ban that has ended", func(o goumai.Org, _ goumai.Actor) {
				list(w.nbReviewer, goumai.ListBan, "CREDIT_CODE,NAME,AUTHORITY,DOC_NO,STARTS_ON,ENDS_ON", o.CreditCode+","+o.Name+",宁波市财政局,甬财采〔2025〕1号,2025-01-01,2026-03-31")
			}, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				o, a := fresh(c.prepare != nil)
				if c.prepare != nil {
					c.prepare(o, a)
				}
				var check goumai.SupplierCheck
				var refusal error
				// The bid's pattern: check inside the bid's transaction, keep the
				// check, refuse after the commit.
				err := s.Update(ctx, func(tx *sqlstore.Tx) error {
					var err error
					check, err = w.svc.CheckSupplier(ctx, tx, o.ID, "procurement 12 lot 1", bid)
					if goumai.ErrorCode(err) == goumai.EForbidden {
						refusal = err
						return nil
					}
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				switch {
				case c.rule == "" && refusal != nil:
					t.Fatalf("refused: %v", refusal)
				case c.rule != "" && goumai.AsError(refusal).Rule != c.rule:
					t.Fatalf("refusal %v, want %s", refusal, c.rule)
				}
				stored, err := s.SupplierCheck(ctx, check.ID)
				if err != nil || stored.Rule != c.rule || (stored.Result == goumai.CheckPassed) != (c.rule == "") || !stored.At.Equal(bid) {
					t.Fatalf("stored check %+v %v", stored, err)
				}
				if len(stored.Lists) < 3 || c.prepare != nil && len(stored.Evidence) != 5 {
					t.Errorf("versions used: lists %v evidence %v", stored.Lists, stored.Evidence)
				}
			})
		}

		// A name on a list under another code is a warning, never a refusal.
		o, a := fresh(true)
		list(w.nbReviewer, goumai.ListBan, "CREDIT_CODE,NAME,AUTHORITY,DOC_NO,STARTS_ON,ENDS_ON",
			enterpriseCode(t, "330200", "MA2YYY001")+","+o.Name+",宁波市财政局,甬财采〔2026〕9号,2026-01-01,2026-12-31")
		c, err := w.svc.RunSupplierCheck(ctx, a, o.ID, "自查", bid)
		if err != nil || c.Result != goumai.CheckPassed || len(c.Warnings) != 1 || c.Warnings[0].Rule != "ENG-A5" {
			t.Fatalf("name only: %+v %v", c, err)
		}
		// The check records the list versions it read: a later import is a new version.
		before := c.Lists
		w.emptyLists(t)
		c2, err := w.svc.RunSupplierCheck(ctx, w.zjReviewer, o.ID, "复核", bid)
		if err != nil || fmt.Sprint(c2.Lists) == fmt.Sprint(before) {
			t.Fatalf("second check read the same versions: %v then %v (%v)", before, c2.Lists, err)
		}
		// A refused check run on request is committed with its result; another supplier cannot run one.
		refused, _ := fresh(false)
		rc, err := w.svc.RunSupplierCheck(ctx, w.xihuReview, refused.ID, "核查", time.Time{})
		if err != nil || rc.Result != goumai.CheckRefused || rc.Rule != "ENG-A3" || rc.ID == 0 {
			t.Fatalf("refused on request: %+v %v", rc, err)
		}
		if _, err := w.svc.RunSupplierCheck(ctx, w.xixiAdmin, refused.ID, "窥探", time.Time{}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("another supplier runs a check: %v", err)
		}
		checks, err := w.svc.SupplierChecks(ctx, w.nbReviewer, sqlstore.CheckFilter{Result: goumai.CheckRefused, Limit: 100})
		if err != nil || len(checks) < 4 {
			t.Fatalf("finance lists refused checks: %d %v", len(checks), err)
		}
		own, err := w.svc.SupplierChecks(ctx, w.kangAdmin, sqlstore.CheckFilter{})
		if err != nil || len(own) != 0 {
			t.Fatalf("a supplier lists only its own checks: %d %v", len(own), err)
		}
		verify(t, s)
	})
}

func TestSigningKeys(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		w := newSupplierWorld(t, s)
		sk, err := goumai.GenerateSigningKey(goumai.AlgSM2, nil)
		if err != nil {
			t.Fatal(err)
		}
		pub, err := sk.Public()
		if err != nil {
			t.Fatal(err)
		}
		in := workflow.KeyInput{PublicKey: pub.PEM, Label: "CA 证书密钥"}
		if _, err := w.svc.RegisterKey(ctx, w.xixiAdmin, w.kangning.ID, in); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("another supplier registers: %v", err)
		}
		k, err := w.svc.RegisterKey(ctx, w.kangAdmin, w.kangning.ID, in)
		if err != nil || k.ID != pub.ID || k.Algorithm != goumai.AlgSM2 {
			t.Fatalf("register: %+v %v", k, err)
		}
		// A key belongs to one signer: not registered twice, by anyone.
		if _, err := w.svc.RegisterKey(ctx, w.xixiAdmin, w.xixi.ID, in); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("the same key for another supplier: %v", err)
		}
		msg := []byte("bid commitment")
		sig, err := sk.Sign(msg)
		if err != nil {
			t.Fatal(err)
		}
		signedAt := clock.Now()
		clock.Advance(time.Hour)
		if _, err := w.svc.RevokeKey(ctx, w.xixiAdmin, w.xixi.ID, k.ID); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Fatalf("another supplier revokes through its own id: %v", err)
		}
		revoked, err := w.svc.RevokeKey(ctx, w.kangAdmin, w.kangning.ID, k.ID)
		if err != nil || revoked.RevokedAt == nil {
			t.Fatalf("revoke: %+v %v", revoked, err)
		}
		if _, err := w.svc.RevokeKey(ctx, w.kangAdmin, w.kangning.ID, k.ID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("revoke twice: %v", err)
		}
		// What it signed before its revocation still verifies; nothing after.
		got, err := w.svc.SigningKey(ctx, strings.ToUpper(k.ID))
		if err != nil {
			t.Fatal(err)
		}
		if err := goumai.VerifySignatureAt(got, msg, sig, signedAt); err != nil {
			t.Errorf("signed before revocation: %v", err)
		}
		if err := goumai.VerifySignatureAt(got, msg, sig, clock.Now()); goumai.ErrorCode(err) != goumai.EInvalid {
			t.Errorf("signed after revocation: %v", err)
		}
		keys, err := w.svc.SigningKeys(ctx, w.kangning.ID)
		if err != nil || len(keys) != 1 {
			t.Fatalf("keys %v %v", keys, err)
		}
		evs, err := s.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "signing_keys", PublicOnly: true, Limit: 10})
		if err != nil || len(evs) != 2 {
			t.Fatalf("public key events %d %v", len(evs), err)
		}
		verify(t, s)
	})
}
