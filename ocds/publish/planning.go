package publish

import (
	"context"
	"fmt"

	"github.com/goumai/goumai/ocds"
)

func init() {
	register(planning, "project.approve")
	register(closure, "project.close")
}

// planning is an approved project: the process's buyer, budget and rationale,
// with the goumai extension's guidance catalogue code, ex-ante assessment,
// budget-system keys (from the project's budget line) and 两头占 findings.
func planning(ctx context.Context, b *build) (*ocds.Release, error) {
	r := b.start(b.num("id"), "planning")
	buyer, err := b.party(ctx, r, b.num("purchaser_org_id"), "buyer")
	if err != nil {
		return nil, err
	}
	r.Buyer = buyer
	r.Planning = &ocds.Planning{
		Rationale: b.str("content"),
		Budget:    &ocds.Budget{ID: b.str("code"), Description: b.str("title"), Amount: ocds.Yuan(b.num("amount")), ProjectID: b.str("code"), Project: b.str("title")},
	}
	if decided := b.when("decided_at"); decided != nil {
		r.Planning.Milestones = []ocds.Milestone{{ID: ref("milestone-approval", b.num("id")), Title: "项目审批通过", Type: "approval", DateMet: decided, Status: "met"}}
	}
	if code := b.str("catalog_code"); code != "" {
		// The catalogue is versioned and keyed by item id, not by code: the
		// code alone identifies the item (description left to the catalogue).
		setExt(&r.Planning.Extensions, "guidanceCatalogue", map[string]string{"id": code})
	}
	setExt(&r.Planning.Extensions, "exAnteAssessment", b.str("ex_ante"))
	line, err := b.row(ctx, "budget_lines", b.num("budget_line_id"))
	if err != nil {
		return nil, err
	}
	setExt(&r.Planning.Budget.Extensions, "budgetSystem", budgetSystem(line))
	var findings []map[string]string
	if a, ok := b.state["double_funded"].([]any); ok {
		for i, f := range a {
			if s, ok := f.(string); ok && s != "" {
				findings = append(findings, map[string]string{"id": fmt.Sprintf("finding-%d", i+1), "description": s})
			}
		}
	}
	setExt(&r.Planning.Extensions, "doubleFundingFindings", findings)
	return r, nil
}

// closure is a closed project: every contract settled. It is a planning
// milestone met ("项目关闭"), keyed by the project.
func closure(ctx context.Context, b *build) (*ocds.Release, error) {
	projectID := b.num("project_id")
	pr, err := b.row(ctx, "projects", projectID)
	if err != nil || pr == nil {
		return nil, err
	}
	if b.region == "" {
		b.region = strOf(pr, "region")
	}
	r := b.start(projectID, "planningUpdate")
	r.Planning = &ocds.Planning{Milestones: []ocds.Milestone{{
		ID:          ref("milestone-closure", projectID),
		Title:       "项目关闭",
		Type:        "reporting",
		Description: fmt.Sprintf("合同 %d 份，支付合计 %.2f 元", b.num("contracts"), float64(b.num("paid"))/100),
		DateMet:     b.when("closed_at"),
		Status:      "met",
	}}}
	return r, nil
}
