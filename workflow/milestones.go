package workflow

import (
	"context"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Contract milestones (履约节点 / 付款计划): set with the contract while it is
// drafted, part of its signed hash (see goumai.Milestone).

// DefaultMilestoneTitle names the single milestone a contract gets when none
// is given.
const DefaultMilestoneTitle = "合同约定的全部服务"

// milestones are the contract's milestones from the input, numbered in
// order; none given: one for the whole amount, due on the term's last day.
func milestones(c goumai.Contract, in []goumai.MilestoneInput) []goumai.Milestone {
	if len(in) == 0 {
		return []goumai.Milestone{{No: 1, Title: DefaultMilestoneTitle, Deliverables: strings.TrimSpace(c.Terms.ServiceContent),
			DueOn: c.EndOn, Amount: c.Amount, Status: goumai.MilestonePending}}
	}
	ms := make([]goumai.Milestone, len(in))
	for i, m := range in {
		ms[i] = goumai.Milestone{No: i + 1, Title: strings.TrimSpace(m.Title), Deliverables: strings.TrimSpace(m.Deliverables),
			DueOn: strings.TrimSpace(m.DueOn), Amount: m.Amount, Status: goumai.MilestonePending}
	}
	return ms
}

// setMilestones writes c's milestones (a draft's: each pending) and records
// each milestone written or removed.
func setMilestones(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, c goumai.Contract) error {
	written, removed, err := tx.SetMilestones(ctx, c.ID, c.Milestones)
	if err != nil {
		return err
	}
	for _, id := range written {
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "milestone.set", Table: "contract_milestones", Key: id, Region: c.Region}); err != nil {
			return err
		}
	}
	for _, id := range removed {
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "milestone.remove", Table: "contract_milestones", Key: id, Region: c.Region}); err != nil {
			return err
		}
	}
	return nil
}
