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

// RequestTransfer asks for a transfer between two lines of the actor's region
// subtree (指标调剂); nothing is posted until a finance approver who is not the
// requester approves it (DecideTransfer; separation of duties). For 费随事转
// (FunctionID set) the source line must belong to the function's institution,
// the receiving line to an organisation that may purchase services (ENG-A1), and
// the function must not have been transferred before (财综〔2013〕111号 二（四）).
func (s *Service) RequestTransfer(ctx context.Context, a goumai.Actor, in TransferInput) (goumai.Transfer, error) {
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
		from, _, err := s.transferLines(ctx, tx, a, goumai.ActManageBudget, t, nil)
		if err != nil {
			return err
		}
		// Refused now if it could not be posted now; the approval checks again.
		if err := tx.CheckAvailable(ctx, from.ID, t.Amount); err != nil {
			return err
		}
		t, err = tx.RequestTransfer(ctx, a, t, from.Region)
		return err
	})
	return t, err
}

// transferLines loads a transfer's two lines and checks that the actor may act
// on both (act, with item for a decision) and, for 费随事转, the function's rules.
func (s *Service) transferLines(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, act goumai.Action, t goumai.Transfer, item *goumai.Involvement) (from, to goumai.BudgetLine, err error) {
	if from, err = lineField(ctx, tx, t.FromLine, "from_line"); err != nil {
		return from, to, err
	}
	if to, err = lineField(ctx, tx, t.ToLine, "to_line"); err != nil {
		return from, to, err
	}
	for _, l := range []goumai.BudgetLine{from, to} {
		if err := s.Policy.Can(a, act, goumai.Target{OrgID: l.OrgID, Region: l.Region, Item: item, Step: "approve"}); err != nil {
			return from, to, err
		}
	}
	if t.FunctionID != 0 {
		err = s.feeFollowsFunction(ctx, tx, a, t, from, to)
	}
	return from, to, err
}

// TransferDecision approves (posts) or refuses a requested transfer, with the
// approver's opinion (意见, required to refuse).
type TransferDecision struct {
	Approve bool   `json:"approve"`
	Opinion string `json:"opinion"`
}

// DecideTransfer approves or refuses a requested transfer. Only a finance
// approver of both lines' regions who did not request it may decide
// (separation of duties, goumai.RuleSeparation); approval posts the paired
// entries in the same transaction (an overdraw is refused, ENG-B2) and, for
// 费随事转, marks the function transferred.
func (s *Service) DecideTransfer(ctx context.Context, a goumai.Actor, id int64, d TransferDecision) (goumai.Transfer, error) {
	d.Opinion = strings.TrimSpace(d.Opinion)
	opinion, err := checkOpinion(d.Opinion, !d.Approve)
	if err != nil {
		return goumai.Transfer{}, err
	}
	var t goumai.Transfer
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		// The transfer, then its function, then the two balances (sqlstore's lock
		// order): a concurrent decision on the same transfer, or on another
		// transfer of the same function (费随事转), waits here and then finds it
		// decided or the function transferred.
		if err := tx.Lock(ctx, "budget_transfers", id); err != nil {
			return err
		}
		var err error
		if t, err = tx.Transfer(ctx, id); err != nil {
			return err
		}
		// Whoever may not see the transfer learns nothing of it, not even its state.
		from, err := tx.BudgetLine(ctx, t.FromLine)
		if err != nil {
			return err
		}
		if err := s.transferVisible(a, from); err != nil {
			return err
		}
		if t.Status != goumai.TransferRequested {
			return goumai.Errorf(goumai.EConflict, "该调剂申请已处理", "this transfer has already been decided")
		}
		if t.FunctionID != 0 {
			if err := tx.Lock(ctx, "reform_functions", t.FunctionID); err != nil {
				return err
			}
		}
		item, err := tx.Drafters(ctx, "budget_transfers", t.ID, "budget.transfer_request")
		if err != nil {
			return err
		}
		from, to, err := s.transferLines(ctx, tx, a, goumai.ActApproveBudget, t, item)
		if err != nil {
			return err
		}
		t.Opinion, t.Status = opinion, goumai.TransferRefused
		if d.Approve {
			t.Status = goumai.TransferPosted
		}
		if t, err = tx.DecideTransfer(ctx, a, t, from.Region, to.Region); err != nil || !d.Approve || t.FunctionID == 0 {
			return err
		}
		f, err := tx.Function(ctx, t.FunctionID)
		if err != nil {
			return err
		}
		f.Transferred, f.TransferID = true, t.ID
		return tx.UpdateFunction(ctx, a, "reform.fee_follows_function", f)
	})
	return t, err
}

// TransferDetail is a transfer with its two lines, and whether the actor may decide it now.
type TransferDetail struct {
	goumai.Transfer
	From, To  goumai.BudgetLine
	CanDecide bool
}

// TransferDetail returns a transfer for the finance staff and auditors of its source line's region.
func (s *Service) TransferDetail(ctx context.Context, a goumai.Actor, id int64) (TransferDetail, error) {
	var d TransferDetail
	t, err := s.Store.Transfer(ctx, id)
	if err != nil {
		return d, err
	}
	d.Transfer = t
	if d.From, err = s.Store.BudgetLine(ctx, t.FromLine); err != nil {
		return d, err
	}
	if d.To, err = s.Store.BudgetLine(ctx, t.ToLine); err != nil {
		return d, err
	}
	if err := s.transferVisible(a, d.From); err != nil {
		return d, err
	}
	d.CanDecide = s.canDecideTransfer(ctx, a, t, d.From, d.To)
	return d, nil
}

// transferVisible returns ENotFound unless the actor may see a transfer whose
// source line is from: finance staff and auditors of its region (ActViewBudgetFlow).
func (s *Service) transferVisible(a goumai.Actor, from goumai.BudgetLine) error {
	if s.Policy.Can(a, goumai.ActViewBudgetFlow, goumai.Target{Region: from.Region}) != nil {
		return goumai.ErrNotFound("调剂", "transfer")
	}
	return nil
}

// canDecideTransfer reports whether the actor may approve or refuse a requested transfer now.
func (s *Service) canDecideTransfer(ctx context.Context, a goumai.Actor, t goumai.Transfer, from, to goumai.BudgetLine) bool {
	if t.Status != goumai.TransferRequested {
		return false
	}
	item, err := s.Store.Drafters(ctx, "budget_transfers", t.ID, "budget.transfer_request")
	if err != nil {
		return false
	}
	for _, l := range []goumai.BudgetLine{from, to} {
		if s.Policy.Can(a, goumai.ActApproveBudget, goumai.Target{OrgID: l.OrgID, Region: l.Region, Item: item, Step: "approve"}) != nil {
			return false
		}
	}
	return true
}

func init() { inboxSources = append(inboxSources, transferInbox) }

// transferInbox adds requested transfers for the finance approvers who may
// decide them (not their requesters), and refused ones to their requesters' 退回.
func transferInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	region := a.Org.Region
	if s.Policy.Can(a, goumai.ActViewBudgetFlow, goumai.Target{Region: region}) != nil {
		return nil
	}
	title := func(t goumai.Transfer) string {
		return fmt.Sprintf("%d → %d ¥%s %s", t.FromLine, t.ToLine, t.Amount.Yuan(), t.Memo)
	}
	if s.Policy.Gate(a, goumai.ActApproveBudget) == nil {
		open, err := s.Store.FindTransfers(ctx, sqlstore.TransferFilter{Region: region, Status: goumai.TransferRequested, Limit: 200})
		if err != nil {
			return err
		}
		for _, t := range open {
			d, err := s.TransferDetail(ctx, a, t.ID)
			if err != nil {
				return err
			}
			if d.CanDecide {
				in.Todo = append(in.Todo, Item{Kind: "todo.kind.transfer", Title: title(t), Link: fmt.Sprintf("/staff/budget/transfers/%d", t.ID), At: t.At})
			}
		}
	}
	refused, err := s.Store.FindTransfers(ctx, sqlstore.TransferFilter{Region: region, Status: goumai.TransferRefused, RequestedBy: a.UserID, Limit: 50})
	if err != nil {
		return err
	}
	for _, t := range refused {
		in.Returned = append(in.Returned, Item{Kind: "todo.kind.transfer_refused", Title: title(t) + "：" + t.Opinion, Link: fmt.Sprintf("/staff/budget/transfers/%d", t.ID), At: *t.DecidedAt})
	}
	return nil
}

// Transfers lists the transfers of the actor's region subtree (its source
// lines'), newest first: requested ones for the approvers, and the history.
func (s *Service) Transfers(ctx context.Context, a goumai.Actor, f sqlstore.TransferFilter) ([]goumai.Transfer, error) {
	if err := s.CheckRegion(f.Region); err != nil {
		return nil, err
	}
	if f.Region == "" {
		f.Region = a.Org.Region
	}
	if err := s.Policy.Can(a, goumai.ActViewBudgetFlow, goumai.Target{Region: f.Region}); err != nil {
		return nil, err
	}
	return s.Store.FindTransfers(ctx, f)
}

// feeFollowsFunction checks a 费随事转 transfer's function and lines.
func (s *Service) feeFollowsFunction(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, in goumai.Transfer, from, to goumai.BudgetLine) error {
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
