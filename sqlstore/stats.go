package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
)

// Statistics for every region subtree (issue 13, item 1), kept incrementally.
//
// Each source object (a row of a source table) contributes cells — (region,
// month, dimension, key) → count and amount — as a function of its state
// (statSources). The statistics hook runs in the transaction that appends
// the object's event: it subtracts what the object's previous state (its
// previous event) contributed and adds what the new state contributes, for
// the object's region and every region above it, the country included. So a
// page reads one row per key and month of one region and never scans the
// source tables, and the cells always equal the sum of the contributions of
// the objects' latest states, which RebuildStats recomputes from the log.
//
// A contribution may read other rows (a supplier's kind, a grade's contract)
// through the lookup; the cells stay equal to a recompute as long as what it
// reads does not change after the object's event (an organisation's kind, a
// contract's region and amount, the rank of an opened bid in its lot).

func init() {
	logTables = append(logTables, "stat_cells")
	appendHooks = append(appendHooks, updateStats)
}

// The migration that creates the cells.
const (
	statsVersion   = 59
	statsMigration = "0059_stats.sql"
	// statsRedFlagsMigration adds the red flags and the method rule: a rebuild counts them.
	statsRedFlagsMigration = "0077_stats_red_flags.sql"
)

// statKey is a cell's key.
type statKey struct {
	Region, Month string
	Dim           goumai.StatDim
	Key           string
}

// statCells are cells with their figures.
type statCells map[statKey]goumai.StatFigure

// statAdder adds a contribution of an object of region leaf to the cells of
// leaf and every region above it (StatPurchaser: leaf only).
type statAdder struct {
	cells   statCells
	regions *goumai.Regions
	sign    int64
}

func (a statAdder) add(leaf, month string, dim goumai.StatDim, key string, n int64, amount int64) {
	if month == "" || leaf == "" || (n == 0 && amount == 0) {
		return
	}
	codes := []string{leaf}
	if dim != goumai.StatPurchaser {
		codes = codes[:0]
		for _, g := range a.regions.Path(leaf) {
			codes = append(codes, g.Code)
		}
		if len(codes) == 0 { // an unknown code still counts for itself
			codes = []string{leaf}
		}
	}
	for _, c := range codes {
		k := statKey{Region: c, Month: month, Dim: dim, Key: key}
		f := a.cells[k]
		f.N += a.sign * n
		f.Amount += goumai.Fen(a.sign * amount)
		a.cells[k] = f
	}
}

// statLookup reads other rows for a contribution: inside the event's
// transaction, or in the reader for a check.
type statLookup struct {
	ctx     context.Context
	q       querier
	regions *goumai.Regions
}

func (l statLookup) row(query string, args []any, dest ...any) (bool, error) {
	err := l.q.QueryRowContext(l.ctx, query, args...).Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, err
}

// statSource computes what one state of an object contributes.
type statSource func(l statLookup, state json.RawMessage, a statAdder) error

// statSources are the logged source tables and their contributions (the
// hook, the recompute and the pages take every source in this map). The red
// flags themselves are not logged objects (the release hook derives them):
// their contributions are kept by the release hook and recomputed from their
// table (stats_redflags.go); their follow-up cases are logged and listed here.
var statSources = map[string]statSource{
	"red_flag_cases":   redFlagCaseStats,
	"projects":         projectStats,
	"procurements":     procurementStats,
	"contracts":        contractStats,
	"payment_requests": paymentStats,
	"opened_bids":      openedBidStats,
	"contract_grades":  gradeStats,
	"reform_functions": reformStats, // 费随事转: a function's annual cost, transferred with it or not
}

func projectStats(_ statLookup, state json.RawMessage, a statAdder) error {
	var p struct {
		Region, Status string
		CatalogCode    string            `json:"catalog_code"`
		PurchaserOrgID int64             `json:"purchaser_org_id"`
		Amount         int64             `json:"amount"`
		CreatedAt      string            `json:"created_at"`
		DoubleFunded   []json.RawMessage `json:"double_funded"`
	}
	if err := json.Unmarshal(state, &p); err != nil {
		return err
	}
	m := goumai.StatMonth(p.CreatedAt)
	a.add(p.Region, m, goumai.StatStage, "projects:"+p.Status, 1, p.Amount)
	if p.Status == "approved" {
		a.add(p.Region, m, goumai.StatTotal, "projects", 1, p.Amount)
		cat := "-"
		if p.CatalogCode != "" {
			cat = p.CatalogCode[:1]
		}
		a.add(p.Region, m, goumai.StatCategory, cat, 1, p.Amount)
		a.add(p.Region, m, goumai.StatPurchaser, strconv.FormatInt(p.PurchaserOrgID, 10), 1, p.Amount)
	}
	if len(p.DoubleFunded) > 0 && p.Status != "draft" {
		a.add(p.Region, m, goumai.StatDoubleFunded, "projects", 1, p.Amount)
		a.add(p.Region, m, goumai.StatDoubleFunded, "findings", int64(len(p.DoubleFunded)), 0)
	}
	return nil
}

func procurementStats(l statLookup, state json.RawMessage, a statAdder) error {
	var p struct {
		Region, Status, Method string
		Amount                 int64   `json:"amount"`
		CreatedAt              string  `json:"created_at"`
		PublishedAt            *string `json:"published_at"`
	}
	if err := json.Unmarshal(state, &p); err != nil {
		return err
	}
	m := goumai.StatMonth(p.CreatedAt)
	a.add(p.Region, m, goumai.StatStage, "procurements:"+p.Status, 1, p.Amount)
	// The method is a public figure: only procedures made public by their
	// first notice count (not one still under method approval; but one back
	// in draft after its prequalification, to invite the qualified, still
	// does), so that it equals the count of the published tenders (OCDS).
	if p.PublishedAt != nil {
		a.add(p.Region, m, goumai.StatMethod, p.Method, 1, p.Amount)
	}
	key, err := methodRule(l, state)
	if err != nil || key == "" {
		return err
	}
	a.add(p.Region, m, goumai.StatMethodRule, key, 1, p.Amount)
	return nil
}

func contractStats(l statLookup, state json.RawMessage, a statAdder) error {
	var c struct {
		Region, Status string
		SupplierOrgID  int64   `json:"supplier_org_id"`
		Amount         int64   `json:"amount"`
		CreatedAt      string  `json:"created_at"`
		SignedAt       *string `json:"signed_at"`
		StatsDue       *string `json:"stats_due"`
		StatsEnteredAt *string `json:"stats_entered_at"`
	}
	if err := json.Unmarshal(state, &c); err != nil {
		return err
	}
	m := goumai.StatMonth(c.CreatedAt)
	if c.SignedAt != nil {
		m = goumai.StatMonth(*c.SignedAt)
	}
	a.add(c.Region, m, goumai.StatStage, "contracts:"+c.Status, 1, c.Amount)
	if c.SignedAt == nil {
		return nil
	}
	a.add(c.Region, m, goumai.StatTotal, "contracts", 1, c.Amount)
	var kind, class string
	if _, err := l.row(`SELECT kind, class FROM orgs WHERE id = $1`, []any{c.SupplierOrgID}, &kind, &class); err != nil {
		return err
	}
	a.add(c.Region, m, goumai.StatSupplierKind, supplierKind(goumai.OrgKind(kind)), 1, c.Amount)
	if c.StatsDue != nil && c.StatsEnteredAt != nil {
		key := "stats_on_time"
		if later(*c.StatsEnteredAt, *c.StatsDue) {
			key = "stats_late"
		}
		a.add(c.Region, m, goumai.StatTimeliness, key, 1, c.Amount)
	}
	return nil
}

// supplierKind is the statistics' kind of a supplier: social organisations,
// enterprises, (reformed) public institutions, individuals, others.
func supplierKind(k goumai.OrgKind) string {
	switch k {
	case goumai.KindSocialOrg, goumai.KindEnterprise, goumai.KindInstitution, goumai.KindIndividual:
		return string(k)
	}
	return "other"
}

// later reports whether stored time a is after b.
func later(a, b string) bool {
	ta, err1 := time.Parse(time.RFC3339Nano, a)
	tb, err2 := time.Parse(time.RFC3339Nano, b)
	if err1 != nil || err2 != nil {
		return a > b
	}
	return ta.After(tb)
}

func paymentStats(_ statLookup, state json.RawMessage, a statAdder) error {
	var p struct {
		Region, Status string
		Amount         int64   `json:"amount"`
		DueOn          string  `json:"due_on"`
		CreatedAt      string  `json:"created_at"`
		PaidAt         *string `json:"paid_at"`
	}
	if err := json.Unmarshal(state, &p); err != nil {
		return err
	}
	m := goumai.StatMonth(p.CreatedAt)
	if p.PaidAt != nil {
		m = goumai.StatMonth(*p.PaidAt)
	}
	a.add(p.Region, m, goumai.StatStage, "payment_requests:"+p.Status, 1, p.Amount)
	if p.Status != "paid" || p.PaidAt == nil {
		return nil
	}
	a.add(p.Region, m, goumai.StatTotal, "payments", 1, p.Amount)
	key := "paid_on_time"
	if t, err := time.Parse(time.RFC3339Nano, *p.PaidAt); err == nil && p.DueOn != "" && t.In(goumai.Shanghai).Format("2006-01-02") > p.DueOn {
		key = "paid_late"
	}
	a.add(p.Region, m, goumai.StatTimeliness, key, 1, p.Amount)
	return nil
}

// openedBidStats counts an opened bid, and its lot by the bid's rank in it:
// the first opens the lot as a single-bidder lot, the second makes it
// competitive. Opened bids are never deleted, so the rank is stable.
func openedBidStats(l statLookup, state json.RawMessage, a statAdder) error {
	var b struct {
		ID            int64  `json:"id"`
		ProcurementID int64  `json:"procurement_id"`
		LotID         int64  `json:"lot_id"`
		Price         int64  `json:"price"`
		OpenedAt      string `json:"opened_at"`
	}
	if err := json.Unmarshal(state, &b); err != nil {
		return err
	}
	var region string
	if _, err := l.row(`SELECT region FROM procurements WHERE id = $1`, []any{b.ProcurementID}, &region); err != nil {
		return err
	}
	var rank int64
	if _, err := l.row(`SELECT count(*) FROM opened_bids WHERE lot_id = $1 AND id <= $2`, []any{b.LotID, b.ID}, &rank); err != nil {
		return err
	}
	m := goumai.StatMonth(b.OpenedAt)
	a.add(region, m, goumai.StatCompetition, "bids", 1, b.Price)
	switch rank {
	case 1:
		a.add(region, m, goumai.StatCompetition, "lots", 1, 0)
		a.add(region, m, goumai.StatCompetition, "single_bidder", 1, 0)
	case 2:
		a.add(region, m, goumai.StatCompetition, "single_bidder", -1, 0)
	}
	return nil
}

func gradeStats(l statLookup, state json.RawMessage, a statAdder) error {
	var g struct {
		ContractID  int64  `json:"contract_id"`
		Grade       string `json:"grade"`
		PublishedAt string `json:"published_at"`
	}
	if err := json.Unmarshal(state, &g); err != nil {
		return err
	}
	var region string
	var amount int64
	if _, err := l.row(`SELECT region, amount FROM contracts WHERE id = $1`, []any{g.ContractID}, &region, &amount); err != nil {
		return err
	}
	a.add(region, goumai.StatMonth(g.PublishedAt), goumai.StatGrade, g.Grade, 1, amount)
	return nil
}

func reformStats(_ statLookup, state json.RawMessage, a statAdder) error {
	var f struct {
		Region      string `json:"region"`
		AnnualCost  int64  `json:"annual_cost"`
		Transferred bool   `json:"transferred"`
		CreatedAt   string `json:"created_at"`
	}
	if err := json.Unmarshal(state, &f); err != nil {
		return err
	}
	key := "pending"
	if f.Transferred {
		key = "transferred"
	}
	a.add(f.Region, goumai.StatMonth(f.CreatedAt), goumai.StatReform, key, 1, f.AnnualCost)
	return nil
}

// contribute adds (sign 1) or subtracts (-1) what state contributes.
func contribute(l statLookup, regions *goumai.Regions, cells statCells, objectType string, state []byte, sign int64) error {
	src := statSources[objectType]
	if src == nil || len(state) == 0 || string(state) == "null" {
		return nil
	}
	if t, ok := tableByName(objectType); ok {
		state = t.upgradeState(state)
	}
	if err := src(l, state, statAdder{cells: cells, regions: regions, sign: sign}); err != nil {
		return fmt.Errorf("statistics of %s: %w", objectType, err)
	}
	return nil
}

// updateStats is the statistics hook: for each event of a source object it
// subtracts the previous state's contribution and adds the new one's, then
// writes the changed cells in their key order (one order for every
// transaction; the log head, locked before the hooks run, already orders
// concurrent writers).
func updateStats(ctx context.Context, tx *Tx, events []goumai.Event) error {
	if len(events) == 0 {
		return nil
	}
	if ok, err := tx.statsReadyIn(ctx); err != nil || !ok {
		return err // not applied: RebuildStats fills the cells when the migration is applied
	}
	l := statLookup{ctx: ctx, q: tx.tx, regions: tx.s.regions}
	cells := statCells{}
	for _, e := range events {
		if statSources[e.ObjectType] == nil {
			continue
		}
		var prev string
		err := tx.tx.QueryRowContext(ctx, `SELECT state FROM events WHERE object_type = $1 AND object_id = $2 AND id < $3
			ORDER BY id DESC LIMIT 1`, e.ObjectType, e.ObjectID, e.ID).Scan(&prev)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("statistics: previous state of %s %s: %w", e.ObjectType, e.ObjectID, err)
		}
		if err := contribute(l, tx.s.regions, cells, e.ObjectType, []byte(prev), -1); err != nil {
			return err
		}
		if err := contribute(l, tx.s.regions, cells, e.ObjectType, e.State, 1); err != nil {
			return err
		}
	}
	return tx.addStatCells(ctx, cells)
}

// statsReadyIn reports whether migration 0059 is applied (once known, it stays so).
func (tx *Tx) statsReadyIn(ctx context.Context) (bool, error) {
	if tx.s.statsReady.Load() {
		return true, nil
	}
	var n int
	if err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = $1`, statsVersion).Scan(&n); err != nil {
		return false, fmt.Errorf("statistics: %w", err)
	}
	if n > 0 {
		tx.s.statsReady.Store(true)
	}
	return n > 0, nil
}

// sortedKeys are the cells' keys in the table's key order.
func (c statCells) sortedKeys() []statKey {
	keys := make([]statKey, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.Region != b.Region {
			return a.Region < b.Region
		}
		if a.Month != b.Month {
			return a.Month < b.Month
		}
		if a.Dim != b.Dim {
			return a.Dim < b.Dim
		}
		return a.Key < b.Key
	})
	return keys
}

// addStatCells adds the figures to the stored cells (creating them).
func (tx *Tx) addStatCells(ctx context.Context, cells statCells) error {
	for _, k := range cells.sortedKeys() {
		f := cells[k]
		if f.N == 0 && f.Amount == 0 {
			continue
		}
		if _, err := tx.tx.ExecContext(ctx, `INSERT INTO stat_cells (region, month, dim, key, n, amount) VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (region, month, dim, key) DO UPDATE SET n = stat_cells.n + excluded.n, amount = stat_cells.amount + excluded.amount`,
			k.Region, k.Month, string(k.Dim), k.Key, f.N, int64(f.Amount)); err != nil {
			return fmt.Errorf("statistics: %w", err)
		}
	}
	return nil
}

// statSourceState is the latest state of a source object.
type statSourceState struct {
	objectType string
	state      string
}

// readStatSources reads the latest state of every source object from the
// log (one pass over its events, in object order), for a recompute.
func readStatSources(ctx context.Context, q querier) ([]statSourceState, error) {
	types := make([]string, 0, len(statSources))
	for t := range statSources {
		types = append(types, "'"+t+"'")
	}
	sort.Strings(types)
	rows, err := q.QueryContext(ctx, `SELECT object_type, object_id, state FROM events WHERE object_type IN (`+strings.Join(types, ", ")+`)
		ORDER BY object_type, object_id, id`)
	if err != nil {
		return nil, fmt.Errorf("statistics: %w", err)
	}
	defer rows.Close()
	var out []statSourceState
	var lastType, lastID string
	for rows.Next() {
		var typ, id, state string
		if err := rows.Scan(&typ, &id, &state); err != nil {
			return nil, err
		}
		if typ == lastType && id == lastID {
			out[len(out)-1].state = state
			continue
		}
		lastType, lastID = typ, id
		out = append(out, statSourceState{objectType: typ, state: state})
	}
	return out, rows.Err()
}

// computeStats recomputes every cell from the source objects' latest states.
func (s *Store) computeStats(ctx context.Context, q querier) (statCells, error) {
	sources, err := readStatSources(ctx, q)
	if err != nil {
		return nil, err
	}
	l := statLookup{ctx: ctx, q: q, regions: s.regions}
	cells := statCells{}
	for _, src := range sources {
		if err := contribute(l, s.regions, cells, src.objectType, []byte(src.state), 1); err != nil {
			return nil, err
		}
	}
	if err := addFlagStats(ctx, q, s.regions, cells); err != nil {
		return nil, err
	}
	for k, f := range cells {
		if f.N == 0 && f.Amount == 0 {
			delete(cells, k)
		}
	}
	return cells, nil
}

// readStatCells reads every stored cell (zero cells left out), for a check.
func readStatCells(ctx context.Context, q querier) (statCells, error) {
	rows, err := q.QueryContext(ctx, `SELECT region, month, dim, key, n, amount FROM stat_cells`)
	if err != nil {
		return nil, fmt.Errorf("statistics: %w", err)
	}
	defer rows.Close()
	cells := statCells{}
	for rows.Next() {
		var k statKey
		var f goumai.StatFigure
		if err := rows.Scan(&k.Region, &k.Month, &k.Dim, &k.Key, &f.N, &f.Amount); err != nil {
			return nil, err
		}
		if f.N != 0 || f.Amount != 0 {
			cells[k] = f
		}
	}
	return cells, rows.Err()
}

// StatDiff is a cell whose stored figure differs from the recomputed one.
type StatDiff struct {
	Region, Month, Dim, Key string
	Stored, Recomputed      goumai.StatFigure
}

func (d StatDiff) String() string {
	return fmt.Sprintf("%s %s %s/%s: stored %d, %d fen; recomputed %d, %d fen",
		d.Region, d.Month, d.Dim, d.Key, d.Stored.N, d.Stored.Amount, d.Recomputed.N, d.Recomputed.Amount)
}

// CheckStats recomputes the statistics from the log and compares them with
// the stored cells, returning the differences (none: they are equal).
func (s *Store) CheckStats(ctx context.Context) ([]StatDiff, error) {
	var diffs []StatDiff
	err := s.Update(ctx, func(tx *Tx) error { // one snapshot of the log and the cells
		want, err := s.computeStats(ctx, tx.tx)
		if err != nil {
			return err
		}
		have, err := readStatCells(ctx, tx.tx)
		if err != nil {
			return err
		}
		diffs = diffStats(have, want)
		return nil
	})
	return diffs, err
}

func diffStats(have, want statCells) []StatDiff {
	all := statCells{}
	for k := range have {
		all[k] = goumai.StatFigure{}
	}
	for k := range want {
		all[k] = goumai.StatFigure{}
	}
	var out []StatDiff
	for _, k := range all.sortedKeys() {
		if have[k] != want[k] {
			out = append(out, StatDiff{Region: k.Region, Month: k.Month, Dim: string(k.Dim), Key: k.Key, Stored: have[k], Recomputed: want[k]})
		}
	}
	return out
}

// RebuildStats recomputes the statistics from the log and replaces the
// stored cells with them (goumai stats rebuild; when migration 0059 is
// applied to a database that already has a log). It returns the number of cells.
func (s *Store) RebuildStats(ctx context.Context) (int, error) {
	var n int
	err := s.Update(ctx, func(tx *Tx) error {
		cells, err := s.computeStats(ctx, tx.tx)
		if err != nil {
			return err
		}
		if _, err := tx.tx.ExecContext(ctx, `DELETE FROM stat_cells`); err != nil {
			return fmt.Errorf("statistics: %w", err)
		}
		n = len(cells)
		return tx.addStatCells(ctx, cells)
	})
	return n, err
}

var listStatCells = registerList("StatCells", func(s *Store) []listSample {
	return []listSample{
		sample(statCellsSQL("330000", goumai.StatPeriod{From: "2026-01", To: "2026-12"}, "")).sorted("grouped by dimension and key: one region's cells of a period, a few hundred rows"),
		sample(statCellsSQL("330106", goumai.StatPeriod{From: "2026-01", To: "2026-12"}, goumai.StatPurchaser)).sorted("grouped by purchaser: one county's cells of a period"),
		sample(statChildrenSQL([]string{"330100", "330200"}, goumai.StatPeriod{From: "2026-01", To: "2026-12"})).sorted("grouped by region and key: the children's totals of a period"),
	}
})

// statCellsSQL sums a region's cells of a period by dimension and key (one dimension, or all).
func statCellsSQL(region string, p goumai.StatPeriod, dim goumai.StatDim) (string, []any) {
	var w where
	w.add("region = $%d", region)
	w.add("month >= $%d", p.From)
	w.add("month <= $%d", p.To)
	if dim != "" {
		w.add("dim = $%d", string(dim))
	}
	return `SELECT dim, key, SUM(n), SUM(amount) FROM stat_cells WHERE ` + w.sql() + ` GROUP BY dim, key`, w.args
}

// statChildrenSQL sums the totals of regions of a period by region and key.
func statChildrenSQL(regions []string, p goumai.StatPeriod) (string, []any) {
	var w where
	vals := make([]any, len(regions))
	for i, c := range regions {
		vals[i] = c
	}
	w.in("region", vals...)
	w.add("month >= $%d", p.From)
	w.add("month <= $%d", p.To)
	w.add("dim = $%d", string(goumai.StatTotal))
	return `SELECT region, key, SUM(n), SUM(amount) FROM stat_cells WHERE ` + w.sql() + ` GROUP BY region, key`, w.args
}

type statSum struct {
	a, b string
	f    goumai.StatFigure
}

func scanStatSum(r scanner) (statSum, error) {
	var s statSum
	err := r.Scan(&s.a, &s.b, &s.f.N, &s.f.Amount)
	return s, err
}

// statSums runs one of the statistics' list queries.
func (s *Store) statSums(ctx context.Context, q string, args []any) ([]statSum, error) {
	return queryList(ctx, s.r, listStatCells, scanStatSum, q, args...)
}

// Stats reads the statistics of region's subtree for period p, each figure
// with the previous period's, and the drill-down one level lower (the
// children regions, or for GrainPurchaser the region's purchasers). It reads
// only the cells of the region and of its children: a few hundred rows
// whatever the number of projects. publicOnly leaves out the dimensions that
// are not public. The caller has checked the period and the grain
// (goumai.ParseStatPeriod, goumai.CheckStatGrain) and the reader's right.
func (s *Store) Stats(ctx context.Context, region string, p goumai.StatPeriod, grain goumai.StatGrain, publicOnly bool) (goumai.StatReport, error) {
	g, ok := s.regions.Get(region)
	if !ok {
		return goumai.StatReport{}, goumai.ErrNotFound("地区", "region")
	}
	if grain == "" {
		grain = goumai.GrainRegion
	}
	if err := goumai.CheckStatGrain(s.regions, region, grain); err != nil {
		return goumai.StatReport{}, err
	}
	rep := goumai.StatReport{Region: g, Period: p, Previous: p.Previous(), Grain: grain, Public: publicOnly}
	type dimKey struct{ dim, key string }
	figures := map[dimKey]*goumai.StatRow{}
	keysOf := map[goumai.StatDim][]string{}
	for i, period := range []goumai.StatPeriod{p, rep.Previous} {
		q, args := statCellsSQL(region, period, "")
		sums, err := s.statSums(ctx, q, args)
		if err != nil {
			return rep, err
		}
		for _, sm := range sums {
			d := goumai.StatDim(sm.a)
			if d == goumai.StatPurchaser || (publicOnly && !goumai.StatPublic(d, sm.b)) {
				continue
			}
			k := dimKey{sm.a, sm.b}
			row := figures[k]
			if row == nil {
				row = &goumai.StatRow{Key: sm.b, Label: goumai.StatKeyLabel(d, sm.b)}
				figures[k] = row
				keysOf[d] = append(keysOf[d], sm.b)
			}
			if i == 0 {
				row.Now = sm.f
			} else {
				row.Previous = sm.f
			}
		}
	}
	for _, d := range goumai.StatDims {
		if publicOnly && !d.Public() {
			continue
		}
		t := goumai.StatTable{Dim: d, Rows: []goumai.StatRow{}}
		keys := keysOf[d]
		sort.Strings(keys)
		for _, k := range keys {
			if row := figures[dimKey{string(d), k}]; row.Now != (goumai.StatFigure{}) || row.Previous != (goumai.StatFigure{}) {
				t.Rows = append(t.Rows, *row) // a key all of whose objects moved on leaves zero cells: not shown
			}
		}
		rep.Tables = append(rep.Tables, t)
	}
	children, err := s.statChildren(ctx, region, p, grain, publicOnly)
	if err != nil || grain != goumai.GrainRegion || len(children) == 0 {
		rep.Children = children
		return rep, err
	}
	// The region's own level: its totals less its children's.
	own := goumai.StatChild{Code: region, Name: g.Name, Own: true}
	for _, r := range rep.Tables[0].Rows { // StatTotal comes first
		switch r.Key {
		case "projects":
			own.Projects = r.Now
		case "contracts":
			own.Contracts = r.Now
		case "payments":
			own.Payments = r.Now
		}
	}
	for _, c := range children {
		own.Projects = own.Projects.Minus(c.Projects)
		own.Contracts = own.Contracts.Minus(c.Contracts)
		own.Payments = own.Payments.Minus(c.Payments)
	}
	rep.Children = append([]goumai.StatChild{own}, children...)
	return rep, nil
}

// statChildren is the drill-down of Stats.
func (s *Store) statChildren(ctx context.Context, region string, p goumai.StatPeriod, grain goumai.StatGrain, publicOnly bool) ([]goumai.StatChild, error) {
	out := []goumai.StatChild{}
	if grain == goumai.GrainPurchaser {
		q, args := statCellsSQL(region, p, goumai.StatPurchaser)
		sums, err := s.statSums(ctx, q, args)
		if err != nil {
			return nil, err
		}
		for _, sm := range sums {
			c := goumai.StatChild{Code: sm.b, Projects: sm.f}
			if id, err := strconv.ParseInt(sm.b, 10, 64); err == nil {
				if o, err := s.Org(ctx, id); err == nil {
					c.Name = o.Name
				}
			}
			out = append(out, c)
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Projects.Amount > out[j].Projects.Amount })
		return out, nil
	}
	codes := s.regions.Children(region)
	if len(codes) == 0 {
		return out, nil
	}
	q, args := statChildrenSQL(codes, p)
	sums, err := s.statSums(ctx, q, args)
	if err != nil {
		return nil, err
	}
	byCode := map[string]*goumai.StatChild{}
	for _, c := range codes {
		g, _ := s.regions.Get(c)
		out = append(out, goumai.StatChild{Code: c, Name: g.Name})
	}
	for i := range out {
		byCode[out[i].Code] = &out[i]
	}
	for _, sm := range sums {
		c := byCode[sm.a]
		switch sm.b {
		case "projects":
			c.Projects = sm.f
		case "contracts":
			c.Contracts = sm.f
		case "payments":
			if !publicOnly {
				c.Payments = sm.f
			}
		}
	}
	return out, nil
}
