package sqlstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

// Two dimensions of the statistics (issue 13 items 1 and 4): whether the
// rules allowed each procedure's method (goumai.StatMethodRule), and the red
// flags with their follow-up (goumai.StatRedFlag).

// methodRule is the key of a procedure in goumai.StatMethodRule, "" for none:
//
//   - pending: its method awaits a finance department's approval or the
//     single-source publicity (not yet decided: outside the share);
//   - a procedure not published (a draft, or ended before its first notice)
//     is not counted;
//   - open_tender: open tender, allowed at any amount without an exception;
//   - ground: another method below the open-tender threshold in force for
//     the procedure (its region, the day it started: params_from), on one of
//     the method's legal grounds (ENG-C4) — allowed by rule;
//   - approved: another method at or above the threshold, with the finance
//     department's approval recorded (ENG-C1);
//   - unapproved: another method at or above the threshold without it, or a
//     method or ground the rules do not allow.
//
// The parameters in force on a past day do not change (a set takes effect
// only after it is made), so the key is stable and a recompute finds it again.
func methodRule(l statLookup, state json.RawMessage) (string, error) {
	var p struct {
		Region, Status, Method, Reason, Category string
		Amount                                   int64   `json:"amount"`
		MethodApproved                           bool    `json:"method_approved"`
		ParamsFrom                               string  `json:"params_from"`
		PublishedAt                              *string `json:"published_at"`
	}
	if err := json.Unmarshal(state, &p); err != nil {
		return "", err
	}
	switch {
	case p.Status == string(goumai.ProcApproval) || p.Status == string(goumai.ProcPublicity):
		return "pending", nil
	case p.PublishedAt == nil || p.Status == string(goumai.ProcDraft):
		return "", nil
	case p.Method == string(goumai.MethodOpenTender):
		return "open_tender", nil
	}
	at, err := parseTime(p.ParamsFrom)
	if err != nil {
		return "", err
	}
	cat := rules.Category(p.Category)
	if !cat.Valid() {
		cat = rules.Services
	}
	params, err := paramsAt(l.ctx, l.q, l.regions, p.Region, cat, at)
	if err != nil && goumai.AsError(err) == nil {
		return "", err
	}
	o, err := rules.CheckMethod(rules.Purchase{Amount: goumai.Fen(p.Amount), Category: cat, OfService: true}, params,
		goumai.ProcurementMethod(p.Method), goumai.MethodReason(p.Reason))
	switch {
	case err != nil:
		return "unapproved", nil
	case o.NeedsApproval && p.MethodApproved:
		return "approved", nil
	case o.NeedsApproval:
		return "unapproved", nil
	}
	return "ground", nil
}

// redFlagCaseStats counts a closed follow-up case by its outcome in the
// month it was closed, and whether it was closed within its deadline: an
// inspection has none; a case sent to the purchaser kept it when the
// explanation came by its due time.
func redFlagCaseStats(_ statLookup, state json.RawMessage, a statAdder) error {
	var c struct {
		Region, Status, Outcome string
		DueAt                   *string `json:"due_at"`
		AnsweredAt              *string `json:"answered_at"`
		ClosedAt                *string `json:"closed_at"`
	}
	if err := json.Unmarshal(state, &c); err != nil {
		return err
	}
	if c.Status != string(goumai.RedFlagCaseClosed) || c.ClosedAt == nil {
		return nil
	}
	m := goumai.StatMonth(*c.ClosedAt)
	a.add(c.Region, m, goumai.StatRedFlag, "closed:"+c.Outcome, 1, 0)
	if c.DueAt == nil || (c.AnsweredAt != nil && !later(*c.AnsweredAt, *c.DueAt)) {
		a.add(c.Region, m, goumai.StatRedFlag, "closed_on_time", 1, 0)
	}
	return nil
}

// redFlagStat is what a red flag contributes: in the month it was first
// raised (which never changes), raised, active or cleared, and raised by
// indicator.
type redFlagStat struct {
	region, indicator string
	state             goumai.RedFlagState
	first             time.Time
}

func statOfFlag(f goumai.RedFlag) redFlagStat {
	return redFlagStat{region: f.Region, indicator: f.Indicator, state: f.State, first: f.FirstRaisedAt}
}

// cleared is the flag once cleared.
func (f redFlagStat) cleared() redFlagStat {
	f.state = goumai.RedFlagCleared
	return f
}

func (f redFlagStat) add(a statAdder) {
	m := f.first.In(goumai.Shanghai).Format(goumai.StatMonthLayout)
	a.add(f.region, m, goumai.StatRedFlag, "raised", 1, 0)
	a.add(f.region, m, goumai.StatRedFlag, string(f.state), 1, 0)
	a.add(f.region, m, goumai.StatRedFlag, "raised:"+f.indicator, 1, 0)
}

// changeFlag notes a flag's change in cells: before's contribution
// subtracted (nil: a new flag), after's added.
func (tx *Tx) changeFlag(cells statCells, before *redFlagStat, after redFlagStat) {
	if before != nil {
		before.add(statAdder{cells: cells, regions: tx.s.regions, sign: -1})
	}
	after.add(statAdder{cells: cells, regions: tx.s.regions, sign: 1})
}

// flushFlagStats writes the flags' changes to the cells, in the release's
// transaction (nothing before migration 0059: its rebuild counts them).
func (tx *Tx) flushFlagStats(ctx context.Context, cells statCells) error {
	if len(cells) == 0 {
		return nil
	}
	if ok, err := tx.statsReadyIn(ctx); err != nil || !ok {
		return err
	}
	return tx.addStatCells(ctx, cells)
}

var listFlagStats = registerList("RedFlagStats", func(s *Store) []listSample {
	return []listSample{sample(flagStatsSQL, nil).wholeTable("the recompute of the statistics reads every flag, on purpose")}
})

const flagStatsSQL = `SELECT region, indicator, state, first_raised_at FROM red_flags ORDER BY id`

// addFlagStats adds every flag's contribution, for a recompute.
func addFlagStats(ctx context.Context, q querier, regions *goumai.Regions, cells statCells) error {
	flags, err := queryList(ctx, q, listFlagStats, func(sc scanner) (redFlagStat, error) {
		var f redFlagStat
		var state, first string
		if err := sc.Scan(&f.region, &f.indicator, &state, &first); err != nil {
			return f, err
		}
		f.state = goumai.RedFlagState(state)
		var err error
		f.first, err = parseTime(first)
		return f, err
	}, flagStatsSQL)
	if err != nil {
		return fmt.Errorf("statistics of red flags: %w", err)
	}
	a := statAdder{cells: cells, regions: regions, sign: 1}
	for _, f := range flags {
		f.add(a)
	}
	return nil
}
