package demo

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// NewProject is a new project of 杭州市西湖区民政局 for ApproveProject: its
// budget line (by name; the demo procedures' line when empty), catalogue
// code (A0101 居家养老服务 when empty), title, content, amount, quantity and
// term in months (12 when zero).
type NewProject struct {
	Line, Code, Title, Content string
	Amount                     goumai.Fen
	Quantity                   int64
	Unit                       string
	TermMonths                 int
}

// ApproveProject applies for a new project of 杭州市西湖区民政局 and has the
// demo accounts approve it: the set-up of a procedure in a loaded demo world
// (the end-to-end tests' and the demo's own procedures).
func ApproveProject(ctx context.Context, svc *workflow.Service, np NewProject) (goumai.Project, error) {
	p, err := applyProject(ctx, svc, np)
	if err != nil {
		return p, err
	}
	return approveProject(ctx, svc, p)
}

// applyProject has 西湖区民政局's staff write the application and submit it.
func applyProject(ctx context.Context, svc *workflow.Service, np NewProject) (goumai.Project, error) {
	staff, err := demoActor(ctx, svc.Store, "xihu.minzheng")
	if err != nil {
		return goumai.Project{}, err
	}
	ls, err := svc.Store.FindBudgetLines(ctx, sqlstore.BudgetLineFilter{OrgID: staff.Org.ID, Limit: 100})
	if err != nil {
		return goumai.Project{}, err
	}
	in := demoProjects(svc.Clock.Now())[0].in
	line := cmp.Or(np.Line, demoLineProcurement)
	for _, b := range ls {
		if b.Name == line {
			in.BudgetLineID = b.ID
		}
	}
	in.Title, in.CatalogCode, in.Content, in.Amount, in.Quantity, in.QuantityUnit = np.Title, cmp.Or(np.Code, DemoCodeHomeCare), np.Content, np.Amount, np.Quantity, np.Unit
	in.TermMonths = cmp.Or(np.TermMonths, in.TermMonths)
	in.Targets = slices.Clone(in.Targets)
	if np.Quantity > 0 && len(in.Targets) > 0 && in.Targets[0].Indicator == "服务数量" { // the output target is the project's own quantity
		in.Targets[0].Target, in.Targets[0].Unit = "≥"+strconv.FormatInt(np.Quantity, 10), np.Unit
	}
	p, err := svc.CreateProject(ctx, staff, in)
	if err != nil {
		return p, fmt.Errorf("demo project %s: %w", np.Title, err)
	}
	if p, err = svc.SubmitProject(ctx, staff, p.ID, p.Version); err != nil {
		return p, fmt.Errorf("submit demo project %s: %w", np.Title, err)
	}
	return p, nil
}

// approveProject has the demo accounts approve a submitted project, each
// step of the chain in turn.
func approveProject(ctx context.Context, svc *workflow.Service, p goumai.Project) (goumai.Project, error) {
	title := p.Title
	for _, st := range approveAll {
		a, err := demoActor(ctx, svc.Store, st.user)
		if err != nil {
			return p, err
		}
		d := workflow.Decision{Version: p.Version, Action: st.act, Opinion: st.opinion, NegativeListConfirmed: true}
		if p, err = svc.DecideProject(ctx, a, p.ID, d); err != nil {
			return p, fmt.Errorf("demo project %s, %s by %s: %w", title, st.act, st.user, err)
		}
	}
	return p, nil
}

// ProcurementDocuments are the documents the demo's procedures use, on p's
// own: qualifications, contract terms and, under 综合评分法, the scoring items
// (价格 30, 服务方案 40, 服务人员持证比例 20, 应急保障措施 10, each with its
// ranges).
func ProcurementDocuments(p goumai.Procurement, evaluation goumai.EvaluationMethod) goumai.Documents {
	return procDocs(p, evaluation)
}
