package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

// Payment requests (migration 0045).

func init() {
	registerTable(table{name: "payment_requests", key: "id", cols: []column{{"id", colInt}, {"contract_id", colInt}, {"project_id", colInt},
		{"milestone_id", colInt}, {"milestone_no", colInt}, {"region", colText}, {"supplier_org_id", colInt}, {"purchaser_org_id", colInt},
		{"line_id", colInt}, {"amount", colInt}, {"deduction", colInt}, {"final", colBool}, {"grade", colText}, {"note", colText},
		{"status", colText}, {"needs_finance", colBool}, {"accepted_on", colText}, {"term_days", colInt}, {"due_on", colText},
		{"interest_rate", colInt}, {"mof_div_code", colText}, {"agency_code", colText}, {"pro_code", colText}, {"bgt_id", colText},
		{"requested_by", colNullInt}, {"purchaser_by", colNullInt}, {"finance_by", colNullInt}, {"purchaser_opinion", colText}, {"purchaser_at", colNullText}, {"finance_opinion", colText}, {"finance_at", colNullText},
		{"reject_opinion", colText}, {"rejected_at", colNullText}, {"paid_at", colNullText}, {"ledger_entry_id", colNullInt},
		{"version", colInt}, {"created_at", colText}, {"updated_at", colText}}})
}

var paymentWhat = goumai.M("支付申请", "payment request")

const paymentCols = `id, contract_id, project_id, milestone_id, milestone_no, region, supplier_org_id, purchaser_org_id, line_id, amount,
	deduction, final, grade, note, status, needs_finance, accepted_on, term_days, due_on, interest_rate, mof_div_code, agency_code,
	pro_code, bgt_id, requested_by, purchaser_by, finance_by, purchaser_opinion, purchaser_at, finance_opinion, finance_at, reject_opinion, rejected_at, paid_at,
	ledger_entry_id, version, created_at`

func scanPayment(sc scanner) (goumai.PaymentRequest, error) {
	var p goumai.PaymentRequest
	var grade, status, created string
	var purchaserAt, financeAt, rejectedAt, paidAt sql.NullString
	var entry, requestedBy, purchaserBy, financeBy sql.NullInt64
	if err := sc.Scan(&p.ID, &p.ContractID, &p.ProjectID, &p.MilestoneID, &p.MilestoneNo, &p.Region, &p.SupplierID, &p.PurchaserID,
		&p.LineID, &p.Amount, &p.Deduction, &p.Final, &grade, &p.Note, &status, &p.NeedFinance, &p.AcceptedOn, &p.TermDays, &p.DueOn,
		&p.InterestRate, &p.MofDivCode, &p.AgencyCode, &p.ProCode, &p.BgtID, &requestedBy, &purchaserBy, &financeBy, &p.PurchaserOpinion, &purchaserAt, &p.FinanceOpinion,
		&financeAt, &p.RejectOpinion, &rejectedAt, &paidAt, &entry, &p.Version, &created); err != nil {
		return p, err
	}
	p.Grade, p.Status, p.LedgerEntryID = goumai.Grade(grade), goumai.PaymentStatus(status), entry.Int64
	p.RequestedBy, p.PurchaserBy, p.FinanceBy = requestedBy.Int64, purchaserBy.Int64, financeBy.Int64
	return p, scanTimes(map[*time.Time]string{&p.CreatedAt: created}, map[**time.Time]sql.NullString{&p.PurchaserAt: purchaserAt,
		&p.FinanceAt: financeAt, &p.RejectedAt: rejectedAt, &p.PaidAt: paidAt})
}

// InsertPaymentRequest records a new request at version 1 and returns its id.
func (tx *Tx) InsertPaymentRequest(ctx context.Context, p goumai.PaymentRequest) (int64, error) {
	now := formatTime(tx.now)
	key, err := tx.writeRow(ctx, "payment_requests", `INSERT INTO payment_requests (contract_id, project_id, milestone_id, milestone_no,
		region, supplier_org_id, purchaser_org_id, line_id, amount, deduction, final, grade, note, status, needs_finance, accepted_on,
		term_days, due_on, interest_rate, mof_div_code, agency_code, pro_code, bgt_id, requested_by, purchaser_opinion, finance_opinion, reject_opinion,
		version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $25, '', '', '', 1, $24, $24)`,
		p.ContractID, p.ProjectID, p.MilestoneID, p.MilestoneNo, p.Region, p.SupplierID, p.PurchaserID, p.LineID, int64(p.Amount),
		int64(p.Deduction), p.Final, string(p.Grade), p.Note, string(p.Status), p.NeedFinance, p.AcceptedOn, p.TermDays, p.DueOn,
		p.InterestRate, p.MofDivCode, p.AgencyCode, p.ProCode, p.BgtID, now, nullInt(p.RequestedBy))
	if err != nil {
		return 0, interpretError(err, paymentWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// UpdatePaymentRequest writes a request's state, deduction, grade, approval
// trail and payment if its version is still p.Version (EStale otherwise),
// and returns the next version.
func (tx *Tx) UpdatePaymentRequest(ctx context.Context, p goumai.PaymentRequest) (int, error) {
	_, err := tx.writeRow(ctx, "payment_requests", `UPDATE payment_requests SET status = $1, deduction = $2, grade = $3,
		purchaser_opinion = $4, purchaser_at = $5, finance_opinion = $6, finance_at = $7, reject_opinion = $8, rejected_at = $9,
		paid_at = $10, ledger_entry_id = $11, purchaser_by = $15, finance_by = $16, version = version + 1, updated_at = $12
		WHERE id = $13 AND version = $14`,
		string(p.Status), int64(p.Deduction), string(p.Grade), p.PurchaserOpinion, nullTime(p.PurchaserAt), p.FinanceOpinion,
		nullTime(p.FinanceAt), p.RejectOpinion, nullTime(p.RejectedAt), nullTime(p.PaidAt), nullInt(p.LedgerEntryID),
		formatTime(tx.now), p.ID, p.Version, nullInt(p.PurchaserBy), nullInt(p.FinanceBy))
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return 0, goumai.Errorf(goumai.EStale, "支付申请已被他人处理，请刷新后重试", "the payment request changed meanwhile; reload and try again")
	}
	if err != nil {
		return 0, interpretError(err, paymentWhat)
	}
	return p.Version + 1, nil
}

const paymentByIDSQL = `SELECT ` + paymentCols + ` FROM payment_requests WHERE id = $1`

// PaymentRequest returns one request, inside the transaction.
func (tx *Tx) PaymentRequest(ctx context.Context, id int64) (goumai.PaymentRequest, error) {
	p, err := scanPayment(tx.queryRow(ctx, paymentByIDSQL, id))
	return p, interpretError(err, paymentWhat)
}

// PaymentRequest returns one request.
func (s *Store) PaymentRequest(ctx context.Context, id int64) (goumai.PaymentRequest, error) {
	p, err := scanPayment(s.r.QueryRowContext(ctx, paymentByIDSQL, id))
	return p, interpretError(err, paymentWhat)
}

const contractPaymentsSQL = `SELECT ` + paymentCols + ` FROM payment_requests WHERE contract_id = $1 ORDER BY contract_id, id LIMIT 1000`

var listContractPayments = registerList("ContractPayments", func(s *Store) []listSample {
	return []listSample{sample(contractPaymentsSQL, []any{7})}
})

// ContractPayments returns a contract's requests, oldest first, inside the
// transaction.
func (tx *Tx) ContractPayments(ctx context.Context, contractID int64) ([]goumai.PaymentRequest, error) {
	return queryList(ctx, tx.tx, listContractPayments, scanPayment, contractPaymentsSQL, contractID)
}

// ContractPayments returns a contract's requests, oldest first.
func (s *Store) ContractPayments(ctx context.Context, contractID int64) ([]goumai.PaymentRequest, error) {
	return queryList(ctx, s.r, listContractPayments, scanPayment, contractPaymentsSQL, contractID)
}

const projectPaymentsSQL = `SELECT ` + paymentCols + ` FROM payment_requests WHERE project_id = $1 AND status = 'paid' ORDER BY project_id, id LIMIT 1000`

var listProjectPayments = registerList("ProjectPayments", func(s *Store) []listSample {
	return []listSample{sample(projectPaymentsSQL, []any{7})}
})

// ProjectPayments returns the payments made on a project's contracts,
// oldest first: the public list.
func (s *Store) ProjectPayments(ctx context.Context, projectID int64) ([]goumai.PaymentRequest, error) {
	return queryList(ctx, s.r, listProjectPayments, scanPayment, projectPaymentsSQL, projectID)
}

const supplierPaymentsSQL = `SELECT ` + paymentCols + ` FROM payment_requests WHERE supplier_org_id = $1 ORDER BY supplier_org_id DESC, id DESC LIMIT 200`

var listSupplierPayments = registerList("SupplierPayments", func(s *Store) []listSample {
	return []listSample{sample(supplierPaymentsSQL, []any{7})}
})

// SupplierPayments returns a supplier's requests, newest first.
func (s *Store) SupplierPayments(ctx context.Context, orgID int64) ([]goumai.PaymentRequest, error) {
	return queryList(ctx, s.r, listSupplierPayments, scanPayment, supplierPaymentsSQL, orgID)
}

const purchaserPaymentsSQL = `SELECT ` + paymentCols + ` FROM payment_requests WHERE purchaser_org_id = $1 AND status = 'requested'
	ORDER BY purchaser_org_id, id LIMIT 200`

var listPurchaserPayments = registerList("PurchaserPayments", func(s *Store) []listSample {
	return []listSample{sample(purchaserPaymentsSQL, []any{7})}
})

// RequestedPayments returns the requests awaiting a purchaser's approval,
// oldest first.
func (s *Store) RequestedPayments(ctx context.Context, purchaserOrgID int64) ([]goumai.PaymentRequest, error) {
	return queryList(ctx, s.r, listPurchaserPayments, scanPayment, purchaserPaymentsSQL, purchaserOrgID)
}

// OpenPayments returns the open requests (not paid, not rejected) of a
// region subtree ("" or the national code: all), the earliest due first:
// the finance department's approvals and overdue red flags.
func (s *Store) OpenPayments(ctx context.Context, region string) ([]goumai.PaymentRequest, error) {
	q, args := s.openPaymentsSQL(region)
	return queryList(ctx, s.r, listOpenPayments, scanPayment, q, args...)
}

func (s *Store) openPaymentsSQL(region string) (string, []any) {
	var w where
	w.region(s, "region", region)
	w.conds = append(w.conds, "status IN ('requested', 'approved_by_purchaser', 'approved_by_finance')")
	return `SELECT ` + paymentCols + ` FROM payment_requests WHERE ` + w.sql() + ` ORDER BY due_on, id LIMIT 500`, w.args
}

var listOpenPayments = registerList("OpenPayments", func(s *Store) []listSample {
	return []listSample{
		sample(s.openPaymentsSQL("330106")).sorted("a county's open payments, by due date"),
		sample(s.openPaymentsSQL("330100")).sorted("a prefecture's regions each give their open payments in due order"),
		sample(s.openPaymentsSQL("")).sorted("the open payments of the country").
			wholeTable("the partial index holds only the open requests"),
	}
})

// PaymentSums returns, over a contract's requests not rejected, the amounts
// asked of the contract and of one of its milestones, and whether its final
// payment is made (its payments closed): one aggregate over the contract's
// index, however many requests it has.
func (tx *Tx) PaymentSums(ctx context.Context, contractID, milestoneID int64) (ofContract, ofMilestone goumai.Fen, closed bool, err error) {
	var finals int64
	err = tx.queryRow(ctx, `SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT),
		CAST(COALESCE(SUM(CASE WHEN milestone_id = $2 THEN amount ELSE 0 END), 0) AS BIGINT),
		CAST(COALESCE(SUM(CASE WHEN final AND status = 'paid' THEN 1 ELSE 0 END), 0) AS BIGINT)
		FROM payment_requests WHERE contract_id = $1 AND status <> 'rejected'`, contractID, milestoneID).Scan(&ofContract, &ofMilestone, &finals)
	return ofContract, ofMilestone, finals > 0, interpretError(err, paymentWhat)
}
