package demo

import (
	"context"
	"crypto/sha256"
	"fmt"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// Demo suppliers (ENG-A2–A6, REQ-C6): profiles, evidence items of GPL-IR
// Art. 17, credit lists imported by 浙江省财政厅 with one hit, bans imported by
// 宁波市财政局 (one in force, one ended), a signing key for 杭州康宁, and checks
// of each case. Every person, ID number, company and decision is invented.

// DemoKeySeed is the seed of 杭州康宁养老服务有限公司's demo signing key (SM2).
// It is published here, so the key signs nothing real: it lets the demo's bids
// be signed by the demo loader without any file outside the database, and
// anyone can sign as the demo supplier with DemoSigningKey.
var DemoKeySeed = sha256.Sum256([]byte("goumai demo signing key: supplier.kangning (published, not secret)"))

// DemoSigningKey returns 杭州康宁's published demo key (SM2).
func DemoSigningKey() (goumai.SigningKey, error) {
	return goumai.SigningKeyFromSeed(goumai.AlgSM2, DemoKeySeed[:])
}

// Demo people (invented): heads of suppliers, by ID number (only digests are stored).
const (
	demoHeadKangning = "330106197803150021" // 王美华, head of 杭州康宁 and also of 杭州西溪物业: related bidders (ENG-A6)
	demoHeadZhijiang = "330109198206070035" // 刘子轩
	demoHeadXiyang   = "330203197509210042" // 李秀英
)

// demoProfile is one supplier's profile and evidence.
type demoProfile struct {
	org      string // the organisation's name
	account  string // its administrator, or "" to write as the system (no account in the demo)
	head     string
	headID   string
	holder   string // the controlling shareholder: a demo organisation's name, or ""
	evidence bool   // upload the five required proofs
}

var demoProfiles = []demoProfile{
	{"杭州康宁养老服务有限公司", "supplier.kangning", "王美华", demoHeadKangning, "", true},
	{"浙江之江数据科技有限公司", "supplier.zhijiang", "刘子轩", demoHeadZhijiang, "", true},
	{"宁波市鄞州区夕阳红养老服务中心", "supplier.xiyanghong", "李秀英", demoHeadXiyang, "", true},
	// Same head as 杭州康宁: the two may not bid in one lot (GPL-IR Art. 18).
	{"杭州西溪物业管理有限公司", "", "王美华", demoHeadKangning, "", true},
	// Controlled by 浙江之江: related to it.
	{"杭州禾田绿化养护有限公司", "", "周建新", "330110198001010050", "浙江之江数据科技有限公司", true},
	{"宁波东钱湖文旅发展有限公司", "", "陈国栋", "", "", true},
	// Its ban has ended: it may bid again (GPL-IR Art. 19 ¶2).
	{"宁波四明会计师事务所有限公司", "", "沈立群", "", "", true},
}

// LoadSuppliers creates the demo suppliers' data through the use cases; Load
// calls it. It does nothing when a supplier profile exists.
func LoadSuppliers(ctx context.Context, svc *workflow.Service) error {
	kang, err := demoOrg(ctx, svc.Store, demoProfiles[0].org)
	if err != nil {
		return err
	}
	if p, err := svc.Store.SupplierProfile(ctx, kang.ID); err != nil || p.Version > 0 {
		return err
	}
	now := svc.Clock.Now()
	for _, d := range demoProfiles {
		if err := loadProfile(ctx, svc, d, now); err != nil {
			return fmt.Errorf("demo supplier %s: %w", d.org, err)
		}
	}
	if err := loadLists(ctx, svc, now); err != nil {
		return err
	}
	admin, err := demoActor(ctx, svc.Store, "supplier.kangning")
	if err != nil {
		return err
	}
	key, err := DemoSigningKey()
	if err != nil {
		return err
	}
	pub, err := key.Public()
	if err != nil {
		return err
	}
	if _, err := svc.RegisterKey(ctx, admin, kang.ID, workflow.KeyInput{PublicKey: pub.PEM, Label: "演示密钥（种子公开，仅供演示）"}); err != nil {
		return fmt.Errorf("demo key: %w", err)
	}
	// One check of each case, as 浙江省财政厅's reviewer would run them.
	reviewer, err := demoActor(ctx, svc.Store, "zj.reviewer")
	if err != nil {
		return err
	}
	for _, name := range []string{"杭州康宁养老服务有限公司", "杭州禾田绿化养护有限公司", "宁波东钱湖文旅发展有限公司", "宁波四明会计师事务所有限公司"} {
		o, err := demoOrg(ctx, svc.Store, name)
		if err != nil {
			return err
		}
		if _, err := svc.RunSupplierCheck(ctx, reviewer, o.ID, "演示：资格核查", now); err != nil {
			return fmt.Errorf("demo check of %s: %w", name, err)
		}
	}
	return nil
}

// demoOrg finds a demo organisation by its name.
func demoOrg(ctx context.Context, s *sqlstore.Store, name string) (goumai.Org, error) {
	os, err := s.FindOrgs(ctx, sqlstore.OrgFilter{Query: name, Limit: 10})
	if err != nil {
		return goumai.Org{}, err
	}
	for _, o := range os {
		if o.Name == name {
			return o, nil
		}
	}
	return goumai.Org{}, fmt.Errorf("demo: no organisation %s", name)
}

func loadProfile(ctx context.Context, svc *workflow.Service, d demoProfile, now time.Time) error {
	o, err := demoOrg(ctx, svc.Store, d.org)
	if err != nil {
		return err
	}
	a := goumai.System
	if d.account != "" {
		if a, err = demoActor(ctx, svc.Store, d.account); err != nil {
			return err
		}
	}
	in := goumai.ProfileInput{HeadName: d.head, HeadID: d.headID}
	if d.headID == "" {
		in.HeadID = "E" + strings.ToUpper(fmt.Sprintf("%08x", o.ID*7919)) // an invented passport number
	}
	if d.holder != "" {
		h, err := demoOrg(ctx, svc.Store, d.holder)
		if err != nil {
			return err
		}
		in.Shareholder = goumai.PartyInput{Name: h.Name, CreditCode: h.CreditCode}
	}
	if _, err := svc.SaveSupplierProfile(ctx, a, o.ID, in); err != nil {
		return err
	}
	if !d.evidence {
		return nil
	}
	declared := goumai.StartOfDay(now).AddDate(0, -2, 0)
	for _, k := range goumai.RequiredEvidence {
		ev := goumai.EvidenceInput{Kind: k, Title: k.Label().ZH, ValidFrom: goumai.StartOfDay(now).AddDate(-1, 0, 0)}
		switch k {
		case goumai.EvidenceDeclaration:
			ev.DeclaredOn, ev.ValidFrom = &declared, declared
		case goumai.EvidenceFinancial, goumai.EvidenceTaxSocial:
			until := goumai.StartOfDay(now).AddDate(1, 0, 0)
			ev.ValidUntil = &until
		}
		if _, err := svc.AddEvidence(ctx, a, o.ID, ev, string(k)+".pdf", demoPDF(o.Name+" "+ev.Title)); err != nil {
			return fmt.Errorf("evidence %s: %w", k, err)
		}
	}
	return nil
}

// demoPDF is a one-page PDF saying text (ASCII only: the demo's documents are placeholders).
func demoPDF(text string) []byte {
	sum := sha256.Sum256([]byte(text))
	return []byte(fmt.Sprintf("%%PDF-1.4\n%% goumai demo document %x\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"+
		"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"+
		"trailer << /Root 1 0 R >>\n%%%%EOF\n", sum[:8]))
}

// loadLists imports the credit lists (浙江省财政厅, from 信用中国 as of the
// demo's day) with one hit, and 宁波市财政局's bans: one in force, one ended.
func loadLists(ctx context.Context, svc *workflow.Service, now time.Time) error {
	zj, err := demoActor(ctx, svc.Store, "zj.reviewer")
	if err != nil {
		return err
	}
	nb, err := demoActor(ctx, svc.Store, "nb.reviewer")
	if err != nil {
		return err
	}
	code := func(name string) (string, error) {
		o, err := demoOrg(ctx, svc.Store, name)
		return o.CreditCode, err
	}
	hetian, err := code("杭州禾田绿化养护有限公司")
	if err != nil {
		return err
	}
	dongqianhu, err := code("宁波东钱湖文旅发展有限公司")
	if err != nil {
		return err
	}
	siming, err := code("宁波四明会计师事务所有限公司")
	if err != nil {
		return err
	}
	minsheng, err := code("浙江民生调查评估有限公司")
	if err != nil {
		return err
	}
	day := func(t time.Time) string { return t.In(goumai.Shanghai).Format("2006-01-02") }
	today := goumai.StartOfDay(now)
	source := "信用中国 " + day(today) + " 查询结果（演示数据）"
	imports := []struct {
		who  goumai.Actor
		kind goumai.ListKind
		src  string
		csv  string
	}{
		{zj, goumai.ListDishonestDebtor, source, "统一社会信用代码,名称,执行法院,案号,列入日期,失信情形\n" +
			hetian + ",杭州禾田绿化养护有限公司,杭州市余杭区人民法院,（2025）浙0110执1234号," + day(today.AddDate(0, -4, 0)) + ",有履行能力而拒不履行生效法律文书确定义务\n"},
		{zj, goumai.ListTaxViolation, source, "统一社会信用代码,名称\n"},
		{zj, goumai.ListProcurement, "中国政府采购网 " + day(today) + " 查询结果（演示数据）", "统一社会信用代码,名称\n"},
		{nb, goumai.ListBan, "宁波市财政局行政处罚决定书（演示数据）", "统一社会信用代码,名称,决定机关,文号,起始日期,截止日期,事由\n" +
			dongqianhu + ",宁波东钱湖文旅发展有限公司,宁波市财政局,甬财采罚〔" + day(today)[:4] + "〕3号," + day(today.AddDate(0, -2, 0)) + "," + day(today.AddDate(1, -2, -1)) + ",提供虚假材料谋取中标（《政府采购法》第七十七条）\n" +
			siming + ",宁波四明会计师事务所有限公司,宁波市财政局,甬财采罚〔" + day(today.AddDate(-1, 0, 0))[:4] + "〕1号," + day(today.AddDate(-1, -1, 0)) + "," + day(today.AddDate(0, -1, -1)) + ",与其他供应商恶意串通（《政府采购法》第七十七条）\n"},
		{zj, goumai.ListViolation, "行政处罚决定书（演示数据）", "统一社会信用代码,名称,决定机关,文号,决定日期,处罚种类,事由\n" +
			minsheng + ",浙江民生调查评估有限公司,杭州市市场监督管理局,杭市监罚〔" + day(today.AddDate(-4, 0, 0))[:4] + "〕88号," + day(today.AddDate(-4, 0, 0)) + ",较大数额罚款,虚假宣传（已满三年，不再影响投标）\n"},
	}
	for _, im := range imports {
		if _, err := svc.ImportCreditList(ctx, im.who, workflow.ListImport{Kind: im.kind, Source: im.src}, []byte(im.csv)); err != nil {
			return fmt.Errorf("demo list %s: %w", im.kind, err)
		}
	}
	return nil
}
