package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Changes to a contract in force (issue 10 items 2 and 3). A supplementary
// contract (补充合同) is proposed by the purchaser's staff or its agency with
// its reasons, the changed terms and the amount it adds — all of them
// together at most 10 % of the original amount (ENG-H3), never a financing
// guarantee (ENG-H5) — and signed by both parties over its own hash like the
// contract (REQ-C6, C7); the second signature puts it in force: in the same
// transaction the added amount is committed and obligated on the project's
// budget line, the contract's total grows and the 合同变更公告 is published
// (REQ-C23 redaction). A termination (解除) is proposed with a ground and
// reasons and confirmed by the other party (agreement) or by the finance
// department (a legal ground; GPL Art. 50): the contract's unpaid total is
// released to the line in the same transaction and the termination notice
// published. A subcontract (分包) is proposed by the supplier and consented
// to or refused by the purchaser; 转包 of the whole service, a second level
// and a core part are refused whatever the consent, and the attempt is kept
// as a red flag for the finance department (ENG-H4).

// AmendmentInput is a proposed supplementary contract.
type AmendmentInput struct {
	Reasons string     `json:"reasons"`
	Terms   string     `json:"terms"`  // the changed terms
	Amount  goumai.Fen `json:"amount"` // added to the contract's total (≥ 0)
	// FinancingGuarantee would have the purchaser guarantee the supplier's
	// financing: always refused (ENG-H5).
	FinancingGuarantee bool `json:"financing_guarantee"`
}

// ContractTerminationInput is a proposed termination.
type ContractTerminationInput struct {
	Ground  goumai.TerminationGround `json:"ground"`
	Reasons string                   `json:"reasons"`
}

// DecisionInput is a decision on a termination or a subcontract: agree or
// not, with an opinion (意见), required when refusing.
type DecisionInput struct {
	Version int    `json:"version"`
	Agree   bool   `json:"agree"`
	Opinion string `json:"opinion"`
}

// SubcontractInput is a proposed subcontract.
type SubcontractInput struct {
	SubcontractorOrgID int64      `json:"subcontractor_org_id"`
	Part               string     `json:"part"`
	Amount             goumai.Fen `json:"amount"`
	NonCore            bool       `json:"non_core"` // the part is neither core nor critical
	Declared           bool       `json:"declared"` // named in the winning bid's subcontracting plan
}

func init() {
	for k, v := range map[string]goumai.Msg{
		"contract.amend_refused":           goumai.M("补充合同被拒绝（违反规定）", "Supplementary contract refused by a rule"),
		"contract.amend_signature_refused": goumai.M("补充合同签名被拒绝", "Supplementary contract signature refused"),
	} {
		goumai.EventActions[k] = v
	}
}

// inForce refuses a change to a contract that is not in force.
func inForce(c goumai.Contract) error {
	if c.Status != goumai.ContractSigned {
		return goumai.Errorf(goumai.EConflict, "只有已签订生效的合同可以变更、解除或分包，合同当前状态："+c.Status.Label().ZH,
			"only a contract in force can be amended, terminated or subcontracted; it is: "+c.Status.Label().EN)
	}
	return nil
}

// ruleRefusal reports whether err is a refusal by a rule (an attempt to
// record): of the input, or a conflict that names its rule (signing after
// the 30 days or during a challenge, paying twice); not a bare conflict, a
// missing object or an actor refused by the policy.
func ruleRefusal(err error) bool {
	e := goumai.AsError(err)
	return (e.Code == goumai.EInvalid || e.Code == goumai.EFunds) && len(e.Fields) > 0 || e.Code == goumai.EConflict && e.Rule != ""
}

// noteRefused records a refused attempt on an object after its transaction
// rolled back: the event names the actor and keeps the object's unchanged
// state. It returns err. The callers set region once the object was read for
// an actor who may act on it: an empty one (an outsider, a closed project's
// read-only records, ENG-I2) records nothing.
func (s *Service) noteRefused(ctx context.Context, a goumai.Actor, table string, key int64, region, action string, err error) error {
	if !ruleRefusal(err) || key == 0 || region == "" {
		return err
	}
	if nerr := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		_, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: table, Key: key, Region: region})
		return err
	}); nerr != nil {
		return errors.Join(err, nerr)
	}
	return err
}

// ProposeAmendment proposes a supplementary contract to a contract in force,
// by the purchaser's staff or its agency. One awaits signatures at a time.
// Refused (and recorded) past 10 % cumulative (ENG-H3), with a financing
// guarantee (ENG-H5), or when the project's budget line has less available
// than the added amount (ENG-B2).
func (s *Service) ProposeAmendment(ctx context.Context, a goumai.Actor, contractID int64, in AmendmentInput) (goumai.ContractAmendment, error) {
	var m goumai.ContractAmendment
	var region string
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		c, p, err := s.contractFor(ctx, tx, a, contractID)
		if err != nil {
			return err
		}
		region = c.Region
		if err := s.drafter(a, p); err != nil {
			return err
		}
		if err := inForce(c); err != nil {
			return err
		}
		others, err := tx.Amendments(ctx, c.ID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(others, func(o goumai.ContractAmendment) bool { return o.Status == goumai.AmendmentSigning }) {
			return goumai.Errorf(goumai.EConflict, "已有一份补充合同待双方签署，签订或撤回后再提出", "a supplementary contract awaits signatures: sign or withdraw it first")
		}
		in.Reasons, in.Terms = strings.TrimSpace(in.Reasons), strings.TrimSpace(in.Terms)
		if err := rules.CheckAmendment(c, others, rules.AmendmentInput{Reasons: in.Reasons, Amount: in.Amount, Terms: in.Terms,
			FinancingGuarantee: in.FinancingGuarantee}); err != nil {
			return err
		}
		if err := s.fundsFor(ctx, tx, p, in.Amount); err != nil {
			return err
		}
		m = goumai.ContractAmendment{ContractID: c.ID, Seq: len(others) + 1, Region: c.Region, Reasons: in.Reasons, Amount: in.Amount,
			Terms: in.Terms, Status: goumai.AmendmentSigning, Hash: strings.Repeat("0", 64), ProposedBy: a.UserID}
		if m.ID, err = tx.InsertAmendment(ctx, m); err != nil {
			return err
		}
		if err := tx.SetAmendmentHash(ctx, m.ID, m.ComputeHash(c.Hash)); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "contract.amend", Table: "contract_amendments", Key: m.ID, Region: c.Region}); err != nil {
			return err
		}
		m, err = tx.Amendment(ctx, m.ID)
		return err
	})
	if err != nil {
		return m, s.noteRefused(ctx, a, "contracts", contractID, region, "contract.amend_refused", err)
	}
	return m, nil
}

// fundsFor refuses an added amount the project's budget line cannot cover
// (ENG-B2): its available balance, before anything is posted.
func (s *Service) fundsFor(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement, amount goumai.Fen) error {
	if amount == 0 {
		return nil
	}
	pr, err := tx.Project(ctx, p.ProjectID)
	if err != nil {
		return err
	}
	b, err := tx.Balance(ctx, pr.BudgetLineID)
	if err != nil {
		return err
	}
	if b.Available() < amount {
		return &goumai.Error{Code: goumai.EFunds, Rule: sqlstore.RuleBudget, Message: goumai.M("预算指标可用余额不足", "the budget line cannot cover the amount"),
			Fields: map[string]goumai.Msg{"amount": goumai.M("项目预算指标可用余额 "+b.Available().Yuan()+" 元，不足补充合同增加的 "+amount.Yuan()+" 元 [ENG-B2]",
				"the project's budget line has "+b.Available().Yuan()+" yuan available, less than the "+amount.Yuan()+" yuan added [ENG-B2]")}}
	}
	return nil
}

// amendmentFor reads an amendment and its contract under the procedure's
// lock, for an actor who may see the contract.
func (s *Service) amendmentFor(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64) (goumai.ContractAmendment, goumai.Contract, goumai.Procurement, error) {
	m, err := tx.Amendment(ctx, id)
	if err != nil {
		return m, goumai.Contract{}, goumai.Procurement{}, err
	}
	c, p, err := s.contractFor(ctx, tx, a, m.ContractID)
	if err != nil {
		return m, c, p, err
	}
	m, err = tx.Amendment(ctx, id) // under the lock
	return m, c, p, err
}

// partyOf returns the party a signs for: the supplier's staff for the
// supplier, the purchaser's staff for the purchaser.
func (s *Service) partyOf(a goumai.Actor, c goumai.Contract, p goumai.Procurement) (party, other goumai.ContractParty, err error) {
	switch {
	case s.supplierSigner(a, c) == nil:
		return goumai.PartySupplier, goumai.PartyPurchaser, nil
	case s.purchaser(a, p) == nil:
		return goumai.PartyPurchaser, goumai.PartySupplier, nil
	}
	return "", "", goumai.ErrForbidden()
}

// SignAmendment records the actor's organisation's signature of a
// supplementary contract's hash: it must verify with a key of the signer's
// organisation, not revoked, over the amendment's hash (a forged signature,
// or one made over another hash — the contract's, a bid's — is refused and
// the attempt recorded). The second signature puts it in force (amended).
func (s *Service) SignAmendment(ctx context.Context, a goumai.Actor, id int64, in SignInput) (goumai.ContractAmendment, error) {
	sig, err := goumai.DecodeSignature(in.Signature)
	if err != nil {
		return goumai.ContractAmendment{}, err
	}
	var m goumai.ContractAmendment
	var region string
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var c goumai.Contract
		var p goumai.Procurement
		if m, c, p, err = s.amendmentFor(ctx, tx, a, id); err != nil {
			return err
		}
		region = c.Region
		party, other, err := s.partyOf(a, c, p)
		if err != nil {
			return err
		}
		switch {
		case m.Status != goumai.AmendmentSigning:
			return goumai.Errorf(goumai.EConflict, "补充合同当前状态不能签署："+m.Status.Label().ZH, "the supplementary contract cannot be signed: "+m.Status.Label().EN)
		case m.Signed(party):
			return goumai.Errorf(goumai.EConflict, "本方已签署该补充合同", "your party has signed this supplementary contract already")
		}
		if err := inForce(c); err != nil {
			return err
		}
		if strings.TrimSpace(in.Hash) != m.Hash {
			return signatureRefused("hash", goumai.M("签名的不是该补充合同的摘要，请对补充合同的摘要签名", "the hash signed is not the supplementary contract's: sign its hash"))
		}
		if m.ComputeHash(c.Hash) != m.Hash {
			return goumai.Errorf(goumai.EInternal, "补充合同内容与其摘要不符", "the supplementary contract does not match its hash")
		}
		k, err := verifySigner(ctx, tx, a, m.Hash, in.KeyID, sig)
		if err != nil {
			return err
		}
		gid, err := tx.InsertAmendmentSignature(ctx, m.ID, goumai.ContractSignature{Party: party, OrgID: a.Org.ID, KeyID: k.ID, Hash: m.Hash,
			Signature: sig, SignedBy: a.UserID})
		if err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "contract.amend_signature", Table: "amendment_signatures", Key: gid, Region: c.Region}); err != nil {
			return err
		}
		if m.Signed(other) {
			if err := s.amended(ctx, tx, &m, &c, p); err != nil {
				return err
			}
		}
		m, err = tx.Amendment(ctx, m.ID)
		return err
	})
	if err != nil {
		return m, s.noteRefused(ctx, a, "contract_amendments", id, region, "contract.amend_signature_refused", err)
	}
	return m, nil
}

// amended puts a supplementary contract signed by both in force, in the
// signature's transaction: the added amount is committed and obligated on
// the project's line (refused if the line cannot cover it, ENG-B2), the
// contract's total grows (ENG-H3) and the 合同变更公告 is published. The
// platform (goumai.System) does these.
func (s *Service) amended(ctx context.Context, tx *sqlstore.Tx, m *goumai.ContractAmendment, c *goumai.Contract, p goumai.Procurement) error {
	pr, err := tx.Project(ctx, p.ProjectID)
	if err != nil {
		return err
	}
	if m.Amount > 0 {
		// The commitment is the line's, not the project's: a project commits
		// exactly its approved amount (sqlstore's verify holds it), and the
		// supplementary contract's obligation, the project's, follows at once.
		memo := c.Number + " 补充合同" + strconv.Itoa(m.Seq)
		for _, e := range []goumai.LedgerEntry{{Kind: goumai.LedgerCommit}, {Kind: goumai.LedgerObligate, ProjectID: pr.ID}} {
			e.LineID, e.Amount, e.Memo = pr.BudgetLineID, m.Amount, memo
			if _, _, err := tx.PostLedger(ctx, goumai.System, e, pr.Region); err != nil {
				return err
			}
		}
	}
	c.AmendedAmount += m.Amount
	n, err := s.changeNotice(ctx, tx, *c, p, "amendment", m.Reasons, m.Terms, m.Amount)
	if err != nil {
		return err
	}
	if _, err := tx.UpdateContract(ctx, *c); err != nil {
		return err
	}
	if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "contract.amended", Table: "contracts", Key: c.ID, Region: c.Region, Public: true}); err != nil {
		return err
	}
	now := tx.Now()
	m.Status, m.SignedAt, m.NoticeID = goumai.AmendmentSigned, &now, n.ID
	if err := tx.UpdateAmendment(ctx, *m); err != nil {
		return err
	}
	_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "contract.amend_signed", Table: "contract_amendments", Key: m.ID, Region: c.Region, Public: true})
	return err
}

// changeNotice publishes a contract's change notice (合同变更公告, or the
// termination's): the contract's public fields and what happened, why, the
// amount added and the total it makes, personal data redacted (REQ-C23).
func (s *Service) changeNotice(ctx context.Context, tx *sqlstore.Tx, c goumai.Contract, p goumai.Procurement, event, reasons, changes string, added goumai.Fen) (goumai.Notice, error) {
	lots, err := tx.Lots(ctx, p.ID)
	if err != nil {
		return goumai.Notice{}, err
	}
	i := slices.IndexFunc(lots, func(l goumai.Lot) bool { return l.ID == c.LotID })
	if i < 0 {
		return goumai.Notice{}, goumai.ErrNotFound("采购包", "lot")
	}
	line, err := s.contractNoticeLine(ctx, tx, c, lots[i])
	if err != nil {
		return goumai.Notice{}, err
	}
	r := goumai.RedactPersonal
	line.Event, line.Reasons, line.Changes, line.Added, line.Total = event, r(reasons), r(changes), added, c.Total()
	title := p.Title + "合同变更公告"
	if event == "termination" {
		title = p.Title + "合同解除公告"
	}
	return s.publishTitled(ctx, tx, goumai.System, &p, goumai.NoticeContract, title, func(b *goumai.NoticeBody) { b.Contract = &line })
}

// Amendments returns a contract's supplementary contracts as a may read them:
// insiders all of them, anyone else those signed (in force), who acted left out.
func (s *Service) Amendments(ctx context.Context, a goumai.Actor, contractID int64) ([]goumai.ContractAmendment, error) {
	c, _, inside, err := s.readContract(ctx, a, contractID)
	if err != nil {
		return nil, err
	}
	ms, err := s.Store.Amendments(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	out := []goumai.ContractAmendment{}
	for _, m := range ms {
		if inside {
			out = append(out, m)
			continue
		}
		if m.Status != goumai.AmendmentSigned {
			continue
		}
		m.ProposedBy, m.Reasons, m.Terms = 0, goumai.RedactPersonal(m.Reasons), goumai.RedactPersonal(m.Terms)
		sigs := slices.Clone(m.Signatures)
		for i := range sigs {
			sigs[i].SignedBy = 0
		}
		m.Signatures = sigs
		out = append(out, m)
	}
	return out, nil
}

// readContract reads a contract for a: ENotFound unless a may read it;
// inside says whether a sees its internals.
func (s *Service) readContract(ctx context.Context, a goumai.Actor, id int64) (goumai.Contract, goumai.Procurement, bool, error) {
	c, err := s.Store.Contract(ctx, id)
	if err != nil {
		return c, goumai.Procurement{}, false, err
	}
	p, err := s.Store.Procurement(ctx, c.ProcurementID)
	if err != nil {
		return c, p, false, err
	}
	if s.insideContract(a, c, p) {
		return c, p, true, nil
	}
	if !publicContract(c) {
		return c, p, false, goumai.ErrNotFound("合同", "contract")
	}
	return c, p, false, nil
}

// ProposeTermination proposes to end a contract in force, by the purchaser's
// or the supplier's staff, with a ground and reasons (GPL Art. 50). One
// proposal stands at a time.
func (s *Service) ProposeTermination(ctx context.Context, a goumai.Actor, contractID int64, in ContractTerminationInput) (goumai.ContractTermination, error) {
	var t goumai.ContractTermination
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		c, p, err := s.contractFor(ctx, tx, a, contractID)
		if err != nil {
			return err
		}
		party, _, err := s.partyOf(a, c, p)
		if err != nil {
			return err
		}
		if err := inForce(c); err != nil {
			return err
		}
		ts, err := tx.Terminations(ctx, c.ID)
		if err != nil {
			return err
		}
		if slices.ContainsFunc(ts, func(o goumai.ContractTermination) bool { return o.Status == goumai.TerminationProposed }) {
			return goumai.Errorf(goumai.EConflict, "已有一项解除合同的提议待确认", "a termination of this contract awaits confirmation")
		}
		in.Reasons = strings.TrimSpace(in.Reasons)
		if err := rules.CheckTermination(in.Ground, in.Reasons); err != nil {
			return err
		}
		t = goumai.ContractTermination{ContractID: c.ID, Region: c.Region, Ground: in.Ground, Reasons: in.Reasons, ProposedParty: party,
			ProposedOrgID: a.Org.ID, ProposedBy: a.UserID, Status: goumai.TerminationProposed}
		if t.ID, err = tx.InsertTermination(ctx, t); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "contract.terminate_propose", Table: "contract_terminations", Key: t.ID, Region: c.Region}); err != nil {
			return err
		}
		t, err = tx.Termination(ctx, t.ID)
		return err
	})
	return t, err
}

// terminationDecider returns nil if a confirms or refuses t: on the parties'
// agreement, the other party's staff; on a legal ground, the finance
// department's approvers of the contract's region.
func (s *Service) terminationDecider(a goumai.Actor, t goumai.ContractTermination, c goumai.Contract, p goumai.Procurement) error {
	if !t.Ground.Agreed() {
		return s.legalTerminationDecider(a, t)
	}
	party, _, err := s.partyOf(a, c, p)
	if err != nil {
		return err
	}
	if party == t.ProposedParty {
		return goumai.ErrForbidden()
	}
	return nil
}

// legalTerminationDecider returns nil if a decides t, a termination on a
// legal ground: an approver of the finance department over the contract's
// region who did not propose it.
func (s *Service) legalTerminationDecider(a goumai.Actor, t goumai.ContractTermination) error {
	return s.Policy.Can(a, goumai.ActDecideComplaint, goumai.Target{Region: t.Region, Item: &goumai.Involvement{Drafters: []int64{t.ProposedBy}}, Step: "decide"})
}

// checkDecision checks a decision's opinion: required to refuse, at most MaxOpinion characters.
func checkDecision(in *DecisionInput) error {
	in.Opinion = strings.TrimSpace(in.Opinion)
	switch n := utf8.RuneCountInString(in.Opinion); {
	case n == 0 && !in.Agree:
		return goumai.Fields{"opinion": goumai.M("不同意时请写明意见", "write the opinion when refusing")}.Err()
	case n > MaxOpinion:
		return goumai.Fields{"opinion": goumai.M(fmt.Sprintf("意见不能超过%d个字", MaxOpinion), fmt.Sprintf("the opinion has at most %d characters", MaxOpinion))}.Err()
	}
	return nil
}

// DecideTermination confirms or refuses a proposed termination. Confirmed:
// in the same transaction the contract is terminated (its milestones can no
// longer be delivered), its unpaid total released to the budget line
// (deobligate), and the termination notice published.
func (s *Service) DecideTermination(ctx context.Context, a goumai.Actor, id int64, in DecisionInput) (goumai.ContractTermination, error) {
	if err := checkDecision(&in); err != nil {
		return goumai.ContractTermination{}, err
	}
	var t goumai.ContractTermination
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if t, err = tx.Termination(ctx, id); err != nil {
			return err
		}
		c, p, err := s.contractFor(ctx, tx, a, t.ContractID)
		if goumai.ErrorCode(err) == goumai.ENotFound && !t.Ground.Agreed() {
			c, p, err = s.lockedContract(ctx, tx, t.ContractID) // the finance department need not be an insider
		}
		if err != nil {
			return err
		}
		if t, err = tx.Termination(ctx, id); err != nil {
			return err
		}
		if err := s.terminationDecider(a, t, c, p); err != nil {
			return err
		}
		switch {
		case t.Status != goumai.TerminationProposed:
			return goumai.Errorf(goumai.EConflict, "该解除提议已处理", "this termination was decided already")
		case in.Version != t.Version:
			return goumai.Errorf(goumai.EStale, "记录已被他人修改，请刷新后重试", "the record changed meanwhile; reload and try again")
		}
		now := tx.Now()
		t.ConfirmedOrgID, t.ConfirmedBy, t.ConfirmedAt, t.Opinion = a.Org.ID, a.UserID, &now, in.Opinion
		action := "contract.terminate_refuse"
		t.Status = goumai.TerminationRefused
		if in.Agree {
			action, t.Status = "contract.terminate_confirm", goumai.TerminationConfirmed
			if err := s.terminated(ctx, tx, &t, &c, p); err != nil {
				return err
			}
		}
		if err := tx.UpdateTermination(ctx, t); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "contract_terminations", Key: t.ID, Region: c.Region, Public: in.Agree}); err != nil {
			return err
		}
		t, err = tx.Termination(ctx, t.ID)
		return err
	})
	return t, err
}

// lockedContract reads a contract under its procedure's lock, for a decider
// who is no insider of the procedure.
func (s *Service) lockedContract(ctx context.Context, tx *sqlstore.Tx, id int64) (goumai.Contract, goumai.Procurement, error) {
	c, err := tx.Contract(ctx, id)
	if err != nil {
		return c, goumai.Procurement{}, err
	}
	if err := tx.Lock(ctx, "procurements", c.ProcurementID); err != nil {
		return c, goumai.Procurement{}, err
	}
	if c, err = tx.Contract(ctx, id); err != nil {
		return c, goumai.Procurement{}, err
	}
	p, err := tx.Procurement(ctx, c.ProcurementID)
	return c, p, err
}

// terminated ends the contract in the confirmation's transaction: its
// status, the unpaid part of its total released (deobligate) and the
// termination notice; a supplementary contract awaiting signatures is
// withdrawn. The platform (goumai.System) does these.
func (s *Service) terminated(ctx context.Context, tx *sqlstore.Tx, t *goumai.ContractTermination, c *goumai.Contract, p goumai.Procurement) error {
	next, ok := goumai.ContractTransition(c.Status, goumai.ContractTerminate, false)
	if !ok {
		return inForce(*c)
	}
	pr, err := tx.Project(ctx, p.ProjectID)
	if err != nil {
		return err
	}
	paid, err := tx.ContractPaid(ctx, pr.ID, c.Number)
	if err != nil {
		return err
	}
	if rest := c.Total() - paid; rest > 0 {
		if _, _, err := tx.PostLedger(ctx, goumai.System, goumai.LedgerEntry{LineID: pr.BudgetLineID, Kind: goumai.LedgerDeobligate, Amount: rest,
			ProjectID: pr.ID, Memo: c.Number + " 合同解除"}, pr.Region); err != nil {
			return err
		}
		t.Released = rest
	}
	ms, err := tx.Amendments(ctx, c.ID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.Status != goumai.AmendmentSigning {
			continue
		}
		m.Status = goumai.AmendmentWithdrawn
		if err := tx.UpdateAmendment(ctx, m); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "contract.amend_withdraw", Table: "contract_amendments", Key: m.ID, Region: c.Region}); err != nil {
			return err
		}
	}
	c.Status = next
	n, err := s.changeNotice(ctx, tx, *c, p, "termination", t.Ground.Label().ZH+"："+t.Reasons, "", 0)
	if err != nil {
		return err
	}
	t.NoticeID = n.ID
	if _, err := tx.UpdateContract(ctx, *c); err != nil {
		return err
	}
	_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "contract.terminated", Table: "contracts", Key: c.ID, Region: c.Region, Public: true})
	return err
}

// Terminations returns a contract's terminations as a may read them:
// insiders all, anyone else the confirmed ones, who acted left out.
func (s *Service) Terminations(ctx context.Context, a goumai.Actor, contractID int64) ([]goumai.ContractTermination, error) {
	c, _, inside, err := s.readContract(ctx, a, contractID)
	if err != nil {
		return nil, err
	}
	ts, err := s.Store.Terminations(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	out := []goumai.ContractTermination{}
	for _, t := range ts {
		if inside {
			out = append(out, t)
		} else if t.Status == goumai.TerminationConfirmed {
			t.ProposedBy, t.ConfirmedBy, t.Reasons, t.Opinion = 0, 0, goumai.RedactPersonal(t.Reasons), goumai.RedactPersonal(t.Opinion)
			out = append(out, t)
		}
	}
	return out, nil
}

// CanDeliver refuses a delivery on a contract that is not in force: once
// terminated, its pending milestones can no longer be submitted for
// acceptance (the supervision's submit calls it; migration 0041 holds the
// same line in the database).
func CanDeliver(c goumai.Contract) error {
	if c.Status == goumai.ContractTerminated {
		return goumai.Errorf(goumai.EConflict, "合同已解除，履约节点不能再提交验收", "the contract is terminated: its milestones can no longer be submitted")
	}
	return inForce(c)
}

// ProposeSubcontract records a subcontract proposed by the contract's
// supplier, awaiting the purchaser's consent (GPL Art. 48). An attempt that
// ENG-H4 forbids whatever the consent — by a subcontractor (a second level),
// of the whole service (转包), or of a core part — is refused and kept as a
// blocked attempt on the finance department's red-flag list.
func (s *Service) ProposeSubcontract(ctx context.Context, a goumai.Actor, contractID int64, in SubcontractInput) (goumai.Subcontract, error) {
	var k goumai.Subcontract
	var blocked error
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		c, err := s.subcontractorFor(ctx, tx, a, contractID)
		if err != nil {
			return err
		}
		if err := inForce(c); err != nil {
			return err
		}
		in.Part = strings.TrimSpace(in.Part)
		ri := rules.SubcontractInput{ParentOrgID: a.Org.ID, SubcontractorOrgID: in.SubcontractorOrgID, Part: in.Part, Amount: in.Amount, NonCore: true}
		if err := rules.CheckSubcontract(c, ri); err != nil {
			return err // bad input: nothing to record
		}
		if _, err := tx.Org(ctx, in.SubcontractorOrgID); err != nil {
			return goumai.Fields{"subcontractor_org_id": goumai.M("承接分包的单位不存在", "no such organisation")}.Err()
		}
		existing, err := tx.Subcontracts(ctx, c.ID)
		if err != nil {
			return err
		}
		k = goumai.Subcontract{ContractID: c.ID, Region: c.Region, ParentOrgID: a.Org.ID, SubcontractorOrgID: in.SubcontractorOrgID, Part: in.Part,
			Amount: in.Amount, NonCore: in.NonCore, Declared: in.Declared, Status: goumai.SubcontractProposed, ProposedBy: a.UserID}
		field := "subcontractor_org_id"
		why, block := rules.SubcontractBlock(c, existing, ri)
		switch {
		case block && ri.ParentOrgID == c.SupplierOrgID:
			field = "amount"
		case !block && !in.NonCore:
			why, block, field = goumai.M("只能将非主体、非关键性工作分包，主体、关键性工作不得分包（《政府采购法》第四十八条，ENG-H4）",
				"only parts that are neither core nor critical may be subcontracted; a core part never (GPL Art. 48, ENG-H4)"), true, "non_core"
		}
		action := "contract.subcontract"
		if block {
			k.Status, k.Rule, k.Problem, action = goumai.SubcontractBlocked, "ENG-H4", why, "contract.subcontract_block"
			e := goumai.AsError(goumai.Fields{field: goumai.M(why.ZH+" [ENG-H4]", why.EN+" [ENG-H4]")}.Err())
			e.Rule, e.Message = "ENG-H4", goumai.M("分包被拒绝并已记录，财政部门可见（ENG-H4）", "the subcontract is refused and recorded for the finance department (ENG-H4)")
			blocked = e
		}
		if k.ID, err = tx.InsertSubcontract(ctx, k); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "subcontracts", Key: k.ID, Region: c.Region}); err != nil {
			return err
		}
		k, err = tx.Subcontract(ctx, k.ID)
		return err
	})
	if err == nil && blocked != nil {
		return k, blocked
	}
	return k, err
}

// subcontractorFor reads a contract under its procedure's lock for an actor
// who may propose a subcontract of it: the supplier's staff, or the staff of
// one of its subcontractors (whose attempt is a second level, refused and
// recorded).
func (s *Service) subcontractorFor(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, contractID int64) (goumai.Contract, error) {
	c, p, err := s.lockedContract(ctx, tx, contractID)
	if err != nil {
		return c, err
	}
	if s.supplierSigner(a, c) == nil {
		return c, nil
	}
	ks, err := tx.Subcontracts(ctx, c.ID)
	if err != nil {
		return c, err
	}
	for _, k := range ks {
		if k.Status != goumai.SubcontractBlocked && k.SubcontractorOrgID == a.Org.ID && s.Policy.Can(a, goumai.ActBid, goumai.Target{OrgID: a.Org.ID}) == nil {
			return c, nil
		}
	}
	if s.insideContract(a, c, p) || publicContract(c) {
		return c, goumai.ErrForbidden()
	}
	return c, goumai.ErrNotFound("合同", "contract")
}

// DecideSubcontract records the purchaser's consent to a proposed
// subcontract, or its refusal, with an opinion (意见).
func (s *Service) DecideSubcontract(ctx context.Context, a goumai.Actor, id int64, in DecisionInput) (goumai.Subcontract, error) {
	if err := checkDecision(&in); err != nil {
		return goumai.Subcontract{}, err
	}
	var k goumai.Subcontract
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if k, err = tx.Subcontract(ctx, id); err != nil {
			return err
		}
		c, p, err := s.contractFor(ctx, tx, a, k.ContractID)
		if err != nil {
			return err
		}
		if err := s.purchaser(a, p); err != nil {
			return err
		}
		if k, err = tx.Subcontract(ctx, id); err != nil {
			return err
		}
		switch {
		case k.Status != goumai.SubcontractProposed:
			return goumai.Errorf(goumai.EConflict, "该分包申请已处理", "this subcontract was decided already")
		case in.Version != k.Version:
			return goumai.Errorf(goumai.EStale, "记录已被他人修改，请刷新后重试", "the record changed meanwhile; reload and try again")
		}
		if err := inForce(c); err != nil {
			return err
		}
		now := tx.Now()
		k.Opinion, k.DecidedBy, k.DecidedAt = in.Opinion, a.UserID, &now
		action := "contract.subcontract_deny"
		k.Status = goumai.SubcontractRefused
		if in.Agree {
			action, k.Status = "contract.subcontract_agree", goumai.SubcontractApproved
		}
		if err := tx.DecideSubcontract(ctx, k); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "subcontracts", Key: k.ID, Region: c.Region, Public: in.Agree}); err != nil {
			return err
		}
		k, err = tx.Subcontract(ctx, k.ID)
		return err
	})
	return k, err
}

// Subcontracts returns a contract's subcontracts as a may read them: insiders
// all (blocked attempts included), anyone else the consented ones.
func (s *Service) Subcontracts(ctx context.Context, a goumai.Actor, contractID int64) ([]goumai.Subcontract, error) {
	c, _, inside, err := s.readContract(ctx, a, contractID)
	if err != nil {
		return nil, err
	}
	ks, err := s.Store.Subcontracts(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	out := []goumai.Subcontract{}
	for _, k := range ks {
		if inside {
			out = append(out, k)
		} else if k.Status == goumai.SubcontractApproved {
			k.ProposedBy, k.DecidedBy, k.Part, k.Opinion = 0, 0, goumai.RedactPersonal(k.Part), goumai.RedactPersonal(k.Opinion)
			out = append(out, k)
		}
	}
	return out, nil
}

// BlockedSubcontracts is the finance department's red-flag list of refused
// subcontracting attempts (转包, second level, core part; ENG-H4) in a
// region subtree, for its finance staff and auditors.
func (s *Service) BlockedSubcontracts(ctx context.Context, a goumai.Actor, region string) ([]goumai.Subcontract, error) {
	if err := s.Policy.Can(a, goumai.ActViewProjectFlags, goumai.Target{Region: region}); err != nil {
		return nil, err
	}
	ks, err := s.Store.BlockedSubcontracts(ctx, region)
	if ks == nil {
		ks = []goumai.Subcontract{}
	}
	return ks, err
}

// ContractChanges are a contract's supplementary contracts, terminations and
// subcontracts, as an actor may read them.
type ContractChanges struct {
	Amendments   []goumai.ContractAmendment   `json:"amendments"`
	Terminations []goumai.ContractTermination `json:"terminations"`
	Subcontracts []goumai.Subcontract         `json:"subcontracts"`
}

// ContractChanges returns a contract's changes as a may read them.
func (s *Service) ContractChanges(ctx context.Context, a goumai.Actor, contractID int64) (ContractChanges, error) {
	var out ContractChanges
	var err error
	if out.Amendments, err = s.Amendments(ctx, a, contractID); err != nil {
		return out, err
	}
	if out.Terminations, err = s.Terminations(ctx, a, contractID); err != nil {
		return out, err
	}
	out.Subcontracts, err = s.Subcontracts(ctx, a, contractID)
	return out, err
}
