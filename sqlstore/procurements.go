package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
)

// Procurement part 1: procedures, lots, agency agreements, method decisions,
// notices and objections (migration 0013).

func init() {
	registerTable(table{name: "agency_agreements", key: "id", cols: []column{{"id", colInt}, {"purchaser_org_id", colInt},
		{"agency_org_id", colInt}, {"project_id", colInt}, {"reference", colText}, {"scope", colText}, {"signed_on", colText},
		{"created_by", colNullInt}, {"created_at", colText}, {"ended_at", colNullText}}})
	registerTable(table{name: "procurements", key: "id", cols: []column{{"id", colInt}, {"code", colText}, {"project_id", colInt},
		{"purchaser_org_id", colInt}, {"agency_org_id", colNullInt}, {"region", colText}, {"title", colText}, {"category", colText},
		{"amount", colInt}, {"method", colText}, {"reason", colText}, {"reason_detail", colText}, {"method_approved", colBool},
		{"sole_supplier_id", colNullInt}, {"invited", colJSON}, {"documents", colJSON}, {"docs_from", colNullText},
		{"docs_until", colNullText}, {"bid_deadline", colNullText}, {"params_from", colText}, {"status", colText},
		{"next_due", colNullText}, {"published_at", colNullText}, {"version", colInt}, {"created_by", colNullInt}, {"created_at", colText}, {"updated_at", colText}}})
	registerTable(table{name: "procurement_counters", key: "scope", cols: []column{{"scope", colText}, {"last", colInt}}})
	registerTable(table{name: "procurement_lots", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt},
		{"number", colInt}, {"title", colText}, {"budget", colInt}, {"ceiling", colInt}, {"bid_bond", colInt},
		{"requirements", colText}, {"sme_reserved", colBool}}})
	registerTable(table{name: "method_decisions", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt},
		{"method", colText}, {"reason", colText}, {"approver_org_id", colInt}, {"requested_by", colNullInt}, {"requested_at", colText},
		{"due_at", colText}, {"overdue_at", colNullText}, {"splitting", colJSON}, {"status", colText}, {"decided_by", colNullInt}, {"decided_at", colNullText}, {"opinion", colText}}})
	registerTable(table{name: "notices", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"region", colText},
		{"kind", colText}, {"number", colInt}, {"title", colText}, {"body", colJSON}, {"published_at", colText}}})
	registerTable(table{name: "objections", key: "id", cols: []column{{"id", colInt}, {"procurement_id", colInt}, {"org_id", colNullInt},
		{"user_id", colNullInt}, {"body", colText}, {"filed_at", colText}, {"answer", colText}, {"answered_by", colNullInt},
		{"answered_at", colNullText}}})
}

var (
	procurementWhat = goumai.M("采购项目", "procurement")
	lotWhat         = goumai.M("采购包", "lot")
	agreementWhat   = goumai.M("委托代理协议", "agency agreement")
	decisionWhat    = goumai.M("采购方式审批", "method decision")
	noticeWhat      = goumai.M("公告", "notice")
	objectionWhat   = goumai.M("异议", "objection")
)

const procurementCols = `id, code, project_id, purchaser_org_id, agency_org_id, region, title, category, amount, method, reason,
	reason_detail, method_approved, sole_supplier_id, invited, documents, docs_from, docs_until, bid_deadline, params_from,
	status, next_due, published_at, version, created_by, created_at, updated_at`

// procurementColsP are procurementCols qualified by the alias p.
var procurementColsP = func() string {
	cols := strings.Split(procurementCols, ",")
	for i, c := range cols {
		cols[i] = "p." + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}()

func scanProcurement(sc scanner) (goumai.Procurement, error) {
	var p goumai.Procurement
	var agency, sole, by sql.NullInt64
	var method, reason, status, invited, docs, params, created, updated string
	var from, until, deadline, due, published sql.NullString
	err := sc.Scan(&p.ID, &p.Code, &p.ProjectID, &p.PurchaserOrgID, &agency, &p.Region, &p.Title, &p.Category, &p.Amount, &method,
		&reason, &p.ReasonDetail, &p.MethodApproved, &sole, &invited, &docs, &from, &until, &deadline, &params, &status, &due,
		&published, &p.Version, &by, &created, &updated)
	if err != nil {
		return p, err
	}
	p.AgencyOrgID, p.SoleSupplierID, p.CreatedBy = agency.Int64, sole.Int64, by.Int64
	p.Method, p.Reason, p.Status = goumai.ProcurementMethod(method), goumai.MethodReason(reason), goumai.ProcurementStatus(status)
	if err := json.Unmarshal([]byte(invited), &p.Invited); err != nil {
		return p, fmt.Errorf("procurement %d: stored invited: %w", p.ID, err)
	}
	if err := json.Unmarshal([]byte(docs), &p.Documents); err != nil {
		return p, fmt.Errorf("procurement %d: stored documents: %w", p.ID, err)
	}
	for _, t := range []struct {
		s   sql.NullString
		dst *time.Time
	}{{from, &p.Periods.DocsFrom}, {until, &p.Periods.DocsUntil}, {deadline, &p.Periods.BidDeadline}} {
		if t.s.Valid {
			if *t.dst, err = parseTime(t.s.String); err != nil {
				return p, err
			}
		}
	}
	if p.NextDue, err = parseNullTime(due); err != nil {
		return p, err
	}
	if p.PublishedAt, err = parseNullTime(published); err != nil {
		return p, err
	}
	if p.ParamsFrom, err = parseTime(params); err != nil {
		return p, err
	}
	if p.CreatedAt, err = parseTime(created); err != nil {
		return p, err
	}
	p.UpdatedAt, err = parseTime(updated)
	return p, err
}

// timeArg is a time for a nullable column: NULL when zero.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

// procurementWriteCols are the columns InsertProcurement and UpdateProcurement write.
const procurementWriteCols = `agency_org_id, title, method, reason, reason_detail, method_approved, sole_supplier_id, invited, documents,
	docs_from, docs_until, bid_deadline, status, next_due, published_at`

func procurementArgs(p goumai.Procurement) ([]any, error) {
	invited := p.Invited
	if invited == nil {
		invited = []int64{}
	}
	inv, err := jsonText(invited)
	if err != nil {
		return nil, err
	}
	if p.Documents.Targets == nil {
		p.Documents.Targets = []goumai.PerformanceTarget{}
	}
	docs, err := jsonText(p.Documents)
	if err != nil {
		return nil, err
	}
	return []any{nullInt(p.AgencyOrgID), p.Title, string(p.Method), string(p.Reason), p.ReasonDetail, p.MethodApproved,
		nullInt(p.SoleSupplierID), inv, docs, timeArg(p.Periods.DocsFrom), timeArg(p.Periods.DocsUntil), timeArg(p.Periods.BidDeadline),
		string(p.Status), nullTime(p.NextDue), nullTime(p.PublishedAt)}, nil
}

// NextProcurementCode takes the next procedure code of a region and year, e.g.
// CG-330106-2026-0001, under the counter row's lock, and records the counter.
func (tx *Tx) NextProcurementCode(ctx context.Context, a goumai.Actor, region string, year int) (string, error) {
	scope := ProjectCounterScope(region, year)
	if _, err := tx.writeRow(ctx, "procurement_counters", `INSERT INTO procurement_counters (scope, last) VALUES ($1, 1)
		ON CONFLICT (scope) DO UPDATE SET last = procurement_counters.last + 1`, scope); err != nil {
		return "", fmt.Errorf("procurement code counter %s: %w", scope, err)
	}
	var n int64
	if err := tx.tx.QueryRowContext(ctx, `SELECT last FROM procurement_counters WHERE scope = $1`, scope).Scan(&n); err != nil {
		return "", fmt.Errorf("procurement code counter %s: %w", scope, err)
	}
	if _, err := tx.Record(ctx, Change{Actor: a, Action: "procurement.code", Table: "procurement_counters", Key: scope, Region: region, Public: true}); err != nil {
		return "", err
	}
	return fmt.Sprintf("CG-%s-%d-%04d", region, year, n), nil
}

// InsertProcurement inserts a procedure (its code already taken) and returns its id.
func (tx *Tx) InsertProcurement(ctx context.Context, p goumai.Procurement) (int64, error) {
	args, err := procurementArgs(p)
	if err != nil {
		return 0, err
	}
	ph := make([]string, len(args))
	for i := range args {
		ph[i] = "$" + strconv.Itoa(i+10)
	}
	key, err := tx.writeRow(ctx, "procurements", `INSERT INTO procurements (code, project_id, purchaser_org_id, region, category, amount,
		params_from, created_by, created_at, updated_at, version, `+procurementWriteCols+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, 1, `+joinComma(ph)+`)`,
		append([]any{p.Code, p.ProjectID, p.PurchaserOrgID, p.Region, p.Category, p.Amount, formatTime(p.ParamsFrom), nullInt(p.CreatedBy),
			formatTime(tx.now)}, args...)...)
	if err != nil {
		err = interpretError(err, procurementWhat)
		if goumai.ErrorCode(err) == goumai.EConflict {
			return 0, goumai.Errorf(goumai.EConflict, "该项目已有进行中的采购", "the project already has a procedure under way")
		}
		return 0, err
	}
	return strconv.ParseInt(key, 10, 64)
}

// UpdateProcurement writes a procedure's fields and state if its version is
// still p.Version, and increments the version. A stale version is EStale.
func (tx *Tx) UpdateProcurement(ctx context.Context, p goumai.Procurement) (int, error) {
	args, err := procurementArgs(p)
	if err != nil {
		return 0, err
	}
	return tx.updateVersioned(ctx, "procurements", procurementWriteCols, args, p.ID, p.Version, procurementWhat,
		goumai.M("采购项目已被他人修改或处理，请刷新后重试", "the procedure was changed by someone else; reload and try again"))
}

// Procurement returns one procedure.
func (s *Store) Procurement(ctx context.Context, id int64) (goumai.Procurement, error) {
	p, err := scanProcurement(s.r.QueryRowContext(ctx, `SELECT `+procurementCols+` FROM procurements WHERE id = $1`, id))
	return p, interpretError(err, procurementWhat)
}

// Procurement returns one procedure, inside the transaction.
// A grouped transaction reads it once (txMemo).
func (tx *Tx) Procurement(ctx context.Context, id int64) (goumai.Procurement, error) {
	fresh := tx.memoOK("procurements")
	if p, ok := tx.memo.procurements[id]; ok && fresh {
		return p, nil
	}
	p, err := scanProcurement(tx.queryRow(ctx, `SELECT `+procurementCols+` FROM procurements WHERE id = $1`, id))
	if err == nil && fresh {
		memoPut(&tx.memo.procurements, id, p)
	}
	return p, interpretError(err, procurementWhat)
}

// ProcurementFilter selects procedures; lists are keyset-paged by id, newest first.
type ProcurementFilter struct {
	Region    string // subtree root; "" for all
	OrgID     int64  // the purchaser's or the agency's
	ProjectID int64
	Published bool // only procedures with a notice (the public's)
	Statuses  []goumai.ProcurementStatus
	Method    goumai.ProcurementMethod // one method; "" for all
	Query     string                   // a part of the title or code
	BeforeID  int64
	Limit     int
}

// FindProcurements lists procedures, newest first.
func (s *Store) FindProcurements(ctx context.Context, f ProcurementFilter) ([]goumai.Procurement, error) {
	q, args := s.procurementsSQL(f)
	return queryList(ctx, s.r, listProcurements, scanProcurement, q, args...)
}

var listProcurements = registerList("FindProcurements", func(s *Store) []listSample {
	return []listSample{
		sample(s.procurementsSQL(ProcurementFilter{Published: true, Limit: 51})).wholeTable("the country's newest public procedures: the partial index of the published ones, read backwards, stops after one page"),
		sample(s.procurementsSQL(ProcurementFilter{Published: true, Statuses: []goumai.ProcurementStatus{goumai.ProcTendering}, Limit: 51})),
		sample(s.procurementsSQL(ProcurementFilter{Region: "330106", Published: true, BeforeID: 90, Limit: 51})),
		sample(s.procurementsSQL(ProcurementFilter{Region: "330106", Limit: 51})),
		sample(s.procurementsSQL(ProcurementFilter{Region: "330100", Limit: 51})).sorted("a prefecture's regions each give their rows in id order"),
		sample(s.procurementsSQL(ProcurementFilter{Region: "330100", Published: true, Limit: 51})).sorted("a prefecture's regions each give their rows in id order"),
		sample(s.procurementsSQL(ProcurementFilter{OrgID: 7, Limit: 51})).sorted("one organisation's procedures, as purchaser or agency"),
		sample(s.procurementsSQL(ProcurementFilter{ProjectID: 7, Limit: 51})),
		sample(s.procurementsSQL(ProcurementFilter{Statuses: []goumai.ProcurementStatus{goumai.ProcDraft, goumai.ProcApproval}, Limit: 51})).sorted("the states each give their rows in id order"),
		sample(s.procurementsSQL(ProcurementFilter{Region: "330106", Published: true, Method: goumai.MethodOpenTender, Query: "养老", Limit: 51})),
		sample(s.procurementsSQL(ProcurementFilter{Published: true, Method: goumai.MethodConsultation, Query: "养老", Limit: 51})).wholeTable("the public portal's search of the whole country: the partial index of the published ones, read backwards, stops after one page of matches"),
	}
})

func (s *Store) procurementsSQL(f ProcurementFilter) (string, []any) {
	var w where
	w.region(s, "region", f.Region)
	if f.OrgID != 0 {
		w.args = append(w.args, f.OrgID)
		n := strconv.Itoa(len(w.args))
		w.conds = append(w.conds, "(purchaser_org_id = $"+n+" OR agency_org_id = $"+n+")")
	}
	if f.ProjectID != 0 {
		w.add("project_id = $%d", f.ProjectID)
	}
	if f.Published {
		w.conds = append(w.conds, "published_at IS NOT NULL")
	}
	if len(f.Statuses) > 0 {
		st := make([]any, len(f.Statuses))
		for i, v := range f.Statuses {
			st[i] = string(v)
		}
		w.in("status", st...)
	}
	if f.Method != "" {
		w.add("method = $%d", string(f.Method))
	}
	if f.Query != "" {
		w.contains(f.Query, "title", "code")
	}
	if f.BeforeID > 0 {
		w.add("id < $%d", f.BeforeID)
	}
	limit := w.limit(f.Limit, 50, 500)
	return `SELECT ` + procurementCols + ` FROM procurements WHERE ` + w.sql() + ` ORDER BY id DESC LIMIT ` + limit, w.args
}

// FindProcurementsOf returns a project's procedures, inside the transaction, by id.
func (tx *Tx) FindProcurementsOf(ctx context.Context, projectID int64) ([]goumai.Procurement, error) {
	return queryList(ctx, tx.tx, listOfProject, scanProcurement, ofProjectSQL, projectID)
}

const ofProjectSQL = `SELECT ` + procurementCols + ` FROM procurements WHERE project_id = $1 ORDER BY id`

var listOfProject = registerList("FindProcurementsOf", func(s *Store) []listSample {
	return []listSample{sample(ofProjectSQL, []any{7}).sorted("a project has a handful of procedures")}
})

// DueProcurements lists procedures whose next due time has come, for the
// scheduler, in (next_due, id) order after a cursor (the zero cursor starts):
// an index on next_due gives them without reading the others.
func (s *Store) DueProcurements(ctx context.Context, now time.Time, after DueCursor, limit int) ([]goumai.Procurement, error) {
	return queryList(ctx, s.r, listDue, scanProcurement, dueSQL, formatTime(now), formatTime(after.Due), after.ID, limit)
}

// DueCursor is the last (next_due, id) a scheduler pass has seen.
type DueCursor struct {
	Due time.Time
	ID  int64
}

const dueSQL = `SELECT ` + procurementCols + ` FROM procurements WHERE next_due IS NOT NULL AND next_due <= $1
	AND (next_due > $2 OR next_due = $2 AND id > $3) ORDER BY next_due, id LIMIT $4`

var listDue = registerList("DueProcurements", func(s *Store) []listSample {
	return []listSample{sample(dueSQL, []any{formatTime(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)), formatTime(time.Time{}), 0, 100})}
})

// EarlierNonTender sums a purchaser's procedures of a fiscal year under one
// budget line and category by another method than open tender, each below
// threshold and without an approved method: the earlier purchases of the
// 化整为零 sum (ENG-C3, GPL-IR Art. 28). Each purchase counts once: the
// procedures of the project being checked are left out (a re-tender buys
// what the failed one did not), and so is a failed procedure whose follow-up
// carries its project on; terminated ones bought nothing.
func (tx *Tx) EarlierNonTender(ctx context.Context, purchaser, budgetLine int64, category string, year int, project int64, threshold goumai.Fen) (goumai.Fen, error) {
	var sum sql.NullInt64
	err := tx.tx.QueryRowContext(ctx, `SELECT sum(p.amount) FROM procurements p JOIN projects j ON j.id = p.project_id
		JOIN budget_lines l ON l.id = j.budget_line_id
		WHERE p.purchaser_org_id = $1 AND j.budget_line_id = $2 AND p.category = $3 AND l.fiscal_year = $4 AND p.project_id <> $5
		AND p.method <> 'open_tender' AND p.status <> 'terminated' AND p.amount < $6 AND NOT p.method_approved
		AND `+notFollowedUp,
		purchaser, budgetLine, category, year, project, threshold).Scan(&sum)
	if err != nil {
		return 0, fmt.Errorf("化整为零 of purchaser %d: %w", purchaser, err)
	}
	return goumai.Fen(sum.Int64), nil
}

// Lots.

const lotCols = `id, procurement_id, number, title, budget, ceiling, bid_bond, requirements, sme_reserved`

func scanLot(sc scanner) (goumai.Lot, error) {
	var l goumai.Lot
	err := sc.Scan(&l.ID, &l.ProcurementID, &l.Number, &l.Title, &l.Budget, &l.Ceiling, &l.BidBond, &l.Requirements, &l.SMEReserved)
	return l, err
}

// PutLot inserts a lot, or updates the procedure's lot of the same number.
func (tx *Tx) PutLot(ctx context.Context, l goumai.Lot) (int64, error) {
	key, err := tx.writeRow(ctx, "procurement_lots", `INSERT INTO procurement_lots (procurement_id, number, title, budget, ceiling, bid_bond, requirements, sme_reserved)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (procurement_id, number) DO UPDATE SET title = excluded.title, budget = excluded.budget, ceiling = excluded.ceiling,
		bid_bond = excluded.bid_bond, requirements = excluded.requirements, sme_reserved = excluded.sme_reserved`,
		l.ProcurementID, l.Number, l.Title, l.Budget, l.Ceiling, l.BidBond, l.Requirements, l.SMEReserved)
	if err != nil {
		return 0, interpretError(err, lotWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// DeleteLot removes a lot of a procedure under drafting.
func (tx *Tx) DeleteLot(ctx context.Context, id int64) error {
	tx.memo.lots = nil // the delete is not kept for Record (wrote does not see it)
	_, err := tx.exec(ctx, `DELETE FROM procurement_lots WHERE id = $1`, id)
	return interpretError(err, lotWhat)
}

// Lots returns a procedure's lots by number.
func (s *Store) Lots(ctx context.Context, procurementID int64) ([]goumai.Lot, error) {
	return queryList(ctx, s.r, listLots, scanLot, lotsSQL, procurementID)
}

// Lots returns a procedure's lots, inside the transaction.
// A grouped transaction reads them once (txMemo).
func (tx *Tx) Lots(ctx context.Context, procurementID int64) ([]goumai.Lot, error) {
	fresh := tx.memoOK("procurement_lots")
	if ls, ok := tx.memo.lots[procurementID]; ok && fresh {
		return slices.Clone(ls), nil
	}
	ls, err := queryList(ctx, tx.prepared(), listLots, scanLot, lotsSQL, procurementID)
	if err == nil && fresh {
		memoPut(&tx.memo.lots, procurementID, slices.Clone(ls))
	}
	return ls, err
}

const lotsSQL = `SELECT ` + lotCols + ` FROM procurement_lots WHERE procurement_id = $1 ORDER BY number`

var listLots = registerList("Lots", func(s *Store) []listSample {
	return []listSample{sample(lotsSQL, []any{7})}
})

// Agency agreements.

const agreementCols = `id, purchaser_org_id, agency_org_id, project_id, reference, scope, signed_on, created_by, created_at, ended_at`

func scanAgreement(sc scanner) (goumai.AgencyAgreement, error) {
	var a goumai.AgencyAgreement
	var by sql.NullInt64
	var signed, created string
	var ended sql.NullString
	if err := sc.Scan(&a.ID, &a.PurchaserOrgID, &a.AgencyOrgID, &a.ProjectID, &a.Reference, &a.Scope, &signed, &by, &created, &ended); err != nil {
		return a, err
	}
	a.CreatedBy = by.Int64
	var err error
	if a.SignedOn, err = parseTime(signed); err != nil {
		return a, err
	}
	if a.CreatedAt, err = parseTime(created); err != nil {
		return a, err
	}
	a.EndedAt, err = parseNullTime(ended)
	return a, err
}

// InsertAgreement records an agency agreement.
func (tx *Tx) InsertAgreement(ctx context.Context, a goumai.AgencyAgreement) (int64, error) {
	key, err := tx.writeRow(ctx, "agency_agreements", `INSERT INTO agency_agreements (purchaser_org_id, agency_org_id, project_id, reference, scope, signed_on, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, a.PurchaserOrgID, a.AgencyOrgID, a.ProjectID, a.Reference, a.Scope, formatTime(a.SignedOn),
		nullInt(a.CreatedBy), formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, agreementWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// EndAgreement ends an agency agreement now.
func (tx *Tx) EndAgreement(ctx context.Context, id int64) error {
	_, err := tx.writeRow(ctx, "agency_agreements", `UPDATE agency_agreements SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL`, formatTime(tx.now), id)
	return interpretError(err, agreementWhat)
}

// Agreements returns a project's agency agreements, oldest first.
func (s *Store) Agreements(ctx context.Context, projectID int64) ([]goumai.AgencyAgreement, error) {
	return queryList(ctx, s.r, listAgreements, scanAgreement, agreementsSQL, projectID)
}

// Agreements returns a project's agency agreements, inside the transaction.
func (tx *Tx) Agreements(ctx context.Context, projectID int64) ([]goumai.AgencyAgreement, error) {
	return queryList(ctx, tx.tx, listAgreements, scanAgreement, agreementsSQL, projectID)
}

const agreementsSQL = `SELECT ` + agreementCols + ` FROM agency_agreements WHERE project_id = $1 ORDER BY id`

var listAgreements = registerList("Agreements", func(s *Store) []listSample {
	return []listSample{sample(agreementsSQL, []any{7})}
})

// EntrustedAgreements returns an agency's agreements in force, newest first.
func (s *Store) EntrustedAgreements(ctx context.Context, agencyOrgID int64, limit int) ([]goumai.AgencyAgreement, error) {
	return queryList(ctx, s.r, listEntrusted, scanAgreement, entrustedSQL, agencyOrgID, limit)
}

const entrustedSQL = `SELECT ` + agreementCols + ` FROM agency_agreements WHERE agency_org_id = $1 AND ended_at IS NULL ORDER BY id DESC LIMIT $2`

var listEntrusted = registerList("EntrustedAgreements", func(s *Store) []listSample {
	return []listSample{sample(entrustedSQL, []any{7, 200})}
})

// Method decisions.

const decisionCols = `id, procurement_id, method, reason, approver_org_id, requested_by, requested_at, due_at, overdue_at, splitting, status, decided_by, decided_at, opinion`

func scanDecision(sc scanner) (goumai.MethodDecision, error) {
	var d goumai.MethodDecision
	var by, decider sql.NullInt64
	var method, reason, requested, due, splitting, status string
	var decided, overdue sql.NullString
	if err := sc.Scan(&d.ID, &d.ProcurementID, &method, &reason, &d.ApproverOrgID, &by, &requested, &due, &overdue, &splitting, &status, &decider, &decided, &d.Opinion); err != nil {
		return d, err
	}
	d.Method, d.Reason, d.Status, d.RequestedBy, d.DecidedBy = goumai.ProcurementMethod(method), goumai.MethodReason(reason), goumai.DecisionStatus(status), by.Int64, decider.Int64
	if err := json.Unmarshal([]byte(splitting), &d.Splitting); err != nil {
		return d, fmt.Errorf("method decision %d: stored splitting: %w", d.ID, err)
	}
	var err error
	if d.RequestedAt, err = parseTime(requested); err != nil {
		return d, err
	}
	if d.DueAt, err = parseTime(due); err != nil {
		return d, err
	}
	if d.OverdueAt, err = parseNullTime(overdue); err != nil {
		return d, err
	}
	d.DecidedAt, err = parseNullTime(decided)
	return d, err
}

// InsertDecision records a request for a method decision.
func (tx *Tx) InsertDecision(ctx context.Context, d goumai.MethodDecision) (int64, error) {
	sp, err := jsonText(d.Splitting)
	if err != nil {
		return 0, err
	}
	key, err := tx.writeRow(ctx, "method_decisions", `INSERT INTO method_decisions (procurement_id, method, reason, approver_org_id, requested_by, requested_at, due_at, splitting, status)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, d.ProcurementID, string(d.Method), string(d.Reason), d.ApproverOrgID, nullInt(d.RequestedBy),
		formatTime(tx.now), formatTime(d.DueAt), sp, string(goumai.DecisionRequested))
	if err != nil {
		return 0, interpretError(err, decisionWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// DecideDecision records the decision on a requested method decision; one
// decided meanwhile is EStale.
func (tx *Tx) DecideDecision(ctx context.Context, d goumai.MethodDecision) error {
	_, err := tx.writeRow(ctx, "method_decisions", `UPDATE method_decisions SET status = $1, decided_by = $2, decided_at = $3, opinion = $4
		WHERE id = $5 AND status = $6`, string(d.Status), nullInt(d.DecidedBy), formatTime(tx.now), d.Opinion, d.ID, string(goumai.DecisionRequested))
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EStale, "该审批已被他人处理，请刷新后查看", "the decision was made by someone else; reload to see it")
	}
	return interpretError(err, decisionWhat)
}

// WithdrawDecision records that a requested decision's procedure ended
// before the approver decided.
func (tx *Tx) WithdrawDecision(ctx context.Context, id int64) error {
	_, err := tx.writeRow(ctx, "method_decisions", `UPDATE method_decisions SET status = $1, decided_at = $2 WHERE id = $3 AND status = $4`,
		string(goumai.DecisionWithdrawn), formatTime(tx.now), id, string(goumai.DecisionRequested))
	return interpretError(err, decisionWhat)
}

// MarkDecisionOverdue records that a requested decision passed its time limit.
func (tx *Tx) MarkDecisionOverdue(ctx context.Context, id int64) error {
	_, err := tx.writeRow(ctx, "method_decisions", `UPDATE method_decisions SET overdue_at = $1 WHERE id = $2 AND status = $3 AND overdue_at IS NULL`,
		formatTime(tx.now), id, string(goumai.DecisionRequested))
	return interpretError(err, decisionWhat)
}

// Decisions returns a procedure's method decisions, oldest first.
func (s *Store) Decisions(ctx context.Context, procurementID int64) ([]goumai.MethodDecision, error) {
	return queryList(ctx, s.r, listDecisions, scanDecision, decisionsSQL, procurementID)
}

// Decisions returns a procedure's method decisions, inside the transaction.
func (tx *Tx) Decisions(ctx context.Context, procurementID int64) ([]goumai.MethodDecision, error) {
	return queryList(ctx, tx.tx, listDecisions, scanDecision, decisionsSQL, procurementID)
}

const decisionsSQL = `SELECT ` + decisionCols + ` FROM method_decisions WHERE procurement_id = $1 ORDER BY id`

var listDecisions = registerList("Decisions", func(s *Store) []listSample {
	return []listSample{sample(decisionsSQL, []any{7})}
})

// PendingDecisions returns the method decisions awaiting an approver organisation.
func (s *Store) PendingDecisions(ctx context.Context, approverOrgID int64, limit int) ([]goumai.MethodDecision, error) {
	return queryList(ctx, s.r, listPending, scanDecision, pendingSQL, approverOrgID, string(goumai.DecisionRequested), limit)
}

const pendingSQL = `SELECT ` + decisionCols + ` FROM method_decisions WHERE approver_org_id = $1 AND status = $2 ORDER BY id LIMIT $3`

var listPending = registerList("PendingDecisions", func(s *Store) []listSample {
	return []listSample{sample(pendingSQL, []any{7, string(goumai.DecisionRequested), 200})}
})

// Notices.

const noticeCols = `id, procurement_id, kind, number, title, body, published_at`

func scanNotice(sc scanner) (goumai.Notice, error) {
	var n goumai.Notice
	var kind, body, published string
	if err := sc.Scan(&n.ID, &n.ProcurementID, &kind, &n.Number, &n.Title, &body, &published); err != nil {
		return n, err
	}
	n.Kind = goumai.NoticeKind(kind)
	if err := json.Unmarshal([]byte(body), &n.Body); err != nil {
		return n, fmt.Errorf("notice %d: stored body: %w", n.ID, err)
	}
	var err error
	n.PublishedAt, err = parseTime(published)
	return n, err
}

// InsertNotice publishes a notice (the next number of its procedure) and
// records its public event.
func (tx *Tx) InsertNotice(ctx context.Context, a goumai.Actor, region string, n goumai.Notice) (goumai.Notice, error) {
	if err := tx.tx.QueryRowContext(ctx, `SELECT coalesce(max(number), 0) + 1 FROM notices WHERE procurement_id = $1`, n.ProcurementID).Scan(&n.Number); err != nil {
		return n, fmt.Errorf("notice number of procurement %d: %w", n.ProcurementID, err)
	}
	body, err := jsonText(n.Body)
	if err != nil {
		return n, err
	}
	key, err := tx.writeRow(ctx, "notices", `INSERT INTO notices (procurement_id, region, kind, number, title, body, published_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, n.ProcurementID, region, string(n.Kind), n.Number, n.Title, body, formatTime(tx.now))
	if err != nil {
		return n, interpretError(err, noticeWhat)
	}
	if n.ID, err = strconv.ParseInt(key, 10, 64); err != nil {
		return n, err
	}
	n.PublishedAt = tx.now
	_, err = tx.Record(ctx, Change{Actor: a, Action: "notice." + string(n.Kind), Table: "notices", Key: n.ID, Region: region, Public: true})
	return n, err
}

// Notice returns one notice.
func (s *Store) Notice(ctx context.Context, id int64) (goumai.Notice, error) {
	n, err := scanNotice(s.r.QueryRowContext(ctx, `SELECT `+noticeCols+` FROM notices WHERE id = $1`, id))
	return n, interpretError(err, noticeWhat)
}

// Notices returns a procedure's notices by number.
func (s *Store) Notices(ctx context.Context, procurementID int64) ([]goumai.Notice, error) {
	return queryList(ctx, s.r, listNotices, scanNotice, noticesSQL, procurementID)
}

// Notices returns a procedure's notices, inside the transaction.
func (tx *Tx) Notices(ctx context.Context, procurementID int64) ([]goumai.Notice, error) {
	return queryList(ctx, tx.tx, listNotices, scanNotice, noticesSQL, procurementID)
}

const noticesSQL = `SELECT ` + noticeCols + ` FROM notices WHERE procurement_id = $1 ORDER BY number`

var listNotices = registerList("Notices", func(s *Store) []listSample {
	return []listSample{sample(noticesSQL, []any{7})}
})

// NoticeFilter selects published notices, newest first.
type NoticeFilter struct {
	Region   string            // subtree root; "" for all
	Kind     goumai.NoticeKind // one kind; "" for all
	BeforeID int64
	Limit    int
}

// FindNotices lists published notices, newest first (the portal's notice list).
func (s *Store) FindNotices(ctx context.Context, f NoticeFilter) ([]goumai.Notice, error) {
	q, args := s.noticesSQL(f)
	return queryList(ctx, s.r, listAllNotices, scanNotice, q, args...)
}

var listAllNotices = registerList("FindNotices", func(s *Store) []listSample {
	return []listSample{
		sample(s.noticesSQL(NoticeFilter{Limit: 51})).wholeTable("the country's newest notices: every notice is public, and the primary key read backwards stops after one page"),
		sample(s.noticesSQL(NoticeFilter{Region: "330106", BeforeID: 90, Limit: 51})),
		sample(s.noticesSQL(NoticeFilter{Region: "330000", Limit: 51})).sorted("a province's regions each give their rows in id order"),
		sample(s.noticesSQL(NoticeFilter{Region: "330106", Kind: goumai.NoticeCorrection, Limit: 51})),
		sample(s.noticesSQL(NoticeFilter{Kind: goumai.NoticeTender, Limit: 51})).wholeTable("the country's newest notices of one kind: every notice is public, and the primary key read backwards stops after one page of them"),
	}
})

func (s *Store) noticesSQL(f NoticeFilter) (string, []any) {
	var w where
	w.region(s, "region", f.Region)
	if f.Kind != "" {
		w.add("kind = $%d", string(f.Kind))
	}
	if f.BeforeID > 0 {
		w.add("id < $%d", f.BeforeID)
	}
	limit := w.limit(f.Limit, 50, 500)
	return `SELECT ` + noticeCols + ` FROM notices WHERE ` + w.sql() + ` ORDER BY id DESC LIMIT ` + limit, w.args
}

// Objections.

const objectionCols = `id, procurement_id, org_id, user_id, body, filed_at, answer, answered_by, answered_at`

func scanObjection(sc scanner) (goumai.Objection, error) {
	var o goumai.Objection
	var org, user, by sql.NullInt64
	var filed string
	var answered sql.NullString
	if err := sc.Scan(&o.ID, &o.ProcurementID, &org, &user, &o.Body, &filed, &o.Answer, &by, &answered); err != nil {
		return o, err
	}
	o.OrgID, o.UserID, o.AnsweredBy = org.Int64, user.Int64, by.Int64
	var err error
	if o.FiledAt, err = parseTime(filed); err != nil {
		return o, err
	}
	o.AnsweredAt, err = parseNullTime(answered)
	return o, err
}

// InsertObjection records an objection to a single-source publicity.
func (tx *Tx) InsertObjection(ctx context.Context, o goumai.Objection) (int64, error) {
	key, err := tx.writeRow(ctx, "objections", `INSERT INTO objections (procurement_id, org_id, user_id, body, filed_at) VALUES ($1, $2, $3, $4, $5)`,
		o.ProcurementID, nullInt(o.OrgID), nullInt(o.UserID), o.Body, formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, objectionWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// AnswerObjection records the answer to an objection not yet answered.
func (tx *Tx) AnswerObjection(ctx context.Context, id, by int64, answer string) error {
	_, err := tx.writeRow(ctx, "objections", `UPDATE objections SET answer = $1, answered_by = $2, answered_at = $3 WHERE id = $4 AND answered_at IS NULL`,
		answer, nullInt(by), formatTime(tx.now), id)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EConflict, "该异议不存在或已答复", "no such objection, or it was answered already")
	}
	return interpretError(err, objectionWhat)
}

// Objection returns one objection, inside the transaction.
func (tx *Tx) Objection(ctx context.Context, id int64) (goumai.Objection, error) {
	o, err := scanObjection(tx.queryRow(ctx, `SELECT `+objectionCols+` FROM objections WHERE id = $1`, id))
	return o, interpretError(err, objectionWhat)
}

// Objections returns a procedure's objections, oldest first.
func (s *Store) Objections(ctx context.Context, procurementID int64) ([]goumai.Objection, error) {
	return queryList(ctx, s.r, listObjections, scanObjection, objectionsSQL, procurementID)
}

const objectionsSQL = `SELECT ` + objectionCols + ` FROM objections WHERE procurement_id = $1 ORDER BY id`

var listObjections = registerList("Objections", func(s *Store) []listSample {
	return []listSample{sample(objectionsSQL, []any{7})}
})

// SplitGroup is one purchaser's procedures by another method than open tender
// in a fiscal year under one budget line and category, terminated ones and
// those with an approved method aside: the candidates of ENG-C3's 化整为零 sum.
type SplitGroup struct {
	PurchaserOrgID int64
	BudgetLineID   int64
	Category       string
	FiscalYear     int
	Region         string
	Total          goumai.Fen
	Count          int
	LatestStart    time.Time // the newest procedure's parameter day
}

// SplitGroups returns the groups of more than one non-tender procedure of a
// region subtree ("" or the national root: all), by purchaser, budget line,
// category and fiscal year.
func (s *Store) SplitGroups(ctx context.Context, region string) ([]SplitGroup, error) {
	q, args := s.splitGroupsSQL(region)
	return queryList(ctx, s.r, listSplitGroups, scanSplitGroup, q, args...)
}

func scanSplitGroup(sc scanner) (SplitGroup, error) {
	var g SplitGroup
	var latest string
	if err := sc.Scan(&g.PurchaserOrgID, &g.BudgetLineID, &g.Category, &g.FiscalYear, &g.Region, &g.Total, &g.Count, &latest); err != nil {
		return g, err
	}
	var err error
	g.LatestStart, err = parseTime(latest)
	return g, err
}

func (s *Store) splitGroupsSQL(region string) (string, []any) {
	var w where
	w.region(s, "p.region", region)
	w.conds = append(w.conds, "p.method <> 'open_tender'", "p.status <> 'terminated'", "NOT p.method_approved", notFollowedUp)
	return `SELECT p.purchaser_org_id, j.budget_line_id, p.category, l.fiscal_year, p.region, sum(p.amount), count(*),
		max(p.params_from)
		FROM procurements p JOIN projects j ON j.id = p.project_id JOIN budget_lines l ON l.id = j.budget_line_id
		WHERE ` + w.sql() + `
		GROUP BY p.purchaser_org_id, j.budget_line_id, p.category, l.fiscal_year, p.region HAVING count(*) > 1
		ORDER BY p.purchaser_org_id, j.budget_line_id LIMIT 1000`, w.args
}

var listSplitGroups = registerList("SplitGroups", func(s *Store) []listSample {
	return []listSample{
		sample(s.splitGroupsSQL("330106")).sorted("a report: one region's non-tender procedures grouped by purchaser, line and category"),
		sample(s.splitGroupsSQL("330000")).sorted("a report: a province's non-tender procedures grouped by purchaser, line and category"),
		sample(s.splitGroupsSQL("")).wholeTable("the national report reads every non-tender procedure of the country").sorted("grouped by purchaser, line and category"),
	}
})

// GroupProcurements returns a split group's procedures, oldest first.
func (s *Store) GroupProcurements(ctx context.Context, g SplitGroup) ([]goumai.Procurement, error) {
	return queryList(ctx, s.r, listGroupProcurements, scanProcurement, groupProcurementsSQL, g.PurchaserOrgID, g.BudgetLineID, g.Category)
}

var groupProcurementsSQL = `SELECT ` + procurementColsP + ` FROM procurements p JOIN projects j ON j.id = p.project_id
	WHERE p.purchaser_org_id = $1 AND j.budget_line_id = $2 AND p.category = $3 AND p.method <> 'open_tender' AND p.status <> 'terminated'
	AND NOT p.method_approved AND ` + notFollowedUp + ` ORDER BY p.id LIMIT 200`

// notFollowedUp leaves out a failed procedure whose follow-up carries its
// project on: the follow-up counts for the purchase (ENG-C3), not both.
const notFollowedUp = `NOT EXISTS (SELECT 1 FROM procurement_followups f WHERE f.failed_id = p.id)`

var listGroupProcurements = registerList("GroupProcurements", func(s *Store) []listSample {
	return []listSample{sample(groupProcurementsSQL, []any{7, 7, "services"}).sorted("one purchaser's procedures under one line")}
})
