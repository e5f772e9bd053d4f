package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Qualification of the recommended supplier (资质审核, issue 10 item 1; see
// goumai.QualificationReview). While the purchaser has the report
// (ProcConfirmation), its staff or its agency review each lot's rank-1
// supplier; the purchaser cannot confirm a lot whose rank 1 is not qualified
// (ruleQualify). A review that fails sets that bid aside with the failing
// rule: the next candidate of the report moves up (standing, as for a
// re-ranking of ENG-D8) or the lot fails when too few are left (ENG-E1–E3),
// and the procedure fails, with its failure notice giving the reasons, when
// every lot has. Both the review and the set-aside are public events.

// ruleQualify is the rule a confirmation without a qualified rank 1 is refused under.
const ruleQualify = "QUAL-1"

// QualifyInput is a review of a lot's recommended supplier.
type QualifyInput struct {
	Version       int                      `json:"version"` // the procedure's
	LotID         int64                    `json:"lot_id"`
	Conditions    []goumai.ConditionReview `json:"conditions"`    // one per qualification condition of the documents, in order
	Justification string                   `json:"justification"` // ENG-A8: for an individual, why an individual
	Attested      bool                     `json:"attested"`      // ENG-A8: not disguised employment
	Opinion       string                   `json:"opinion"`       // 意见: required
}

// qualifier returns nil if a is the purchaser's staff or its agency's.
func (s *Service) qualifier(a goumai.Actor, p goumai.Procurement) error {
	if s.organizer(a, p) == nil {
		return nil
	}
	return s.purchaser(a, p)
}

// validate checks the input's fields (trimming its texts).
func (in *QualifyInput) validate() error {
	f := goumai.Fields{}
	text := func(field string, v *string, max int, required bool) {
		*v = strings.TrimSpace(*v)
		switch n := utf8.RuneCountInString(*v); {
		case n == 0 && required:
			f.Add(field, "请填写审核意见", "the opinion is required")
		case n > max:
			f.Add(field, fmt.Sprintf("不能超过%d个字", max), fmt.Sprintf("at most %d characters", max))
		default:
			if m := goumai.CheckText(*v); m != nil {
				f[field] = *m
			}
		}
	}
	text("opinion", &in.Opinion, goumai.MaxQualOpinionChars, true)
	text("justification", &in.Justification, goumai.MaxQualJustifyChars, false)
	if in.LotID <= 0 {
		f.Add("lot_id", "请选择采购包", "choose the lot")
	}
	for i := range in.Conditions {
		c := &in.Conditions[i]
		c.Name = strings.TrimSpace(c.Name)
		text(fmt.Sprintf("conditions.%d.note", i), &c.Note, goumai.MaxQualNoteChars, false)
		if len(c.Evidence) > goumai.MaxQualEvidenceRefs {
			f.Add(fmt.Sprintf("conditions.%d.evidence", i), fmt.Sprintf("每项资格条件最多引用%d份证明材料", goumai.MaxQualEvidenceRefs),
				fmt.Sprintf("at most %d proofs per condition", goumai.MaxQualEvidenceRefs))
		}
		if c.Evidence == nil {
			c.Evidence = []int64{}
		}
	}
	return f.Err()
}

// recommended returns the lot's rank-1 bid as the ranking stands, or a field error.
func recommended(ranking []goumai.LotRanking, lotID int64) (goumai.RankedBid, error) {
	i := slices.IndexFunc(ranking, func(r goumai.LotRanking) bool { return r.LotID == lotID })
	if i >= 0 {
		if first, ok := ranking[i].Recommended(); ok {
			return first, nil
		}
	}
	return goumai.RankedBid{}, goumai.Fields{"lot_id": goumai.M("该采购包没有推荐的中标（成交）候选人", "the lot has no recommended candidate")}.Err()
}

// QualifySupplier records a review of the lot's recommended supplier by the
// purchaser's staff or its agency: a fresh supplier check is recorded (ENG-A4:
// 留存查询记录), every check of rules.Qualify applied, and the result
// recorded with the opinion. A failing review sets the bid aside and moves the
// lot to its next candidate, or fails the lot or the procedure (see above).
// The review is returned whatever its result.
func (s *Service) QualifySupplier(ctx context.Context, a goumai.Actor, id int64, in QualifyInput) (goumai.QualificationReview, error) {
	var q goumai.QualificationReview
	if err := in.validate(); err != nil {
		return q, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		p, err := s.procedureFor(ctx, tx, a, id, in.Version, s.qualifier, goumai.ProcConfirmation)
		if err != nil {
			return err
		}
		if err := s.CheckNotFrozen(ctx, tx, id); err != nil {
			return err
		}
		ranking, err := s.Ranking(ctx, tx, id)
		if err != nil {
			return err
		}
		first, err := recommended(ranking, in.LotID)
		if err != nil {
			return err
		}
		if q, err = s.qualify(ctx, tx, a, p, in, first); err != nil {
			return err
		}
		if q.Result == goumai.Qualified {
			return nil
		}
		return s.disqualify(ctx, tx, a, p, q)
	})
	return q, err
}

// qualify runs the checks of a review of the bid first and records it.
func (s *Service) qualify(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p goumai.Procurement, in QualifyInput, first goumai.RankedBid) (goumai.QualificationReview, error) {
	q := goumai.QualificationReview{ProcurementID: p.ID, LotID: in.LotID, OpenedBidID: first.OpenedBidID, OrgID: first.OrgID, Supplier: first.Supplier,
		Conditions: in.Conditions, Justification: in.Justification, Attested: in.Attested, Opinion: in.Opinion, DecidedBy: a.UserID}
	if q.Conditions == nil {
		q.Conditions = []goumai.ConditionReview{}
	}
	c, err := s.checkSupplier(ctx, tx, a, first.OrgID, fmt.Sprintf("%s 资质审核 procurement %d lot %d", p.Code, p.ID, in.LotID), tx.Now(), nil)
	if err != nil && !(goumai.ErrorCode(err) == goumai.EForbidden && c.ID != 0) {
		return q, err
	}
	q.CheckID = c.ID
	o, err := tx.Org(ctx, first.OrgID)
	if err != nil {
		return q, err
	}
	facts, err := s.qualFacts(ctx, tx, p, o)
	if err != nil {
		return q, err
	}
	facts.Reviews, facts.Justification, facts.Attested = q.Conditions, q.Justification, q.Attested
	q.Checks, q.Result, q.Rule = rules.Qualify(facts)
	if q.ID, err = tx.InsertQualification(ctx, q); err != nil {
		return q, err
	}
	if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "qualification." + string(q.Result), Table: "supplier_qualifications", Key: q.ID, Region: p.Region, Public: true}); err != nil {
		return q, err
	}
	q.DecidedAt = tx.Now()
	return q, nil
}

// qualFacts reads what a review of o judges now, without the reviewer's findings.
func (s *Service) qualFacts(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement, o goumai.Org) (rules.QualFacts, error) {
	f, err := supplierFacts(ctx, tx, o)
	bidAt := p.Periods.BidDeadline
	if bidAt.IsZero() {
		bidAt = tx.Now()
	}
	return rules.QualFacts{Supplier: f, Now: tx.Now(), BidAt: bidAt, Conditions: p.Documents.Qualifications}, err
}

// disqualify sets aside the bid of a review that failed (its first failing
// rule, a public event) and fails the procedure when no lot keeps a candidate.
func (s *Service) disqualify(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p goumai.Procurement, q goumai.QualificationReview) error {
	if err := tx.SetAsideOpened(ctx, q.OpenedBidID, q.Rule); err != nil {
		return err
	}
	if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "bid.set_aside", Table: "opened_bids", Key: q.OpenedBidID, Region: p.Region, Public: true}); err != nil {
		return err
	}
	ranking, err := s.Ranking(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	rule := allLotsFailed(ranking)
	if rule == "" {
		return nil
	}
	var zh, en []string
	for _, f := range q.Failures() {
		zh, en = append(zh, f.Detail.ZH), append(en, f.Detail.EN)
	}
	return s.failProcedure(ctx, tx, a, &p, rule, goumai.M(
		"推荐的中标（成交）供应商"+q.Supplier+"资质审核不通过（"+strings.Join(zh, "；")+"），其余符合要求的供应商不足法定家数",
		"the recommended supplier "+q.Supplier+" is not qualified ("+strings.Join(en, "; ")+") and too few qualifying suppliers remain"))
}

// latestQualification returns the latest review of the opened bid, if any.
func latestQualification(qs []goumai.QualificationReview, openedBidID int64) (goumai.QualificationReview, bool) {
	for i := len(qs) - 1; i >= 0; i-- {
		if qs[i].OpenedBidID == openedBidID {
			return qs[i], true
		}
	}
	return goumai.QualificationReview{}, false
}

// checkQualified refuses, naming ruleQualify, when a ranked lot's rank 1 has no
// qualifying review as its latest: the award waits for the qualification.
func (s *Service) checkQualified(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement, ranking []goumai.LotRanking) error {
	qs, err := tx.Qualifications(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, r := range ranking {
		first, ok := r.Recommended()
		if !ok {
			continue
		}
		if q, ok := latestQualification(qs, first.OpenedBidID); !ok || q.Result != goumai.Qualified {
			return &goumai.Error{Code: goumai.EConflict, Rule: ruleQualify, Message: goumai.M(
				"推荐的中标（成交）供应商"+first.Supplier+"尚未通过资质审核：采购人或采购代理机构审核通过后方可确认结果（财综〔2013〕111号：资质审核，QUAL-1）",
				"the recommended supplier "+first.Supplier+" is not qualified yet: the purchaser or its agency reviews it before the result is confirmed (Caizong [2013] No. 111, QUAL-1)"),
				Fields: map[string]goumai.Msg{"lots": goumai.M("请先完成资质审核", "qualify the recommended supplier first")}}
		}
	}
	return nil
}

// QualificationLot is one lot's qualification as the reviewer sees it.
type QualificationLot struct {
	LotID       int64                       `json:"lot_id"`
	LotNumber   int                         `json:"lot_number"`
	LotTitle    string                      `json:"lot_title"`
	Failed      bool                        `json:"failed"`                  // no candidate left
	OpenedBidID int64                       `json:"opened_bid_id,omitempty"` // the recommended (rank-1) bid
	OrgID       int64                       `json:"org_id,omitempty"`
	Supplier    string                      `json:"supplier,omitempty"`
	Individual  bool                        `json:"individual"` // ENG-A8 applies
	Evidence    []goumai.Evidence           `json:"evidence"`   // the supplier's current proofs, to cite
	Preview     []goumai.QualCheck          `json:"preview"`    // the checks as they stand now, the conditions not yet reviewed
	Latest      *goumai.QualificationReview `json:"latest,omitempty"`
}

// QualificationView is a procedure's qualification: the documents'
// conditions, each lot's recommended supplier and every review so far.
type QualificationView struct {
	ProcurementID int64                        `json:"procurement_id"`
	Version       int                          `json:"version"`
	Status        goumai.ProcurementStatus     `json:"status"`
	Conditions    []goumai.Qualification       `json:"conditions"`
	Lots          []QualificationLot           `json:"lots"`
	Reviews       []goumai.QualificationReview `json:"reviews"`
}

// Qualification returns a procedure's qualification to the purchaser's and
// its agency's staff, and to finance staff and auditors of its region. The
// lots (with their previews) are there while the purchaser has the report.
func (s *Service) Qualification(ctx context.Context, a goumai.Actor, id int64) (QualificationView, error) {
	var v QualificationView
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error { // read-only; a transaction for one consistent read
		p, err := tx.Procurement(ctx, id)
		if err != nil {
			return err
		}
		if err := s.canSeeProcurement(a, p); err != nil {
			return err
		}
		inside := s.Policy.Can(a, goumai.ActViewProcurement, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}) == nil ||
			p.AgencyOrgID != 0 && s.Policy.Can(a, goumai.ActViewProcurement, goumai.Target{OrgID: p.AgencyOrgID, Region: p.Region}) == nil
		if !inside {
			return goumai.Errorf(goumai.EForbidden, "只有采购人、采购代理机构及监管人员可以查看资质审核", "only the purchaser, its agency and supervisors see the qualification")
		}
		v = QualificationView{ProcurementID: p.ID, Version: p.Version, Status: p.Status, Conditions: p.Documents.Qualifications, Lots: []QualificationLot{}}
		if v.Conditions == nil {
			v.Conditions = []goumai.Qualification{}
		}
		if v.Reviews, err = tx.Qualifications(ctx, p.ID); err != nil {
			return err
		}
		if v.Reviews == nil {
			v.Reviews = []goumai.QualificationReview{}
		}
		if p.Status != goumai.ProcConfirmation {
			return nil
		}
		return s.qualificationLots(ctx, tx, p, &v)
	})
	return v, err
}

// qualificationLots fills v's lots with their candidates and previews.
func (s *Service) qualificationLots(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement, v *QualificationView) error {
	ranking, err := s.Ranking(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	lots, err := tx.Lots(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, l := range lots {
		i := slices.IndexFunc(ranking, func(r goumai.LotRanking) bool { return r.LotID == l.ID })
		if i < 0 {
			continue
		}
		ql := QualificationLot{LotID: l.ID, LotNumber: l.Number, LotTitle: l.Title, Failed: ranking[i].Failed, Evidence: []goumai.Evidence{}, Preview: []goumai.QualCheck{}}
		if first, ok := ranking[i].Recommended(); ok {
			o, err := tx.Org(ctx, first.OrgID)
			if err != nil {
				return err
			}
			ql.OpenedBidID, ql.OrgID, ql.Supplier, ql.Individual = first.OpenedBidID, first.OrgID, first.Supplier, o.Kind == goumai.KindIndividual
			f, err := s.qualFacts(ctx, tx, p, o)
			if err != nil {
				return err
			}
			if f.Supplier.Evidence != nil {
				ql.Evidence = f.Supplier.Evidence
			}
			f.Attested, f.Justification = true, "-" // previewed apart from the reviewer's own findings
			checks, _, _ := rules.Qualify(f)
			for _, c := range checks {
				if c.Item != goumai.QualItemConditions && c.Item != goumai.QualItemIndividual {
					ql.Preview = append(ql.Preview, c)
				}
			}
			if q, ok := latestQualification(v.Reviews, first.OpenedBidID); ok {
				ql.Latest = &q
			}
		}
		v.Lots = append(v.Lots, ql)
	}
	return nil
}
