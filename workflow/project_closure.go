package workflow

import (
	"context"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
)

// Project closure (结项, issue 10 item 7; ENG-I2): a project closes when
// every contract of it is delivered, evaluated and paid (rules.CheckClosure),
// by its purchaser's staff (CloseProject) or by the platform as soon as the
// last condition is met (CloseIfDone, which the use cases that accept a
// milestone, publish a grade or make a payment call in their transaction).
// The closure is public. A closed project's records are read-only and kept:
// every write use case on it, its procedures or its contracts is refused
// (guardOpen, called where they are loaded: procedureFor, contractFor; the
// project itself reads as closed, a state no project use case accepts).

// deductionSources report what a contract ties to its grade and the final
// payment deducts (issue 10 item 6): the payment use cases add theirs in an
// init; none means no deduction.
var deductionSources []func(ctx context.Context, tx *sqlstore.Tx, c goumai.Contract) (goumai.Fen, error)

// guardOpen refuses any change to the records of a closed project (ENG-I2).
func guardOpen(ctx context.Context, tx *sqlstore.Tx, projectID int64) error {
	c, err := tx.ProjectClosure(ctx, projectID)
	if err != nil {
		return err
	}
	if c != nil {
		return goumai.ErrProjectClosed()
	}
	return nil
}

// guardContractOpen is guardOpen for a contract read without its procedure:
// the public's complaints and survey answers (ENG-I2).
func guardContractOpen(ctx context.Context, tx *sqlstore.Tx, c goumai.Contract) error {
	p, err := tx.Procurement(ctx, c.ProcurementID)
	if err != nil {
		return err
	}
	return guardOpen(ctx, tx, p.ProjectID)
}

// closureState reads what the closure of project id depends on and checks it.
func (s *Service) closureState(ctx context.Context, tx *sqlstore.Tx, id int64) (goumai.ProjectClosure, error) {
	ps, err := tx.FindProcurementsOf(ctx, id)
	if err != nil {
		return goumai.ProjectClosure{}, err
	}
	var cs []rules.ClosureContract
	for _, p := range ps {
		list, err := tx.ContractsOf(ctx, p.ID)
		if err != nil {
			return goumai.ProjectClosure{}, err
		}
		for _, c := range list {
			if c, err = tx.Contract(ctx, c.ID); err != nil { // with its milestones
				return goumai.ProjectClosure{}, err
			}
			cc := rules.ClosureContract{Contract: c}
			if _, cc.Graded, err = tx.ContractGrade(ctx, c.ID); err != nil {
				return goumai.ProjectClosure{}, err
			}
			for _, d := range deductionSources {
				v, err := d(ctx, tx, c)
				if err != nil {
					return goumai.ProjectClosure{}, err
				}
				cc.Deduction += v
			}
			cs = append(cs, cc)
		}
	}
	paid, err := tx.ProjectPaid(ctx, id)
	if err != nil {
		return goumai.ProjectClosure{}, err
	}
	due, err := rules.CheckClosure(cs, paid)
	return goumai.ProjectClosure{ProjectID: id, Contracts: len(cs), Total: due, Paid: paid}, err
}

// closeProject closes project id for a (goumai.System: automatically) if
// it may close, in tx: the closure row and its public event.
func (s *Service) closeProject(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64) (goumai.ProjectClosure, error) {
	pr, err := tx.Project(ctx, id) // one closure a project: its primary key refuses a second

	if err != nil {
		return goumai.ProjectClosure{}, err
	}
	if !goumai.CanTransition(pr.Status, goumai.ActClose, goumai.ProjectClosed) {
		if pr.Status == goumai.ProjectClosed {
			return goumai.ProjectClosure{}, goumai.ErrProjectClosed()
		}
		return goumai.ProjectClosure{}, goumai.Errorf(goumai.EConflict, "只有已批准的项目可以结项（当前："+pr.Status.Label().ZH+"）",
			"only an approved project closes (it is "+pr.Status.Label().EN+")")
	}
	c, err := s.closureState(ctx, tx, id)
	if err != nil {
		return c, err
	}
	c.ClosedBy, c.Automatic = a.UserID, a.UserID == 0
	if err := tx.InsertProjectClosure(ctx, c); err != nil {
		return c, err
	}
	if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "project.close", Table: "project_closures", Key: id, Region: pr.Region, Public: true}); err != nil {
		return c, err
	}
	got, err := tx.ProjectClosure(ctx, id)
	if err != nil || got == nil {
		return c, err
	}
	return *got, nil
}

// CloseProject closes a project whose contracts are all delivered, evaluated
// and paid, by its purchaser's staff; otherwise it says what is missing, at
// each contract (ENG-I2).
func (s *Service) CloseProject(ctx context.Context, a goumai.Actor, id int64) (goumai.ProjectClosure, error) {
	var c goumai.ProjectClosure
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		pr, err := tx.Project(ctx, id)
		if err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActRunProcurement, goumai.Target{OrgID: pr.PurchaserOrgID, Region: pr.Region}); err != nil {
			if s.Policy.Can(a, goumai.ActViewProcurement, goumai.Target{OrgID: pr.PurchaserOrgID, Region: pr.Region}) != nil && !pr.Status.Public() {
				return goumai.ErrNotFound("项目", "project")
			}
			return err
		}
		ps, err := tx.FindProcurementsOf(ctx, id)
		if err != nil {
			return err
		}
		for _, p := range ps { // as the contracts' use cases lock them (contractFor), by ascending id
			if err := tx.Lock(ctx, "procurements", p.ID); err != nil {
				return err
			}
		}
		c, err = s.closeProject(ctx, tx, a, id)
		return err
	})
	return c, err
}

// CloseIfDone closes project id in tx, as the platform, when the last of
// its conditions is met; it reports whether it closed it. An open project not
// yet closable, or one closed already, is left as it is.
func (s *Service) CloseIfDone(ctx context.Context, tx *sqlstore.Tx, id int64) (bool, error) {
	pr, err := tx.Project(ctx, id)
	if err != nil || pr.Status != goumai.ProjectApproved {
		return false, err
	}
	if _, err := s.closureState(ctx, tx, id); err != nil {
		if goumai.ErrorCode(err) == goumai.EConflict {
			return false, nil
		}
		return false, err
	}
	_, err = s.closeProject(ctx, tx, goumai.System, id)
	return err == nil, err
}

// ProjectClosure returns a project's closure (nil while open): public once
// closed.
func (s *Service) ProjectClosure(ctx context.Context, id int64) (*goumai.ProjectClosure, error) {
	if _, err := s.Store.Project(ctx, id); err != nil {
		return nil, err
	}
	return s.Store.ProjectClosure(ctx, id)
}
