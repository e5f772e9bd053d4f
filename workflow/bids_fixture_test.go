package workflow_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// bw is the bid test world: the procurement world with a seal key, the
// national credit lists imported, and bidders — each supplier's staff with
// its evidence complete and an Ed25519 key registered on its profile.
type bw struct {
	*prw
	bidders []bidder
	natFin  goumai.Actor // 财政部: imports the national lists
}

type bidder struct {
	goumai.Actor
	key   goumai.SigningKey
	keyID string
}

func newBidWorld(t testing.TB, s *sqlstore.Store, clock *goumai.FakeClock) *bw {
	t.Helper()
	ctx := context.Background()
	w := &bw{prw: newProcWorld(t, s, clock)}
	w.svc.Sealer = newSealer(t)
	mof, err := w.svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: "中华人民共和国财政部", Kind: goumai.KindStateOrgan,
		CreditCode: projCode(t, goumai.NationalCode, "00300099X"), Region: goumai.NationalCode, FinanceDept: true})
	if err != nil {
		t.Fatal(err)
	}
	w.natFin = w.member(t, mof, "mof.reviewer", goumai.RoleFinanceReviewer)
	for i, o := range w.suppliers {
		w.bidders = append(w.bidders, w.newBidder(t, o, fmt.Sprintf("bidder%02d", i)))
	}
	return w
}

func newSealer(t testing.TB) *goumai.Sealer {
	t.Helper()
	text, err := goumai.NewSealKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	key, err := goumai.ParseSealKey([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	sl, err := goumai.NewSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	return sl
}

// newBidder makes o ready to bid: an administrator who is also its
// supplier staff, its evidence complete, a signing key registered.
func (w *bw) newBidder(t testing.TB, o goumai.Org, username string) bidder {
	t.Helper()
	ctx := context.Background()
	a := w.member(t, o, username, goumai.RoleAdmin)
	a.Roles = []goumai.Role{goumai.RoleAdmin, goumai.RoleSupplier}
	completeEvidence(t, w.svc, a)
	k, err := goumai.GenerateSigningKey(goumai.AlgEd25519, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pub, err := k.Public()
	if err != nil {
		t.Fatal(err)
	}
	reg, err := w.svc.RegisterKey(ctx, a, o.ID, workflow.KeyInput{PublicKey: pub.PEM, Label: "投标专用"})
	if err != nil {
		t.Fatalf("register key: %v", err)
	}
	return bidder{Actor: a, key: k, keyID: reg.ID}
}

// lists imports every list nationally: the procurement credit list and the
// ban list naming the given organisations, the others nobody.
func (w *bw) lists(t testing.TB, creditListed, banned []goumai.Org) {
	t.Helper()
	ctx := context.Background()
	nobody := projCode(t, "330106", "00300098X")
	csv := map[goumai.ListKind]string{
		goumai.ListProcurement: "CREDIT_CODE,NAME\n" + nobody + ",无关公司\n",
		goumai.ListBan:         "CREDIT_CODE,NAME,AUTHORITY,DOC_NO,STARTS_ON,ENDS_ON\n",
		goumai.ListViolation:   "CREDIT_CODE,NAME,AUTHORITY,DECIDED_ON,PENALTY\n",
	}
	for _, o := range creditListed {
		csv[goumai.ListProcurement] += o.CreditCode + "," + o.Name + "\n"
	}
	for _, o := range banned {
		csv[goumai.ListBan] += o.CreditCode + "," + o.Name + ",浙江省财政厅,浙财采〔2026〕1号,2026-01-01,2026-12-31\n"
	}
	for _, k := range goumai.ListKinds {
		if csv[k] == "" {
			csv[k] = "统一社会信用代码,名称\n" + nobody + ",无关公司\n"
		}
		if _, err := w.svc.ImportCreditList(ctx, w.natFin, workflow.ListImport{Kind: k, Source: "测试数据"}, []byte(csv[k])); err != nil {
			t.Fatalf("import %s: %v", k, err)
		}
	}
}

// completeEvidence uploads every required evidence item for a's supplier, valid from 2025.
func completeEvidence(t testing.TB, svc *workflow.Service, a goumai.Actor) []goumai.Evidence {
	t.Helper()
	var out []goumai.Evidence
	for _, k := range goumai.RequiredEvidence {
		from := time.Date(2025, 1, 1, 0, 0, 0, 0, goumai.Shanghai)
		in := goumai.EvidenceInput{Kind: k, ValidFrom: from}
		if k == goumai.EvidenceDeclaration {
			d := time.Date(2026, 1, 5, 0, 0, 0, 0, goumai.Shanghai)
			in.DeclaredOn = &d
		}
		e, err := svc.AddEvidence(context.Background(), a, a.Org.ID, in, string(k)+".pdf", pdf(a.Username+" "+string(k)))
		if err != nil {
			t.Fatalf("evidence %s: %v", k, err)
		}
		out = append(out, e)
	}
	return out
}

// bidInput is a lawful bid at price.
func bidInput(price goumai.Fen) workflow.BidInput {
	return workflow.BidInput{Price: price,
		Responses: []goumai.BidResponse{{Requirement: "服务方案", Response: "配备持证护理员24名，按片区分组上门。"},
			{Requirement: "持证人员比例", Response: "全部服务人员持证，比例100%。"}},
		SME: goumai.SMEDeclaration{Size: "small", Statement: "本公司郑重声明，本公司为小型企业。"}}
}

// sign signs the bid's draft commitment with the bidder's key.
func (b bidder) sign(t testing.TB, bid goumai.Bid) workflow.SubmitInput {
	t.Helper()
	sig, err := b.key.Sign(goumai.BidSigningMessage(bid.Draft.Commitment))
	if err != nil {
		t.Fatal(err)
	}
	return workflow.SubmitInput{Commitment: bid.Draft.Commitment, KeyID: b.keyID, Signature: hex.EncodeToString(sig)}
}

// lot returns the procedure's first lot.
func (w *bw) lot(t testing.TB, p goumai.Procurement) goumai.Lot {
	t.Helper()
	lots, err := w.s.Lots(context.Background(), p.ID)
	if err != nil || len(lots) == 0 {
		t.Fatalf("lots of %d: %v %v", p.ID, lots, err)
	}
	return lots[0]
}

// tenderScene is the usual bid scene: the bid world with clean lists, an
// open tender due on 30 March 09:30 and its lot.
func tenderScene(t testing.TB, s *sqlstore.Store, clock *goumai.FakeClock) (*bw, goumai.Procurement, goumai.Lot) {
	t.Helper()
	w := newBidWorld(t, s, clock)
	w.lists(t, nil, nil)
	p := w.openTender(t, w.approved(t, 50_000_000), at(2026, 3, 30, 9, 30))
	return w, p, w.lot(t, p)
}
