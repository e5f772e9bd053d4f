package workflow

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Procurement part 1 (组织采购): a procedure from an approved project to its
// bid deadline. Each use case checks the policy, the rules of its method and
// its periods, and writes in one transaction with its events.

// ProcurementInput starts a procedure from an approved project.
type ProcurementInput struct {
	ProjectID    int64                    `json:"project_id"`
	Method       goumai.ProcurementMethod `json:"method"`
	Reason       goumai.MethodReason      `json:"reason"`
	ReasonDetail string                   `json:"reason_detail"`
}

// MaxReasonDetail bounds the facts given for a method's ground.
const MaxReasonDetail = 2000

// paramsAt returns the rule parameters in force for a region and category on
// a day: the region's own, else the nearest region's above, else the national
// defaults (sqlstore.Tx.ParamsAt). A procedure asks for the day it started.
func (s *Service) paramsAt(ctx context.Context, tx *sqlstore.Tx, region string, c rules.Category, at time.Time) (rules.Params, error) {
	return tx.ParamsAt(ctx, region, c, at)
}

// calendar returns the working-day calendar: lunar-go's table with the State
// Council's arrangements loaded as data over it (sqlstore.Tx.Calendar).
func (s *Service) calendar(ctx context.Context, tx *sqlstore.Tx) (*rules.Calendar, error) {
	return tx.Calendar(ctx)
}

// purchaseOf is what method selection sees of a procedure.
func purchaseOf(p goumai.Procurement) rules.Purchase {
	return rules.Purchase{Amount: p.Amount, Category: rules.Category(p.Category), OfService: true}
}

// organizer returns nil if the actor may run the procedure: the staff of the
// agency the purchaser entrusted with it, or, when there is none, the
// purchaser's staff (GPL Arts. 18–20).
func (s *Service) organizer(a goumai.Actor, p goumai.Procurement) error {
	return s.Policy.Can(a, goumai.ActRunProcurement, goumai.Target{OrgID: p.Organizer(), Region: p.Region})
}

// canSeeProcurement returns ENotFound for a procedure not yet published that
// the actor may not read: its organisers, finance staff and auditors of its region.
func (s *Service) canSeeProcurement(a goumai.Actor, p goumai.Procurement) error {
	if p.Public() {
		return nil
	}
	if s.Policy.Can(a, goumai.ActViewProcurement, goumai.Target{OrgID: p.PurchaserOrgID, Region: p.Region}) == nil ||
		p.AgencyOrgID != 0 && s.Policy.Can(a, goumai.ActViewProcurement, goumai.Target{OrgID: p.AgencyOrgID, Region: p.Region}) == nil {
		return nil
	}
	return goumai.ErrNotFound("采购项目", "procurement")
}

// Procurement returns a procedure the actor may see.
func (s *Service) Procurement(ctx context.Context, a goumai.Actor, id int64) (goumai.Procurement, error) {
	p, err := s.Store.Procurement(ctx, id)
	if err != nil {
		return p, err
	}
	return p, s.canSeeProcurement(a, p)
}

// CreateProcurement starts a procedure for an approved project (its budget
// committed, ENG-B2): by the purchaser's staff, or by an agency the purchaser
// entrusted with the project in a recorded agreement. The method must be one
// the rules allow for the project (ENG-C1, ENG-C4); the rule parameters in
// force today are the procedure's forever. The documents start from the
// application: content, quality standards, performance targets and supplier
// conditions; one lot holds the whole budget.
func (s *Service) CreateProcurement(ctx context.Context, a goumai.Actor, in ProcurementInput) (goumai.Procurement, error) {
	var p goumai.Procurement
	in.ReasonDetail = strings.TrimSpace(in.ReasonDetail)
	if utf8.RuneCountInString(in.ReasonDetail) > MaxReasonDetail {
		return p, goumai.Fields{"reason_detail": goumai.M("理由说明不能超过2000个字", "the ground's facts must be at most 2000 characters")}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		pr, err := s.visibleProject(ctx, tx, a, in.ProjectID)
		if err != nil {
			return err
		}
		p = goumai.Procurement{ProjectID: pr.ID, PurchaserOrgID: pr.PurchaserOrgID, Region: pr.Region, Title: pr.Title,
			Category: string(rules.Services), Amount: pr.Amount, Method: in.Method, Reason: in.Reason, ReasonDetail: in.ReasonDetail,
			Status: goumai.ProcDraft, CreatedBy: a.UserID, ParamsFrom: startOfDay(tx.Now())}
		if agency, ok, err := s.activeAgency(ctx, tx, pr.ID); err != nil {
			return err
		} else if ok {
			p.AgencyOrgID = agency
		}
		if err := s.organizer(a, p); err != nil {
			return err
		}
		if pr.Status != goumai.ProjectApproved {
			return goumai.Errorf(goumai.EConflict, "只有已批准的项目可以组织采购（预算已占用，ENG-B2）", "only an approved project, its budget committed, can be procured (ENG-B2)")
		}
		params, err := s.paramsAt(ctx, tx, p.Region, rules.Category(p.Category), p.ParamsFrom)
		if err != nil {
			return err
		}
		if err := chooseMethod(p, params, p.Method, p.Reason); err != nil {
			return err
		}
		p.Documents = goumai.Documents{Requirements: pr.Content, QualityStandards: pr.QualityStandards, Targets: pr.Targets,
			Evaluation: goumai.EvalComprehensive, TermMonths: pr.TermMonths}
		if strings.TrimSpace(pr.SupplierConditions) != "" {
			p.Documents.Qualifications = []goumai.Qualification{{Name: "供应商资格条件", Detail: pr.SupplierConditions}}
		}
		year := tx.Now().In(goumai.Shanghai).Year()
		if p.Code, err = tx.NextProcurementCode(ctx, a, p.Region, year); err != nil {
			return err
		}
		if p.ID, err = tx.InsertProcurement(ctx, p); err != nil {
			return err
		}
		p.Version, p.CreatedAt, p.UpdatedAt = 1, tx.Now(), tx.Now()
		if err := s.recordProcurement(ctx, tx, a, "procurement.create", p); err != nil {
			return err
		}
		_, err = s.putLot(ctx, tx, a, p, goumai.Lot{ProcurementID: p.ID, Number: 1, Title: p.Title, Budget: p.Amount})
		return err
	})
	return p, err
}

// visibleProject loads the project a body names: one the actor may not see (an
// unpublished application of another organisation) is refused like a missing
// one, on the field project_id.
func (s *Service) visibleProject(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64) (goumai.Project, error) {
	pr, err := tx.Project(ctx, id)
	if goumai.ErrorCode(err) == goumai.ENotFound || err == nil && s.canSee(a, pr) != nil {
		return pr, goumai.Fields{"project_id": goumai.M("项目不存在", "no such project")}.Err()
	}
	return pr, err
}

func startOfDay(t time.Time) time.Time {
	t = t.In(goumai.Shanghai)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, goumai.Shanghai)
}

// recordProcurement records a procedure's event: public once published.
func (s *Service) recordProcurement(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, action string, p goumai.Procurement) error {
	_, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "procurements", Key: p.ID, Region: p.Region, Public: p.Public()})
	return err
}

// ProcurementUpdate is what drafting changes.
type ProcurementUpdate struct {
	Version        int                      `json:"version"`
	Method         goumai.ProcurementMethod `json:"method"`
	Reason         goumai.MethodReason      `json:"reason"`
	ReasonDetail   string                   `json:"reason_detail"`
	SoleSupplierID int64                    `json:"sole_supplier_id"`
	Invited        []int64                  `json:"invited"`
	Documents      goumai.Documents         `json:"documents"`
	Periods        goumai.Periods           `json:"periods"`
}

// draft loads a procedure under drafting for its organisers at version.
func (s *Service) draft(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64, version int, states ...goumai.ProcurementStatus) (goumai.Procurement, error) {
	return s.procedureFor(ctx, tx, a, id, version, s.organizer, states...)
}

// procedureFor loads a procedure for an actor that may (may) act on it, in one
// of states (drafting when none), at version.
func (s *Service) procedureFor(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64, version int,
	may func(goumai.Actor, goumai.Procurement) error, states ...goumai.ProcurementStatus) (goumai.Procurement, error) {
	if err := tx.Lock(ctx, "procurements", id); err != nil {
		return goumai.Procurement{}, err
	}
	p, err := tx.Procurement(ctx, id)
	if err != nil {
		return p, err
	}
	if err := s.canSeeProcurement(a, p); err != nil {
		return p, err
	}
	if err := may(a, p); err != nil {
		return p, err
	}
	if err := guardOpen(ctx, tx, p.ProjectID); err != nil { // ENG-I2: a closed project's records are read-only
		return p, err
	}
	if len(states) == 0 {
		states = []goumai.ProcurementStatus{goumai.ProcDraft}
	}
	if !slices.Contains(states, p.Status) {
		return p, goumai.Errorf(goumai.EConflict, "采购项目当前状态（"+p.Status.Label().ZH+"）不允许此操作", "the procedure's state ("+p.Status.Label().EN+") does not allow this")
	}
	if version != p.Version {
		return p, goumai.Errorf(goumai.EStale, "采购项目已被他人修改或处理，请刷新后重试", "the procedure was changed by someone else; reload and try again")
	}
	return p, nil
}

// UpdateProcurement saves the draft's method, ground, suppliers, documents and
// periods. The documents' rules are checked when publishing (all problems at
// once, ValidateProcurement shows them earlier); a method the rules refuse is
// refused at once (ENG-C1, ENG-C4). Changing the method withdraws an approval.
func (s *Service) UpdateProcurement(ctx context.Context, a goumai.Actor, id int64, in ProcurementUpdate) (goumai.Procurement, error) {
	var p goumai.Procurement
	in.ReasonDetail = strings.TrimSpace(in.ReasonDetail)
	if utf8.RuneCountInString(in.ReasonDetail) > MaxReasonDetail {
		return p, goumai.Fields{"reason_detail": goumai.M("理由说明不能超过2000个字", "the ground's facts must be at most 2000 characters")}.Err()
	}
	if err := checkDocumentValues(in.Documents); err != nil {
		return p, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if p, err = s.draft(ctx, tx, a, id, in.Version); err != nil {
			return err
		}
		params, err := s.paramsAt(ctx, tx, p.Region, rules.Category(p.Category), p.ParamsFrom)
		if err != nil {
			return err
		}
		if err := chooseMethod(p, params, in.Method, in.Reason); err != nil {
			return err
		}
		if in.Method != p.Method || in.Reason != p.Reason {
			p.MethodApproved = false
		}
		p.Method, p.Reason, p.ReasonDetail = in.Method, in.Reason, in.ReasonDetail
		p.SoleSupplierID, p.Invited, p.Documents, p.Periods = in.SoleSupplierID, in.Invited, in.Documents, in.Periods
		if err := s.checkSuppliers(ctx, tx, p); err != nil {
			return err
		}
		if err := draftingProblems(ctx, tx, p, params); err != nil {
			return err
		}
		if p.Version, err = tx.UpdateProcurement(ctx, p); err != nil {
			return err
		}
		p.UpdatedAt = tx.Now()
		return s.recordProcurement(ctx, tx, a, "procurement.update", p)
	})
	return p, err
}

// refusedWhenDrafted are the rules of the documents that are prohibitions, not
// incompleteness: a draft breaking one is refused at once, naming the clause
// (banned criteria, ENG-A7; SME deductions outside their range, ENG-G4;
// floor price and bid bonds, ENG-G9). The others are
// reported by ValidateProcurement and stop publication.
var refusedWhenDrafted = []string{"ENG-A7", "ENG-G4", "ENG-G9"}

func draftingProblems(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement, params rules.Params) error {
	lots, err := tx.Lots(ctx, p.ID)
	if err != nil {
		return err
	}
	all := documentProblems(p.Documents, rules.DocumentContext{Method: goumai.MethodConfigs[p.Method], Params: params, Budget: p.Amount, Lots: lots})
	var ps rules.Problems
	for _, pr := range all {
		if slices.Contains(refusedWhenDrafted, pr.Rule) {
			ps = append(ps, pr)
		}
	}
	return ps.Err()
}

// checkSuppliers checks the suppliers a draft names: existing organisations
// that may supply (ENG-A2), no repeats.
func (s *Service) checkSuppliers(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement) error {
	fs := goumai.Fields{}
	ids := slices.Clone(p.Invited)
	if p.SoleSupplierID != 0 {
		ids = append(ids, p.SoleSupplierID)
	}
	seen := map[int64]bool{}
	for _, id := range p.Invited {
		if seen[id] {
			fs.Add("invited", "邀请的供应商重复", "a supplier is invited twice")
		}
		seen[id] = true
	}
	for _, id := range ids {
		o, err := tx.Org(ctx, id)
		if goumai.ErrorCode(err) == goumai.ENotFound || err == nil && (!o.CanSupply() || !o.Active) {
			field := "invited"
			if id == p.SoleSupplierID {
				field = "sole_supplier_id"
			}
			e := goumai.Fields{field: goumai.M(fmt.Sprintf("单位 %d 不存在或不能作为承接主体（《政府购买服务管理办法》第六、八条）", id),
				fmt.Sprintf("organisation %d does not exist or may not supply services (O102 Arts. 6, 8)", id))}.Err()
			goumai.AsError(e).Rule = "ENG-A2"
			return e
		}
		if err != nil {
			return err
		}
	}
	return fs.Err()
}

// LotInput is a lot as drafted.
type LotInput struct {
	Version      int        `json:"version"` // the procedure's
	Number       int        `json:"number"`
	Title        string     `json:"title"`
	Budget       goumai.Fen `json:"budget"`
	Ceiling      goumai.Fen `json:"ceiling"`
	BidBond      goumai.Fen `json:"bid_bond"`
	Requirements string     `json:"requirements"`
	SMEReserved  bool       `json:"sme_reserved"`
}

// PutLot adds a lot to a draft or changes the lot of that number; the lots'
// budgets must stay within the project's (checked fully when publishing).
func (s *Service) PutLot(ctx context.Context, a goumai.Actor, id int64, in LotInput) (goumai.Lot, error) {
	l := goumai.Lot{ProcurementID: id, Number: in.Number, Title: strings.TrimSpace(in.Title), Budget: in.Budget, Ceiling: in.Ceiling,
		BidBond: in.BidBond, Requirements: strings.TrimSpace(in.Requirements), SMEReserved: in.SMEReserved}
	f := goumai.Fields{}
	if l.Number < 1 || l.Number > 99 {
		f.Add("number", "包号须在1至99之间", "the lot number is 1 to 99")
	}
	if n := utf8.RuneCountInString(l.Title); n == 0 || n > 200 {
		f.Add("title", "请填写包名称（不超过200个字）", "give the lot a title of at most 200 characters")
	}
	checkAmount(f, "budget", l.Budget)
	for field, v := range map[string]goumai.Fen{"ceiling": l.Ceiling, "bid_bond": l.BidBond} {
		if m := goumai.CheckFen(v); m != nil {
			f[field] = *m
		}
	}
	if err := f.Err(); err != nil {
		return l, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		p, err := s.draft(ctx, tx, a, id, in.Version)
		if err != nil {
			return err
		}
		lots, err := tx.Lots(ctx, p.ID)
		if err != nil {
			return err
		}
		sum := l.Budget
		for _, o := range lots {
			if o.Number != l.Number {
				sum += o.Budget
			}
		}
		if sum > p.Amount {
			e := goumai.Fields{"budget": goumai.M(fmt.Sprintf("各采购包预算合计%s元，超过项目预算%s元", sum.Yuan(), p.Amount.Yuan()),
				fmt.Sprintf("the lots' budgets would total ¥%s, above the project's ¥%s", sum.Yuan(), p.Amount.Yuan()))}.Err()
			goumai.AsError(e).Rule = "ENG-B2"
			return e
		}
		if l, err = s.putLot(ctx, tx, a, p, l); err != nil {
			return err
		}
		return s.touch(ctx, tx, a, &p)
	})
	return l, err
}

func (s *Service) putLot(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p goumai.Procurement, l goumai.Lot) (goumai.Lot, error) {
	var err error
	if l.ID, err = tx.PutLot(ctx, l); err != nil {
		return l, err
	}
	_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "procurement.lot", Table: "procurement_lots", Key: l.ID, Region: p.Region, Public: p.Public()})
	return l, err
}

// touch moves a procedure's version on after a change to one of its parts, so
// that an editor who read it before gets EStale.
func (s *Service) touch(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, p *goumai.Procurement) error {
	var err error
	if p.Version, err = tx.UpdateProcurement(ctx, *p); err != nil {
		return err
	}
	p.UpdatedAt = tx.Now()
	return s.recordProcurement(ctx, tx, a, "procurement.update", *p)
}

// DeleteLot removes a lot of a draft (a procedure keeps at least one).
func (s *Service) DeleteLot(ctx context.Context, a goumai.Actor, id int64, version, number int) error {
	return s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		p, err := s.draft(ctx, tx, a, id, version)
		if err != nil {
			return err
		}
		lots, err := tx.Lots(ctx, p.ID)
		if err != nil {
			return err
		}
		i := slices.IndexFunc(lots, func(l goumai.Lot) bool { return l.Number == number })
		switch {
		case i < 0:
			return goumai.ErrNotFound("采购包", "lot")
		case len(lots) == 1:
			return goumai.Errorf(goumai.EConflict, "采购项目至少须有一个采购包", "a procedure keeps at least one lot")
		}
		if err := tx.DeleteLot(ctx, lots[i].ID); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "procurement.lot_delete", Table: "procurement_lots", Key: lots[i].ID, Region: p.Region}); err != nil {
			return err
		}
		return s.touch(ctx, tx, a, &p)
	})
}

// Lots returns a procedure's lots, if the actor may see it: none (an empty
// list) to an outsider while it is drafted again after its first notice.
func (s *Service) Lots(ctx context.Context, a goumai.Actor, p goumai.Procurement) ([]goumai.Lot, error) {
	if err := s.canSeeProcurement(a, p); err != nil {
		return nil, err
	}
	if s.redacted(a, p) {
		return []goumai.Lot{}, nil
	}
	return s.Store.Lots(ctx, p.ID)
}

// ProcurementCheck is what ValidateProcurement reports: the method as the
// rules see it (approval, publicity), the 化整为零 figures and every problem
// that would stop publication now.
type ProcurementCheck struct {
	Method    rules.MethodOption `json:"method"`
	Splitting rules.Splitting    `json:"splitting"`
	Problems  rules.Problems     `json:"problems"`
	Params    rules.Params       `json:"params"`
}

// ValidateProcurement runs every check of publication on a draft without
// changing it, for the organisers and the approvers to see: those who see the
// procedure's internal records (insider). Others are refused even once it is
// public: the 化整为零 figures add up the purchaser's unpublished procedures.
func (s *Service) ValidateProcurement(ctx context.Context, a goumai.Actor, id int64) (ProcurementCheck, error) {
	var c ProcurementCheck
	p, err := s.Procurement(ctx, a, id)
	if err != nil {
		return c, err
	}
	if !s.insider(a, p) {
		return c, goumai.ErrForbidden()
	}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error { // read-only: a Tx gives one consistent view
		c, err = s.checkPublication(ctx, tx, p, tx.Now())
		return err
	})
	return c, err
}

// checkPublication runs the rules of publishing p at now: method (ENG-C1,
// C4, C5), suppliers (ENG-E1), documents (ENG-A7, G1, G2, G5, G9) and periods
// (ENG-D1, D3, D4) from now.
func (s *Service) checkPublication(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement, now time.Time) (ProcurementCheck, error) {
	var c ProcurementCheck
	params, err := s.paramsAt(ctx, tx, p.Region, rules.Category(p.Category), p.ParamsFrom)
	if err != nil {
		return c, err
	}
	c.Params = params
	cal, err := s.calendar(ctx, tx)
	if err != nil {
		return c, err
	}
	if c.Method, err = rules.CheckMethod(purchaseOf(p), params, p.Method, p.Reason); err != nil {
		return c, err
	}
	if c.Splitting, err = s.splitting(ctx, tx, p, params); err != nil {
		return c, err
	}
	lots, err := tx.Lots(ctx, p.ID)
	if err != nil {
		return c, err
	}
	cfg := goumai.MethodConfigs[p.Method]
	c.Problems = documentProblems(p.Documents, rules.DocumentContext{Method: cfg, Params: params, Budget: p.Amount, Lots: lots})
	per := p.Periods
	per.DocsFrom = now
	c.Problems = append(c.Problems, rules.CheckPeriods(cfg.Period, per, params, cal)...)
	add := func(field, rule, zh, en string) {
		c.Problems = append(c.Problems, rules.Problem{Field: field, Rule: rule, Msg: goumai.M(zh, en)})
	}
	if c.Method.NeedsApproval && !p.MethodApproved {
		add("method", "ENG-C1", "预算达到公开招标数额标准，采用公开招标以外的方式须先经设区的市级以上财政部门批准", "at or above the open-tender threshold another method needs a finance department's approval first")
	}
	pq, err := s.prequalProblems(ctx, tx, p)
	if err != nil {
		return c, err
	}
	c.Problems = append(c.Problems, pq...)
	switch {
	case p.Method == goumai.MethodSingleSource && p.SoleSupplierID == 0:
		add("sole_supplier_id", "ENG-C4", "单一来源须指明供应商", "single source names its supplier")
	case p.Method != goumai.MethodSingleSource && cfg.Invited && len(p.Invited) < cfg.MinSuppliers:
		add("invited", "ENG-E1", fmt.Sprintf("邀请的供应商不得少于%d家", cfg.MinSuppliers), fmt.Sprintf("at least %d suppliers must be invited", cfg.MinSuppliers))
	}
	return c, nil
}

// splitting computes the 化整为零 figures of a non-tender procedure (ENG-C3).
func (s *Service) splitting(ctx context.Context, tx *sqlstore.Tx, p goumai.Procurement, params rules.Params) (rules.Splitting, error) {
	pr, err := tx.Project(ctx, p.ProjectID)
	if err != nil {
		return rules.Splitting{}, err
	}
	line, err := tx.BudgetLine(ctx, pr.BudgetLineID)
	if err != nil {
		return rules.Splitting{}, err
	}
	earlier := goumai.Fen(0)
	if p.Method != goumai.MethodOpenTender {
		if earlier, err = tx.EarlierNonTender(ctx, p.PurchaserOrgID, line.ID, p.Category, line.FiscalYear, p.ProjectID, params.OpenTenderThreshold); err != nil {
			return rules.Splitting{}, err
		}
	}
	sp := rules.CheckSplitting(earlier, p.Amount, p.Method, p.MethodApproved, params)
	sp.FiscalYear = line.FiscalYear
	return sp, nil
}
