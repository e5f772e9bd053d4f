package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// The contract (合同签订, issue 10 item 2): drafted from a lot's award and the
// documents' contract terms by the purchaser's staff or its agency, edited
// while a draft (each change a new revision, voiding any signature made),
// and signed by the supplier and the purchaser over the hash of its
// canonical form with keys registered on their profiles (REQ-C6, C7). The
// second signature puts it in force and, in the same transaction, turns the
// lot's budget commitment into an obligation for the contract amount and
// releases the rest, publishes the 合同公告 (REQ-C21, C23), records the
// statistics entry's due date (REQ-C24) and makes the winner's bid bond due
// within 5 working days (ENG-D7).

// The limits after signing, in working days.
const (
	ContractNoticeWorkingDays = 2 // the 合同公告 (GPL-IR Art. 50; ENG-D6)
	ContractStatsWorkingDays  = 3 // the statistics entry (REQ-C24)
)

// ContractInput is a contract's editable fields. In a draft, a zero field is
// filled from the award and the procedure documents.
type ContractInput struct {
	Version            int                     `json:"version"` // the version read (updates)
	Title              string                  `json:"title"`
	Amount             goumai.Fen              `json:"amount"`
	TermMonths         int                     `json:"term_months"`
	LongTerm           *goumai.LongTermGrounds `json:"long_term"`
	StartOn            string                  `json:"start_on"`
	Terms              goumai.ContractTerms    `json:"terms"`
	FinancingGuarantee bool                    `json:"financing_guarantee"` // never allowed (ENG-H5): refused when true
	// Milestones are the deliverables and payment schedule, in order; none:
	// one milestone for the whole amount, due on the term's last day.
	Milestones []goumai.MilestoneInput `json:"milestones"`
}

// SignInput is one party's signature of the contract's current hash.
type SignInput struct {
	Hash      string `json:"hash"`
	KeyID     string `json:"key_id"`
	Signature string `json:"signature"` // base64 or hex
}

// drafter returns nil if a may draw up and edit p's contracts: the
// purchaser's staff or the entrusted agency's (GPL Art. 43).
func (s *Service) drafter(a goumai.Actor, p goumai.Procurement) error {
	if s.purchaser(a, p) == nil {
		return nil
	}
	return s.organizer(a, p)
}

// DraftContract draws up the contract of an awarded lot of a procedure whose
// result is published.
func (s *Service) DraftContract(ctx context.Context, a goumai.Actor, procurementID, lotID int64, in ContractInput) (goumai.Contract, error) {
	var c goumai.Contract
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		p, err := s.procedureFor(ctx, tx, a, procurementID, -1, s.drafter, goumai.ProcAwarded)
		if goumai.ErrorCode(err) == goumai.EStale {
			err = nil // a contract does not change the procedure: any version
		}
		if err != nil {
			return err
		}
		awards, err := tx.Awards(ctx, p.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(awards, func(aw goumai.Award) bool { return aw.LotID == lotID })
		if i < 0 {
			return goumai.ErrNotFound("中标（成交）结果", "award")
		}
		aw := awards[i]
		if c, err = s.prefill(ctx, tx, a, p, aw, in); err != nil {
			return err
		}
		setPeriod(&c)
		c.Milestones = milestones(c, in.Milestones)
		if err := rules.CheckContract(c); err != nil {
			return err
		}
		c.Hash = strings.Repeat("0", 64) // the hash names the id: set once it is known
		if c.ID, err = tx.InsertContract(ctx, c); err != nil {
			return err
		}
		if err := setMilestones(ctx, tx, a, c); err != nil {
			return err
		}
		c.Hash = c.ComputeHash()
		if err := tx.SetContractHash(ctx, c.ID, c.Hash); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "contract.draft", Table: "contracts", Key: c.ID, Region: c.Region}); err != nil {
			return err
		}
		c, err = tx.Contract(ctx, c.ID)
		return err
	})
	return c, err
}

// prefill builds a draft from the award, the documents and the input: each
// field the input leaves zero comes from the procedure.
func (s *Service) prefill(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p goumai.Procurement, aw goumai.Award, in ContractInput) (goumai.Contract, error) {
	lots, err := tx.Lots(ctx, p.ID)
	if err != nil {
		return goumai.Contract{}, err
	}
	lot := lots[slices.IndexFunc(lots, func(l goumai.Lot) bool { return l.ID == aw.LotID })]
	pr, err := tx.Project(ctx, p.ProjectID)
	if err != nil {
		return goumai.Contract{}, err
	}
	signBy, err := s.signBy(ctx, tx, p.ID)
	if err != nil {
		return goumai.Contract{}, err
	}
	c := goumai.Contract{Number: fmt.Sprintf("%s-HT%02d", p.Code, lot.Number), ProcurementID: p.ID, LotID: lot.ID, AwardID: aw.ID,
		PurchaserOrgID: p.PurchaserOrgID, SupplierOrgID: aw.OrgID, Region: p.Region, AwardAmount: aw.Amount, Status: goumai.ContractDraft,
		Revision: 1, SignBy: signBy, CreatedBy: a.UserID}
	applyInput(&c, in)
	if c.Title == "" {
		c.Title = p.Title + "合同"
		if len(lots) > 1 {
			c.Title = fmt.Sprintf("%s（第%d包 %s）合同", p.Title, lot.Number, lot.Title)
		}
	}
	if c.Amount == 0 {
		c.Amount = aw.Amount
	}
	if c.TermMonths == 0 {
		c.TermMonths = p.Documents.TermMonths
	}
	if c.LongTerm == nil && c.TermMonths > rules.DefaultTerm {
		c.LongTerm = pr.LongTerm
	}
	if c.StartOn == "" {
		c.StartOn = tx.Now().In(goumai.Shanghai).AddDate(0, 0, 1).Format(time.DateOnly)
	}
	t := &c.Terms
	fill := func(dst *string, v string) {
		if strings.TrimSpace(*dst) == "" {
			*dst = strings.TrimSpace(v)
		}
	}
	fill(&t.ServiceContent, lot.Requirements)
	fill(&t.ServiceContent, p.Documents.Requirements)
	if pr.Quantity > 0 {
		fill(&t.Quantity, fmt.Sprintf("%d %s", pr.Quantity, pr.QuantityUnit))
	}
	fill(&t.Quality, p.Documents.QualityStandards)
	fill(&t.Price, fmt.Sprintf("合同总价 %s 元，为中标（成交）价格，包含完成全部服务的一切费用", c.Amount.Yuan()))
	fill(&t.RightsObligations, p.Documents.ContractTerms)
	fill(&t.Place, s.Store.Regions().FullName(p.Region))
	return c, nil
}

// applyInput copies the input's fields onto c.
func applyInput(c *goumai.Contract, in ContractInput) {
	c.Title, c.Amount, c.TermMonths, c.LongTerm, c.StartOn = strings.TrimSpace(in.Title), in.Amount, in.TermMonths, in.LongTerm, strings.TrimSpace(in.StartOn)
	c.Terms, c.FinancingGuarantee = in.Terms, in.FinancingGuarantee
}

// setPeriod derives the term's last day and budget years from its start.
func setPeriod(c *goumai.Contract) {
	end, years, ok := rules.ContractPeriod(c.StartOn, c.TermMonths)
	if !ok {
		end, years = "", []int{} // CheckContract names the field
	}
	c.EndOn, c.BudgetYears = end, years
}

// signBy is 30 days after the procedure's result notice (ENG-D6).
func (s *Service) signBy(ctx context.Context, tx *sqlstore.Tx, procurementID int64) (time.Time, error) {
	ns, err := tx.Notices(ctx, procurementID)
	if err != nil {
		return time.Time{}, err
	}
	var at time.Time
	for _, n := range ns {
		if n.Kind == goumai.NoticeResult {
			at = n.PublishedAt
		}
	}
	if at.IsZero() {
		return at, goumai.Errorf(goumai.EConflict, "中标（成交）结果公告发布后方可草拟合同", "the result notice must be published before the contract is drawn up")
	}
	return rules.ContractSignBy(at), nil
}

// contractFor locks the contract's procedure and reads the contract, for an
// actor who may see the procedure's internals or is its supplier.
func (s *Service) contractFor(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64) (goumai.Contract, goumai.Procurement, error) {
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
	if err != nil {
		return c, p, err
	}
	if !s.insideContract(a, c, p) {
		return c, p, goumai.ErrNotFound("合同", "contract")
	}
	return c, p, guardOpen(ctx, tx, p.ProjectID) // ENG-I2: a closed project's contracts are read-only

}

// insideContract reports whether a sees c's drafts and signatures: the
// procedure's insiders (purchaser, agency, finance staff and auditors of its
// region) and the supplier's staff.
func (s *Service) insideContract(a goumai.Actor, c goumai.Contract, p goumai.Procurement) bool {
	if s.supplierSigner(a, c) == nil {
		return true
	}
	return s.Policy.Can(a, goumai.ActViewProcurement, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}) == nil ||
		p.AgencyOrgID != 0 && s.Policy.Can(a, goumai.ActViewProcurement, goumai.Target{OrgID: p.AgencyOrgID, Region: p.Region}) == nil
}

// supplierSigner returns nil if a is the contract's supplier's staff.
func (s *Service) supplierSigner(a goumai.Actor, c goumai.Contract) error {
	return s.Policy.Can(a, goumai.ActBid, goumai.Target{OrgID: c.SupplierOrgID})
}

// UpdateContract writes a new revision of a contract not yet in force; a
// signature already made is voided (the hash it signed is no longer the
// contract's) and the contract returns to draft.
func (s *Service) UpdateContract(ctx context.Context, a goumai.Actor, id int64, in ContractInput) (goumai.Contract, error) {
	return s.changeContract(ctx, a, id, s.drafter, func(tx *sqlstore.Tx, c *goumai.Contract, _ goumai.Procurement) (string, bool, error) {
		if in.Version != c.Version {
			return "", false, goumai.Errorf(goumai.EStale, "合同已被他人修改，请刷新后重试", "the contract changed meanwhile; reload and try again")
		}
		next, ok := goumai.ContractTransition(c.Status, goumai.ContractUpdate, false)
		if !ok {
			return "", false, goumai.Errorf(goumai.EConflict, "已签订的合同不能修改：变更须签订补充合同（ENG-H3）", "a contract in force cannot be edited: a change is a supplementary contract (ENG-H3)")
		}
		applyInput(c, in)
		setPeriod(c)
		c.Milestones = milestones(*c, in.Milestones)
		if err := rules.CheckContract(*c); err != nil {
			return "", false, err
		}
		if err := setMilestones(ctx, tx, a, *c); err != nil {
			return "", false, err
		}
		for _, g := range c.Signatures {
			if g.VoidedAt != nil {
				continue
			}
			if err := tx.VoidContractSignature(ctx, g.ID); err != nil {
				return "", false, err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "contract.signature_void", Table: "contract_signatures", Key: g.ID, Region: c.Region}); err != nil {
				return "", false, err
			}
		}
		c.Status, c.Revision = next, c.Revision+1
		c.Hash = c.ComputeHash()
		return "contract.update", false, nil
	})
}

// changeContract runs one action on a contract in one transaction: the
// contract is read under its procedure's lock for an actor who may see it,
// may is checked, change applies the action and names the event (and whether
// it is public), and the contract is written, recorded and read again.
func (s *Service) changeContract(ctx context.Context, a goumai.Actor, id int64, may func(goumai.Actor, goumai.Procurement) error,
	change func(tx *sqlstore.Tx, c *goumai.Contract, p goumai.Procurement) (action string, public bool, err error)) (goumai.Contract, error) {
	var c goumai.Contract
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var p goumai.Procurement
		var err error
		if c, p, err = s.contractFor(ctx, tx, a, id); err != nil {
			return err
		}
		if err := may(a, p); err != nil {
			return err
		}
		action, public, err := change(tx, &c, p)
		if err != nil {
			return err
		}
		if _, err := tx.UpdateContract(ctx, c); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "contracts", Key: c.ID, Region: c.Region, Public: public}); err != nil {
			return err
		}
		c, err = tx.Contract(ctx, c.ID)
		return err
	})
	return c, err
}

// SignContract records the actor's organisation's signature of the contract:
// the supplier's staff sign for the supplier, the purchaser's staff for the
// purchaser. The signature must verify over the contract's current hash with
// a key registered on the signer's organisation and not revoked; every
// mandatory field must be written (ENG-H2), the 30 days since the result
// notice not passed (ENG-D6) and no challenge or complaint open (ENG-D8).
// The second signature puts the contract in force (see signed).
func (s *Service) SignContract(ctx context.Context, a goumai.Actor, id int64, in SignInput) (goumai.Contract, error) {
	sig, err := goumai.DecodeSignature(in.Signature)
	if err != nil {
		return goumai.Contract{}, err
	}
	anyone := func(goumai.Actor, goumai.Procurement) error { return nil } // the party is told below
	var region string                                                     // set once the signer is a party: only a party's refusal is recorded
	c, err := s.changeContract(ctx, a, id, anyone, func(tx *sqlstore.Tx, c *goumai.Contract, p goumai.Procurement) (string, bool, error) {
		party, other := goumai.PartySupplier, goumai.PartyPurchaser
		switch {
		case s.supplierSigner(a, *c) == nil:
		case s.purchaser(a, p) == nil:
			party, other = goumai.PartyPurchaser, goumai.PartySupplier
		default:
			return "", false, goumai.ErrForbidden()
		}
		region = c.Region
		if c.Signed(party) {
			return "", false, goumai.Errorf(goumai.EConflict, "本方已签署该合同", "your party has signed this contract already")
		}
		next, ok := goumai.ContractTransition(c.Status, goumai.ContractSign, c.Signed(other))
		if !ok {
			return "", false, goumai.Errorf(goumai.EConflict, "合同当前状态不能签署："+c.Status.Label().ZH, "the contract cannot be signed in its state: "+c.Status.Label().EN)
		}
		k, err := s.checkSignature(ctx, tx, a, *c, in.Hash, in.KeyID, sig)
		if err != nil {
			return "", false, err
		}
		gid, err := tx.InsertContractSignature(ctx, goumai.ContractSignature{ContractID: c.ID, Party: party, OrgID: a.Org.ID, KeyID: k.ID,
			Hash: c.Hash, Signature: sig, SignedBy: a.UserID})
		if err != nil {
			return "", false, err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "contract.signature", Table: "contract_signatures", Key: gid, Region: c.Region}); err != nil {
			return "", false, err
		}
		c.Status = next
		if next != goumai.ContractSigned {
			return "contract.sign", false, nil
		}
		return "contract.signed", true, s.signed(ctx, tx, c, p)
	})
	if err != nil { // forged, replayed, late or during a challenge: refused and recorded on the contract
		return c, s.noteRefused(ctx, a, "contracts", id, region, "contract.sign_refused", err)
	}
	return c, err
}

// checkSignature applies the rules of a signature: the hash signed is the
// contract's current one, every ENG-H2 field is written, the 30 days since
// the result notice have not passed (ENG-D6), no challenge or complaint is
// open (ENG-D8), and the signature verifies with a key of the signer's
// organisation, not revoked. It returns the key.
func (s *Service) checkSignature(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, c goumai.Contract, hash, keyID string, sig []byte) (goumai.PublicKey, error) {
	if strings.TrimSpace(hash) != c.Hash {
		return goumai.PublicKey{}, signatureRefused("hash", goumai.M("签名的不是合同的当前摘要：合同已修改，请对当前摘要重新签名", "the hash signed is not the contract's current one: the contract changed, sign its current hash"))
	}
	if c.ComputeHash() != c.Hash {
		return goumai.PublicKey{}, goumai.Errorf(goumai.EInternal, "合同内容与其摘要不符", "the contract does not match its hash")
	}
	if err := rules.CheckContractComplete(c); err != nil {
		return goumai.PublicKey{}, err
	}
	if err := rules.CheckSignWindow(tx.Now(), c.SignBy); err != nil {
		return goumai.PublicKey{}, err
	}
	if err := s.CheckNotFrozen(ctx, tx, c.ProcurementID); err != nil {
		return goumai.PublicKey{}, err
	}
	return verifySigner(ctx, tx, a, c.Hash, keyID, sig)
}

// verifySigner checks that sig verifies over the signing message of hash
// with a key registered on a's organisation and not revoked (REQ-C6, C7);
// it returns the key.
func verifySigner(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, hash, keyID string, sig []byte) (goumai.PublicKey, error) {
	k, err := tx.SigningKey(ctx, strings.TrimSpace(keyID))
	if err != nil || k.OrgID != a.Org.ID {
		return k, signatureRefused("key_id", goumai.M("请选择本单位登记的签名公钥", "choose a signing key registered on your organisation's profile"))
	}
	if err := goumai.VerifySignatureAt(k, goumai.ContractSigningMessage(hash), sig, tx.Now()); err != nil {
		return k, signatureRefused("signature", goumai.AsError(err).Message)
	}
	return k, nil
}

// ruleSignature names the rule of a contract's signatures: reliable
// electronic signatures over its content (电子签名法 Art. 13; REQ-C6).
const ruleSignature = "REQ-C6"

// signatureRefused is the refusal of a signature (forged, replayed, over
// another hash or with another organisation's key): field says which part.
func signatureRefused(field string, m goumai.Msg) error {
	return &goumai.Error{Code: goumai.EInvalid, Rule: ruleSignature, Fields: goumai.Fields{field: m},
		Message: goumai.M("签名未通过验证，已拒绝并记录（可靠电子签名，《电子签名法》第十三条，REQ-C6）",
			"the signature does not verify: refused and recorded (a reliable electronic signature, Electronic Signature Law Art. 13, REQ-C6)")}
}

// signed does what the second signature sets off, in its transaction: the
// ledger obligates the contract amount on the project's line and releases
// the rest of the lot's commitment; the 合同公告 is published; the notice's
// and the statistics entry's due dates are set; the winner's bid bond falls
// due within 5 working days (ENG-D7). The platform (goumai.System) does these.
func (s *Service) signed(ctx context.Context, tx *sqlstore.Tx, c *goumai.Contract, p goumai.Procurement) error {
	now := tx.Now()
	c.SignedAt = &now
	pr, err := tx.Project(ctx, p.ProjectID)
	if err != nil {
		return err
	}
	lots, err := tx.Lots(ctx, p.ID)
	if err != nil {
		return err
	}
	lot := lots[slices.IndexFunc(lots, func(l goumai.Lot) bool { return l.ID == c.LotID })]
	memo := c.Number + " " + c.Title
	if _, _, err := tx.PostLedger(ctx, goumai.System, goumai.LedgerEntry{LineID: pr.BudgetLineID, Kind: goumai.LedgerObligate, Amount: c.Amount,
		ProjectID: pr.ID, Memo: memo}, pr.Region); err != nil {
		return err
	}
	if rest := lot.Budget - c.Amount; rest > 0 {
		if _, _, err := tx.PostLedger(ctx, goumai.System, goumai.LedgerEntry{LineID: pr.BudgetLineID, Kind: goumai.LedgerRelease, Amount: rest,
			ProjectID: pr.ID, Memo: memo}, pr.Region); err != nil {
			return err
		}
	}
	line, err := s.contractNoticeLine(ctx, tx, *c, lot)
	if err != nil {
		return err
	}
	n, err := s.publishNotice(ctx, tx, goumai.System, &p, goumai.NoticeContract, func(b *goumai.NoticeBody) { b.Contract = &line })
	if err != nil {
		return err
	}
	c.NoticeID = n.ID
	noticeDue, err := s.workingDaysFrom(ctx, tx, ContractNoticeWorkingDays)
	if err != nil {
		return err
	}
	statsDue, err := s.workingDaysFrom(ctx, tx, ContractStatsWorkingDays)
	if err != nil {
		return err
	}
	c.NoticeDue, c.StatsDue = &noticeDue, &statsDue
	return s.winnerBondDue(ctx, tx, *c)
}

// winnerBondDue makes the winner's bid bond of the contract's lot due within
// 5 working days of the signature (ENG-D7).
func (s *Service) winnerBondDue(ctx context.Context, tx *sqlstore.Tx, c goumai.Contract) error {
	due, err := s.workingDaysFrom(ctx, tx, RefundWorkingDays)
	if err != nil {
		return err
	}
	rs, err := tx.Refunds(ctx, c.ProcurementID)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.LotID != c.LotID || r.OrgID != c.SupplierOrgID || r.DueAt != nil || r.RefundedAt != nil {
			continue
		}
		if err := tx.SetRefundDue(ctx, r.ID, &due); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "bond.refund_due", Table: "bond_refunds", Key: r.ID, Region: c.Region}); err != nil {
			return err
		}
	}
	return nil
}

// contractNoticeLine is the 合同公告's body: the contract's public fields,
// personal data left out (REQ-C23): an individual supplier's address is its
// region, and ID, mobile and account numbers in the texts are redacted.
func (s *Service) contractNoticeLine(ctx context.Context, tx *sqlstore.Tx, c goumai.Contract, lot goumai.Lot) (goumai.ContractNoticeLine, error) {
	purchaser, err := tx.Org(ctx, c.PurchaserOrgID)
	if err != nil {
		return goumai.ContractNoticeLine{}, err
	}
	supplier, err := tx.Org(ctx, c.SupplierOrgID)
	if err != nil {
		return goumai.ContractNoticeLine{}, err
	}
	addr := supplier.Contact().Address
	if supplier.Kind == goumai.KindIndividual || addr == "" {
		addr = s.Store.Regions().FullName(supplier.Region)
	}
	r := goumai.RedactPersonal
	return goumai.ContractNoticeLine{Number: c.Number, Title: r(c.Title), LotNumber: lot.Number, Purchaser: purchaser.Name,
		Supplier: supplier.Name, SupplierAddress: r(addr), ServiceContent: r(c.Terms.ServiceContent), Quantity: r(c.Terms.Quantity),
		Amount: c.Amount, TermMonths: c.TermMonths, StartOn: c.StartOn, EndOn: c.EndOn, Place: r(c.Terms.Place),
		SignedOn: c.SignedAt.In(goumai.Shanghai).Format(time.DateOnly), Hash: c.Hash}, nil
}

// RegisterPurchaserKey registers a public key a purchaser's staff sign its
// contracts with (REQ-C6, C7: any CA's key, or one made with goumai keygen),
// on the purchaser's own organisation; public, as suppliers' keys are.
func (s *Service) RegisterPurchaserKey(ctx context.Context, a goumai.Actor, orgID int64, in KeyInput) (goumai.PublicKey, error) {
	var k goumai.PublicKey
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		o, err := tx.Org(ctx, orgID)
		if err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActEntrustAgency, goumai.Target{OrgID: o.ID, Region: o.Region}); err != nil {
			return err
		}
		k, err = s.insertKey(ctx, tx, a, o, in, "org.key_add")
		return err
	})
	return k, err
}

// ContractView is a contract as an actor may read it. Insiders (the
// procedure's organisers, finance staff and auditors of its region, the
// supplier) read every field and the canonical form whose SHA-256 is the hash
// each party signed. Anyone reads a contract in force, its texts with
// personal data redacted (REQ-C23), who acted left out, and its signatures
// with the parties' public keys (the signatures verify against the hash
// offline; the parties and auditors hold the canonical form).
type ContractView struct {
	goumai.Contract
	Canonical string `json:"canonical,omitempty"`
}

// publicContract reports whether a contract is public: in force or ended.
func publicContract(c goumai.Contract) bool {
	return c.Status == goumai.ContractSigned || c.Status == goumai.ContractTerminated
}

// contractView is c as a reads it, or false if a may not read it.
func (s *Service) contractView(a goumai.Actor, c goumai.Contract, p goumai.Procurement) (ContractView, bool) {
	if s.insideContract(a, c, p) {
		return ContractView{Contract: c, Canonical: string(c.Canonical())}, true
	}
	if !publicContract(c) {
		return ContractView{}, false
	}
	r := goumai.RedactPersonal
	t := &c.Terms
	for _, f := range []*string{&t.ServiceContent, &t.Quantity, &t.Quality, &t.Price, &t.Settlement, &t.RightsObligations, &t.BreachLiability, &t.Place} {
		*f = r(*f)
	}
	c.Title, c.CreatedBy = r(c.Title), 0
	ms := make([]goumai.Milestone, len(c.Milestones))
	for i, m := range c.Milestones {
		m.Title, m.Deliverables = r(m.Title), r(m.Deliverables)
		ms[i] = m
	}
	c.Milestones = ms
	sigs := make([]goumai.ContractSignature, len(c.Signatures))
	for i, g := range c.Signatures {
		g.SignedBy = 0
		sigs[i] = g
	}
	c.Signatures = sigs
	return ContractView{Contract: c}, true
}

// Contract returns one contract as a may read it.
func (s *Service) Contract(ctx context.Context, a goumai.Actor, id int64) (ContractView, error) {
	c, err := s.Store.Contract(ctx, id)
	if err != nil {
		return ContractView{}, err
	}
	p, err := s.Store.Procurement(ctx, c.ProcurementID)
	if err != nil {
		return ContractView{}, err
	}
	v, ok := s.contractView(a, c, p)
	if !ok {
		return v, goumai.ErrNotFound("合同", "contract")
	}
	return v, nil
}

// ProcurementContracts returns a procedure's contracts that a may read
// (without their signatures).
func (s *Service) ProcurementContracts(ctx context.Context, a goumai.Actor, procurementID int64) ([]ContractView, error) {
	p, err := s.Store.Procurement(ctx, procurementID)
	if err != nil {
		return nil, err
	}
	if err := s.canSeeProcurement(a, p); err != nil {
		return nil, err
	}
	cs, err := s.Store.Contracts(ctx, procurementID)
	if err != nil {
		return nil, err
	}
	out := []ContractView{}
	for _, c := range cs {
		if v, ok := s.contractView(a, c, p); ok {
			out = append(out, v)
		}
	}
	return out, nil
}

// EnterContractStatistics records that the purchaser entered a contract in
// force for statistics (REQ-C24: within 3 working days of signing; its
// to-do item until then), once, by the purchaser's staff.
func (s *Service) EnterContractStatistics(ctx context.Context, a goumai.Actor, id int64) (goumai.Contract, error) {
	return s.changeContract(ctx, a, id, s.purchaser, func(tx *sqlstore.Tx, c *goumai.Contract, _ goumai.Procurement) (string, bool, error) {
		switch {
		case c.Status != goumai.ContractSigned:
			return "", false, goumai.Errorf(goumai.EConflict, "合同签订生效后方可录入统计", "only a contract in force is entered for statistics")
		case c.StatsEnteredAt != nil:
			return "", false, goumai.Errorf(goumai.EConflict, "该合同已录入统计", "this contract was entered for statistics already")
		}
		now := tx.Now()
		c.StatsEnteredAt = &now
		return "contract.statistics", true, nil
	})
}
