package goumai

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"regexp"
	"time"
)

// The contract (合同签订, issue 10 item 2). A contract is drawn up from a
// lot's award and the procedure documents' contract terms, carries the
// mandatory fields of ENG-H2, and is signed by both parties with the
// signature mechanism of the bids (REQ-C6, C7): each signs the SHA-256 of the
// contract's canonical form with a key registered on its organisation's
// profile. The hash covers every field, so a change after the first
// signature makes it void. When both have signed, the contract is in force:
// the budget commitment for the lot becomes an obligation for the contract
// amount, the rest is released, and the 合同公告 is published (REQ-C21).

// ContractStatus is where a contract stands.
type ContractStatus string

// The states of a contract.
const (
	ContractDraft      ContractStatus = "draft"      // being drawn up by the purchaser's staff or agency; editable
	ContractSigning    ContractStatus = "signing"    // signed by one party, awaiting the other
	ContractSigned     ContractStatus = "signed"     // signed by both: in force (合同生效)
	ContractTerminated ContractStatus = "terminated" // ended before its term (解除), with reasons
)

// ContractStatuses lists the states.
var ContractStatuses = []ContractStatus{ContractDraft, ContractSigning, ContractSigned, ContractTerminated}

// Label names the state.
func (s ContractStatus) Label() Msg {
	switch s {
	case ContractDraft:
		return M("草拟中", "Draft")
	case ContractSigning:
		return M("一方已签署", "Signed by one party")
	case ContractSigned:
		return M("已签订（生效）", "Signed (in force)")
	case ContractTerminated:
		return M("已解除", "Terminated")
	}
	return M(string(s), string(s))
}

// ContractAction is what may be done to a contract.
type ContractAction string

// The contract actions.
const (
	ContractUpdate    ContractAction = "update"    // edit the terms: voids any signature made
	ContractSign      ContractAction = "sign"      // one party signs the current hash
	ContractTerminate ContractAction = "terminate" // end a contract in force (not built yet)
)

// ContractTransition returns the state after act from st; last says whether
// a signature is the second party's. False: the action is not allowed.
func ContractTransition(st ContractStatus, act ContractAction, last bool) (ContractStatus, bool) {
	switch {
	case act == ContractUpdate && (st == ContractDraft || st == ContractSigning):
		return ContractDraft, true // a change voids the signature already made
	case act == ContractSign && st == ContractDraft && !last:
		return ContractSigning, true
	case act == ContractSign && st == ContractSigning && last:
		return ContractSigned, true
	case act == ContractTerminate && st == ContractSigned:
		return ContractTerminated, true
	}
	return st, false
}

// ContractParty is who signs.
type ContractParty string

// The parties.
const (
	PartyPurchaser ContractParty = "purchaser" // 甲方
	PartySupplier  ContractParty = "supplier"  // 乙方
)

// ContractTerms are the mandatory fields of ENG-H2 (O102 Art. 23), each
// required before signing, and the place of performance (REQ-C21).
type ContractTerms struct {
	ServiceContent    string `json:"service_content"`    // 服务内容
	Quantity          string `json:"quantity"`           // 服务数量
	Quality           string `json:"quality"`            // 服务质量
	Price             string `json:"price"`              // 价格 (how the amount is made up)
	Settlement        string `json:"settlement"`         // 资金结算方式
	RightsObligations string `json:"rights_obligations"` // 双方的权利义务
	BreachLiability   string `json:"breach_liability"`   // 违约责任
	Place             string `json:"place"`              // 履约地点
}

// Contract is one lot's contract.
type Contract struct {
	ID             int64            `json:"id"`
	Number         string           `json:"number"` // 合同编号
	Title          string           `json:"title"`  // 合同名称
	ProcurementID  int64            `json:"procurement_id"`
	LotID          int64            `json:"lot_id"`
	AwardID        int64            `json:"award_id"`
	PurchaserOrgID int64            `json:"purchaser_org_id"`
	SupplierOrgID  int64            `json:"supplier_org_id"`
	Region         string           `json:"region"`
	Amount         Fen              `json:"amount"`         // ≤ the award
	AmendedAmount  Fen              `json:"amended_amount"` // added by supplementary contracts in force (ENG-H3): Total() = Amount + AmendedAmount
	AwardAmount    Fen              `json:"award_amount"`   // the awarded price, the cap
	TermMonths     int              `json:"term_months"`
	LongTerm       *LongTermGrounds `json:"long_term,omitempty"` // required above 12 months (ENG-H1)
	StartOn        string           `json:"start_on"`            // YYYY-MM-DD
	EndOn          string           `json:"end_on"`              // the term's last day
	BudgetYears    []int            `json:"budget_years"`        // the budget years the term spans
	Terms          ContractTerms    `json:"terms"`
	// FinancingGuarantee would record that the purchaser guarantees the
	// supplier's financing against the contract: never allowed (ENG-H5), so it
	// is false in every contract the engine writes.
	FinancingGuarantee bool                `json:"financing_guarantee"`
	Status             ContractStatus      `json:"status"`
	Version            int                 `json:"version"`  // the row's version (optimistic concurrency)
	Revision           int                 `json:"revision"` // the terms' revision: 1 at drafting, +1 at each update; signatures do not change it
	Hash               string              `json:"hash"`     // SHA-256 of Canonical(), hex: what each party signs
	SignBy             time.Time           `json:"sign_by"`  // 30 days after the result notice (ENG-D6; GPL Art. 46)
	Signatures         []ContractSignature `json:"signatures"`
	Milestones         []Milestone         `json:"milestones"` // 履约节点: the deliverables and payment schedule, by number
	SignedAt           *time.Time          `json:"signed_at,omitempty"`
	NoticeID           int64               `json:"notice_id,omitempty"`        // the 合同公告
	NoticeDue          *time.Time          `json:"notice_due,omitempty"`       // 2 working days after signing (ENG-D6)
	StatsDue           *time.Time          `json:"stats_due,omitempty"`        // 3 working days after signing (REQ-C24)
	StatsEnteredAt     *time.Time          `json:"stats_entered_at,omitempty"` // when the purchaser entered it for statistics (REQ-C24)
	CreatedBy          int64               `json:"created_by,omitempty"`       // who drafted it
	CreatedAt          time.Time           `json:"created_at"`
	UpdatedAt          time.Time           `json:"updated_at"`
}

// ContractSignature is one party's signature of a contract's hash.
type ContractSignature struct {
	ID         int64         `json:"id"`
	ContractID int64         `json:"contract_id"`
	Party      ContractParty `json:"party"`
	OrgID      int64         `json:"org_id"`
	KeyID      string        `json:"key_id"`
	Hash       string        `json:"hash"`      // the contract hash signed
	Signature  []byte        `json:"signature"` // base64 in JSON
	SignedBy   int64         `json:"signed_by,omitempty"`
	SignedAt   time.Time     `json:"signed_at"`
	VoidedAt   *time.Time    `json:"voided_at,omitempty"` // the contract changed after it: it signs nothing in force
}

// Signed reports whether party has a standing signature.
func (c Contract) Signed(party ContractParty) bool {
	for _, s := range c.Signatures {
		if s.Party == party && s.VoidedAt == nil {
			return true
		}
	}
	return false
}

// ContractHashDomain prefixes the canonical form, so that a contract's hash
// can never equal a bid commitment or anything else signed with the same key.
const ContractHashDomain = "goumai-contract-v1\n"

// canonicalContract is what the hash covers: every field of the contract
// that the parties agree to, with the contract's identity and revision.
type canonicalContract struct {
	ID                 int64            `json:"id"`
	Revision           int              `json:"revision"`
	Number             string           `json:"number"`
	Title              string           `json:"title"`
	ProcurementID      int64            `json:"procurement_id"`
	LotID              int64            `json:"lot_id"`
	AwardID            int64            `json:"award_id"`
	PurchaserOrgID     int64            `json:"purchaser_org_id"`
	SupplierOrgID      int64            `json:"supplier_org_id"`
	Amount             Fen              `json:"amount"`
	TermMonths         int              `json:"term_months"`
	LongTerm           *LongTermGrounds `json:"long_term"`
	StartOn            string           `json:"start_on"`
	EndOn              string           `json:"end_on"`
	BudgetYears        []int            `json:"budget_years"`
	Terms              ContractTerms    `json:"terms"`
	FinancingGuarantee bool             `json:"financing_guarantee"`
	// Milestones is left out when there are none, so that the hashes of
	// contracts drafted before milestones existed keep their value.
	Milestones []canonicalMilestone `json:"milestones,omitempty"`
}

// Canonical is the contract's canonical form: ContractHashDomain followed by
// its agreed fields as JSON in a fixed order. Anyone holding it can recompute
// the hash (sha256sum) and verify each signature offline
// (`goumai verify-signature --pub KEY --sig SIG HASH`, or OpenSSL).
func (c Contract) Canonical() []byte {
	b, err := json.Marshal(canonicalContract{ID: c.ID, Revision: c.Revision, Number: c.Number, Title: c.Title, ProcurementID: c.ProcurementID,
		LotID: c.LotID, AwardID: c.AwardID, PurchaserOrgID: c.PurchaserOrgID, SupplierOrgID: c.SupplierOrgID, Amount: c.Amount,
		TermMonths: c.TermMonths, LongTerm: c.LongTerm, StartOn: c.StartOn, EndOn: c.EndOn, BudgetYears: c.BudgetYears, Terms: c.Terms,
		FinancingGuarantee: c.FinancingGuarantee, Milestones: canonicalMilestones(c.Milestones)})
	if err != nil {
		panic(err) // plain data: never fails
	}
	return append([]byte(ContractHashDomain), b...)
}

// ComputeHash returns the SHA-256 of the canonical form, hex.
func (c Contract) ComputeHash() string {
	sum := sha256.Sum256(c.Canonical())
	return hex.EncodeToString(sum[:])
}

// ContractSigningMessage is what a party signs: the 32 bytes of the hash
// (as bids sign their commitment, BidSigningMessage).
func ContractSigningMessage(hash string) []byte { return BidSigningMessage(hash) }

// ContractNoticeLine is the 合同公告's body (REQ-C21): the contract's public
// fields, with no personal data (REQ-C23): an individual supplier's address,
// ID number and telephone are never published.
type ContractNoticeLine struct {
	Number          string `json:"number"`
	Title           string `json:"title"`
	LotNumber       int    `json:"lot_number"`
	Purchaser       string `json:"purchaser"`
	Supplier        string `json:"supplier"`
	SupplierAddress string `json:"supplier_address,omitempty"`
	ServiceContent  string `json:"service_content"`
	Quantity        string `json:"quantity"`
	Amount          Fen    `json:"amount"`
	TermMonths      int    `json:"term_months"`
	StartOn         string `json:"start_on"`
	EndOn           string `json:"end_on"`
	Place           string `json:"place"`
	SignedOn        string `json:"signed_on"` // 合同签订日期
	Hash            string `json:"hash"`      // the signed hash, to check the attachment against
	// A supplementary contract's or a termination's notice: what happened, why,
	// the amount added and the total it makes (ENG-H3; GPL Art. 50).
	Event   string `json:"event,omitempty"` // "amendment" or "termination"
	Reasons string `json:"reasons,omitempty"`
	Changes string `json:"changes,omitempty"`
	Added   Fen    `json:"added,omitempty"`
	Total   Fen    `json:"total,omitempty"`
}

// ContractSignDays is the limit for signing after the result notice, in
// calendar days (GPL Art. 46; ENG-D6).
const ContractSignDays = 30

func init() {
	for k, v := range map[string]Msg{
		"contract.draft":          M("草拟合同", "Contract drafted"),
		"contract.update":         M("修改合同草稿", "Contract draft updated"),
		"contract.sign":           M("一方签署合同", "Contract signed by one party"),
		"contract.signed":         M("合同签订生效", "Contract signed by both parties (in force)"),
		"contract.signature":      M("登记合同签名", "Contract signature recorded"),
		"contract.signature_void": M("合同修改，原签名作废", "Contract signature voided by a change"),
		"contract.sign_refused":   M("合同签署被拒绝（违反规定）", "Contract signature refused by a rule"),
		"contract.statistics":     M("合同录入统计", "Contract entered for statistics"),
		"org.key_add":             M("登记单位签名公钥", "Organisation signing key registered"),
		"notice.contract":         M("发布合同公告", "Contract notice published"),
	} {
		EventActions[k] = v
	}
}

// personalData matches what REQ-C23 keeps out of published contracts: runs of
// eleven or more digits (mobile numbers, 15- and 18-digit ID numbers, bank
// account numbers), an ID number's final X included, and mobile numbers
// written in groups (138-1234-5678).
var personalData = regexp.MustCompile(`[0-9]{11,}[Xx]?|1[3-9][0-9][- ][0-9]{4}[- ][0-9]{4}`)

// RedactPersonal replaces ID, mobile and bank-account numbers in a text to be
// published (REQ-C23).
func RedactPersonal(s string) string { return personalData.ReplaceAllString(s, "[已隐去]") }
