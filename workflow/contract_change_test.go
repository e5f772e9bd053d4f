package workflow_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// signedContract is the scene's contract signed by both parties.
func (sc *contractScene) signed(t *testing.T) goumai.Contract {
	t.Helper()
	ctx := context.Background()
	c := sc.draft(t)
	c = must[goumai.Contract](t, "supplier signs")(sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, signWith(t, sc.winner, c.Hash)))
	return must[goumai.Contract](t, "purchaser signs")(sc.svc.SignContract(ctx, sc.staff, c.ID, signWith(t, sc.buyerSigner, c.Hash)))
}

// refusedBy checks that err is a field-level refusal of field naming rule.
func refusedBy(t *testing.T, what string, err error, code goumai.Code, field, rule string) {
	t.Helper()
	e := goumai.AsError(err)
	if err == nil || e.Code != code || e.Fields[field].ZH == "" || e.Fields[field].EN == "" || rule != "" && !strings.Contains(e.Fields[field].EN, rule) {
		t.Errorf("%s: %v; want %s on %s naming %s", what, err, code, field, rule)
	}
}

// TestContractAmendment: a supplementary contract proposed by the purchaser,
// refused past 10 % (ENG-H3) or with a financing guarantee (ENG-H5), the
// refusals recorded and nothing else changed; signed by both over its own
// hash (a forged or replayed signature refused and recorded); in force: the
// added amount obligated on the line, the contract's total grown, the
// 合同变更公告 published; the to-do items follow.
func TestContractAmendment(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sc := newContractScene(t, s, clock)
		c := sc.signed(t)
		pr := must[goumai.Project](t, "project")(s.Project(ctx, sc.p.ProjectID))
		before := mustBalance(t, s, pr.BudgetLineID)
		valid := workflow.AmendmentInput{Reasons: "服务对象增加，需增加上门服务人次。", Terms: "服务数量由 12000 人次增加至 12600 人次。", Amount: c.Amount / 20}

		if _, err := sc.svc.ProposeAmendment(ctx, sc.winner.Actor, c.ID, valid); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("the supplier proposing: %v", err)
		}
		over := valid
		over.Amount = c.Amount/10 + 1
		_, err := sc.svc.ProposeAmendment(ctx, sc.staff, c.ID, over)
		refusedBy(t, "past 10 %", err, goumai.EInvalid, "amount", "ENG-H3")
		guarantee := valid
		guarantee.FinancingGuarantee = true
		_, err = sc.svc.ProposeAmendment(ctx, sc.staff, c.ID, guarantee)
		refusedBy(t, "a financing guarantee", err, goumai.EInvalid, "financing_guarantee", "ENG-H5")
		if n := countEvents(t, s, "contracts", c.ID, "contract.amend_refused"); n != 2 {
			t.Errorf("refused amendments recorded: %d, want 2", n)
		}
		if ms := must[[]goumai.ContractAmendment](t, "amendments")(s.Amendments(ctx, c.ID)); len(ms) != 0 || mustBalance(t, s, pr.BudgetLineID) != before {
			t.Fatalf("a refusal changed something: %+v", ms)
		}

		m := must[goumai.ContractAmendment](t, "propose")(sc.svc.ProposeAmendment(ctx, sc.staff, c.ID, valid))
		if m.Status != goumai.AmendmentSigning || m.Seq != 1 || m.Hash != m.ComputeHash(c.Hash) || m.Amount != valid.Amount {
			t.Fatalf("proposed %+v", m)
		}
		if _, err := sc.svc.ProposeAmendment(ctx, sc.staff, c.ID, valid); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("a second amendment while one awaits signatures: %v", err)
		}
		for name, a := range map[string]goumai.Actor{"the supplier": sc.winner.Actor, "the purchaser": sc.staff} {
			if !hasTodo(t, sc.svc, a, "todo.kind.amendment_sign") {
				t.Errorf("%s has no amendment to sign", name)
			}
		}
		// Forged (another key under the winner's key id) and replayed (the contract's signature) signatures.
		forged := signWith(t, bidder{Actor: sc.winner.Actor, key: sc.loser.key, keyID: sc.winner.keyID}, m.Hash)
		_, err = sc.svc.SignAmendment(ctx, sc.winner.Actor, m.ID, forged)
		refusedBy(t, "a forged signature", err, goumai.EInvalid, "signature", "")
		replayed := signWith(t, sc.winner, c.Hash)
		_, err = sc.svc.SignAmendment(ctx, sc.winner.Actor, m.ID, replayed)
		refusedBy(t, "the contract's signature replayed", err, goumai.EInvalid, "hash", "")
		replayed.Hash = m.Hash
		_, err = sc.svc.SignAmendment(ctx, sc.winner.Actor, m.ID, replayed)
		refusedBy(t, "the contract's signature replayed over the amendment's hash", err, goumai.EInvalid, "signature", "")
		_, err = sc.svc.SignAmendment(ctx, sc.winner.Actor, m.ID, signWith(t, sc.buyerSigner, m.Hash))
		refusedBy(t, "the purchaser's signature replayed by the supplier", err, goumai.EInvalid, "key_id", "")
		if n := countEvents(t, s, "contract_amendments", m.ID, "contract.amend_signature_refused"); n != 4 {
			t.Errorf("refused signatures recorded: %d, want 4", n)
		}
		if _, err := sc.svc.SignAmendment(ctx, sc.loser.Actor, m.ID, signWith(t, sc.loser, m.Hash)); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Errorf("another supplier signing: %v", err)
		}

		m = must[goumai.ContractAmendment](t, "supplier signs")(sc.svc.SignAmendment(ctx, sc.winner.Actor, m.ID, signWith(t, sc.winner, m.Hash)))
		if m.Status != goumai.AmendmentSigning || len(m.Signatures) != 1 || mustBalance(t, s, pr.BudgetLineID) != before {
			t.Fatalf("after one signature %+v", m)
		}
		if hasTodo(t, sc.svc, sc.winner.Actor, "todo.kind.amendment_sign") {
			t.Error("the signed amendment is still on the supplier's to-do list")
		}
		m = must[goumai.ContractAmendment](t, "purchaser signs")(sc.svc.SignAmendment(ctx, sc.staff, m.ID, signWith(t, sc.buyerSigner, m.Hash)))
		c = must[goumai.Contract](t, "contract")(s.Contract(ctx, c.ID))
		if m.Status != goumai.AmendmentSigned || m.SignedAt == nil || m.NoticeID == 0 || c.AmendedAmount != valid.Amount || c.Total() != c.Amount+valid.Amount {
			t.Fatalf("in force: %+v, contract %+v", m, c)
		}
		want := before
		want.Obligated += valid.Amount
		if after := mustBalance(t, s, pr.BudgetLineID); after != want || after.Available() != before.Available()-valid.Amount {
			t.Fatalf("ledger: before %+v after %+v want %+v", before, after, want)
		}
		if hasTodo(t, sc.svc, sc.staff, "todo.kind.amendment_sign") {
			t.Error("the amendment in force is still on the purchaser's to-do list")
		}
		n := must[goumai.Notice](t, "notice")(s.Notice(ctx, m.NoticeID))
		if l := n.Body.Contract; l == nil || l.Event != "amendment" || l.Added != valid.Amount || l.Total != c.Total() || l.Reasons != valid.Reasons ||
			!strings.Contains(n.Title, "合同变更公告") {
			t.Fatalf("change notice %q %+v", n.Title, n.Body.Contract)
		}
		// The public reads it in force, without who proposed it.
		pub := must[workflow.ContractChanges](t, "public changes")(sc.svc.ContractChanges(ctx, goumai.Actor{}, c.ID))
		if len(pub.Amendments) != 1 || pub.Amendments[0].ProposedBy != 0 || len(pub.Amendments[0].Signatures) != 2 {
			t.Errorf("public amendments %+v", pub.Amendments)
		}
		// Cumulative: another 5 % and one fen passes 10 % of the original.
		more := valid
		more.Amount = c.Amount/10 - valid.Amount + 1
		_, err = sc.svc.ProposeAmendment(ctx, sc.staff, c.ID, more)
		refusedBy(t, "cumulative past 10 %", err, goumai.EInvalid, "amount", "ENG-H3")
		more.Amount--
		must[goumai.ContractAmendment](t, "up to 10 %")(sc.svc.ProposeAmendment(ctx, sc.staff, c.ID, more))
		verifiedScene(t, s)
	})
}

// TestContractSubcontract: the supplier proposes a subcontract, the
// purchaser refuses without an opinion in vain and consents with one; a
// second level, the whole service and a core part are refused by ENG-H4,
// each kept as a blocked attempt on the finance department's red-flag list.
func TestContractSubcontract(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sc := newContractScene(t, s, clock)
		c := sc.signed(t)
		third := sc.bidders[slices.IndexFunc(sc.bidders, func(b bidder) bool { return b.Org.ID != sc.winner.Org.ID && b.Org.ID != sc.loser.Org.ID })]
		in := workflow.SubcontractInput{SubcontractorOrgID: sc.loser.Org.ID, Part: "助浴服务", Amount: c.Total() / 5, NonCore: true, Declared: true}

		if _, err := sc.svc.ProposeSubcontract(ctx, sc.loser.Actor, c.ID, in); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("another supplier proposing: %v", err)
		}
		k := must[goumai.Subcontract](t, "propose")(sc.svc.ProposeSubcontract(ctx, sc.winner.Actor, c.ID, in))
		if k.Status != goumai.SubcontractProposed || k.ParentOrgID != sc.winner.Org.ID {
			t.Fatalf("proposed %+v", k)
		}
		if !hasTodo(t, sc.svc, sc.staff, "todo.kind.subcontract_decide") {
			t.Error("no subcontract to decide on the purchaser's to-do list")
		}
		if _, err := sc.svc.DecideSubcontract(ctx, sc.winner.Actor, k.ID, workflow.DecisionInput{Version: k.Version, Agree: true}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("the supplier consenting to its own subcontract: %v", err)
		}
		_, err := sc.svc.DecideSubcontract(ctx, sc.staff, k.ID, workflow.DecisionInput{Version: k.Version})
		refusedBy(t, "a refusal without an opinion", err, goumai.EInvalid, "opinion", "")
		k = must[goumai.Subcontract](t, "consent")(sc.svc.DecideSubcontract(ctx, sc.staff, k.ID, workflow.DecisionInput{Version: k.Version, Agree: true, Opinion: "同意分包助浴服务。"}))
		if k.Status != goumai.SubcontractApproved || k.Opinion != "同意分包助浴服务。" || k.DecidedAt == nil {
			t.Fatalf("consented %+v", k)
		}
		if hasTodo(t, sc.svc, sc.staff, "todo.kind.subcontract_decide") {
			t.Error("the decided subcontract is still on the to-do list")
		}

		second := workflow.SubcontractInput{SubcontractorOrgID: third.Org.ID, Part: "助浴服务中的上门接送", Amount: 1000, NonCore: true}
		_, err = sc.svc.ProposeSubcontract(ctx, sc.loser.Actor, c.ID, second)
		refusedBy(t, "a second level", err, goumai.EInvalid, "subcontractor_org_id", "ENG-H4")
		whole := workflow.SubcontractInput{SubcontractorOrgID: third.Org.ID, Part: "其余全部服务", Amount: c.Total() - in.Amount, NonCore: true}
		_, err = sc.svc.ProposeSubcontract(ctx, sc.winner.Actor, c.ID, whole)
		refusedBy(t, "the whole service", err, goumai.EInvalid, "amount", "ENG-H4")
		core := workflow.SubcontractInput{SubcontractorOrgID: third.Org.ID, Part: "上门护理", Amount: 1000}
		_, err = sc.svc.ProposeSubcontract(ctx, sc.winner.Actor, c.ID, core)
		refusedBy(t, "a core part", err, goumai.EInvalid, "non_core", "ENG-H4")
		_, err = sc.svc.ProposeSubcontract(ctx, sc.winner.Actor, c.ID, workflow.SubcontractInput{SubcontractorOrgID: third.Org.ID, NonCore: true})
		refusedBy(t, "no part named (bad input, not recorded)", err, goumai.EInvalid, "part", "ENG-H4")

		ks := must[[]goumai.Subcontract](t, "subcontracts")(s.Subcontracts(ctx, c.ID))
		if len(ks) != 4 || ks[1].Status != goumai.SubcontractBlocked || ks[1].ParentOrgID != sc.loser.Org.ID || ks[2].Status != goumai.SubcontractBlocked ||
			ks[3].Status != goumai.SubcontractBlocked || ks[3].Rule != "ENG-H4" || ks[3].Problem.ZH == "" {
			t.Fatalf("subcontracts %+v", ks)
		}
		flags := must[[]goumai.Subcontract](t, "red flags")(sc.svc.BlockedSubcontracts(ctx, sc.reviewer, "330106"))
		if len(flags) != 3 {
			t.Errorf("red flags: %d, want 3", len(flags))
		}
		if _, err := sc.svc.BlockedSubcontracts(ctx, sc.staff, "330106"); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("the purchaser reading the red flags: %v", err)
		}
		pub := must[workflow.ContractChanges](t, "public")(sc.svc.ContractChanges(ctx, goumai.Actor{}, c.ID))
		if len(pub.Subcontracts) != 1 || pub.Subcontracts[0].Status != goumai.SubcontractApproved {
			t.Errorf("the public reads %+v", pub.Subcontracts)
		}
		verifiedScene(t, s)
	})
}

// TestContractTermination: a termination by agreement proposed by the
// purchaser and confirmed by the supplier ends the contract: its unpaid
// total released to the line (deobligate) in the same transaction, the
// termination notice published, no more amendments, and its milestones can
// no longer be submitted (workflow.CanDeliver, and the database's trigger).
// A termination on a legal ground is the finance department's to confirm.
func TestContractTermination(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sc := newContractScene(t, s, clock)
		c := sc.signed(t)
		pr := must[goumai.Project](t, "project")(s.Project(ctx, sc.p.ProjectID))
		before := mustBalance(t, s, pr.BudgetLineID)

		_, err := sc.svc.ProposeTermination(ctx, sc.staff, c.ID, workflow.ContractTerminationInput{Ground: "whim", Reasons: "不想履行"})
		refusedBy(t, "an unknown ground", err, goumai.EInvalid, "ground", "GPL Art. 50")
		_, err = sc.svc.ProposeTermination(ctx, sc.staff, c.ID, workflow.ContractTerminationInput{Ground: goumai.GroundAgreement})
		refusedBy(t, "no reasons", err, goumai.EInvalid, "reasons", "")
		if _, err := sc.svc.ProposeTermination(ctx, sc.loser.Actor, c.ID, workflow.ContractTerminationInput{Ground: goumai.GroundAgreement, Reasons: "x"}); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Errorf("another supplier proposing: %v", err)
		}
		// A legal ground: the finance department refuses it with an opinion.
		legal := must[goumai.ContractTermination](t, "propose breach")(sc.svc.ProposeTermination(ctx, sc.staff, c.ID,
			workflow.ContractTerminationInput{Ground: goumai.GroundBreach, Reasons: "承接主体连续两个月未按约定提供服务。"}))
		// It waits on the finance department's approver's to-do list, not on the parties'.
		if !hasItemLike(must[workflow.Inbox](t, "inbox")(sc.svc.Inbox(ctx, sc.fapp)).Todo, "todo.kind.termination_decide", "严重违约") {
			t.Errorf("the finance approver's to-do list lacks the termination on a legal ground")
		}
		if hasItemLike(must[workflow.Inbox](t, "inbox")(sc.svc.Inbox(ctx, sc.winner.Actor)).Todo, "todo.kind.termination_decide", "") {
			t.Errorf("the supplier is asked to decide a termination on a legal ground")
		}
		if _, err := sc.svc.DecideTermination(ctx, sc.winner.Actor, legal.ID, workflow.DecisionInput{Version: legal.Version, Agree: true}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("the supplier confirming a legal ground: %v", err)
		}
		legal = must[goumai.ContractTermination](t, "finance refuses")(sc.svc.DecideTermination(ctx, sc.fapp, legal.ID,
			workflow.DecisionInput{Version: legal.Version, Opinion: "违约事实证据不足，合同继续履行。"}))
		if legal.Status != goumai.TerminationRefused || must[goumai.Contract](t, "contract")(s.Contract(ctx, c.ID)).Status != goumai.ContractSigned {
			t.Fatalf("refused: %+v", legal)
		}
		if hasItemLike(must[workflow.Inbox](t, "inbox")(sc.svc.Inbox(ctx, sc.fapp)).Todo, "todo.kind.termination_decide", "") {
			t.Errorf("a decided termination stays on the finance approver's to-do list")
		}

		tm := must[goumai.ContractTermination](t, "propose")(sc.svc.ProposeTermination(ctx, sc.staff, c.ID,
			workflow.ContractTerminationInput{Ground: goumai.GroundAgreement, Reasons: "服务对象整体迁入新建养老机构，双方协商一致解除。"}))
		if _, err := sc.svc.ProposeTermination(ctx, sc.winner.Actor, c.ID, workflow.ContractTerminationInput{Ground: goumai.GroundAgreement, Reasons: "x"}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("a second proposal: %v", err)
		}
		if !hasTodo(t, sc.svc, sc.winner.Actor, "todo.kind.termination_decide") {
			t.Error("no termination to decide on the supplier's to-do list")
		}
		if _, err := sc.svc.DecideTermination(ctx, sc.staff, tm.ID, workflow.DecisionInput{Version: tm.Version, Agree: true}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("the proposer confirming its own proposal: %v", err)
		}
		tm = must[goumai.ContractTermination](t, "confirm")(sc.svc.DecideTermination(ctx, sc.winner.Actor, tm.ID, workflow.DecisionInput{Version: tm.Version, Agree: true, Opinion: "同意。"}))
		c = must[goumai.Contract](t, "contract")(s.Contract(ctx, c.ID))
		if tm.Status != goumai.TerminationConfirmed || tm.Released != c.Total() || tm.NoticeID == 0 || c.Status != goumai.ContractTerminated {
			t.Fatalf("confirmed %+v, contract %s", tm, c.Status)
		}
		want := before
		want.Obligated -= c.Total()
		if after := mustBalance(t, s, pr.BudgetLineID); after != want || after.Available() != before.Available()+c.Total() {
			t.Fatalf("ledger: before %+v after %+v want %+v", before, after, want)
		}
		n := must[goumai.Notice](t, "notice")(s.Notice(ctx, tm.NoticeID))
		if l := n.Body.Contract; l == nil || l.Event != "termination" || !strings.Contains(l.Reasons, "协商一致") || !strings.Contains(n.Title, "合同解除公告") {
			t.Fatalf("termination notice %q %+v", n.Title, n.Body.Contract)
		}
		if _, err := sc.svc.ProposeAmendment(ctx, sc.staff, c.ID, workflow.AmendmentInput{Reasons: "x", Terms: "y"}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("amending a terminated contract: %v", err)
		}
		if err := workflow.CanDeliver(c); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("delivering on a terminated contract: %v", err)
		}
		err = s.Update(ctx, func(tx *sqlstore.Tx) error {
			ms, err := tx.Milestones(ctx, c.ID)
			if err != nil || len(ms) == 0 {
				t.Fatalf("milestones %v %v", ms, err)
			}
			m := ms[0]
			now := tx.Now()
			m.Status, m.SubmittedAt = goumai.MilestoneSubmitted, &now
			_, err = tx.UpdateMilestone(ctx, m)
			return err
		})
		if err == nil {
			t.Error("the database let a terminated contract's milestone be submitted")
		}
		verifiedScene(t, s)
	})
}
