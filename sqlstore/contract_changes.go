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

// Supplementary contracts, terminations and subcontracts (migration 0034).

func init() {
	registerTable(table{name: "contract_amendments", key: "id", cols: []column{{"id", colInt}, {"contract_id", colInt}, {"seq", colInt},
		{"region", colText}, {"reasons", colText}, {"amount", colInt}, {"terms", colText}, {"status", colText}, {"hash", colText},
		{"version", colInt}, {"notice_id", colNullInt}, {"proposed_by", colNullInt}, {"created_at", colText}, {"signed_at", colNullText},
		{"updated_at", colText}}})
	registerTable(table{name: "amendment_signatures", key: "id", cols: []column{{"id", colInt}, {"amendment_id", colInt}, {"party", colText},
		{"org_id", colInt}, {"key_id", colText}, {"hash", colText}, {"signature", colText}, {"signed_by", colNullInt}, {"signed_at", colText}}})
	registerTable(table{name: "contract_terminations", key: "id", cols: []column{{"id", colInt}, {"contract_id", colInt}, {"region", colText},
		{"ground", colText}, {"reasons", colText}, {"proposed_party", colText}, {"proposed_org_id", colInt}, {"proposed_by", colNullInt},
		{"proposed_at", colText}, {"status", colText}, {"confirmed_org_id", colNullInt}, {"confirmed_by", colNullInt}, {"confirmed_at", colNullText},
		{"opinion", colText}, {"released", colInt}, {"notice_id", colNullInt}, {"version", colInt}}})
	registerTable(table{name: "subcontracts", key: "id", cols: []column{{"id", colInt}, {"contract_id", colInt}, {"region", colText},
		{"parent_org_id", colInt}, {"subcontractor_org_id", colInt}, {"part", colText}, {"amount", colInt}, {"non_core", colBool},
		{"declared", colBool}, {"status", colText}, {"rule", colText}, {"problem", colJSON}, {"opinion", colText}, {"proposed_by", colNullInt},
		{"proposed_at", colText}, {"decided_by", colNullInt}, {"decided_at", colNullText}, {"version", colInt}}})
}

var (
	amendmentWhat   = goumai.M("补充合同", "supplementary contract")
	terminationWhat = goumai.M("合同解除", "contract termination")
	subcontractWhat = goumai.M("分包", "subcontract")
)

// staleChange is the refusal of a write over a version read earlier.
func staleChange(err error) error {
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EStale, "记录已被他人修改，请刷新后重试", "the record changed meanwhile; reload and try again")
	}
	return err
}

const amendmentCols = `id, contract_id, seq, region, reasons, amount, terms, status, hash, version, notice_id, proposed_by, created_at,
	signed_at, updated_at`

func scanAmendment(sc scanner) (goumai.ContractAmendment, error) {
	var m goumai.ContractAmendment
	var status, created, updated string
	var notice, by sql.NullInt64
	var signed sql.NullString
	if err := sc.Scan(&m.ID, &m.ContractID, &m.Seq, &m.Region, &m.Reasons, &m.Amount, &m.Terms, &status, &m.Hash, &m.Version, &notice, &by,
		&created, &signed, &updated); err != nil {
		return m, err
	}
	m.Status, m.NoticeID, m.ProposedBy = goumai.AmendmentStatus(status), notice.Int64, by.Int64
	return m, scanTimes(map[*time.Time]string{&m.CreatedAt: created, &m.UpdatedAt: updated}, map[**time.Time]sql.NullString{&m.SignedAt: signed})
}

// InsertAmendment records a proposed supplementary contract (version 1);
// its hash names its id, so the caller sets it after (SetAmendmentHash).
func (tx *Tx) InsertAmendment(ctx context.Context, m goumai.ContractAmendment) (int64, error) {
	now := formatTime(tx.now)
	key, err := tx.writeRow(ctx, "contract_amendments", `INSERT INTO contract_amendments (contract_id, seq, region, reasons, amount, terms,
		status, hash, version, proposed_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $9, $10, $10)`,
		m.ContractID, m.Seq, m.Region, m.Reasons, m.Amount, m.Terms, string(m.Status), m.Hash, nullInt(m.ProposedBy), now)
	if err != nil {
		return 0, interpretError(err, amendmentWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// SetAmendmentHash writes the hash of an amendment just inserted.
func (tx *Tx) SetAmendmentHash(ctx context.Context, id int64, hash string) error {
	_, err := tx.writeRow(ctx, "contract_amendments", `UPDATE contract_amendments SET hash = $1 WHERE id = $2`, hash, id)
	return interpretError(err, amendmentWhat)
}

// UpdateAmendment writes an amendment's state if its version is still
// m.Version (EStale otherwise).
func (tx *Tx) UpdateAmendment(ctx context.Context, m goumai.ContractAmendment) error {
	_, err := tx.writeRow(ctx, "contract_amendments", `UPDATE contract_amendments SET status = $1, notice_id = $2, signed_at = $3,
		updated_at = $4, version = version + 1 WHERE id = $5 AND version = $6`,
		string(m.Status), nullInt(m.NoticeID), nullTime(m.SignedAt), formatTime(tx.now), m.ID, m.Version)
	return interpretError(staleChange(err), amendmentWhat)
}

// Amendment returns one amendment with its signatures, inside the transaction.
func (tx *Tx) Amendment(ctx context.Context, id int64) (goumai.ContractAmendment, error) {
	m, err := scanAmendment(tx.queryRow(ctx, `SELECT `+amendmentCols+` FROM contract_amendments WHERE id = $1`, id))
	if err != nil {
		return m, interpretError(err, amendmentWhat)
	}
	m.Signatures, err = queryList(ctx, tx.tx, listAmendmentSignatures, scanContractSignature, amendmentSignaturesSQL, id)
	if m.Signatures == nil {
		m.Signatures = []goumai.ContractSignature{}
	}
	for i := range m.Signatures {
		m.Signatures[i].ContractID = m.ContractID
	}
	return m, err
}

// Amendments returns a contract's amendments (without signatures), inside the transaction.
func (tx *Tx) Amendments(ctx context.Context, contractID int64) ([]goumai.ContractAmendment, error) {
	return queryList(ctx, tx.tx, listAmendments, scanAmendment, amendmentsSQL, contractID)
}

// Amendments returns a contract's amendments with their signatures, by id.
func (s *Store) Amendments(ctx context.Context, contractID int64) ([]goumai.ContractAmendment, error) {
	ms, err := queryList(ctx, s.r, listAmendments, scanAmendment, amendmentsSQL, contractID)
	for i := range ms {
		if err != nil {
			break
		}
		ms[i].Signatures, err = queryList(ctx, s.r, listAmendmentSignatures, scanContractSignature, amendmentSignaturesSQL, ms[i].ID)
		if ms[i].Signatures == nil {
			ms[i].Signatures = []goumai.ContractSignature{}
		}
		for j := range ms[i].Signatures {
			ms[i].Signatures[j].ContractID = contractID
		}
	}
	return ms, err
}

const amendmentsSQL = `SELECT ` + amendmentCols + ` FROM contract_amendments WHERE contract_id = $1 ORDER BY contract_id, id`

var listAmendments = registerList("Amendments", func(s *Store) []listSample {
	return []listSample{sample(amendmentsSQL, []any{7})}
})

// amendmentSignaturesSQL reads an amendment's signatures as a contract's
// (never voided: an amendment is not edited), the amendment's id in the
// contract's place until the caller sets it.
const amendmentSignaturesSQL = `SELECT id, amendment_id, party, org_id, key_id, hash, signature, signed_by, signed_at, CAST(NULL AS TEXT)
	FROM amendment_signatures WHERE amendment_id = $1 ORDER BY amendment_id, id`

var listAmendmentSignatures = registerList("AmendmentSignatures", func(s *Store) []listSample {
	return []listSample{sample(amendmentSignaturesSQL, []any{7})}
})

// InsertAmendmentSignature records a party's signature of an amendment's
// hash; a party signing twice is EConflict.
func (tx *Tx) InsertAmendmentSignature(ctx context.Context, amendmentID int64, g goumai.ContractSignature) (int64, error) {
	key, err := tx.writeRow(ctx, "amendment_signatures", `INSERT INTO amendment_signatures (amendment_id, party, org_id, key_id, hash, signature,
		signed_by, signed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, amendmentID, string(g.Party), g.OrgID, g.KeyID, g.Hash,
		base64.StdEncoding.EncodeToString(g.Signature), nullInt(g.SignedBy), formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, goumai.M("补充合同签名", "supplementary contract signature"))
	}
	return strconv.ParseInt(key, 10, 64)
}

const terminationCols = `id, contract_id, region, ground, reasons, proposed_party, proposed_org_id, proposed_by, proposed_at, status,
	confirmed_org_id, confirmed_by, confirmed_at, opinion, released, notice_id, version`

func scanTermination(sc scanner) (goumai.ContractTermination, error) {
	var t goumai.ContractTermination
	var ground, party, status, at string
	var by, corg, cby, notice sql.NullInt64
	var cat sql.NullString
	if err := sc.Scan(&t.ID, &t.ContractID, &t.Region, &ground, &t.Reasons, &party, &t.ProposedOrgID, &by, &at, &status, &corg, &cby, &cat,
		&t.Opinion, &t.Released, &notice, &t.Version); err != nil {
		return t, err
	}
	t.Ground, t.ProposedParty, t.Status = goumai.TerminationGround(ground), goumai.ContractParty(party), goumai.TerminationStatus(status)
	t.ProposedBy, t.ConfirmedOrgID, t.ConfirmedBy, t.NoticeID = by.Int64, corg.Int64, cby.Int64, notice.Int64
	return t, scanTimes(map[*time.Time]string{&t.ProposedAt: at}, map[**time.Time]sql.NullString{&t.ConfirmedAt: cat})
}

// InsertTermination records a proposed termination (version 1).
func (tx *Tx) InsertTermination(ctx context.Context, t goumai.ContractTermination) (int64, error) {
	key, err := tx.writeRow(ctx, "contract_terminations", `INSERT INTO contract_terminations (contract_id, region, ground, reasons,
		proposed_party, proposed_org_id, proposed_by, proposed_at, status, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1)`,
		t.ContractID, t.Region, string(t.Ground), t.Reasons, string(t.ProposedParty), t.ProposedOrgID, nullInt(t.ProposedBy), formatTime(tx.now),
		string(t.Status))
	if err != nil {
		return 0, interpretError(err, terminationWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// UpdateTermination writes a termination's decision if its version is still t.Version.
func (tx *Tx) UpdateTermination(ctx context.Context, t goumai.ContractTermination) error {
	_, err := tx.writeRow(ctx, "contract_terminations", `UPDATE contract_terminations SET status = $1, confirmed_org_id = $2, confirmed_by = $3,
		confirmed_at = $4, opinion = $5, released = $6, notice_id = $7, version = version + 1 WHERE id = $8 AND version = $9`,
		string(t.Status), nullInt(t.ConfirmedOrgID), nullInt(t.ConfirmedBy), nullTime(t.ConfirmedAt), t.Opinion, t.Released, nullInt(t.NoticeID),
		t.ID, t.Version)
	return interpretError(staleChange(err), terminationWhat)
}

// Termination returns one termination, inside the transaction.
func (tx *Tx) Termination(ctx context.Context, id int64) (goumai.ContractTermination, error) {
	t, err := scanTermination(tx.queryRow(ctx, `SELECT `+terminationCols+` FROM contract_terminations WHERE id = $1`, id))
	return t, interpretError(err, terminationWhat)
}

// Terminations returns a contract's terminations, inside the transaction.
func (tx *Tx) Terminations(ctx context.Context, contractID int64) ([]goumai.ContractTermination, error) {
	return queryList(ctx, tx.tx, listTerminations, scanTermination, terminationsSQL, contractID)
}

// Terminations returns a contract's terminations, by id.
func (s *Store) Terminations(ctx context.Context, contractID int64) ([]goumai.ContractTermination, error) {
	return queryList(ctx, s.r, listTerminations, scanTermination, terminationsSQL, contractID)
}

const terminationsSQL = `SELECT ` + terminationCols + ` FROM contract_terminations WHERE contract_id = $1 ORDER BY contract_id, id`

var listTerminations = registerList("Terminations", func(s *Store) []listSample {
	return []listSample{sample(terminationsSQL, []any{7})}
})

const subcontractCols = `id, contract_id, region, parent_org_id, subcontractor_org_id, part, amount, non_core, declared, status, rule, problem,
	opinion, proposed_by, proposed_at, decided_by, decided_at, version`

func scanSubcontract(sc scanner) (goumai.Subcontract, error) {
	var k goumai.Subcontract
	var status, problem, at string
	var by, dby sql.NullInt64
	var dat sql.NullString
	if err := sc.Scan(&k.ID, &k.ContractID, &k.Region, &k.ParentOrgID, &k.SubcontractorOrgID, &k.Part, &k.Amount, &k.NonCore, &k.Declared,
		&status, &k.Rule, &problem, &k.Opinion, &by, &at, &dby, &dat, &k.Version); err != nil {
		return k, err
	}
	k.Status, k.ProposedBy, k.DecidedBy = goumai.SubcontractStatus(status), by.Int64, dby.Int64
	if err := json.Unmarshal([]byte(problem), &k.Problem); err != nil {
		return k, err
	}
	return k, scanTimes(map[*time.Time]string{&k.ProposedAt: at}, map[**time.Time]sql.NullString{&k.DecidedAt: dat})
}

// InsertSubcontract records a subcontract or a blocked attempt (version 1).
func (tx *Tx) InsertSubcontract(ctx context.Context, k goumai.Subcontract) (int64, error) {
	problem, err := json.Marshal(k.Problem)
	if err != nil {
		return 0, err
	}
	key, err := tx.writeRow(ctx, "subcontracts", `INSERT INTO subcontracts (contract_id, region, parent_org_id, subcontractor_org_id, part, amount,
		non_core, declared, status, rule, problem, proposed_by, proposed_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1)`,
		k.ContractID, k.Region, k.ParentOrgID, k.SubcontractorOrgID, k.Part, k.Amount, k.NonCore, k.Declared, string(k.Status), k.Rule,
		string(problem), nullInt(k.ProposedBy), formatTime(tx.now))
	if err != nil {
		return 0, interpretError(err, subcontractWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// DecideSubcontract writes the purchaser's decision if the version is still k.Version.
func (tx *Tx) DecideSubcontract(ctx context.Context, k goumai.Subcontract) error {
	_, err := tx.writeRow(ctx, "subcontracts", `UPDATE subcontracts SET status = $1, opinion = $2, decided_by = $3, decided_at = $4,
		version = version + 1 WHERE id = $5 AND version = $6`, string(k.Status), k.Opinion, nullInt(k.DecidedBy), nullTime(k.DecidedAt), k.ID, k.Version)
	return interpretError(staleChange(err), subcontractWhat)
}

// Subcontract returns one subcontract, inside the transaction.
func (tx *Tx) Subcontract(ctx context.Context, id int64) (goumai.Subcontract, error) {
	k, err := scanSubcontract(tx.queryRow(ctx, `SELECT `+subcontractCols+` FROM subcontracts WHERE id = $1`, id))
	return k, interpretError(err, subcontractWhat)
}

// Subcontracts returns a contract's subcontracts and blocked attempts, inside the transaction.
func (tx *Tx) Subcontracts(ctx context.Context, contractID int64) ([]goumai.Subcontract, error) {
	return queryList(ctx, tx.tx, listSubcontracts, scanSubcontract, subcontractsSQL, contractID)
}

// Subcontracts returns a contract's subcontracts and blocked attempts, by id.
func (s *Store) Subcontracts(ctx context.Context, contractID int64) ([]goumai.Subcontract, error) {
	return queryList(ctx, s.r, listSubcontracts, scanSubcontract, subcontractsSQL, contractID)
}

const subcontractsSQL = `SELECT ` + subcontractCols + ` FROM subcontracts WHERE contract_id = $1 ORDER BY contract_id, id`

var listSubcontracts = registerList("Subcontracts", func(s *Store) []listSample {
	return []listSample{sample(subcontractsSQL, []any{7})}
})

// BlockedSubcontracts returns the blocked subcontracting attempts of a
// region subtree ("" or the national code: all), newest first: the finance
// department's red flags (ENG-H4).
func (s *Store) BlockedSubcontracts(ctx context.Context, region string) ([]goumai.Subcontract, error) {
	q, args := s.blockedSubcontractsSQL(region)
	return queryList(ctx, s.r, listBlockedSubcontracts, scanSubcontract, q, args...)
}

func (s *Store) blockedSubcontractsSQL(region string) (string, []any) {
	var w where
	w.region(s, "region", region)
	w.conds = append(w.conds, "status = 'blocked'")
	return `SELECT ` + subcontractCols + ` FROM subcontracts WHERE ` + w.sql() + ` ORDER BY id DESC LIMIT 500`, w.args
}

// ProposedLegalTerminations lists the terminations on a legal ground
// (breach, public interest, force majeure) proposed in a region's subtree and
// awaiting the finance department's decision, newest first (its to-do list).
func (s *Store) ProposedLegalTerminations(ctx context.Context, region string) ([]goumai.ContractTermination, error) {
	q, args := s.legalTerminationsSQL(region)
	return queryList(ctx, s.r, listLegalTerminations, scanTermination, q, args...)
}

func (s *Store) legalTerminationsSQL(region string) (string, []any) {
	var w where
	w.region(s, "region", region)
	w.conds = append(w.conds, "status = 'proposed' AND ground <> 'agreement'")
	return `SELECT ` + terminationCols + ` FROM contract_terminations WHERE ` + w.sql() + ` ORDER BY id DESC LIMIT 200`, w.args
}

var listLegalTerminations = registerList("ProposedLegalTerminations", func(s *Store) []listSample {
	return []listSample{
		sample(s.legalTerminationsSQL("330106")).sorted("a finance department's to-do list: the proposals of a few regions, merged"),
		sample(s.legalTerminationsSQL("")).sorted("the central to-do list: the proposals of the country, a handful"),
	}
})

var listBlockedSubcontracts = registerList("BlockedSubcontracts", func(s *Store) []listSample {
	return []listSample{
		sample(s.blockedSubcontractsSQL("330106")).sorted("a red-flag list: the blocked attempts of a few regions, merged"),
		sample(s.blockedSubcontractsSQL("")).sorted("a red-flag list: the blocked attempts of the country, a handful"),
	}
})
