package workflow

import (
	"context"
	"fmt"
	"sort"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

func init() { inboxSources = append(inboxSources, projectInbox) }

// projectInbox adds the project work of an actor (REQ-C1): applications
// awaiting a step the actor may take (待办), the organisation's drafts to
// submit (待办) and its returned applications (退回).
func projectInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	if a.Org.ID == 0 {
		return nil
	}
	link := func(p goumai.Project) string { return fmt.Sprintf("/staff/projects/%d", p.ID) }
	title := func(p goumai.Project) string {
		if p.Title == "" {
			return p.Code
		}
		return p.Code + " " + p.Title
	}
	awaiting, err := s.AwaitingMe(ctx, a)
	if err != nil {
		return err
	}
	for _, p := range awaiting {
		in.Todo = append(in.Todo, Item{Kind: "todo.kind.project_review", Title: title(p), Link: link(p), At: p.UpdatedAt})
	}
	if s.Policy.Can(a, goumai.ActDraftProject, goumai.Target{OrgID: a.Org.ID, Region: a.Org.Region}) == nil {
		mine, err := s.Store.FindProjects(ctx, sqlstore.ProjectFilter{OrgID: a.Org.ID,
			Statuses: []goumai.ProjectStatus{goumai.ProjectDraft, goumai.ProjectReturned}, Desc: true, Limit: 200})
		if err != nil {
			return err
		}
		for _, p := range mine {
			if p.Status == goumai.ProjectReturned {
				in.Returned = append(in.Returned, Item{Kind: "todo.kind.project_returned", Title: title(p), Link: link(p), At: p.UpdatedAt})
			} else {
				in.Todo = append(in.Todo, Item{Kind: "todo.kind.project_draft", Title: title(p), Link: link(p), At: p.UpdatedAt})
			}
		}
	}
	return nil
}

// AwaitingMe lists the submitted applications whose current step the actor may
// take, oldest first.
func (s *Service) AwaitingMe(ctx context.Context, a goumai.Actor) ([]goumai.Project, error) {
	var candidates []goumai.Project
	submitted := []goumai.ProjectStatus{goumai.ProjectSubmitted}
	if a.Has(goumai.RolePurchaserApprover) {
		list, err := s.Store.FindProjects(ctx, sqlstore.ProjectFilter{OrgID: a.Org.ID, Statuses: submitted, Limit: 500})
		if err != nil {
			return nil, err
		}
		candidates = append(candidates, list...)
	}
	if a.Org.FinanceDept && (a.Has(goumai.RoleFinanceReviewer) || a.Has(goumai.RoleFinanceApprover)) {
		list, err := s.Store.FindProjects(ctx, sqlstore.ProjectFilter{Region: a.Org.Region, Statuses: submitted, Limit: 1000})
		if err != nil {
			return nil, err
		}
		candidates = append(candidates, list...)
	}
	var out []goumai.Project
	seen := map[int64]bool{}
	for _, p := range candidates {
		if !seen[p.ID] && s.CanDecide(ctx, a, p) {
			seen[p.ID] = true
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// ProjectList is a page of projects.
type ProjectList struct {
	Projects []goumai.Project `json:"projects"`
	Next     int64            `json:"next_after"` // pass as AfterID for the next page; 0 at the end
}

// Projects lists the projects the actor may see: the public sees approved
// projects only (asking for another status is invalid); the purchaser's staff
// see their organisation's; finance staff and auditors their region subtree's.
// f.Region narrows within what is visible: an unknown region is invalid, one
// outside the actor's subtree forbidden.
func (s *Service) Projects(ctx context.Context, a goumai.Actor, f sqlstore.ProjectFilter) (ProjectList, error) {
	limit := f.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	f.Limit, f.Desc = limit+1, true
	if err := s.CheckRegion(f.Region); err != nil {
		return ProjectList{}, err
	}
	root := s.Policy.VisibleRegion(a)
	var err error
	switch {
	case root != "" && s.Policy.Can(a, goumai.ActViewProject, goumai.Target{Region: root}) == nil:
		f.Region, err = s.ScopeRegion(root, f.Region)
	case f.OrgID != 0 && f.OrgID == a.Org.ID && s.Policy.Can(a, goumai.ActViewProject, goumai.Target{OrgID: a.Org.ID, Region: a.Org.Region}) == nil:
		// the organisation's own applications, in every state
	default:
		f.Statuses, err = publicStatuses(f.Statuses)
	}
	if err != nil {
		return ProjectList{}, err
	}
	list, err := s.Store.FindProjects(ctx, f)
	if err != nil {
		return ProjectList{}, err
	}
	out := ProjectList{Projects: list}
	if len(list) > limit {
		out.Projects, out.Next = list[:limit], list[limit-1].ID
	}
	if out.Projects == nil {
		out.Projects = []goumai.Project{}
	}
	return out, nil
}

// Intention is one row of a purchase-intention table (采购意向, REQ-C19).
type Intention struct {
	No            int        `json:"no"`             // 序号
	Code          string     `json:"code"`           // the project's code
	Title         string     `json:"title"`          // 采购项目名称
	Summary       string     `json:"summary"`        // 采购需求概况
	Amount        goumai.Fen `json:"amount"`         // 预算金额 (shown in 万元)
	ExpectedStart string     `json:"expected_start"` // 预计采购时间 (YYYY-MM)
	Note          string     `json:"note"`           // 备注: the purchaser
}

// Intentions returns the purchase intentions of a region subtree: the approved
// projects, by expected start, public to everyone.
func (s *Service) Intentions(ctx context.Context, region string) ([]Intention, error) {
	if err := s.CheckRegion(region); err != nil {
		return nil, err
	}
	var all []goumai.Project
	for after := int64(0); ; {
		list, err := s.Store.FindProjects(ctx, sqlstore.ProjectFilter{Region: region, Statuses: []goumai.ProjectStatus{goumai.ProjectApproved}, AfterID: after, Limit: 500})
		if err != nil {
			return nil, err
		}
		all = append(all, list...)
		if len(list) < 500 {
			break
		}
		after = list[len(list)-1].ID
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].ExpectedStart < all[j].ExpectedStart })
	names := map[int64]string{}
	out := make([]Intention, 0, len(all))
	for i, p := range all {
		if _, ok := names[p.PurchaserOrgID]; !ok {
			o, err := s.Store.Org(ctx, p.PurchaserOrgID)
			if err != nil {
				return nil, err
			}
			names[p.PurchaserOrgID] = o.Name
		}
		out = append(out, Intention{No: i + 1, Code: p.Code, Title: p.Title, Summary: summary(p.Content, 120), Amount: p.Amount,
			ExpectedStart: p.ExpectedStart, Note: names[p.PurchaserOrgID]})
	}
	return out, nil
}

func summary(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// DoubleFundedProjects is the 两头占 red-flag list of the actor's region subtree
// (auditors and finance staff): applications under review or approved whose
// purchaser still funds the function in one of its institutions.
func (s *Service) DoubleFundedProjects(ctx context.Context, a goumai.Actor) ([]goumai.Project, error) {
	root := s.Policy.VisibleRegion(a)
	if root == "" {
		return nil, goumai.ErrForbidden()
	}
	if err := s.Policy.Can(a, goumai.ActViewProjectFlags, goumai.Target{Region: root}); err != nil {
		return nil, err
	}
	return s.Store.FindProjects(ctx, sqlstore.ProjectFilter{Region: root, DoubleFunded: true, Desc: true, Limit: 500,
		Statuses: []goumai.ProjectStatus{goumai.ProjectSubmitted, goumai.ProjectReturned, goumai.ProjectApproved}})
}
