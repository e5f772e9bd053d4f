package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"time"

	"github.com/goumai/goumai"
)

// Contracts and their signatures (migration 0030).

func init() {
	registerTable(table{name: "contracts", key: "id", cols: []column{{"id", colInt}, {"number", colText}, {"title", colText},
		{"procurement_id", colInt}, {"lot_id", colInt}, {"award_id", colInt}, {"purchaser_org_id", colInt}, {"supplier_org_id", colInt},
		{"region", colText}, {"amount", colInt}, {"award_amount", colInt}, {"term_months", colInt}, {"long_term", colNullJSON},
		{"start_on", colText}, {"end_on", colText}, {"budget_years", colJSON}, {"terms", colJSON}, {"financing_guarantee", colBool},
		{"status", colText}, {"version", colInt}, {"revision", colInt}, {"hash", colText}, {"sign_by", colText}, {"signed_at", colNullText},
		{"notice_id", colNullInt}, {"notice_due", colNullText}, {"stats_due", colNullText}, {"stats_entered_at", colNullText}, {"created_by", colNullInt},
		{"created_at", colText}, {"updated_at", colText}, {"amended_amount", colInt}}})
	registerTable(table{name: "contract_signatures", key: "id", cols: []column{{"id", colInt}, {"contract_id", colInt}, {"party", colText},
		{"org_id", colInt}, {"key_id", colText}, {"hash", colText}, {"signature", colText}, {"signed_by", colNullInt},
		{"signed_at", colText}, {"voided_at", colNullText}}})
}

var contractWhat = goumai.M("合同", "contract")

const contractCols = `id, number, title, procurement_id, lot_id, award_id, purchaser_org_id, supplier_org_id, region, amount, award_amount,
	term_months, long_term, start_on, end_on, budget_years, terms, financing_guarantee, status, version, revision, hash, sign_by, signed_at,
	notice_id, notice_due, stats_due, stats_entered_at, created_by, created_at, updated_at, amended_amount`

func scanContract(sc scanner) (goumai.Contract, error) {
	var c goumai.Contract
	var longTerm, signedAt, noticeDue, statsDue, statsEntered sql.NullString
	var noticeID, by sql.NullInt64
	var years, terms, signBy, created, updated, status string
	if err := sc.Scan(&c.ID, &c.Number, &c.Title, &c.ProcurementID, &c.LotID, &c.AwardID, &c.PurchaserOrgID, &c.SupplierOrgID, &c.Region,
		&c.Amount, &c.AwardAmount, &c.TermMonths, &longTerm, &c.StartOn, &c.EndOn, &years, &terms, &c.FinancingGuarantee, &status,
		&c.Version, &c.Revision, &c.Hash, &signBy, &signedAt, &noticeID, &noticeDue, &statsDue, &statsEntered, &by, &created, &updated, &c.AmendedAmount); err != nil {
		return c, err
	}
	c.Status, c.NoticeID, c.CreatedBy = goumai.ContractStatus(status), noticeID.Int64, by.Int64
	if longTerm.Valid {
		c.LongTerm = new(goumai.LongTermGrounds)
		if err := json.Unmarshal([]byte(longTerm.String), c.LongTerm); err != nil {
			return c, err
		}
	}
	if err := json.Unmarshal([]byte(years), &c.BudgetYears); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(terms), &c.Terms); err != nil {
		return c, err
	}
	return c, scanTimes(map[*time.Time]string{&c.SignBy: signBy, &c.CreatedAt: created, &c.UpdatedAt: updated},
		map[**time.Time]sql.NullString{&c.SignedAt: signedAt, &c.NoticeDue: noticeDue, &c.StatsDue: statsDue, &c.StatsEnteredAt: statsEntered})
}

// contractArgs are the JSON columns' values: long_term (or NULL), budget_years, terms.
func contractArgs(c goumai.Contract) (longTerm any, years, terms string, err error) {
	if c.LongTerm != nil {
		b, err := json.Marshal(c.LongTerm)
		if err != nil {
			return nil, "", "", err
		}
		longTerm = string(b)
	}
	if c.BudgetYears == nil {
		c.BudgetYears = []int{}
	}
	y, err := json.Marshal(c.BudgetYears)
	if err != nil {
		return nil, "", "", err
	}
	t, err := json.Marshal(c.Terms)
	return longTerm, string(y), string(t), err
}

// InsertContract records a drafted contract (version 1) and returns its id.
// A lot has one contract: a second is EConflict. The hash is computed by the
// caller once the id is known (SetContractHash).
func (tx *Tx) InsertContract(ctx context.Context, c goumai.Contract) (int64, error) {
	lt, years, terms, err := contractArgs(c)
	if err != nil {
		return 0, err
	}
	now := formatTime(tx.now)
	key, err := tx.writeRow(ctx, "contracts", `INSERT INTO contracts (number, title, procurement_id, lot_id, award_id, purchaser_org_id,
		supplier_org_id, region, amount, award_amount, term_months, long_term, start_on, end_on, budget_years, terms, financing_guarantee,
		status, version, revision, hash, sign_by, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, 1, $19, $20, $21, $22, $23, $23)`,
		c.Number, c.Title, c.ProcurementID, c.LotID, c.AwardID, c.PurchaserOrgID, c.SupplierOrgID, c.Region, c.Amount, c.AwardAmount,
		c.TermMonths, lt, c.StartOn, c.EndOn, years, terms, c.FinancingGuarantee, string(c.Status), c.Revision, c.Hash,
		formatTime(c.SignBy), nullInt(c.CreatedBy), now)
	if err != nil {
		return 0, interpretError(err, contractWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// UpdateContract writes a contract's fields and state if its version is still
// c.Version (EStale otherwise), and increments the version.
func (tx *Tx) UpdateContract(ctx context.Context, c goumai.Contract) (int, error) {
	lt, years, terms, err := contractArgs(c)
	if err != nil {
		return 0, err
	}
	_, err = tx.writeRow(ctx, "contracts", `UPDATE contracts SET title = $1, amount = $2, term_months = $3, long_term = $4, start_on = $5,
		end_on = $6, budget_years = $7, terms = $8, financing_guarantee = $9, status = $10, version = version + 1, revision = $11, hash = $12,
		signed_at = $13, notice_id = $14, notice_due = $15, stats_due = $16, stats_entered_at = $17, updated_at = $18, amended_amount = $21 WHERE id = $19 AND version = $20`,
		c.Title, c.Amount, c.TermMonths, lt, c.StartOn, c.EndOn, years, terms, c.FinancingGuarantee, string(c.Status), c.Revision, c.Hash,
		nullTime(c.SignedAt), nullInt(c.NoticeID), nullTime(c.NoticeDue), nullTime(c.StatsDue), nullTime(c.StatsEnteredAt), formatTime(tx.now), c.ID, c.Version,
		c.AmendedAmount)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return 0, goumai.Errorf(goumai.EStale, "合同已被他人修改，请刷新后重试", "the contract changed meanwhile; reload and try again")
	}
	if err != nil {
		return 0, interpretError(err, contractWhat)
	}
	return c.Version + 1, nil
}

// Contract returns one contract with its signatures and milestones, inside the transaction.
func (tx *Tx) Contract(ctx context.Context, id int64) (goumai.Contract, error) {
	c, err := scanContract(tx.queryRow(ctx, `SELECT `+contractCols+` FROM contracts WHERE id = $1`, id))
	if err != nil {
		return c, interpretError(err, contractWhat)
	}
	if c.Signatures, err = queryList(ctx, tx.tx, listContractSignatures, scanContractSignature, contractSignaturesSQL, id); err != nil {
		return c, err
	}
	c.Milestones, err = tx.Milestones(ctx, id)
	return c, err
}

// Contract returns one contract with its signatures and milestones.
func (s *Store) Contract(ctx context.Context, id int64) (goumai.Contract, error) {
	c, err := scanContract(s.r.QueryRowContext(ctx, `SELECT `+contractCols+` FROM contracts WHERE id = $1`, id))
	if err != nil {
		return c, interpretError(err, contractWhat)
	}
	if c.Signatures, err = queryList(ctx, s.r, listContractSignatures, scanContractSignature, contractSignaturesSQL, id); err != nil {
		return c, err
	}
	c.Milestones, err = s.Milestones(ctx, id)
	return c, err
}

// Contracts returns a procedure's contracts (without their signatures), by id.
func (s *Store) Contracts(ctx context.Context, procurementID int64) ([]goumai.Contract, error) {
	return queryList(ctx, s.r, listContracts, scanContract, contractsSQL, procurementID)
}

const contractsSQL = `SELECT ` + contractCols + ` FROM contracts WHERE procurement_id = $1 ORDER BY procurement_id, id`

var listContracts = registerList("Contracts", func(s *Store) []listSample {
	return []listSample{sample(contractsSQL, []any{7})}
})

const sigCols = `id, contract_id, party, org_id, key_id, hash, signature, signed_by, signed_at, voided_at`

const contractSignaturesSQL = `SELECT ` + sigCols + ` FROM contract_signatures WHERE contract_id = $1 ORDER BY contract_id, id`

var listContractSignatures = registerList("ContractSignatures", func(s *Store) []listSample {
	return []listSample{sample(contractSignaturesSQL, []any{7})}
})

func scanContractSignature(sc scanner) (goumai.ContractSignature, error) {
	var g goumai.ContractSignature
	var party, sig, at string
	var by sql.NullInt64
	var voided sql.NullString
	if err := sc.Scan(&g.ID, &g.ContractID, &party, &g.OrgID, &g.KeyID, &g.Hash, &sig, &by, &at, &voided); err != nil {
		return g, err
	}
	g.Party, g.SignedBy = goumai.ContractParty(party), by.Int64
	var err error
	if g.Signature, err = base64.StdEncoding.DecodeString(sig); err != nil {
		return g, err
	}
	return g, scanTimes(map[*time.Time]string{&g.SignedAt: at}, map[**time.Time]sql.NullString{&g.VoidedAt: voided})
}

// InsertContractSignature records a party's signature of a hash; the same
// party signing the same hash twice is EConflict.
func (tx *Tx) InsertContractSignature(ctx context.Context, g goumai.ContractSignature) (int64, error) {
	key, err := tx.writeRow(ctx, "contract_signatures", `INSERT INTO contract_signatures (contract_id, party, org_id, key_id, hash, signature,
		signed_by, signed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, g.ContractID, string(g.Party), g.OrgID, g.KeyID, g.Hash,
		base64.StdEncoding.EncodeToString(g.Signature), nullInt(g.SignedBy), formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, goumai.M("合同签名", "contract signature"))
	}
	return strconv.ParseInt(key, 10, 64)
}

// VoidContractSignature marks a standing signature void from now (the
// contract changed after it).
func (tx *Tx) VoidContractSignature(ctx context.Context, id int64) error {
	_, err := tx.writeRow(ctx, "contract_signatures", `UPDATE contract_signatures SET voided_at = $1 WHERE id = $2 AND voided_at IS NULL`,
		formatTime(tx.now), id)
	return interpretError(err, goumai.M("合同签名", "contract signature"))
}

// SetContractHash writes the hash of a contract just inserted (its canonical
// form names its id), in the inserting transaction.
func (tx *Tx) SetContractHash(ctx context.Context, id int64, hash string) error {
	_, err := tx.writeRow(ctx, "contracts", `UPDATE contracts SET hash = $1 WHERE id = $2`, hash, id)
	return interpretError(err, contractWhat)
}

// SupplierContracts returns a supplier's contracts, newest first (its to-do list).
func (s *Store) SupplierContracts(ctx context.Context, orgID int64) ([]goumai.Contract, error) {
	return queryList(ctx, s.r, listSupplierContracts, scanContract, supplierContractsSQL, orgID)
}

const supplierContractsSQL = `SELECT ` + contractCols + ` FROM contracts WHERE supplier_org_id = $1 ORDER BY supplier_org_id DESC, id DESC LIMIT 200`

var listSupplierContracts = registerList("SupplierContracts", func(s *Store) []listSample {
	return []listSample{sample(supplierContractsSQL, []any{7})}
})
