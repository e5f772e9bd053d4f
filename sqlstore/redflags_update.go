package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/redflag"
	"github.com/goumai/goumai/rules"
)

// The incremental red-flag engine (issue 12 item 1). publishReleases calls
// updateRedFlags with the processes whose releases the transaction wrote.
// For each, it recompiles the process from its stored releases (the OCDS
// merge, as the records file does), keeps its facts (red_flag_processes) and
// its groups (red_flag_groups), and decides the process rules; then it
// re-decides every group the process left or joined, reading only the facts
// of that group's members. No other process is read: the cost of a release
// is its process's releases plus its groups' members, whatever the size of
// the database. A flag that held and no longer does is cleared.

const (
	redFlagsVersion   = 53 // the red-flag tables as this code writes them
	redFlagsMigration = "0051_red_flags.sql"
	// redFlagFactsMigration adds each group member's facts (red_flag_groups.facts).
	redFlagFactsMigration = "0053_red_flag_group_facts.sql"
)

// redFlagsReadyIn reports whether migrations 0051–0053 are applied (once known, it
// stays so).
func (tx *Tx) redFlagsReadyIn(ctx context.Context) (bool, error) {
	if tx.s.redFlagsReady.Load() {
		return true, nil
	}
	var n int
	if err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, redFlagsVersion).Scan(&n); err != nil {
		return false, fmt.Errorf("red flags: %w", err)
	}
	if n > 0 {
		tx.s.redFlagsReady.Store(true)
	}
	return n > 0, nil
}

// redFlagParams returns the regulation parameters in force for a process
// (services, its region, the day it started) and their version, read in the
// transaction.
func (tx *Tx) redFlagParams(ctx context.Context) redflag.ParamsFunc {
	return paramsFunc(ctx, tx.tx, tx.s.regions)
}

// RedFlagParams is the parameters the engine uses, read outside a
// transaction: what a recompute from the bulk file must use to compare.
func (s *Store) RedFlagParams(ctx context.Context) redflag.ParamsFunc {
	return paramsFunc(ctx, s.r, s.regions)
}

func paramsFunc(ctx context.Context, q querier, regions *goumai.Regions) redflag.ParamsFunc {
	return func(region string, at time.Time) (rules.Params, string, error) {
		if _, ok := regions.Get(region); !ok || at.IsZero() {
			return redflag.NationalParams(region, at)
		}
		set, ok, err := paramSetInForce(ctx, q, regions, region, rules.Services, at)
		if err != nil {
			return rules.Params{}, "", err
		}
		if !ok {
			return redflag.NationalParams(region, at)
		}
		return set.Params, redflag.ParamsVersion(set.Params, set.ID), nil
	}
}

var listRedFlagReleases = registerList("RedFlagReleases", func(s *Store) []listSample {
	return []listSample{sample(redFlagReleasesSQL("ocds-gm0000-1"))}
})

func redFlagReleasesSQL(ocid string) (string, []any) {
	return `SELECT log_index, region, body FROM ocds_releases WHERE ocid = $1 ORDER BY log_index`, []any{ocid}
}

var listRedFlagGroupsOf = registerList("RedFlagGroupsOf", func(s *Store) []listSample {
	return []listSample{sample(redFlagGroupsOfSQL("ocds-gm0000-1"))}
})

func redFlagGroupsOfSQL(ocid string) (string, []any) {
	return `SELECT group_key, facts FROM red_flag_groups WHERE ocid = $1 ORDER BY group_key`, []any{ocid}
}

var listRedFlagGroupMembers = registerList("RedFlagGroupMembers", func(s *Store) []listSample {
	return []listSample{sample(redFlagGroupMembersSQL("ENG-C3|CN-USCC-11330106334385828B|2026|33010626000000000101|services"))}
})

func redFlagGroupMembersSQL(key string) (string, []any) {
	return `SELECT facts FROM red_flag_groups WHERE group_key = $1 ORDER BY ocid`, []any{key}
}

var listRedFlagsOfProcess = registerList("RedFlagsOfProcess", func(s *Store) []listSample {
	return []listSample{sample(redFlagsScopeSQL("ocid", "ocds-gm0000-1")).sorted("one process's few flags"),
		sample(redFlagsScopeSQL("subject", "ENG-C3|CN-USCC-11330106334385828B|2026|33010626000000000101|services")).sorted("one group's flags, one per member")}
})

func redFlagsScopeSQL(col, v string) (string, []any) {
	return `SELECT ` + redFlagCols + ` FROM red_flags WHERE ` + col + ` = $1 ORDER BY id`, []any{v}
}

// updateRedFlags brings the flags of the given processes, and of the groups
// they belong or belonged to, up to date with their stored releases.
func (tx *Tx) updateRedFlags(ctx context.Context, ocids []string) error {
	return tx.updateRedFlagsNoting(ctx, ocids, nil)
}

// updateRedFlagsNoting is updateRedFlags noting the keys of the flags
// wanted (when wanted is not nil).
func (tx *Tx) updateRedFlagsNoting(ctx context.Context, ocids []string, wanted map[string]bool) error {
	if len(ocids) == 0 {
		return nil
	}
	if ok, err := tx.redFlagsReadyIn(ctx); err != nil || !ok {
		return err
	}
	e := redflag.NewEngine(tx.redFlagParams(ctx))
	e.Remote = remoteFunc(ctx, tx.tx)
	u := redFlagUpdate{tx: tx, e: e, orgs: map[string]int64{}, wanted: wanted, stats: statCells{}}
	groups := map[string]bool{}
	for _, o := range ocids {
		keys, err := u.process(ctx, o)
		if err != nil {
			return fmt.Errorf("red flags of %s: %w", o, err)
		}
		for _, k := range keys {
			groups[k] = true
		}
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if err := u.group(ctx, k); err != nil {
			return fmt.Errorf("red flags of group %s: %w", k, err)
		}
	}
	return tx.flushFlagStats(ctx, u.stats)
}

type redFlagUpdate struct {
	tx     *Tx
	e      *redflag.Engine
	orgs   map[string]int64 // party id → organisation id (0: not ours)
	last   int64            // the latest release read: the log index the changes are stamped with
	wanted map[string]bool  // when not nil, the keys of the flags wanted are noted
	stats  statCells        // the statistics' changes of the flags written (stats_redflags.go)
}

// process recompiles one process, stores its facts and groups, decides its
// process rules, and returns the groups it left or joined.
func (u *redFlagUpdate) process(ctx context.Context, ocid string) ([]string, error) {
	tx := u.tx
	var rs []redflag.ReleaseIn
	var region string
	q, args := redFlagReleasesSQL(ocid)
	err := eachList(ctx, tx.tx, listRedFlagReleases, func(r scanner) error {
		var in redflag.ReleaseIn
		var body string
		if err := r.Scan(&in.LogIndex, &region, &body); err != nil {
			return err
		}
		in.Body = []byte(body)
		rs = append(rs, in)
		return nil
	}, q, args...)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	u.last = max(u.last, rs[len(rs)-1].LogIndex)
	f, err := redflag.FactsOf(region, rs)
	if err != nil {
		return nil, err
	}
	if f.PanelLinks, err = tx.panelLinks(ctx, ocid); err != nil { // ENG-F4, from private data (redflags_private.go)
		return nil, err
	}
	q, args = redFlagGroupsOfSQL(ocid)
	type member struct{ key, facts string }
	old, err := queryList(ctx, tx.tx, listRedFlagGroupsOf, func(r scanner) (member, error) {
		var m member
		return m, r.Scan(&m.key, &m.facts)
	}, q, args...)
	if err != nil {
		return nil, err
	}
	facts, err := json.Marshal(f)
	if err != nil {
		return nil, err
	}
	var before string
	err = tx.tx.QueryRowContext(ctx, `SELECT facts FROM red_flag_processes WHERE ocid = $1`, ocid).Scan(&before)
	switch {
	case err == nil && before == string(facts):
		return nil, nil // a release that sets nothing the rules read (an enquiry's answer, a bid count)
	case err != nil && !errors.Is(err, sql.ErrNoRows):
		return nil, err
	}
	if _, err := tx.tx.ExecContext(ctx, `INSERT INTO red_flag_processes (ocid, region, facts, log_index) VALUES ($1, $2, $3, $4)
		ON CONFLICT (ocid) DO UPDATE SET region = excluded.region, facts = excluded.facts, log_index = excluded.log_index`,
		ocid, f.Region, string(facts), rs[len(rs)-1].LogIndex); err != nil {
		return nil, err
	}
	// The groups the process left, joined, or stays in with facts its
	// group's rule sees changed, are re-decided; the others are left alone
	// (a payment does not move the median of a catalogue item's awards).
	var redo []string
	now := u.e.GroupKeys(f)
	for _, m := range old {
		if !slices.Contains(now, m.key) {
			if _, err := tx.tx.ExecContext(ctx, `DELETE FROM red_flag_groups WHERE group_key = $1 AND ocid = $2`, m.key, ocid); err != nil {
				return nil, err
			}
			redo = append(redo, m.key)
		}
	}
	for _, k := range now {
		view, err := json.Marshal(f.For(u.e.Reads(k)))
		if err != nil {
			return nil, err
		}
		i := slices.IndexFunc(old, func(m member) bool { return m.key == k })
		switch {
		case i < 0:
			_, err = tx.tx.ExecContext(ctx, `INSERT INTO red_flag_groups (group_key, ocid, facts) VALUES ($1, $2, $3)`, k, ocid, string(view))
		case old[i].facts != string(view):
			_, err = tx.tx.ExecContext(ctx, `UPDATE red_flag_groups SET facts = $1 WHERE group_key = $2 AND ocid = $3`, string(view), k, ocid)
		default:
			continue
		}
		if err != nil {
			return nil, err
		}
		redo = append(redo, k)
	}
	flags, err := u.e.ProcessFlags(f)
	if err != nil {
		return nil, err
	}
	q, args = redFlagsScopeSQL("ocid", ocid)
	existing, err := queryList(ctx, tx.tx, listRedFlagsOfProcess, scanRedFlag, q, args...)
	if err != nil {
		return nil, err
	}
	// The process rules' flags of this process (group flags have a subject
	// that begins with their rule's code and "|").
	existing = slices.DeleteFunc(existing, func(x goumai.RedFlag) bool { return strings.HasPrefix(x.Subject, x.Indicator+"|") })
	if err := u.reconcile(ctx, existing, flags); err != nil {
		return nil, err
	}
	return redo, nil
}

// group re-decides one group from its members' stored facts.
func (u *redFlagUpdate) group(ctx context.Context, key string) error {
	q, args := redFlagGroupMembersSQL(key)
	members, err := queryList(ctx, u.tx.tx, listRedFlagGroupMembers, func(r scanner) (*redflag.Facts, error) {
		var s string
		if err := r.Scan(&s); err != nil {
			return nil, err
		}
		var f redflag.Facts
		return &f, json.Unmarshal([]byte(s), &f)
	}, q, args...)
	if err != nil {
		return err
	}
	for _, m := range members { // a group re-decided on its own (a grade received) is stamped with its latest release
		for _, r := range m.Releases {
			u.last = max(u.last, r.LogIndex)
		}
	}
	flags, err := u.e.GroupFlags(key, members)
	if err != nil {
		return err
	}
	q, args = redFlagsScopeSQL("subject", key)
	existing, err := queryList(ctx, u.tx.tx, listRedFlagsOfProcess, scanRedFlag, q, args...)
	if err != nil {
		return err
	}
	return u.reconcile(ctx, existing, flags)
}

// reconcile makes the stored flags of one scope the wanted ones: new flags
// are inserted, changed or cleared ones updated and made active, and active
// ones no longer wanted cleared.
func (u *redFlagUpdate) reconcile(ctx context.Context, existing []goumai.RedFlag, want []redflag.Flag) error {
	tx := u.tx
	have := map[string]goumai.RedFlag{}
	for _, x := range existing {
		have[x.Indicator+"\x00"+x.OCID+"\x00"+x.Subject] = x
	}
	now := formatTime(tx.now)
	for _, f := range want {
		if u.wanted != nil {
			u.wanted[f.Key()] = true
		}
		ev, err := json.Marshal(f.Evidence)
		if err != nil {
			return err
		}
		x, ok := have[f.Key()]
		delete(have, f.Key())
		if ok && x.State == goumai.RedFlagActive && x.Value == f.Value && x.SupplierID == f.SupplierID && x.Region == f.Region &&
			x.BuyerID == f.BuyerID && x.ParamsVersion == f.ParamsVersion && x.LegalBasis == f.LegalBasis && sameEvidence(x.Evidence, f.Evidence) {
			continue
		}
		purchaser, err := u.org(ctx, f.BuyerID)
		if err != nil {
			return err
		}
		supplier, err := u.org(ctx, f.SupplierID)
		if err != nil {
			return err
		}
		var before *redFlagStat
		after := redFlagStat{region: f.Region, indicator: f.Indicator, state: goumai.RedFlagActive, first: tx.now}
		if ok {
			before, after.first = new(statOfFlag(x)), x.FirstRaisedAt
		}
		tx.changeFlag(u.stats, before, after)
		if ok {
			_, err = tx.tx.ExecContext(ctx, `UPDATE red_flags SET region = $1, buyer_id = $2, purchaser_org_id = $3, supplier_id = $4, supplier_org_id = $5,
				value = $6, legal_basis = $7, evidence = $8, params_version = $9, state = $10, updated_at = $11, log_index = $12 WHERE id = $13`,
				f.Region, f.BuyerID, nullInt(purchaser), f.SupplierID, nullInt(supplier), f.Value, f.LegalBasis, string(ev), f.ParamsVersion,
				string(goumai.RedFlagActive), now, u.last, x.ID)
		} else {
			_, err = tx.tx.ExecContext(ctx, `INSERT INTO red_flags (indicator, ocid, subject, region, buyer_id, purchaser_org_id, supplier_id, supplier_org_id,
				value, legal_basis, evidence, params_version, state, first_raised_at, updated_at, log_index)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15)`,
				f.Indicator, f.OCID, f.Subject, f.Region, f.BuyerID, nullInt(purchaser), f.SupplierID, nullInt(supplier),
				f.Value, f.LegalBasis, string(ev), f.ParamsVersion, string(goumai.RedFlagActive), now, u.last)
		}
		if err != nil {
			return fmt.Errorf("red flag %s %s: %w", f.Indicator, f.OCID, err)
		}
	}
	for _, x := range have {
		if x.State != goumai.RedFlagActive {
			continue
		}
		tx.changeFlag(u.stats, new(statOfFlag(x)), statOfFlag(x).cleared())
		if _, err := tx.tx.ExecContext(ctx, `UPDATE red_flags SET state = $1, updated_at = $2, log_index = $3 WHERE id = $4`,
			string(goumai.RedFlagCleared), now, u.last, x.ID); err != nil {
			return err
		}
	}
	return nil
}

func sameEvidence(a, b goumai.RedFlagEvidence) bool {
	return a.Detail == b.Detail && slices.Equal(a.Releases, b.Releases) && slices.Equal(a.Leaves, b.Leaves)
}

// org returns goumai's organisation of a party id (0 when not ours).
func (u *redFlagUpdate) org(ctx context.Context, party string) (int64, error) {
	if party == "" {
		return 0, nil
	}
	if id, ok := u.orgs[party]; ok {
		return id, nil
	}
	var id int64
	if n, ok := strings.CutPrefix(party, "goumai-org-"); ok {
		id, _ = strconv.ParseInt(n, 10, 64)
	} else if code, ok := strings.CutPrefix(party, "CN-USCC-"); ok {
		err := u.tx.tx.QueryRowContext(ctx, `SELECT id FROM orgs WHERE credit_code = $1`, code).Scan(&id)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return 0, err
		}
	}
	u.orgs[party] = id
	return id, nil
}

var listRedFlagOCIDs = registerList("RedFlagOCIDs", func(s *Store) []listSample {
	return []listSample{sample(`SELECT DISTINCT ocid FROM ocds_releases ORDER BY ocid`, nil).wholeTable("the recompute of every process, on purpose")}
})

// RecomputeRedFlags recomputes every flag from the stored releases, in one
// transaction: the engine's working state is rebuilt from scratch, every
// process and group decided again, and active flags no longer raised are
// cleared (flags keep their ids and history). What a database whose releases
// predate migration 0051 or 0053 needs, and the full recompute the
// incremental flags must equal.
func (s *Store) RecomputeRedFlags(ctx context.Context) error {
	return s.Update(ctx, func(tx *Tx) error {
		ocids, err := queryList(ctx, tx.tx, listRedFlagOCIDs, func(r scanner) (string, error) {
			var o string
			return o, r.Scan(&o)
		}, `SELECT DISTINCT ocid FROM ocds_releases ORDER BY ocid`)
		if err != nil {
			return err
		}
		for _, t := range []string{"red_flag_groups", "red_flag_processes"} {
			if _, err := tx.tx.ExecContext(ctx, `DELETE FROM `+t); err != nil {
				return err
			}
		}
		wanted := map[string]bool{}
		if err := tx.updateRedFlagsNoting(ctx, ocids, wanted); err != nil {
			return err
		}
		active, err := queryList(ctx, tx.tx, listActiveRedFlags, scanRedFlag, `SELECT `+redFlagCols+` FROM red_flags WHERE state = $1 ORDER BY id`, string(goumai.RedFlagActive))
		if err != nil {
			return err
		}
		cells := statCells{}
		for _, f := range active {
			if !wanted[f.Indicator+"\x00"+f.OCID+"\x00"+f.Subject] {
				tx.changeFlag(cells, new(statOfFlag(f)), statOfFlag(f).cleared())
				if _, err := tx.tx.ExecContext(ctx, `UPDATE red_flags SET state = $1, updated_at = $2 WHERE id = $3`,
					string(goumai.RedFlagCleared), formatTime(tx.now), f.ID); err != nil {
					return err
				}
			}
		}
		return tx.flushFlagStats(ctx, cells)
	})
}

var listActiveRedFlags = registerList("ActiveRedFlags", func(s *Store) []listSample {
	return []listSample{sample(`SELECT `+redFlagCols+` FROM red_flags WHERE state = $1 ORDER BY id`, []any{"active"}).wholeTable("the recompute checks every active flag, on purpose")}
})
