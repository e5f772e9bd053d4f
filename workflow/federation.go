package workflow

import (
	"context"
	"fmt"

	"github.com/goumai/goumai"

	"github.com/goumai/goumai/sqlstore"
)

// Federation (issue 12, DESIGN §8): what this instance received from the
// instances it trusts — package federation publishes and consumes; the
// supplier check reads received bans itself (supplier_check.go).

// NationalStatistics are the statistics of the public events received from
// every trusted instance, by region and action: at the centre, the country's
// (the sum of the provinces'). Public, as the events are.
func (s *Service) NationalStatistics(ctx context.Context) ([]sqlstore.FedStat, error) {
	st, err := s.Store.FedStats(ctx)
	if st == nil {
		st = []sqlstore.FedStat{}
	}
	return st, err
}

// NationalStatisticsByPublisher are the same statistics by publishing
// instance and region, every action summed (the centre's statistics page).
func (s *Service) NationalStatisticsByPublisher(ctx context.Context) ([]sqlstore.FedPublisherStat, error) {
	return s.Store.FedPublisherStats(ctx)
}

// FederationForks are the checkpoints refused because they did not extend
// the history already verified from their publisher (a rewritten, re-signed
// log): public, as the publisher's log is.
func (s *Service) FederationForks(ctx context.Context) ([]sqlstore.Fork, error) {
	return s.Store.FedAllForks(ctx)
}

// GradeElsewhere is a poor (差) performance grade another instance published
// for a supplier (ENG-J1 across regions): the evidence names the publishing
// instance and the event's index in that instance's log, where the grade can
// be verified.
type GradeElsewhere struct {
	Source     string     `json:"source"`
	LogIndex   int64      `json:"log_index"`
	ContractID string     `json:"contract_id"`
	Region     string     `json:"region"`
	Score      int64      `json:"score"`
	Detail     goumai.Msg `json:"detail"`
}

// PoorGradesElsewhere lists the poor grades other instances published for a
// supplier (by credit code, as received in fed_grades). The live red flag is
// raised by the store: ENG-J1 (redflag.Own) reads the same received grades
// through redflag.Engine.Remote in the transaction of each award release and
// of each grade received, citing the publisher and its leaf; a recompute of
// the store gives the same flags, while a file recompute elsewhere, without
// the received grades, does not see them.
func (s *Service) PoorGradesElsewhere(ctx context.Context, creditCode string) ([]GradeElsewhere, error) {
	if creditCode == "" {
		return nil, nil
	}
	gs, err := s.Store.ReceivedGrades(ctx, creditCode)
	if err != nil {
		return nil, err
	}
	return poorGradesElsewhere(gs), nil
}

func poorGradesElsewhere(gs []sqlstore.ReceivedGrade) []GradeElsewhere {
	var out []GradeElsewhere
	for _, g := range gs {
		if g.Grade != string(goumai.GradePoor) {
			continue
		}
		out = append(out, GradeElsewhere{Source: g.Source, LogIndex: g.LogIndex, ContractID: g.ContractID, Region: g.Region, Score: g.Score,
			Detail: goumai.M(fmt.Sprintf("该供应商在 %s（地区 %s）的合同 %s 被评为“差”（%s 日志第 %d 条）", g.Source, g.Region, g.ContractID, g.Source, g.LogIndex),
				fmt.Sprintf("graded poor (差) on contract %s in %s (region %s), entry %d of %s's log", g.ContractID, g.Source, g.Region, g.LogIndex, g.Source))})
	}
	return out
}
