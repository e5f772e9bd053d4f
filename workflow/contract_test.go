package workflow_test

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// contractScene is a tender whose result is published (reportedScene, the
// purchaser's confirmation of rank 1, the result notice), the purchaser's
// signing key registered: the winner, a loser, the purchaser's signer.
type contractScene struct {
	*bw
	p             goumai.Procurement
	lot           goumai.Lot
	winner, loser bidder
	buyerSigner   bidder
	award         goumai.Award
}

func newContractScene(t testing.TB, s *sqlstore.Store, clock *goumai.FakeClock) *contractScene {
	t.Helper()
	ctx := context.Background()
	w, p, lot := reportedScene(t, s, clock)
	rec := must[goumai.Opening](t, "opening")(w.svc.OpeningRecord(ctx, w.staff, p.ID))
	cheapest := cheapestOpened(rec)
	p = must[goumai.Procurement](t, "confirm")(w.svc.ConfirmResult(ctx, w.staff, p.ID, workflow.ConfirmInput{Version: p.Version,
		Lots: []workflow.LotConfirmation{{LotID: lot.ID, OpenedBidID: cheapest.ID}}}))
	must[goumai.Notice](t, "publish")(w.svc.PublishResult(ctx, w.staff, p.ID, p.Version))
	p = must[goumai.Procurement](t, "procurement")(w.svc.Procurement(ctx, w.staff, p.ID))
	sc := &contractScene{bw: w, p: p, lot: lot, award: must[[]goumai.Award](t, "awards")(s.Awards(ctx, p.ID))[0]}
	for _, b := range w.bidders {
		if b.Org.ID == cheapest.OrgID {
			sc.winner = b
		} else if sc.loser.Org.ID == 0 && slices.ContainsFunc(rec.Bids, func(o goumai.OpenedBid) bool { return o.OrgID == b.Org.ID }) {
			sc.loser = b
		}
	}
	k, err := goumai.GenerateSigningKey(goumai.AlgSM2, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pub := must[goumai.PublicKey](t, "public key")(k.Public())
	reg := must[goumai.PublicKey](t, "purchaser key")(w.svc.RegisterPurchaserKey(ctx, w.staff, w.buyer.ID, workflow.KeyInput{PublicKey: pub.PEM, Label: "合同专用章"}))
	sc.buyerSigner = bidder{Actor: w.staff, key: k, keyID: reg.ID}
	return sc
}

// fullTerms completes the ENG-H2 fields the documents leave open.
func fullTerms(c goumai.Contract) workflow.ContractInput {
	t := c.Terms
	t.Settlement = "按季度考核后支付，每季度支付合同金额的25%。"
	t.BreachLiability = "未达到服务标准的，按合同金额的1%扣减；严重违约的，采购人可解除合同。"
	return workflow.ContractInput{Version: c.Version, Title: c.Title, Amount: c.Amount, TermMonths: c.TermMonths, LongTerm: c.LongTerm,
		StartOn: c.StartOn, Terms: t}
}

// signWith signs hash with b's key, as b's organisation would offline.
func signWith(t testing.TB, b bidder, hash string) workflow.SignInput {
	t.Helper()
	sig := must[[]byte](t, "sign")(b.key.Sign(goumai.ContractSigningMessage(hash)))
	return workflow.SignInput{Hash: hash, KeyID: b.keyID, Signature: base64.StdEncoding.EncodeToString(sig)}
}

func (sc *contractScene) draft(t *testing.T) goumai.Contract {
	t.Helper()
	ctx := context.Background()
	c := must[goumai.Contract](t, "draft")(sc.svc.DraftContract(ctx, sc.staff, sc.p.ID, sc.lot.ID, workflow.ContractInput{}))
	return must[goumai.Contract](t, "update")(sc.svc.UpdateContract(ctx, sc.staff, c.ID, fullTerms(c)))
}

// TestContractSigned: from the published result to a contract in force. The
// draft is prefilled from the award and the documents; the supplier signs
// first (nothing moves in the ledger), the purchaser second: in the same
// transaction the contract is in force, the lot's commitment becomes an
// obligation for the contract amount and the rest is released, the 合同公告
// is published without personal data, its and the statistics entry's due
// dates are set, the winner's bond falls due within 5 working days; the log
// verifies.
func TestContractSigned(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sc := newContractScene(t, s, clock)
		if !hasTodo(t, sc.svc, sc.staff, "todo.kind.contract_draft") {
			t.Error("no contract to draw up on the purchaser's to-do list")
		}
		c := must[goumai.Contract](t, "draft")(sc.svc.DraftContract(ctx, sc.staff, sc.p.ID, sc.lot.ID, workflow.ContractInput{}))
		if hasTodo(t, sc.svc, sc.staff, "todo.kind.contract_draft") {
			t.Error("the drafted contract is still to draw up")
		}
		if c.Status != goumai.ContractDraft || c.Amount != sc.award.Amount || c.AwardAmount != sc.award.Amount || c.SupplierOrgID != sc.winner.Org.ID ||
			c.TermMonths != 12 || c.Terms.ServiceContent == "" || c.Terms.RightsObligations != "按月考核，按季度支付。" || c.Terms.Quality == "" ||
			c.Hash != c.ComputeHash() || len(c.BudgetYears) == 0 || c.FinancingGuarantee || c.Revision != 1 {
			t.Fatalf("draft %+v", c)
		}
		if _, err := sc.svc.DraftContract(ctx, sc.staff, sc.p.ID, sc.lot.ID, workflow.ContractInput{}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("a second contract of the lot: %v", err)
		}
		// The documents leave the settlement and breach liability open: ENG-H2 refuses the signature.
		if _, err := sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, signWith(t, sc.winner, c.Hash)); goumai.ErrorCode(err) != goumai.EInvalid ||
			goumai.AsError(err).Fields["terms.settlement"].ZH == "" {
			t.Fatalf("signing without the settlement method: %v", err)
		}
		in := fullTerms(c)
		in.Terms.Place += "（联系人手机 13812345678，身份证号 33010619800101123X）"
		c = must[goumai.Contract](t, "update")(sc.svc.UpdateContract(ctx, sc.staff, c.ID, in))
		pr := must[goumai.Project](t, "project")(s.Project(ctx, sc.p.ProjectID))
		// Before it is in force only insiders read it: the supplier reads the canonical form it signs.
		for name, a := range map[string]goumai.Actor{"the public": {}, "another supplier": sc.loser.Actor} {
			if _, err := sc.svc.Contract(ctx, a, c.ID); goumai.ErrorCode(err) != goumai.ENotFound {
				t.Errorf("%s reading a draft: %v", name, err)
			}
		}
		v := must[workflow.ContractView](t, "view")(sc.svc.Contract(ctx, sc.winner.Actor, c.ID))
		if sum := sha256.Sum256([]byte(v.Canonical)); hex.EncodeToString(sum[:]) != c.Hash {
			t.Errorf("the canonical form %q does not hash to %s", v.Canonical, c.Hash)
		}
		before := mustBalance(t, s, pr.BudgetLineID)

		for name, a := range map[string]goumai.Actor{"the supplier": sc.winner.Actor, "the purchaser": sc.staff} {
			if !hasTodo(t, sc.svc, a, "todo.kind.contract_sign") {
				t.Errorf("%s has no contract to sign on its to-do list", name)
			}
		}
		c = must[goumai.Contract](t, "supplier signs")(sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, signWith(t, sc.winner, c.Hash)))
		if hasTodo(t, sc.svc, sc.winner.Actor, "todo.kind.contract_sign") {
			t.Error("the supplier's signed contract is still on its to-do list")
		}
		if c.Status != goumai.ContractSigning || !c.Signed(goumai.PartySupplier) || c.Signed(goumai.PartyPurchaser) {
			t.Fatalf("after the supplier's signature: %+v", c)
		}
		if b := mustBalance(t, s, pr.BudgetLineID); b != before {
			t.Fatalf("one signature moved the ledger: %+v → %+v", before, b)
		}
		if _, err := sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, signWith(t, sc.winner, c.Hash)); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("the supplier signing twice: %v", err)
		}
		c = must[goumai.Contract](t, "purchaser signs")(sc.svc.SignContract(ctx, sc.staff, c.ID, signWith(t, sc.buyerSigner, c.Hash)))
		if c.Status != goumai.ContractSigned || c.SignedAt == nil || c.NoticeID == 0 || c.NoticeDue == nil || c.StatsDue == nil ||
			!c.StatsDue.After(*c.NoticeDue) || len(c.Signatures) != 2 {
			t.Fatalf("in force: %+v", c)
		}
		after := mustBalance(t, s, pr.BudgetLineID)
		want := before
		want.Committed -= sc.lot.Budget
		want.Obligated += c.Amount
		if after != want || after.Available() != before.Available()+sc.lot.Budget-c.Amount {
			t.Fatalf("ledger: before %+v, after %+v, want %+v", before, after, want)
		}
		// Each signature verifies offline from the public key and the canonical form alone.
		for _, g := range c.Signatures {
			k := must[goumai.PublicKey](t, "key")(s.SigningKey(ctx, g.KeyID))
			if g.Hash != c.Hash || goumai.VerifySignature(k, goumai.ContractSigningMessage(goumai.Contract.ComputeHash(c)), g.Signature) != nil {
				t.Errorf("signature %+v does not verify", g)
			}
		}
		// The 合同公告.
		ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, sc.p.ID))
		i := slices.IndexFunc(ns, func(n goumai.Notice) bool { return n.Kind == goumai.NoticeContract })
		if i < 0 || ns[i].ID != c.NoticeID {
			t.Fatalf("no contract notice among %+v", ns)
		}
		line := ns[i].Body.Contract
		if line == nil || line.Number != c.Number || line.Amount != c.Amount || line.Supplier != sc.winner.Org.Name || line.Hash != c.Hash ||
			line.SignedOn == "" || line.Place == "" || line.StartOn != c.StartOn || line.EndOn != c.EndOn {
			t.Fatalf("contract notice %+v", line)
		}
		// Personal data never published (REQ-C23): neither in the notice nor in the public view.
		body := must[[]byte](t, "json")(json.Marshal(ns[i].Body))
		pub := must[workflow.ContractView](t, "public view")(sc.svc.Contract(ctx, goumai.Actor{}, c.ID))
		pubJSON := must[[]byte](t, "json")(json.Marshal(pub))
		for _, secret := range []string{"13812345678", "33010619800101123X"} {
			if strings.Contains(string(body), secret) || strings.Contains(string(pubJSON), secret) {
				t.Errorf("%s published", secret)
			}
		}
		if pub.Canonical != "" || len(pub.Signatures) != 2 || pub.Amount != c.Amount {
			t.Errorf("public view %+v", pub)
		}
		if l := must[[]workflow.ContractView](t, "list")(sc.svc.ProcurementContracts(ctx, goumai.Actor{}, sc.p.ID)); len(l) != 1 {
			t.Errorf("the public list: %d contracts", len(l))
		}
		if countEvents(t, s, "contracts", c.ID, "contract.signed") != 1 {
			t.Error("the signature in force is one event of the contract")
		}
		// The winner's bond is due within 5 working days of the signature (ENG-D7).
		for _, r := range must[[]goumai.BondRefund](t, "refunds")(s.Refunds(ctx, sc.p.ID)) {
			if r.OrgID == sc.winner.Org.ID && (r.DueAt == nil || !r.DueAt.After(*c.SignedAt) || r.DueAt.Sub(*c.SignedAt) > 9*24*time.Hour) {
				t.Errorf("the winner's refund %+v after signing at %v", r, c.SignedAt)
			}
		}
		// The statistics entry (REQ-C24): on the purchaser's to-do list until it is recorded, once.
		if !hasTodo(t, sc.svc, sc.staff, "todo.kind.contract_stats") {
			t.Error("no statistics entry on the purchaser's to-do list")
		}
		if _, err := sc.svc.EnterContractStatistics(ctx, sc.winner.Actor, c.ID); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("the supplier entering statistics: %v", err)
		}
		if k := must[goumai.Contract](t, "statistics")(sc.svc.EnterContractStatistics(ctx, sc.staff, c.ID)); k.StatsEnteredAt == nil {
			t.Errorf("statistics not recorded: %+v", k)
		}
		if _, err := sc.svc.EnterContractStatistics(ctx, sc.staff, c.ID); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("entering statistics twice: %v", err)
		}
		if hasTodo(t, sc.svc, sc.staff, "todo.kind.contract_stats") {
			t.Error("the statistics entry is still on the to-do list")
		}
		c = must[goumai.Contract](t, "contract")(s.Contract(ctx, c.ID))
		// In force: no more changes (a supplementary contract, ENG-H3) and no more signatures.
		if _, err := sc.svc.UpdateContract(ctx, sc.staff, c.ID, fullTerms(c)); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("editing a contract in force: %v", err)
		}
		verifiedScene(t, s)
	})
}

// TestContractRefusals: each refusal names its rule and leaves nothing
// changed: the log, the contract and the ledger as they were.
func TestContractRefusals(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sc := newContractScene(t, s, clock)
		pr := must[goumai.Project](t, "project")(s.Project(ctx, sc.p.ProjectID))
		// Drafts refused by the rules.
		for _, c := range []struct {
			name string
			in   workflow.ContractInput
			rule string
		}{
			{"an amount over the award (GPL Art. 46)", workflow.ContractInput{Amount: sc.award.Amount + 1}, "ENG-H2"},
			{"a 13-month term without the grounds (ENG-H1)", workflow.ContractInput{TermMonths: 13}, "ENG-H1"},
			{"a financing guarantee (ENG-H5)", workflow.ContractInput{FinancingGuarantee: true}, "ENG-H5"},
		} {
			tree := must[int64](t, "tree")(s.TreeSize(ctx))
			_, err := sc.svc.DraftContract(ctx, sc.staff, sc.p.ID, sc.lot.ID, c.in)
			if goumai.ErrorCode(err) != goumai.EInvalid || !strings.Contains(goumai.AsError(err).Message.EN, c.rule) {
				t.Errorf("drafting %s: %v, want %s", c.name, err, c.rule)
			}
			if after := must[int64](t, "tree")(s.TreeSize(ctx)); after != tree {
				t.Errorf("drafting %s wrote %d events", c.name, after-tree)
			}
		}
		for name, a := range map[string]goumai.Actor{"a supplier": sc.winner.Actor, "the finance reviewer": sc.reviewer} {
			if _, err := sc.svc.DraftContract(ctx, a, sc.p.ID, sc.lot.ID, workflow.ContractInput{}); goumai.ErrorCode(err) != goumai.EForbidden {
				t.Errorf("%s drafting: %v", name, err)
			}
		}
		c := sc.draft(t)
		other := must[goumai.SigningKey](t, "key")(goumai.GenerateSigningKey(goumai.AlgEd25519, rand.Reader))
		forged := signWith(t, bidder{key: other, keyID: sc.winner.keyID}, c.Hash)
		bidSig := must[[]byte](t, "sign")(sc.winner.key.Sign(goumai.BidSigningMessage(strings.Repeat("ab", 32))))
		type row struct {
			name  string
			setup func() func() // changes the world and returns its undo, or nil
			a     goumai.Actor
			in    func(c goumai.Contract) workflow.SignInput
			code  goumai.Code
			want  string // a field, or text of the message
		}
		winnerSigns := func(c goumai.Contract) workflow.SignInput { return signWith(t, sc.winner, c.Hash) }
		rows := []row{
			{"a forged signature (another key under the winner's key id)", nil, sc.winner.Actor, func(goumai.Contract) workflow.SignInput { return forged }, goumai.EInvalid, "signature"},
			{"a bid signature replayed as the contract's", nil, sc.winner.Actor, func(c goumai.Contract) workflow.SignInput {
				return workflow.SignInput{Hash: c.Hash, KeyID: sc.winner.keyID, Signature: base64.StdEncoding.EncodeToString(bidSig)}
			}, goumai.EInvalid, "signature"},
			{"the purchaser's key used by the supplier", nil, sc.winner.Actor, func(c goumai.Contract) workflow.SignInput {
				return signWith(t, sc.buyerSigner, c.Hash)
			}, goumai.EInvalid, "key_id"},
			{"a hash not the contract's", nil, sc.winner.Actor, func(c goumai.Contract) workflow.SignInput {
				return signWith(t, sc.winner, strings.Repeat("00", 32))
			}, goumai.EInvalid, "hash"},
			{"another supplier", nil, sc.loser.Actor, func(c goumai.Contract) workflow.SignInput { return signWith(t, sc.loser, c.Hash) }, goumai.ENotFound, ""},
			{"the finance reviewer", nil, sc.reviewer, winnerSigns, goumai.EForbidden, ""},
			{"after the 30 days from the result notice (ENG-D6)", func() func() {
				now := clock.Now()
				clock.Set(c.SignBy.Add(time.Minute))
				return func() { clock.Set(now) }
			}, sc.winner.Actor, winnerSigns, goumai.EConflict, "ENG-D6"},
			{"while a challenge of the result is open (ENG-D8)", func() func() {
				ns := must[[]goumai.Notice](t, "notices")(s.Notices(ctx, sc.p.ID))
				res := ns[slices.IndexFunc(ns, func(n goumai.Notice) bool { return n.Kind == goumai.NoticeResult })]
				ch := must[goumai.Challenge](t, "challenge")(sc.svc.FileChallenge(ctx, sc.loser.Actor, sc.p.ID, workflow.ChallengeInput{NoticeID: res.ID,
					Claims: "中标供应商的报价明显低于成本，请重新评审。", Facts: "见附件成本测算。"}))
				return func() { must[goumai.Challenge](t, "withdraw")(sc.svc.WithdrawChallenge(ctx, sc.loser.Actor, ch.ID)) }
			}, sc.winner.Actor, winnerSigns, goumai.EConflict, "ENG-D8"},
		}
		for _, r := range rows {
			var undo func()
			if r.setup != nil {
				undo = r.setup()
			}
			c := must[goumai.Contract](t, "contract")(s.Contract(ctx, c.ID))
			tree := must[int64](t, "tree")(s.TreeSize(ctx))
			bal := mustBalance(t, s, pr.BudgetLineID)
			_, err := sc.svc.SignContract(ctx, r.a, c.ID, r.in(c))
			e := goumai.AsError(err)
			switch {
			case goumai.ErrorCode(err) != r.code:
				t.Errorf("%s: %v, want %s", r.name, err, r.code)
			case r.want != "" && e.Fields[r.want].ZH == "" && !strings.Contains(e.Message.EN, r.want) && e.Rule != r.want:
				t.Errorf("%s: %v (fields %v), want %s", r.name, err, e.Fields, r.want)
			}
			// A party's refusal by a rule is recorded on the contract, and
			// nothing else is written; an outsider's writes nothing.
			recorded := int64(0)
			if r.code == goumai.EInvalid || r.code == goumai.EConflict {
				recorded = 1
				if e.Rule == "" {
					t.Errorf("%s: the refusal names no rule: %v", r.name, err)
				}
			}
			if after := must[int64](t, "tree")(s.TreeSize(ctx)); after != tree+recorded {
				t.Errorf("%s wrote %d events, want %d", r.name, after-tree, recorded)
			}
			if recorded == 1 && countEvents(t, s, "contracts", c.ID, "contract.sign_refused") == 0 {
				t.Errorf("%s: no contract.sign_refused event", r.name)
			}
			if k := must[goumai.Contract](t, "contract")(s.Contract(ctx, c.ID)); k.Version != c.Version || len(k.Signatures) != 0 {
				t.Errorf("%s changed the contract: %+v", r.name, k)
			}
			if b := mustBalance(t, s, pr.BudgetLineID); b != bal {
				t.Errorf("%s moved the ledger", r.name)
			}
			if undo != nil {
				undo()
			}
		}

		// A change after one signature voids it: the supplier's signature of
		// revision 2 counts no more once the purchaser edits the amount, and
		// replaying it is refused.
		c = must[goumai.Contract](t, "contract")(s.Contract(ctx, c.ID))
		first := signWith(t, sc.winner, c.Hash)
		c = must[goumai.Contract](t, "supplier signs")(sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, first))
		in := fullTerms(c)
		in.Amount = c.Amount - 100_00
		c = must[goumai.Contract](t, "change")(sc.svc.UpdateContract(ctx, sc.staff, c.ID, in))
		if c.Status != goumai.ContractDraft || c.Signed(goumai.PartySupplier) || c.Hash == first.Hash || c.Signatures[0].VoidedAt == nil {
			t.Fatalf("after a change: %+v", c)
		}
		if _, err := sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, first); goumai.ErrorCode(err) != goumai.EInvalid || goumai.AsError(err).Fields["hash"].ZH == "" {
			t.Errorf("replaying the voided signature: %v", err)
		}
		replay := first
		replay.Hash = c.Hash
		if _, err := sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, replay); goumai.ErrorCode(err) != goumai.EInvalid || goumai.AsError(err).Fields["signature"].ZH == "" {
			t.Errorf("the old signature over the new hash: %v", err)
		}
		c = must[goumai.Contract](t, "purchaser signs")(sc.svc.SignContract(ctx, sc.staff, c.ID, signWith(t, sc.buyerSigner, c.Hash)))
		if c.Status != goumai.ContractSigning {
			t.Fatalf("the purchaser's signature after the change: %s, want signing (the supplier's was voided)", c.Status)
		}
		c = must[goumai.Contract](t, "supplier signs again")(sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, signWith(t, sc.winner, c.Hash)))
		if c.Status != goumai.ContractSigned || c.Amount != sc.award.Amount-100_00 {
			t.Fatalf("in force: %s %d", c.Status, c.Amount)
		}
		verifiedScene(t, s)
	})
}

// verifiedScene checks that the log verifies but for the lot's bid bond,
// which reportedScene sets behind goumai's back.
func verifiedScene(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	rep := must[sqlstore.VerifyReport](t, "verify")(s.Verify(context.Background(), nil))
	for _, p := range rep.Problems {
		if !strings.HasPrefix(p, "procurement_lots ") || !strings.Contains(p, "bid_bond") {
			t.Errorf("log verify: %s", p)
		}
	}
}

// cheapestOpened is the opening's lowest price: rank 1 when quality is equal.
func cheapestOpened(rec goumai.Opening) goumai.OpenedBid {
	cheapest := rec.Bids[0]
	for _, o := range rec.Bids {
		if o.Price < cheapest.Price {
			cheapest = o
		}
	}
	return cheapest
}

// hasTodo reports whether a's to-do list has an item of kind.
func hasTodo(t *testing.T, svc *workflow.Service, a goumai.Actor, kind string) bool {
	t.Helper()
	in := must[workflow.Inbox](t, "inbox")(svc.Inbox(context.Background(), a))
	return slices.ContainsFunc(in.Todo, func(i workflow.Item) bool { return i.Kind == kind })
}

// TestContractSignConcurrent: the purchaser's signature sent twice at once
// after the supplier's puts the contract in force once: one succeeds, the
// other is refused, and the ledger obligates the amount once.
func TestContractSignConcurrent(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sc := newContractScene(t, s, clock)
		c := sc.draft(t)
		c = must[goumai.Contract](t, "supplier signs")(sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, signWith(t, sc.winner, c.Hash)))
		pr := must[goumai.Project](t, "project")(s.Project(ctx, sc.p.ProjectID))
		before := mustBalance(t, s, pr.BudgetLineID)
		in := signWith(t, sc.buyerSigner, c.Hash)
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() { defer wg.Done(); _, errs[i] = sc.svc.SignContract(ctx, sc.staff, c.ID, in) }()
		}
		wg.Wait()
		if (errs[0] == nil) == (errs[1] == nil) {
			t.Fatalf("two signatures at once: %v, %v", errs[0], errs[1])
		}
		after := mustBalance(t, s, pr.BudgetLineID)
		if after.Obligated != before.Obligated+c.Amount || after.Committed != before.Committed-sc.lot.Budget {
			t.Errorf("ledger %+v → %+v: the contract obligated other than once", before, after)
		}
		if n := countEvents(t, s, "contracts", c.ID, "contract.signed"); n != 1 {
			t.Errorf("%d contract.signed events", n)
		}
	})
}
