package demo

import (
	"context"
	"fmt"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The demo's 竞争性磋商 that goes on with two (ENG-E3; 财库〔2015〕124号): a
// purchase of services by 西湖区民政局 that only 杭州康宁 and 夕阳红 answer.
// A tender would fail with two (ENG-E2); this 磋商 is opened, a group of
// three drawn, the two reviewed and scored, rank 1 confirmed and the result
// published (procLoader.award). It is on a line of its own among the
// procedures (困难群众救助服务), so that it joins no 化整为零 group (ENG-C3).

// twoProject is the 磋商's project.
var twoProject = NewProject{Line: "2026年困难群众救助服务", Title: "2026年西湖区独居老人探访关爱服务",
	Content: "为辖区独居、空巢老人提供每周上门探访、电话问候和应急联络服务。", Amount: 400_000_00, Quantity: 6000, Unit: "人次"}

// twoResponders are its two responses.
var twoResponders = []demoBid{
	{"supplier.kangning", 910, "每周上门探访一次，建立探访台账，发现异常2小时内联络家属和社区。", ""},
	{"supplier.xiyanghong", 940, "由持证社工结对探访，每月电话回访，紧急情况4小时内到场。", ""},
}

// consultationTwo: the project approved, the purchaser publishes the 磋商.
func (l *procLoader) consultationTwo(ctx context.Context) error {
	pr, err := ApproveProject(ctx, l.svc, twoProject)
	if err != nil {
		return err
	}
	return l.consultation(ctx, pr)
}

// consultation: the purchaser publishes a 磋商 of an approved project (a
// purchase of services), its deadline the earliest lawful one.
func (l *procLoader) consultation(ctx context.Context, pr goumai.Project) error {
	staff := l.actors["xihu.minzheng"]
	p, err := l.svc.CreateProcurement(ctx, staff, workflow.ProcurementInput{ProjectID: pr.ID, Method: goumai.MethodConsultation,
		Reason: goumai.ReasonPurchaseOfServices, ReasonDetail: "本项目属于政府购买服务项目（财库〔2014〕214号第三条）。"})
	if err != nil {
		return err
	}
	return l.publishAt(ctx, staff, p, 0)
}

// publishAt has a write the draft's documents (综合评分法) with the earliest
// lawful deadline plus extra working days, and publish it.
func (l *procLoader) publishAt(ctx context.Context, a goumai.Actor, p goumai.Procurement, extra int) error {
	deadline, err := l.earliest(ctx, p, extra)
	if err != nil {
		return err
	}
	if p, err = l.update(ctx, a, p, goumai.EvalComprehensive, deadline, nil); err != nil {
		return err
	}
	_, err = l.svc.Publish(ctx, a, p.ID, p.Version)
	return err
}

// twoProjectOf finds the 磋商's approved project.
func (l *procLoader) twoProjectOf(ctx context.Context) (goumai.Project, error) {
	ps, err := l.svc.Store.FindProjects(ctx, sqlstore.ProjectFilter{OrgID: l.actors["xihu.minzheng"].Org.ID,
		Statuses: []goumai.ProjectStatus{goumai.ProjectApproved}, Limit: 100})
	if err != nil {
		return goumai.Project{}, err
	}
	for _, p := range ps {
		if p.Title == twoProject.Title {
			return p, nil
		}
	}
	return goumai.Project{}, fmt.Errorf("no approved project %s", twoProject.Title)
}

// twoResponses: the two suppliers respond, sealed and signed (none without a seal key).
func (l *procLoader) twoResponses(ctx context.Context) error {
	pr, err := l.twoProjectOf(ctx)
	if err != nil {
		return err
	}
	return l.submitAll(ctx, pr, twoResponders)
}

// awardTwo: opened at its deadline with two responses, the 磋商 goes on:
// the draw, the evaluation, the confirmation and the result notice.
func (l *procLoader) awardTwo(ctx context.Context) error {
	pr, err := l.twoProjectOf(ctx)
	if err != nil {
		return err
	}
	return l.award(ctx, pr)
}
