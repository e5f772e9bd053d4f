package workflow

import (
	"context"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

func init() { inboxSources = append(inboxSources, performanceInbox) }

// performanceLink is a contract's performance page.
func performanceLink(contractID int64) string {
	return "/staff/contracts/" + strconv.FormatInt(contractID, 10) + "/performance"
}

// performanceInbox adds the purchaser's staff's evaluation to-do items: a
// contract in force whose last milestone is accepted and has no published
// evaluation (ENG-J1), and a survey with flagged answers to review.
func performanceInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	cs, err := s.purchaserContracts(ctx, a)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if err := s.performanceItems(ctx, c, in); err != nil {
			return err
		}
	}
	return nil
}

// performanceItems adds one contract's evaluation to-do items.
func (s *Service) performanceItems(ctx context.Context, c goumai.Contract, in *Inbox) error {
	rs, err := s.Store.SurveyResponses(ctx, c.ID)
	if err != nil {
		return err
	}
	rules.FlagSurvey(rs)
	if unreviewed(rs) > 0 {
		in.Todo = append(in.Todo, Item{Kind: "todo.kind.survey_flags", Title: c.Number + " " + c.Title, Link: performanceLink(c.ID), At: rs[len(rs)-1].SubmittedAt})
	}
	ms, err := s.Store.Milestones(ctx, c.ID)
	if err != nil || len(ms) == 0 {
		return err
	}
	last := ms[0]
	for _, m := range ms {
		if m.Status != goumai.MilestoneAccepted || m.AcceptedAt == nil {
			return nil
		}
		if m.AcceptedAt.After(*last.AcceptedAt) {
			last = m
		}
	}
	if _, ok, err := s.Store.ContractGrade(ctx, c.ID); err != nil || ok {
		return err
	}
	in.Todo = append(in.Todo, Item{Kind: "todo.kind.performance_due", Title: c.Number + " " + c.Title, Link: performanceLink(c.ID), At: *last.AcceptedAt})
	return nil
}
