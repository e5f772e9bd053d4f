package workflow

import (
	"context"
	"fmt"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// FunctionInput is a 事业单位 function as recorded by the finance department.
type FunctionInput struct {
	OrgID       int64      `json:"org_id"`
	Name        string     `json:"name"`
	CatalogCode string     `json:"catalog_code"`
	FundedPosts int        `json:"funded_posts"`
	AnnualCost  goumai.Fen `json:"annual_cost"`
}

// CreateFunction records a function of a public institution (事业单位) with its
// funded posts and annual cost (财综〔2013〕111号 二（四）).
func (s *Service) CreateFunction(ctx context.Context, a goumai.Actor, in FunctionInput) (goumai.Function, error) {
	f := goumai.Function{OrgID: in.OrgID, Name: strings.TrimSpace(in.Name), CatalogCode: strings.TrimSpace(in.CatalogCode),
		FundedPosts: in.FundedPosts, AnnualCost: in.AnnualCost}
	if err := f.Validate(); err != nil {
		return f, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		org, err := tx.Org(ctx, in.OrgID)
		if goumai.ErrorCode(err) == goumai.ENotFound {
			return goumai.Fields{"org_id": goumai.M("单位不存在", "no such organisation")}.Err()
		}
		if err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActManageReform, goumai.Target{OrgID: org.ID, Region: org.Region}); err != nil {
			return err
		}
		if org.Kind != goumai.KindInstitution {
			return goumai.Fields{"org_id": goumai.M("只有事业单位登记职能和编制", "only public institutions (事业单位) have functions and funded posts here")}.Err()
		}
		f.Region = org.Region
		f, err = tx.InsertFunction(ctx, a, f)
		return err
	})
	return f, err
}

// UpdateFunctionPosts changes a function's funded posts and annual cost (for
// example after posts were cut).
func (s *Service) UpdateFunctionPosts(ctx context.Context, a goumai.Actor, id int64, posts int, cost goumai.Fen) (goumai.Function, error) {
	var f goumai.Function
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if f, err = tx.Function(ctx, id); err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActManageReform, goumai.Target{OrgID: f.OrgID, Region: f.Region}); err != nil {
			return err
		}
		f.FundedPosts, f.AnnualCost = posts, cost
		if err := f.Validate(); err != nil {
			return err
		}
		return tx.UpdateFunction(ctx, a, "reform.function_update", f)
	})
	return f, err
}

// UpdateFunction changes a function's name, catalogue code, funded posts and
// annual cost (the staff edit form; the institution stays). Once its budget has
// followed it to purchased services (费随事转), the transfer record names the
// function, so its name and catalogue code are fixed: only posts and cost may
// still change.
func (s *Service) UpdateFunction(ctx context.Context, a goumai.Actor, id int64, in FunctionInput) (goumai.Function, error) {
	var f goumai.Function
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if f, err = tx.Function(ctx, id); err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActManageReform, goumai.Target{OrgID: f.OrgID, Region: f.Region}); err != nil {
			return err
		}
		name, code := strings.TrimSpace(in.Name), strings.TrimSpace(in.CatalogCode)
		if f.Transferred && (name != f.Name || code != f.CatalogCode) {
			return goumai.Fields{"name": goumai.M("职能已办理费随事转，名称和目录编码不能再改", "the function's budget has followed it to purchased services; its name and catalogue code can no longer change")}.Err()
		}
		f.Name, f.CatalogCode, f.FundedPosts, f.AnnualCost = name, code, in.FundedPosts, in.AnnualCost
		if err := f.Validate(); err != nil {
			return err
		}
		return tx.UpdateFunction(ctx, a, "reform.function_update", f)
	})
	return f, err
}

// TransferInput moves budget from one line to another; with FunctionID it is a
// 费随事转 transfer of that function to purchased services.
type TransferInput struct {
	FromLine   int64      `json:"from_line"`
	ToLine     int64      `json:"to_line"`
	Amount     goumai.Fen `json:"amount"`
	FunctionID int64      `json:"function_id,omitempty"`
	Memo       string     `json:"memo"`
}

// Transfer posts a transfer between two lines of the actor's region subtree:
// paired transfer_out and transfer_in entries and a public transfer record, in
// one transaction. For 费随事转 (FunctionID set) the source line must belong to
// the function's institution, the receiving line to an organisation that may
// purchase services (ENG-A1), the function must not have been transferred
// before, and it is marked transferred (财综〔2013〕111号 二（四）: 费随事转).
func (s *Service) Transfer(ctx context.Context, a goumai.Actor, in TransferInput) (goumai.Transfer, error) {
	in.Memo = strings.TrimSpace(in.Memo)
	fs := goumai.Fields{}
	checkAmount(fs, "amount", in.Amount)
	if in.FromLine <= 0 {
		fs.Add("from_line", "请选择调出的预算指标", "choose the line to transfer from")
	}
	if in.ToLine <= 0 {
		fs.Add("to_line", "请选择调入的预算指标", "choose the line to transfer to")
	}
	if in.FromLine > 0 && in.FromLine == in.ToLine {
		fs.Add("to_line", "调入和调出不能是同一预算指标", "the two lines must differ")
	}
	if len([]rune(in.Memo)) > goumai.MaxMemo {
		fs.Add("memo", "说明不能超过500个字", "memo must be at most 500 characters")
	}
	if err := fs.Err(); err != nil {
		return goumai.Transfer{}, err
	}
	t := goumai.Transfer{FromLine: in.FromLine, ToLine: in.ToLine, Amount: in.Amount, FunctionID: in.FunctionID, Memo: in.Memo}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		from, err := lineField(ctx, tx, in.FromLine, "from_line")
		if err != nil {
			return err
		}
		to, err := lineField(ctx, tx, in.ToLine, "to_line")
		if err != nil {
			return err
		}
		for _, l := range []goumai.BudgetLine{from, to} {
			if err := s.Policy.Can(a, goumai.ActManageBudget, goumai.Target{OrgID: l.OrgID, Region: l.Region}); err != nil {
				return err
			}
		}
		if in.FunctionID != 0 {
			if err := s.feeFollowsFunction(ctx, tx, a, in, from, to); err != nil {
				return err
			}
		}
		t, err = tx.PostTransfer(ctx, a, t, from.Region, to.Region)
		if err != nil {
			return err
		}
		if in.FunctionID != 0 {
			f, err := tx.Function(ctx, in.FunctionID)
			if err != nil {
				return err
			}
			f.Transferred, f.TransferID = true, t.ID
			return tx.UpdateFunction(ctx, a, "reform.fee_follows_function", f)
		}
		return nil
	})
	return t, err
}

// feeFollowsFunction checks a 费随事转 transfer's function and lines.
func (s *Service) feeFollowsFunction(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, in TransferInput, from, to goumai.BudgetLine) error {
	f, err := tx.Function(ctx, in.FunctionID)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Fields{"function_id": goumai.M("职能不存在", "no such function")}.Err()
	}
	if err != nil {
		return err
	}
	if err := s.Policy.Can(a, goumai.ActManageReform, goumai.Target{OrgID: f.OrgID, Region: f.Region}); err != nil {
		return err
	}
	fs := goumai.Fields{}
	if f.Transferred {
		return &goumai.Error{Code: goumai.EConflict, Message: goumai.M("该职能已办理费随事转", "this function has already been transferred"),
			Fields: map[string]goumai.Msg{"function_id": goumai.M("该职能已办理费随事转", "already transferred")}}
	}
	if from.OrgID != f.OrgID {
		fs.Add("from_line", "调出指标须属于该职能所在的事业单位", "the source line must belong to the function's institution")
	}
	buyer, err := tx.Org(ctx, to.OrgID)
	if err != nil {
		return err
	}
	if !buyer.CanPurchase() {
		fs.Add("to_line", "调入指标须属于可作为购买主体的单位（《政府购买服务管理办法》第五、八条）", "the receiving line must belong to an organisation that may purchase services (O102 Arts. 5 and 8; ENG-A1)")
	}
	if err := fs.Err(); err != nil {
		if e := goumai.AsError(err); fs["to_line"].ZH != "" {
			e.Rule = "ENG-A1"
		}
		return err
	}
	return nil
}

// lineField reads a line, reporting a missing one on the given field.
func lineField(ctx context.Context, tx *sqlstore.Tx, id int64, field string) (goumai.BudgetLine, error) {
	l, err := tx.BudgetLine(ctx, id)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return l, goumai.Fields{field: goumai.M(fmt.Sprintf("预算指标 %d 不存在", id), fmt.Sprintf("budget line %d does not exist", id))}.Err()
	}
	return l, err
}

// Functions lists the functions of a region's institutions (public: the reform's
// functions and posts are published with 费随事转).
func (s *Service) Functions(ctx context.Context, f sqlstore.FunctionFilter) ([]goumai.Function, error) {
	return s.Store.FindFunctions(ctx, f)
}

// DoubleFundedCase is a 两头占 red flag: a purchaser holds budget earmarked for a
// catalogue item (or has applied to buy it) while an institution under it is
// still staffed and funded for the same function.
type DoubleFundedCase struct {
	Function    goumai.Function   `json:"function"`
	Institution goumai.Org        `json:"institution"`
	Purchaser   goumai.Org        `json:"purchaser"`
	Line        goumai.BudgetLine `json:"line"`
}

// DoubleFundedCases lists the 两头占 cases of a region subtree: for every
// function still staffed or funded, the budget lines earmarked for its catalogue
// item (the function's code or below it) held by an organisation that has the
// institution in its tree (sqlstore.DoubleFunded's rule). Public: the red-flag
// list is published.
func (s *Service) DoubleFundedCases(ctx context.Context, region string) ([]DoubleFundedCase, error) {
	var out []DoubleFundedCase
	var after int64
	orgs := map[int64]goumai.Org{}
	org := func(id int64) (goumai.Org, error) {
		if o, ok := orgs[id]; ok {
			return o, nil
		}
		o, err := s.Store.Org(ctx, id)
		orgs[id] = o
		return o, err
	}
	for {
		fns, err := s.Store.FindFunctions(ctx, sqlstore.FunctionFilter{Region: region, AfterID: after, Limit: 500})
		if err != nil {
			return nil, err
		}
		if len(fns) == 0 {
			return out, nil
		}
		after = fns[len(fns)-1].ID
		for _, f := range fns {
			if !f.DoubleFunded() {
				continue
			}
			inst, err := org(f.OrgID)
			if err != nil {
				return nil, err
			}
			// Walk up the institution's tree; each ancestor's earmarked lines are cases.
			for id, depth := inst.ParentID, 0; id != 0 && depth < 16; depth++ {
				p, err := org(id)
				if err != nil {
					return nil, err
				}
				lines, err := s.Store.FindBudgetLines(ctx, sqlstore.BudgetLineFilter{OrgID: p.ID, Limit: 1000})
				if err != nil {
					return nil, err
				}
				for _, l := range lines {
					if l.CatalogCode != "" && strings.HasPrefix(l.CatalogCode, f.CatalogCode) {
						out = append(out, DoubleFundedCase{Function: f, Institution: inst, Purchaser: p, Line: l.BudgetLine})
					}
				}
				id = p.ParentID
			}
		}
	}
}
