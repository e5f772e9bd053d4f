package workflow

import (
	"context"
	"slices"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// failProcedure fails p (废标, ENG-E2/E3) with its reason: the procedure
// moves to ProcFailed and its 废标公告 is published, in the caller's
// transaction. The project is free again: its next step is a follow-up
// procedure (re-tender, or an approved 竞争性谈判 with the remaining two) or
// termination.
func (s *Service) failProcedure(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p *goumai.Procurement, rule string, reason goumai.Msg) error {
	if err := s.move(ctx, tx, a, p, goumai.ProcFail, nil); err != nil {
		return err
	}
	_, err := s.publishNotice(ctx, tx, a, p, goumai.NoticeFailure, func(b *goumai.NoticeBody) {
		b.Reason = reason.ZH + "（" + rule + "）/ " + reason.EN + " (" + rule + ")"
	})
	return err
}

// FollowUpInput is a failed procedure's next step: "retender" (the same
// method again, its documents copied into a new draft to be fixed) or
// "negotiate" (an approved 竞争性谈判 with the two suppliers left, ENG-E2).
type FollowUpInput struct {
	Version int    `json:"version"`
	Kind    string `json:"kind"`
}

// FollowUp starts the procedure that follows a failed one (ENG-E2/E3): a new
// draft for the same project, by its organisers, recorded as the failed
// one's follow-up (once). A negotiation is offered only when exactly two
// suppliers were left on every failed lot of a tender, and goes through the
// method's approval like any other (ENG-C1).
func (s *Service) FollowUp(ctx context.Context, a goumai.Actor, failedID int64, in FollowUpInput) (goumai.Procurement, error) {
	var next goumai.Procurement
	if in.Kind != "retender" && in.Kind != "negotiate" {
		return next, goumai.Fields{"kind": goumai.M("请选择重新招标（retender）或经批准转为竞争性谈判（negotiate）", "choose retender or negotiate")}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		p, err := s.procedureFor(ctx, tx, a, failedID, in.Version, s.organizer, goumai.ProcFailed)
		if err != nil {
			return err
		}
		next = goumai.Procurement{ProjectID: p.ProjectID, PurchaserOrgID: p.PurchaserOrgID, AgencyOrgID: p.AgencyOrgID, Region: p.Region,
			Title: p.Title, Category: p.Category, Amount: p.Amount, Method: p.Method, Reason: p.Reason, ReasonDetail: p.ReasonDetail,
			Invited: p.Invited, SoleSupplierID: p.SoleSupplierID, Documents: p.Documents, Status: goumai.ProcDraft, CreatedBy: a.UserID,
			ParamsFrom: startOfDay(tx.Now())}
		if in.Kind == "negotiate" {
			two, err := s.remainingTwo(ctx, tx, p)
			if err != nil {
				return err
			}
			next.Method, next.Reason, next.Invited, next.SoleSupplierID = goumai.MethodCompetitiveNeg, goumai.ReasonFailedTender, two, 0
			next.ReasonDetail = "原采购项目" + p.Code + "废标，仅有两家供应商符合要求（政府采购非招标采购方式管理办法第二十七条第二款）"
		}
		year := tx.Now().In(goumai.Shanghai).Year()
		if next.Code, err = tx.NextProcurementCode(ctx, a, next.Region, year); err != nil {
			return err
		}
		if next.ID, err = tx.InsertProcurement(ctx, next); err != nil {
			return err
		}
		next.Version, next.CreatedAt, next.UpdatedAt = 1, tx.Now(), tx.Now()
		if err := s.recordProcurement(ctx, tx, a, "procurement.create", next); err != nil {
			return err
		}
		lots, err := tx.Lots(ctx, p.ID)
		if err != nil {
			return err
		}
		for _, l := range lots {
			l.ID, l.ProcurementID = 0, next.ID
			if _, err := s.putLot(ctx, tx, a, next, l); err != nil {
				return err
			}
		}
		fid, err := tx.InsertFollowup(ctx, sqlstore.Followup{FailedID: p.ID, NextID: next.ID, Kind: in.Kind})
		if err != nil {
			if goumai.ErrorCode(err) == goumai.EConflict {
				return goumai.Errorf(goumai.EConflict, "该废标项目已有后续采购", "this failed procedure has its follow-up already")
			}
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "procurement.followup", Table: "procurement_followups", Key: fid, Region: p.Region, Public: true})
		return err
	})
	return next, err
}

// remainingTwo returns the two suppliers left on a failed tender, when a
// negotiation with them may follow (ENG-E2; O74 Art. 27 ¶2): a tender method,
// and exactly two valid bids (passing review, where the panel reviewed) on
// each of its lots, the same two.
func (s *Service) remainingTwo(ctx context.Context, tx RankingReader, p goumai.Procurement) ([]int64, error) {
	refuse := &goumai.Error{Code: goumai.EConflict, Rule: "ENG-E2", Message: goumai.M(
		"只有招标项目废标后，符合要求的供应商恰为两家时，才可以经批准与该两家供应商进行竞争性谈判（政府采购非招标采购方式管理办法第二十七条，ENG-E2）",
		"a negotiation with the suppliers left follows only a failed tender with exactly two qualifying suppliers (O74 Art. 27, ENG-E2)")}
	if !goumai.MethodConfigs[p.Method].Tender {
		return nil, refuse
	}
	ranking, err := s.rankingOrOpened(ctx, tx, p.ID)
	if err != nil {
		return nil, err
	}
	var two []int64
	for _, r := range ranking {
		var orgs []int64
		for _, b := range r.Ranks {
			orgs = append(orgs, b.OrgID)
		}
		slices.Sort(orgs)
		if len(orgs) != 2 || two != nil && !slices.Equal(two, orgs) {
			return nil, refuse
		}
		two = orgs
	}
	if two == nil {
		return nil, refuse
	}
	return two, nil
}
