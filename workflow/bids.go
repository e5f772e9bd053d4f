package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Bids (issue 8 item 9): a supplier drafts, submits, replaces or withdraws
// its bid on a lot until the deadline and never after, judged by the server's
// clock at commit. Bids are sealed (goumai.Sealer): the store holds keyed
// tags and ciphertext only, and every use case here reads a bid for its own
// organisation alone. The events of a bid name no supplier, lot or price:
// they are recorded by goumai.SealedBidder, the bid rows' events carry a
// digest of the ciphertext, and a submission's public event carries only its
// salted commitment.

// BidInput is a draft's content, from JSON or a form. Documents lists the
// digests of the bid's uploaded documents to attach, in order; nil keeps the
// draft's.
type BidInput struct {
	Price          goumai.Fen             `json:"price"`
	Responses      []goumai.BidResponse   `json:"responses"`
	Documents      []string               `json:"documents"`
	SME            goumai.SMEDeclaration  `json:"sme"`
	Subcontracting goumai.SubcontractPlan `json:"subcontracting"`
	Declaration    goumai.BidDeclaration  `json:"declaration"`
}

// SubmitInput submits the draft whose commitment the supplier signed, with
// one of its registered keys.
type SubmitInput struct {
	Commitment string `json:"commitment"`
	KeyID      string `json:"key_id"`
	Signature  string `json:"signature"` // hex or base64
}

// ErrNoSealKey refuses bids on a server started without a seal key.
var errNoSealKey = goumai.Errorf(goumai.EInternal, "服务器未配置投标文件加密密钥，暂不能接收投标", "the server has no seal key: bids cannot be taken")

// deadlineRule is the rule of the deadline and the seal (O87 Art. 33: a bid
// received after the deadline is refused; nobody opens a bid before opening).
const deadlineRule = "O87-33"

func lateBid(deadline time.Time) error {
	return &goumai.Error{Code: goumai.EConflict, Rule: deadlineRule, Message: goumai.M(
		"已过投标（响应）截止时间"+deadline.In(goumai.Shanghai).Format("2006-01-02 15:04:05")+"（以服务器提交时的时间为准），投标文件不予接收（财政部令第87号第三十三条）",
		"the bid deadline "+deadline.In(goumai.Shanghai).Format("2006-01-02 15:04:05")+" (Beijing time) has passed, judged by the server's clock at commit: bids are no longer received (O87 Art. 33)")}
}

// bidSlot is where a use case acts: the procedure (locked shared), the lot,
// the bidder's tags and its bid if it has one (ID 0 if not).
type bidSlot struct {
	p              goumai.Procurement
	lot            goumai.Lot
	slot, proc, me string
	bid            goumai.Bid
	pre            *preSubmission // what the submission read before its transaction; nil if none
}

// inBidTx runs fn in one transaction for the actor's bid on a lot of a
// procedure open for bids, before its deadline — checked at the start and
// again just before COMMIT with the clock read then. The procedure's row is
// locked shared, so the deadline's close (which locks it exclusively) and
// bids serialize. The bids of one procedure made at the same moment — the
// deadline's burst — share a transaction, each in its own savepoint and
// judged at the shared commit (sqlstore's group commit, UpdateGrouped): they
// take the same locks, the procedure's first.
func (s *Service) inBidTx(ctx context.Context, a goumai.Actor, procurementID, lotID int64, fn func(tx *sqlstore.Tx, b *bidSlot) error) error {
	return s.inPreparedBidTx(ctx, a, procurementID, lotID, nil, fn)
}

// inPreparedBidTx is inBidTx taking the bid opened by prepareSubmission when
// the slot holds those very bytes (pre may be nil).
func (s *Service) inPreparedBidTx(ctx context.Context, a goumai.Actor, procurementID, lotID int64, pre *preSubmission, fn func(tx *sqlstore.Tx, b *bidSlot) error) error {
	if a.Anonymous() {
		return goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	if s.Sealer == nil {
		return errNoSealKey
	}
	err := s.Store.UpdateGrouped(ctx, "bids "+strconv.FormatInt(procurementID, 10), func(tx *sqlstore.Tx) error {
		if err := tx.LockShared(ctx, "procurements", procurementID); err != nil {
			return err
		}
		p, err := tx.Procurement(ctx, procurementID)
		if err != nil {
			return err
		}
		if err := s.takePart(a, p, goumai.ActBid, goumai.M("投标", "bid in")); err != nil {
			return err
		}
		if p.Status != goumai.ProcTendering {
			if p.Status == goumai.ProcClosed || opened(p.Status) {
				return lateBid(p.Periods.BidDeadline)
			}
			return goumai.Errorf(goumai.EConflict, "该采购项目当前不接收投标（"+p.Status.Label().ZH+"）", "the procedure does not take bids now ("+p.Status.Label().EN+")")
		}
		deadline := p.Periods.BidDeadline
		if !tx.Now().Before(deadline) {
			return lateBid(deadline)
		}
		tx.BeforeCommit(func(now time.Time) error {
			if !now.Before(deadline) {
				return lateBid(deadline)
			}
			return nil
		})
		lots, err := tx.Lots(ctx, p.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(lots, func(l goumai.Lot) bool { return l.ID == lotID })
		if i < 0 {
			return goumai.ErrNotFound("采购包", "lot")
		}
		b := &bidSlot{p: p, lot: lots[i], proc: s.procTag(p.ID), me: s.ownerTag(a.Org.ID), slot: s.slotTag(p.ID, lotID, a.Org.ID), pre: pre}
		row, err := tx.BidInSlot(ctx, b.slot)
		switch {
		case goumai.ErrorCode(err) == goumai.ENotFound:
			b.bid = goumai.Bid{ProcurementID: p.ID, LotID: lotID, OrgID: a.Org.ID, Status: goumai.BidDraft, History: []string{}}
		case err != nil:
			return err
		default:
			var ok bool
			if b.bid, ok = pre.openedBid(row); ok {
				break
			}
			if b.bid, err = s.openBid(row); err != nil {
				return err
			}
		}
		if s.bidHook != nil {
			s.bidHook()
		}
		return fn(tx, b)
	})
	if e := goumai.AsError(err); err != nil && e.Code == goumai.EConflict && e.Rule == deadlineRule {
		// Too late: nothing of the request is kept, but the attempt is, on the
		// sealed bid (if the supplier has one on the lot).
		if nerr := s.noteRefusal(ctx, a, procurementID, lotID, deadlineRule); nerr != nil {
			return nerr
		}
	}
	return err
}

// noteRefusal keeps a refused attempt on the actor's sealed bid on a lot, in
// a transaction of its own; without a bid there is nothing to note it on.
func (s *Service) noteRefusal(ctx context.Context, a goumai.Actor, procurementID, lotID int64, rule string) error {
	slot := s.slotTag(procurementID, lotID, a.Org.ID)
	return s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		row, err := tx.BidInSlot(ctx, slot)
		if goumai.ErrorCode(err) == goumai.ENotFound {
			return nil
		}
		if err != nil {
			return err
		}
		b := &bidSlot{slot: slot}
		if b.bid, err = s.openBid(row); err != nil {
			return err
		}
		b.bid.Refusals = append(b.bid.Refusals, goumai.BidRefusal{At: tx.Now(), Rule: rule, UserID: a.UserID})
		return s.writeBid(ctx, tx, b, "bid.refused")
	})
}

// slotTag is the keyed tag of a supplier's one bid on a lot.
func (s *Service) slotTag(procurementID, lotID, orgID int64) string {
	return s.Sealer.Tag("bid-slot", strconv.FormatInt(procurementID, 10), strconv.FormatInt(lotID, 10), strconv.FormatInt(orgID, 10))
}

func (s *Service) procTag(procurementID int64) string {
	return s.Sealer.Tag("bid-procurement", strconv.FormatInt(procurementID, 10))
}

func (s *Service) ownerTag(orgID int64) string {
	return s.Sealer.Tag("bid-owner", strconv.FormatInt(orgID, 10))
}

// openBid decrypts a stored bid; its slot tag is the AAD, so a row's
// ciphertext moved to another row does not open.
func (s *Service) openBid(row sqlstore.SealedBid) (goumai.Bid, error) {
	plain, err := s.Sealer.Open(row.Sealed, "bid:"+row.Slot)
	if err != nil {
		return goumai.Bid{}, fmt.Errorf("bid %d: %w", row.ID, err)
	}
	var b goumai.Bid
	if err := json.Unmarshal(plain, &b); err != nil {
		return b, fmt.Errorf("bid %d: %w", row.ID, err)
	}
	b.ID = row.ID
	return b, nil
}

// bidHead is a stored bid's lot, supplier and status: openBid without
// decoding its versions, for the related-bidder rule's scan of a procedure's
// bids.
func (s *Service) bidHead(row sqlstore.SealedBid) (goumai.Bid, error) {
	plain, err := s.Sealer.Open(row.Sealed, "bid:"+row.Slot)
	if err != nil {
		return goumai.Bid{}, fmt.Errorf("bid %d: %w", row.ID, err)
	}
	var h struct {
		LotID  int64            `json:"lot_id"`
		OrgID  int64            `json:"org_id"`
		Status goumai.BidStatus `json:"status"`
	}
	if err := json.Unmarshal(plain, &h); err != nil {
		return goumai.Bid{}, fmt.Errorf("bid %d: %w", row.ID, err)
	}
	return goumai.Bid{ID: row.ID, LotID: h.LotID, OrgID: h.OrgID, Status: h.Status}, nil
}

// writeBid seals and stores the slot's bid (new or changed) and records it
// by goumai.SealedBidder.
func (s *Service) writeBid(ctx context.Context, tx *sqlstore.Tx, b *bidSlot, action string) error {
	b.bid.UpdatedAt = tx.Now()
	plain, err := json.Marshal(b.bid)
	if err != nil {
		return err
	}
	sealed := s.Sealer.Seal(plain, "bid:"+b.slot)
	if b.bid.ID == 0 {
		if b.bid.ID, err = tx.InsertBid(ctx, b.slot, b.proc, b.me, sealed); err != nil {
			if goumai.ErrorCode(err) == goumai.EConflict {
				return goumai.Errorf(goumai.EConflict, "每个供应商在每个采购包只能有一份投标文件", "a supplier has one bid per lot")
			}
			return err
		}
	} else if err := tx.UpdateBid(ctx, b.bid.ID, sealed); err != nil {
		return err
	}
	s.rememberBidHead(b.bid, b.slot, sealed)
	_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.SealedBidder, Action: action, Table: "bids", Key: b.bid.ID, Region: goumai.NationalCode})
	return err
}

// SaveBid saves the actor's draft bid on a lot: its content with a fresh
// salt and commitment, which SubmitBid then takes signed. Saving over a
// submitted bid prepares its replacement; the submission stands until the
// new draft is submitted.
func (s *Service) SaveBid(ctx context.Context, a goumai.Actor, procurementID, lotID int64, in BidInput) (goumai.Bid, error) {
	var out goumai.Bid
	err := s.inBidTx(ctx, a, procurementID, lotID, func(tx *sqlstore.Tx, b *bidSlot) error {
		c := goumai.BidContent{Price: in.Price, Responses: in.Responses, SME: in.SME, Subcontracting: in.Subcontracting,
			Declaration: in.Declaration, Documents: b.bid.Draft.Content.Documents}
		if in.Documents != nil {
			c.Documents = []goumai.File{}
			for i, d := range in.Documents {
				j := slices.IndexFunc(b.bid.Draft.Content.Documents, func(f goumai.File) bool { return f.SHA256 == d })
				if j < 0 {
					return goumai.Fields{fmt.Sprintf("documents[%d]", i): goumai.M("该附件未上传到本投标文件", "no such document was uploaded to this bid")}.Err()
				}
				c.Documents = append(c.Documents, b.bid.Draft.Content.Documents[j])
			}
		}
		for i := range c.Responses {
			c.Responses[i].Requirement = strings.TrimSpace(c.Responses[i].Requirement)
			c.Responses[i].Response = strings.TrimSpace(c.Responses[i].Response)
		}
		if err := goumai.ValidateBid(c, b.lot); err != nil {
			return err
		}
		return s.redraft(ctx, tx, b, c, &out)
	})
	return out, err
}

// redraft makes c the bid's draft, with a fresh salt and commitment, and
// stores it; out receives the bid.
func (s *Service) redraft(ctx context.Context, tx *sqlstore.Tx, b *bidSlot, c goumai.BidContent, out *goumai.Bid) error {
	b.bid.Draft = newVersion(b.bid, c)
	if err := s.writeBid(ctx, tx, b, "bid.save"); err != nil {
		return err
	}
	*out = b.bid
	return nil
}

// newVersion is a new draft version of content: a fresh salt and its commitment.
func newVersion(b goumai.Bid, c goumai.BidContent) goumai.BidVersion {
	c = c.Normalized()
	salt := goumai.NewBidSalt()
	return goumai.BidVersion{Content: c, Salt: salt, Commitment: goumai.BidCommitment(b.ProcurementID, b.LotID, b.OrgID, c, salt)}
}

// AddBidDocument uploads a document to the actor's draft bid on a lot (a
// draft is started if it has none): checked like every upload (size, type:
// goumai.NewFile), sealed in its own row under a keyed tag of its digest,
// and attached to the draft with a fresh commitment.
func (s *Service) AddBidDocument(ctx context.Context, a goumai.Actor, procurementID, lotID int64, name string, content []byte) (goumai.Bid, error) {
	f, err := goumai.NewFile(name, content)
	if err != nil {
		return goumai.Bid{}, err
	}
	var out goumai.Bid
	err = s.inBidTx(ctx, a, procurementID, lotID, func(tx *sqlstore.Tx, b *bidSlot) error {
		c := b.bid.Draft.Content
		if len(c.Documents) >= goumai.MaxBidDocuments {
			return goumai.Fields{goumai.FileField: goumai.M(fmt.Sprintf("附件不能超过%d个", goumai.MaxBidDocuments), fmt.Sprintf("at most %d documents", goumai.MaxBidDocuments))}.Err()
		}
		c.Documents = append(slices.DeleteFunc(slices.Clone(c.Documents), func(d goumai.File) bool { return d.SHA256 == f.SHA256 }), f)
		if b.bid.ID == 0 { // the document row refers to the bid
			if err := s.writeBid(ctx, tx, b, "bid.save"); err != nil {
				return err
			}
		}
		tag := s.Sealer.Tag("bid-document", b.slot, f.SHA256)
		id, err := tx.InsertBidDocument(ctx, b.bid.ID, tag, s.Sealer.Seal(content, "bid-document:"+tag))
		if err != nil {
			return err
		}
		if id != 0 {
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.SealedBidder, Action: "bid.document", Table: "bid_documents", Key: id, Region: goumai.NationalCode}); err != nil {
				return err
			}
		}
		return s.redraft(ctx, tx, b, c, &out)
	})
	return out, err
}

// BidDocument returns a document of the actor's own bid by its digest.
func (s *Service) BidDocument(ctx context.Context, a goumai.Actor, bidID int64, digest string) (goumai.File, []byte, error) {
	b, slot, err := s.ownBid(ctx, a, bidID)
	if err != nil {
		return goumai.File{}, nil, err
	}
	for _, v := range []*goumai.BidVersion{&b.Draft, b.Submitted} {
		if v == nil {
			continue
		}
		for _, f := range v.Content.Documents {
			if f.SHA256 != digest {
				continue
			}
			tag := s.Sealer.Tag("bid-document", slot, digest)
			sealed, err := s.Store.BidDocument(ctx, b.ID, tag)
			if err != nil {
				return f, nil, err
			}
			data, err := s.Sealer.Open(sealed, "bid-document:"+tag)
			return f, data, err
		}
	}
	return goumai.File{}, nil, goumai.ErrNotFound("投标附件", "bid document")
}

// SubmitBid submits the actor's draft bid on a lot, signed: in.Commitment
// must be the draft's (a draft saved meanwhile must be signed again), the
// signature must verify over it with a key registered on the supplier's
// profile and not revoked, and the supplier must pass its check (ENG-A2–A5,
// recorded whatever the result), its declaration (ENG-A6 ¶2) and, against
// the lot's other bidders, the related-bidder rule (ENG-A6). A refusal by
// these rules is kept on the sealed bid and the check committed. The
// submission replaces a standing one; its commitment goes to the log in a
// public event that names nothing else.
func (s *Service) SubmitBid(ctx context.Context, a goumai.Actor, procurementID, lotID int64, in SubmitInput) (goumai.Bid, error) {
	sig, err := goumai.DecodeSignature(in.Signature)
	if err != nil {
		return goumai.Bid{}, err
	}
	pre := s.prepareSubmission(ctx, a, procurementID, lotID, in, sig)
	if s.preparedHook != nil {
		s.preparedHook()
	}
	var out goumai.Bid
	var refusal error
	err = s.inPreparedBidTx(ctx, a, procurementID, lotID, pre, func(tx *sqlstore.Tx, b *bidSlot) error {
		refusal = nil
		d := b.bid.Draft
		switch {
		case b.bid.ID == 0 || d.Commitment == "":
			return goumai.Errorf(goumai.EConflict, "请先保存投标文件草稿", "save the bid's draft first")
		case strings.TrimSpace(in.Commitment) != d.Commitment:
			return goumai.Fields{"commitment": goumai.M("签名的承诺值不是当前草稿的：草稿已修改，请对当前承诺值重新签名", "the signed commitment is not the current draft's: the draft changed, sign its commitment again")}.Err()
		case b.bid.Submitted != nil && b.bid.Submitted.Commitment == d.Commitment:
			return goumai.Errorf(goumai.EConflict, "该草稿已提交", "this draft was submitted already")
		}
		if err := goumai.ValidateBid(d.Content, b.lot); err != nil {
			return err
		}
		k, err := pre.signingKey(ctx, tx, strings.TrimSpace(in.KeyID))
		if err != nil || k.OrgID != a.Org.ID {
			return goumai.Fields{"key_id": goumai.M("请选择本单位登记的签名公钥", "choose a signing key registered on your organisation's profile")}.Err()
		}
		if err := pre.verifySubmission(k, d.Commitment, sig, tx.Now()); err != nil {
			return goumai.Fields{"signature": goumai.AsError(err).Message}.Err()
		}
		if refusal, err = s.bidderRules(ctx, tx, a, b); err != nil {
			return err
		}
		if refusal != nil {
			e := goumai.AsError(refusal)
			b.bid.Refusals = append(b.bid.Refusals, goumai.BidRefusal{At: tx.Now(), Rule: e.Rule, UserID: a.UserID})
			return s.writeBid(ctx, tx, b, "bid.refused")
		}
		now := tx.Now()
		d.KeyID, d.Signature, d.SignedBy, d.SignedAt = k.ID, sig, a.UserID, &now
		if d.CommitmentID, err = s.logCommitment(ctx, tx, d.Commitment, "submit"); err != nil {
			return err
		}
		if b.bid.Submitted != nil {
			b.bid.History = append(b.bid.History, b.bid.Submitted.Commitment)
		}
		b.bid.Draft, b.bid.Submitted, b.bid.Status = d, &d, goumai.BidSubmitted
		if err := s.writeBid(ctx, tx, b, "bid.submit"); err != nil {
			return err
		}
		out = b.bid
		return nil
	})
	if err == nil && refusal != nil {
		return goumai.Bid{}, refusal
	}
	return out, err
}

// bidderRules applies the supplier rules to a submission: the recorded check
// (ENG-A2–A5), the declaration (ENG-A6 ¶2) and the related-bidder rule
// against the lot's other standing bids (ENG-A6). It returns the refusal, if
// any; the check is written in tx either way.
func (s *Service) bidderRules(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, b *bidSlot) (error, error) {
	// The check's reference names no procedure: the check list must not
	// become a list of bidders.
	_, err := s.checkSupplier(ctx, tx, goumai.System, a.Org.ID, "密封投标 sealed bid", tx.Now(), b.pre)
	if goumai.ErrorCode(err) == goumai.EForbidden {
		return err, nil
	}
	if err != nil {
		return nil, err
	}
	if err := rules.CheckDeclaration(b.bid.Draft.Content.Declaration, b.p.Method == goumai.MethodSingleSource); err != nil {
		return err, nil
	}
	rows, err := tx.BidsTagged(ctx, b.proc)
	if err != nil {
		return nil, err
	}
	// The lot's other standing bidders, their profiles read in one query
	// with the submitter's (ENG-A6).
	ids := []int64{a.Org.ID}
	for _, r := range rows {
		o, err := s.cachedBidHead(r)
		if err != nil {
			return nil, err
		}
		if o.LotID == b.lot.ID && o.OrgID != a.Org.ID && o.Status == goumai.BidSubmitted {
			ids = append(ids, o.OrgID)
		}
	}
	if len(ids) == 1 {
		return nil, nil
	}
	profs, err := tx.SupplierProfiles(ctx, ids)
	if err != nil {
		return nil, err
	}
	mine, others := profs[0], profs[1:]
	if rules.RelatedBidder(mine, others) != nil {
		// The other bidder is not named: the list of bidders stays sealed.
		return &goumai.Error{Code: goumai.EForbidden, Rule: "ENG-A6", Message: goumai.M(
			"本包已有与贵单位单位负责人为同一人或存在直接控股、管理关系的供应商投标：关联供应商不得参加同一合同项下的政府采购活动（ENG-A6，政府采购法实施条例第十八条）",
			"a supplier with the same head as yours, or in a direct control or management relation with yours, already bids in this lot: related suppliers may not bid under the same contract (ENG-A6, GPL-IR Art. 18)")}, nil
	}
	return nil, nil
}

// logCommitment stores a commitment and records its public event, by
// goumai.SealedBidder under the national region (as every bid event: the
// procedure's region would say where bids are made): the log learns that
// some bid was committed to, and nothing else.
func (s *Service) logCommitment(ctx context.Context, tx *sqlstore.Tx, commitment, kind string) (int64, error) {
	id, err := tx.InsertBidCommitment(ctx, commitment, kind)
	if err != nil {
		return 0, err
	}
	_, err = tx.Record(ctx, sqlstore.Change{Actor: goumai.SealedBidder, Action: "bid.commit", Table: "bid_commitments", Key: id, Region: goumai.NationalCode, Public: true})
	return id, err
}

// WithdrawBid withdraws the actor's standing submission on a lot before the
// deadline; the draft is kept and may be submitted again. The log records the
// withdrawn commitment.
func (s *Service) WithdrawBid(ctx context.Context, a goumai.Actor, procurementID, lotID int64) (goumai.Bid, error) {
	var out goumai.Bid
	err := s.inBidTx(ctx, a, procurementID, lotID, func(tx *sqlstore.Tx, b *bidSlot) error {
		if b.bid.Status != goumai.BidSubmitted || b.bid.Submitted == nil {
			return goumai.Errorf(goumai.EConflict, "没有已提交的投标文件可以撤回", "there is no submitted bid to withdraw")
		}
		if _, err := s.logCommitment(ctx, tx, b.bid.Submitted.Commitment, "withdraw"); err != nil {
			return err
		}
		b.bid.History = append(b.bid.History, b.bid.Submitted.Commitment)
		b.bid.Submitted, b.bid.Status = nil, goumai.BidWithdrawn
		b.bid.Draft = newVersion(b.bid, b.bid.Draft.Content) // a fresh salt: the withdrawn commitment is not reused
		if err := s.writeBid(ctx, tx, b, "bid.withdraw"); err != nil {
			return err
		}
		out = b.bid
		return nil
	})
	return out, err
}

// ownBid returns a bid of the actor's organisation by id. Anyone else's, or
// one that does not exist, is the same ENotFound — and an attempt on another
// organisation's bid is recorded as a security alert.
func (s *Service) ownBid(ctx context.Context, a goumai.Actor, id int64) (goumai.Bid, string, error) {
	if a.Anonymous() {
		return goumai.Bid{}, "", goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	if s.Sealer == nil {
		return goumai.Bid{}, "", errNoSealKey
	}
	row, err := s.Store.Bid(ctx, id)
	if err != nil {
		return goumai.Bid{}, "", sealedRefusal(goumai.ENotFound)
	}
	b, err := s.openBid(row)
	if err != nil {
		return b, "", err
	}
	if b.OrgID != a.Org.ID || s.Policy.Can(a, goumai.ActBid, goumai.Target{OrgID: a.Org.ID}) != nil {
		return goumai.Bid{}, "", s.EarlyRead(ctx, a, goumai.ENotFound)
	}
	return b, row.Slot, nil
}

// sealedRefusal is the error for a read of a sealed bid by anyone but its
// bidder: code ENotFound (one bid) or EForbidden (a list), naming the rule.
func sealedRefusal(code goumai.Code) error {
	return &goumai.Error{Code: code, Rule: deadlineRule, Message: goumai.M(
		"投标文件在开标前密封，任何单位和个人不得在开标前开启投标文件：除投标人本单位外，任何人不得查看投标文件、报价或投标人名单（财政部令第87号第三十三条）",
		"bids are sealed until opening and nobody may open one before (O87 Art. 33): nobody but the bidding organisation sees a bid, its price or the list of bidders")}
}

// EarlyRead refuses an attempt to read sealed bids before opening, and
// records it: a security alert of kind "bid.early_read" on the actor's
// account, which its administrators see. It returns the refusal (code).
func (s *Service) EarlyRead(ctx context.Context, a goumai.Actor, code goumai.Code) error {
	if a.UserID != 0 {
		if err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
			return raiseAlert(ctx, tx, goumai.SecurityAlert{UserID: a.UserID, Kind: goumai.AlertEarlyBidRead, Failures: 1})
		}); err != nil {
			return err
		}
	}
	return sealedRefusal(code)
}

// Bid returns one of the actor's organisation's bids.
func (s *Service) Bid(ctx context.Context, a goumai.Actor, id int64) (goumai.Bid, error) {
	b, _, err := s.ownBid(ctx, a, id)
	return b, err
}

// MyBids returns the actor's organisation's bids, by id.
func (s *Service) MyBids(ctx context.Context, a goumai.Actor) ([]goumai.Bid, error) {
	if a.Anonymous() {
		return nil, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	if err := s.Policy.Can(a, goumai.ActBid, goumai.Target{OrgID: a.Org.ID}); err != nil {
		return nil, s.EarlyRead(ctx, a, goumai.EForbidden)
	}
	if s.Sealer == nil {
		return nil, errNoSealKey
	}
	rows, err := s.Store.OwnBids(ctx, s.ownerTag(a.Org.ID))
	if err != nil {
		return nil, err
	}
	out := []goumai.Bid{}
	for _, r := range rows {
		b, err := s.openBid(r)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// ProcurementBids is every way of listing a procedure's bids before opening:
// refused for everyone, and recorded. (Opening, procurement part 2, will
// list them after the deadline.)
func (s *Service) ProcurementBids(ctx context.Context, a goumai.Actor, procurementID int64) error {
	if _, err := s.Procurement(ctx, a, procurementID); err != nil {
		return err
	}
	return s.EarlyRead(ctx, a, goumai.EForbidden)
}
