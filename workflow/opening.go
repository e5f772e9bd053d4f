package workflow

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Opening (开标, issue 9 item 1). The scheduler opens a procedure's bids in
// the transaction that closes them at the deadline; the organiser may open a
// procedure the scheduler has not reached yet (OpenBids). Either way the
// procedure's row is locked, so two openings at once open it once.

// OpenBids opens a closed procedure's bids now: its organiser's action when
// the scheduler is late. The deadline must have passed.
func (s *Service) OpenBids(ctx context.Context, a goumai.Actor, id int64) (goumai.Procurement, error) {
	var p goumai.Procurement
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := tx.Lock(ctx, "procurements", id); err != nil {
			return err
		}
		var err error
		if p, err = tx.Procurement(ctx, id); err != nil {
			return err
		}
		if err := s.canSeeProcurement(a, p); err != nil {
			return err
		}
		if err := s.organizer(a, p); err != nil {
			return err
		}
		if p.Status != goumai.ProcClosed {
			return goumai.Errorf(goumai.EConflict, "只有已截止、待开标的采购项目可以开标（当前："+p.Status.Label().ZH+"）",
				"only a procedure closed and awaiting opening can be opened (now: "+p.Status.Label().EN+")")
		}
		return s.openBids(ctx, tx, a, &p)
	})
	return p, err
}

// openBids opens p's bids in tx: every standing sealed bid is decrypted, its
// content hashed and compared with the commitment logged when it was
// submitted, and recorded as a public OpenedBid (with its whole content kept
// apart, for the organiser and the panel). A bid whose content does not
// match, or that the check at the deadline refused, is set aside with the
// rule. The opening record is published; then the procedure goes on to
// evaluation, or fails (废标) when no lot has enough valid bids (ENG-E2/E3).
func (s *Service) openBids(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p *goumai.Procurement) error {
	opened, err := s.openSealed(ctx, tx, a, *p)
	if err != nil {
		return err
	}
	lots, err := tx.Lots(ctx, p.ID)
	if err != nil {
		return err
	}
	var goOn bool
	var failed []goumai.Msg
	for _, l := range lots {
		n := 0
		for _, o := range opened {
			if o.LotID == l.ID && o.Valid() {
				n++
			}
		}
		e := rules.EnoughSuppliers(p.Method, p.Reason, purchaseOf(*p).OfService, n)
		if e.Go {
			goOn = true
		} else {
			failed = append(failed, goumai.M(l.Title+"："+e.Reason.ZH, l.Title+": "+e.Reason.EN))
		}
	}
	if _, err := s.publishNotice(ctx, tx, a, p, goumai.NoticeOpening, func(b *goumai.NoticeBody) {
		b.Opening = opened
		b.Reason = joinMsgs(failed).ZH
	}); err != nil {
		return err
	}
	if !goOn {
		rule := rules.EnoughSuppliers(p.Method, p.Reason, true, 0).Rule
		return s.failProcedure(ctx, tx, a, p, rule, joinMsgs(failed))
	}
	return s.move(ctx, tx, a, p, goumai.ProcOpen, nil)
}

// openSealed decrypts and records p's standing bids, in lot and bid order.
func (s *Service) openSealed(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p goumai.Procurement) ([]goumai.OpenedBid, error) {
	if s.Sealer == nil {
		// Without the key nothing can be opened: refuse rather than open a
		// procedure as if it had no bids, unless no bid exists at all.
		if any, err := tx.AnyBids(ctx); err != nil || any {
			if err != nil {
				return nil, err
			}
			return nil, errNoSealKey
		}
		return nil, nil
	}
	rows, err := tx.BidsTagged(ctx, s.procTag(p.ID))
	if err != nil {
		return nil, err
	}
	var bids []goumai.Bid
	for _, r := range rows {
		b, err := s.openBid(r)
		if err != nil {
			return nil, err
		}
		if b.Status == goumai.BidSubmitted && b.Submitted != nil {
			bids = append(bids, b)
		}
	}
	slices.SortFunc(bids, func(x, y goumai.Bid) int {
		if x.LotID != y.LotID {
			return int(x.LotID - y.LotID)
		}
		return int(x.ID - y.ID)
	})
	out := make([]goumai.OpenedBid, 0, len(bids))
	for _, b := range bids {
		o, err := s.openOne(ctx, tx, a, p, b)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}

// openOne checks one standing bid against its logged commitment and records it.
func (s *Service) openOne(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p goumai.Procurement, b goumai.Bid) (goumai.OpenedBid, error) {
	v := b.Submitted
	c := v.Content.Normalized()
	o := goumai.OpenedBid{ProcurementID: p.ID, LotID: b.LotID, BidID: b.ID, OrgID: b.OrgID, Price: c.Price, SMESize: c.SME.Size,
		PartnerSharePct: c.SME.PartnerSharePct, ContentDigest: goumai.BidContentDigest(p.ID, b.LotID, b.OrgID, c), Salt: v.Salt, Commitment: v.Commitment, CommitmentID: v.CommitmentID}
	logged, kind, err := tx.BidCommitmentRow(ctx, v.CommitmentID)
	if err != nil {
		return o, err
	}
	o.Matches = kind == "submit" && logged == v.Commitment && o.Head().Commitment(o.ContentDigest, o.Salt) == logged
	docsMatch := true
	if o.Matches {
		// The documents are sealed apart; the content commits to their digests.
		if docsMatch, err = s.documentsMatch(ctx, tx, p, b, c.Documents); err != nil {
			return o, err
		}
	}
	switch r := refusedAtDeadline(b, p); {
	case !o.Matches:
		o.SetAside = goumai.RuleCommitmentMismatch
	case !docsMatch:
		o.Matches, o.SetAside = false, goumai.RuleDocumentMismatch
	case r != "":
		o.SetAside = r
	}
	org, err := tx.Org(ctx, b.OrgID)
	if err != nil {
		return o, err
	}
	o.Supplier = org.Name
	content, err := json.Marshal(c)
	if err != nil {
		return o, err
	}
	if o.ID, err = tx.InsertOpenedBid(ctx, o, content); err != nil {
		return o, err
	}
	o.OpenedAt = tx.Now()
	if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "bid.open", Table: "opened_bids", Key: o.ID, Region: p.Region, Public: true}); err != nil {
		return o, err
	}
	_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "bid.open", Table: "opened_bid_contents", Key: o.ID, Region: p.Region})
	return o, err
}

// documentsMatch decrypts each document the content names and reports
// whether every one is there with the digest and size committed to.
func (s *Service) documentsMatch(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement, b goumai.Bid, docs []goumai.File) (bool, error) {
	slot := s.slotTag(p.ID, b.LotID, b.OrgID)
	for _, f := range docs {
		tag := s.Sealer.Tag("bid-document", slot, f.SHA256)
		sealed, err := tx.SealedBidDocument(ctx, b.ID, tag)
		if goumai.ErrorCode(err) == goumai.ENotFound {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		data, err := s.Sealer.Open(sealed, "bid-document:"+tag)
		if err != nil {
			return false, nil // altered ciphertext does not open
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != f.SHA256 || int64(len(data)) != f.Size {
			return false, nil
		}
	}
	return true, nil
}

// refusedAtDeadline returns the rule of the supplier check that refused b at
// p's deadline (checkBiddersAtDeadline), if any.
func refusedAtDeadline(b goumai.Bid, p goumai.Procurement) string {
	for _, r := range b.Refusals {
		if !r.At.Before(p.Periods.BidDeadline) && r.Rule != deadlineRule {
			return r.Rule
		}
	}
	return ""
}

// OpeningRecord returns a procedure's opened bids: public once it is opened
// (the opening record); before, nobody may list its bids (ProcurementBids).
func (s *Service) OpeningRecord(ctx context.Context, a goumai.Actor, id int64) (goumai.Opening, error) {
	p, err := s.Procurement(ctx, a, id)
	if err != nil {
		return goumai.Opening{}, err
	}
	if !opened(p.Status) && p.Status != goumai.ProcTerminated { // a procedure terminated before its deadline opened nothing
		return goumai.Opening{}, s.ProcurementBids(ctx, a, id)
	}
	bids, err := s.Store.OpenedBids(ctx, id)
	if err != nil {
		return goumai.Opening{}, err
	}
	rec := goumai.Opening{ProcurementID: id, Bids: bids, OpenedAt: p.Periods.BidDeadline} // opened at the deadline, bids or none
	if len(bids) > 0 {
		rec.OpenedAt = bids[0].OpenedAt
	}
	if rec.Bids == nil {
		rec.Bids = []goumai.OpenedBid{}
	}
	return rec, nil
}

// opened reports whether a procedure in state st has been opened.
func opened(st goumai.ProcurementStatus) bool {
	switch st {
	case goumai.ProcEvaluation, goumai.ProcConfirmation, goumai.ProcConfirmed, goumai.ProcAwarded, goumai.ProcFailed:
		return true
	}
	return false
}

// joinMsgs joins messages into one, each language with its own separator.
func joinMsgs(ms []goumai.Msg) goumai.Msg {
	var out goumai.Msg
	for i, m := range ms {
		if i > 0 {
			out.ZH += "；"
			out.EN += "; "
		}
		out.ZH += m.ZH
		out.EN += m.EN
	}
	return out
}
