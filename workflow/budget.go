package workflow

import (
	"context"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// BudgetLineInput is a budget line as entered or imported: the line and the
// amount of its first appropriation (0 for none).
type BudgetLineInput struct {
	goumai.BudgetLine
	Amount goumai.Fen `json:"amount"`
	// CreditCode names the organisation by its unified social credit code when
	// OrgID is 0 (imports).
	CreditCode string `json:"credit_code,omitempty"`
}

// CreateBudgetLine creates a budget line for an organisation in the finance
// department's region subtree and appropriates its amount (a ledger appropriate
// entry), in one transaction.
func (s *Service) CreateBudgetLine(ctx context.Context, a goumai.Actor, in BudgetLineInput) (goumai.BudgetLine, error) {
	var l goumai.BudgetLine
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		l, err = s.createLine(ctx, tx, a, in)
		return err
	})
	return l, err
}

// checkLine validates a line to be created: its fields, its organisation (an
// existing budget organisation in the actor's region subtree) and the actor's
// right to manage the region's budget. It returns the line as it will be written.
func (s *Service) checkLine(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, in BudgetLineInput) (goumai.BudgetLine, error) {
	l := in.BudgetLine
	l.Normalize()
	f := goumai.Fields{}
	if err := l.Validate(); err != nil {
		for k, v := range goumai.AsError(err).Fields {
			f[k] = v
		}
	}
	if m := goumai.CheckFen(in.Amount); m != nil {
		f["amount"] = *m
	}
	if len(f) > 0 {
		return l, f.Err()
	}
	org, err := tx.Org(ctx, l.OrgID)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return l, goumai.Fields{"org_id": goumai.M("预算单位不存在", "no such organisation")}.Err()
	}
	if err != nil {
		return l, err
	}
	if err := s.Policy.Can(a, goumai.ActManageBudget, goumai.Target{OrgID: org.ID, Region: org.Region}); err != nil {
		return l, err
	}
	switch org.Kind {
	case goumai.KindStateOrgan, goumai.KindPartyOrgan, goumai.KindInstitution, goumai.KindMassOrg:
	default:
		return l, goumai.Fields{"org_id": goumai.M("只有预算单位（国家机关、事业单位、群团组织等）有预算指标", "only budget organisations (state organs, institutions, mass organisations) hold budget lines")}.Err()
	}
	l.Region = org.Region
	if l.MofDivCode == "" {
		l.MofDivCode = org.Region // 财政区划 defaults to the organisation's region
	}
	return l, nil
}

// createLine validates and writes one line and its appropriation inside a transaction.
func (s *Service) createLine(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, in BudgetLineInput) (goumai.BudgetLine, error) {
	l, err := s.checkLine(ctx, tx, a, in)
	if err != nil {
		return l, err
	}
	if l, err = tx.InsertBudgetLine(ctx, a, l); err != nil {
		return l, err
	}
	if in.Amount > 0 {
		_, _, err = tx.PostLedger(ctx, a, goumai.LedgerEntry{LineID: l.ID, Kind: goumai.LedgerAppropriate, Amount: in.Amount, Memo: l.DocNo}, l.Region)
	}
	return l, err
}

// LedgerInput is one manual ledger movement by the finance department.
type LedgerInput struct {
	Kind   goumai.LedgerKind `json:"kind"`
	Amount goumai.Fen        `json:"amount"`
	Memo   string            `json:"memo"`
}

// PostLedger posts a movement on a line (further appropriations, and releases
// or payments recorded by the finance department). Commitments of projects are
// posted by the review use case; transfers go through Transfer so that both
// sides are written.
func (s *Service) PostLedger(ctx context.Context, a goumai.Actor, lineID int64, in LedgerInput) (goumai.LedgerEntry, goumai.Balance, error) {
	in.Memo = strings.TrimSpace(in.Memo)
	f := goumai.Fields{}
	switch in.Kind {
	case goumai.LedgerAppropriate, goumai.LedgerCommit, goumai.LedgerRelease, goumai.LedgerObligate, goumai.LedgerPay:
	case goumai.LedgerTransferIn, goumai.LedgerTransferOut:
		f.Add("kind", "调剂请使用调剂功能（两条指标同时记账）", "use a transfer, which posts both lines")
	default:
		f.Add("kind", "未知的台账类型", "unknown ledger entry kind")
	}
	checkAmount(f, "amount", in.Amount)
	if len([]rune(in.Memo)) > goumai.MaxMemo {
		f.Add("memo", "说明不能超过500个字", "memo must be at most 500 characters")
	}
	if err := f.Err(); err != nil {
		return goumai.LedgerEntry{}, goumai.Balance{}, err
	}
	var e goumai.LedgerEntry
	var b goumai.Balance
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		l, err := tx.BudgetLine(ctx, lineID)
		if err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActManageBudget, goumai.Target{OrgID: l.OrgID, Region: l.Region}); err != nil {
			return err
		}
		e, b, err = tx.PostLedger(ctx, a, goumai.LedgerEntry{LineID: lineID, Kind: in.Kind, Amount: in.Amount, Memo: in.Memo}, l.Region)
		return err
	})
	return e, b, err
}

// checkAmount requires a positive amount within MaxFen.
func checkAmount(f goumai.Fields, field string, v goumai.Fen) {
	if m := goumai.CheckFen(v); m != nil {
		f[field] = *m
	} else if v == 0 {
		f.Add(field, "金额须大于零", "amount must be greater than zero")
	}
}

// BudgetLineView is a line with its balance and what the actor may see of it.
type BudgetLineView struct {
	sqlstore.LineBalance
	Full bool `json:"full"` // the actor sees execution figures and the whole ledger (payments included)
}

// BudgetLine returns a line with its balance. Everyone may read a line
// (departmental budgets are public, 《预算法》第十四条); Full says whether the
// actor also sees payments.
func (s *Service) BudgetLine(ctx context.Context, a goumai.Actor, id int64) (BudgetLineView, error) {
	l, err := s.Store.BudgetLine(ctx, id)
	if err != nil {
		return BudgetLineView{}, err
	}
	b, err := s.Store.Balance(ctx, id)
	if err != nil {
		return BudgetLineView{}, err
	}
	v := BudgetLineView{LineBalance: sqlstore.LineBalance{BudgetLine: l, Balance: b, Available: b.Available()}}
	v.Full = s.Policy.Can(a, goumai.ActViewBudget, goumai.Target{OrgID: l.OrgID, Region: l.Region}) == nil
	if !v.Full {
		v.Balance, v.Available = goumai.Balance{Appropriated: b.Appropriated}, 0
	}
	return v, nil
}

// Ledger lists a line's entries newest first; actors who may not view the
// line's budget in full see the public entries (no payments, no commitments:
// only appropriations and transfers, which are published).
func (s *Service) Ledger(ctx context.Context, a goumai.Actor, lineID, beforeID int64, limit int) ([]goumai.LedgerEntry, error) {
	v, err := s.BudgetLine(ctx, a, lineID)
	if err != nil {
		return nil, err
	}
	return s.Store.LedgerEntries(ctx, sqlstore.LedgerFilter{LineID: lineID, Public: !v.Full, BeforeID: beforeID, Limit: limit})
}

// BudgetLines lists lines with balances. Line names and appropriations are
// public (departmental budgets are published, 《预算法》第十四条); the execution
// figures — committed, obligated, paid, available — only to the line's own
// organisation, finance staff and auditors of its region (ActViewBudget); for
// anyone else they are left zero and Full is false.
func (s *Service) BudgetLines(ctx context.Context, a goumai.Actor, f sqlstore.BudgetLineFilter) ([]BudgetLineView, error) {
	ls, err := s.Store.FindBudgetLines(ctx, f)
	if err != nil {
		return nil, err
	}
	out := make([]BudgetLineView, len(ls))
	for i, l := range ls {
		out[i] = BudgetLineView{LineBalance: l, Full: s.Policy.Can(a, goumai.ActViewBudget, goumai.Target{OrgID: l.OrgID, Region: l.Region}) == nil}
		if !out[i].Full {
			out[i].Balance = goumai.Balance{Appropriated: l.Balance.Appropriated}
			out[i].Available = 0
		}
	}
	return out, nil
}
