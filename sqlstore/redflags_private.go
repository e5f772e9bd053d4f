package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/ocds/publish"
	"github.com/goumai/goumai/redflag"
	"github.com/goumai/goumai/rules"
)

// What goumai's own rules read that no release of this instance carries,
// read by the red-flag engine in the transaction of each release (and by
// RecomputeRedFlags the same way, so a recompute of the store equals its
// increments):
//
//   - ENG-F4: the links between a process's evaluation-panel members and its
//     bidders (redflag.Facts.PanelLinks), from the experts' declared
//     relations and the members' organisations, private data of the expert
//     pool (REQ-W2), checked as the draw's exclusion checks them
//     (rules.FindConflict). A profile written (a declaration added or
//     withdrawn) re-decides the processes whose panels the expert sits on, in
//     its transaction (redecidePanelsOf).
//   - ENG-J1 across instances: the grades other instances published for a
//     supplier (fed_grades, received through federation); a grade received
//     re-decides the supplier's group at once (applyReceived).

// panelLinks returns the links between the panel members of a process's
// procedures and their bidders; none for an ocid that is not one of this
// instance's projects.
func (tx *Tx) panelLinks(ctx context.Context, ocid string) ([]redflag.PanelLink, error) {
	i := strings.LastIndexByte(ocid, '-')
	project, err := strconv.ParseInt(ocid[i+1:], 10, 64)
	if i < 0 || err != nil || project <= 0 {
		return nil, nil
	}
	procs, err := tx.FindProcurementsOf(ctx, project)
	if err != nil {
		return nil, err
	}
	var out []redflag.PanelLink
	for _, p := range procs {
		members, err := tx.PanelMembers(ctx, p.ID)
		if err != nil || len(members) == 0 {
			return nil, err
		}
		opened, err := tx.OpenedBids(ctx, p.ID)
		if err != nil {
			return nil, err
		}
		var bidders []rules.Bidder
		party := map[int64]string{}
		for _, o := range opened {
			if _, ok := party[o.OrgID]; ok {
				continue
			}
			org, err := tx.Org(ctx, o.OrgID)
			if err != nil {
				return nil, err
			}
			party[o.OrgID] = publish.PartyID(org.CreditCode, org.ID)
			bidders = append(bidders, rules.Bidder{OrgID: org.ID, CreditCode: org.CreditCode})
		}
		if len(bidders) == 0 {
			continue
		}
		for _, m := range members {
			if m.Status != goumai.PanelActive {
				continue // recused: the conflict was acted on
			}
			check := rules.ConflictCheck{At: m.JoinedAt}
			if m.Kind == goumai.PanelExpert {
				e, err := tx.ExpertOfUser(ctx, m.UserID)
				if err != nil && goumai.ErrorCode(err) != goumai.ENotFound {
					return nil, err
				}
				check.Relations = e.Relations
			}
			ms, err := tx.UserMemberships(ctx, m.UserID)
			if err != nil {
				return nil, err
			}
			for _, x := range ms {
				check.MemberOrgs = append(check.MemberOrgs, x.OrgID)
			}
			// Toward each bidder in turn, so that every linked bidder is named
			// (FindConflict gives the first reason only). Purchaser and agency
			// staff are not links to a bidder: the purchaser's representative
			// sits by right.
			for _, b := range bidders {
				check.Bidders = []rules.Bidder{b}
				c, bad := rules.FindConflict(check)
				if !bad {
					continue
				}
				leaf, err := tx.seatLeaf(ctx, m.ID)
				if err != nil {
					return nil, err
				}
				out = append(out, redflag.PanelLink{Member: fmt.Sprintf("member-%d", m.ID), Supplier: party[b.OrgID], Reason: c.Reason, LogIndex: leaf})
			}
		}
	}
	slices.SortFunc(out, func(a, b redflag.PanelLink) int {
		return strings.Compare(a.Member+"/"+a.Supplier, b.Member+"/"+b.Supplier)
	})
	return out, nil
}

// seatLeaf is the log index of the event that seated a panel member (0 when
// none is found).
func (tx *Tx) seatLeaf(ctx context.Context, memberID int64) (int64, error) {
	var id sql.NullInt64
	err := tx.tx.QueryRowContext(ctx, `SELECT min(id) FROM events WHERE object_type = 'panel_members' AND object_id = $1`,
		strconv.FormatInt(memberID, 10)).Scan(&id)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, err
	}
	return id.Int64, nil
}

const remoteGradesSQL = `SELECT publisher, log_index, contract_id, region, grade, graded_at
	FROM fed_grades WHERE supplier_code = $1 ORDER BY publisher, contract_id`

var listRemoteGrades = registerList("RedFlagRemoteGrades", func(s *Store) []listSample {
	return []listSample{sample(remoteGradesSQL, []any{"91330106MA2XXXXX0X"})}
})

// remoteFunc gives the engine the grades received from other instances
// for a supplier's party id (CN-USCC-…); none for another id.
func remoteFunc(ctx context.Context, q querier) redflag.RemoteFunc {
	return func(supplier string) ([]redflag.RemoteGrade, error) {
		code, ok := strings.CutPrefix(supplier, "CN-USCC-")
		if !ok || code == "" {
			return nil, nil
		}
		return queryList(ctx, q, listRemoteGrades, func(sc scanner) (redflag.RemoteGrade, error) {
			var g redflag.RemoteGrade
			var at string
			if err := sc.Scan(&g.Source, &g.LogIndex, &g.ContractID, &g.Region, &g.Grade, &at); err != nil {
				return g, err
			}
			if at != "" {
				t, err := parseTime(at)
				if err != nil {
					return g, err
				}
				g.At = t.In(goumai.Shanghai).Format("2006-01-02T15:04:05.999999999Z07:00")
			}
			return g, nil
		}, remoteGradesSQL, code)
	}
}

// RedFlagRemote is the received grades the engine reads, outside a
// transaction: what a recompute from the bulk file must be given to compare
// with the store.
func (s *Store) RedFlagRemote(ctx context.Context) redflag.RemoteFunc {
	return remoteFunc(ctx, s.r)
}

// redecideSupplierGrades re-decides the ENG-J1 group of a supplier (by
// credit code) after a grade about it was received from another instance,
// in the receiving transaction.
func (tx *Tx) redecideSupplierGrades(ctx context.Context, creditCode string) error {
	if creditCode == "" {
		return nil
	}
	if ok, err := tx.redFlagsReadyIn(ctx); err != nil || !ok {
		return err
	}
	e := redflag.NewEngine(tx.redFlagParams(ctx))
	e.Remote = remoteFunc(ctx, tx.tx)
	u := redFlagUpdate{tx: tx, e: e, orgs: map[string]int64{}, stats: statCells{}}
	if err := u.group(ctx, "ENG-J1|CN-USCC-"+creditCode); err != nil {
		return err
	}
	return tx.flushFlagStats(ctx, u.stats)
}

const expertProjectsSQL = `SELECT DISTINCT p.project_id FROM experts x JOIN panel_members m ON m.user_id = x.user_id
	JOIN procurements p ON p.id = m.procurement_id WHERE x.id = $1 ORDER BY p.project_id`

var listExpertProjects = registerList("RedFlagExpertProjects", func(s *Store) []listSample {
	return []listSample{sample(expertProjectsSQL, []any{7}).sorted("the projects of an expert's panel seats: a few")}
})

// redecidePanelsOf brings ENG-F4 up to date for the processes whose panels
// an expert sits on, after the expert's profile (its declared relations)
// was written in the transaction.
func (tx *Tx) redecidePanelsOf(ctx context.Context, expertID int64) error {
	projects, err := queryList(ctx, tx.tx, listExpertProjects, func(sc scanner) (int64, error) {
		var id int64
		return id, sc.Scan(&id)
	}, expertProjectsSQL, expertID)
	if err != nil || len(projects) == 0 {
		return err
	}
	ocids := make([]string, len(projects))
	for i, p := range projects {
		ocids[i] = tx.s.pub.OCID(p)
	}
	return tx.updateRedFlags(ctx, ocids)
}
