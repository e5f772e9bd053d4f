package goumai

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Changes to a contract in force (issue 10 items 2 and 3): supplementary
// contracts (补充合同, ENG-H3), termination (解除, GPL Art. 50) and
// subcontracting (分包, ENG-H4).

// Total is what the contract is worth with its supplementary contracts in
// force: the original amount and every signed amendment's added amount.
// Payments are capped by it.
func (c Contract) Total() Fen { return c.Amount + c.AmendedAmount }

// AmendmentMaxPct is the cap on all supplementary contracts of a contract,
// in percent of the original amount (GPL Art. 49; ENG-H3).
const AmendmentMaxPct = 10

// AmendmentStatus is where a supplementary contract stands.
type AmendmentStatus string

// The states of a supplementary contract.
const (
	AmendmentSigning   AmendmentStatus = "signing"   // proposed: awaiting both parties' signatures
	AmendmentSigned    AmendmentStatus = "signed"    // signed by both: part of the contract
	AmendmentWithdrawn AmendmentStatus = "withdrawn" // withdrawn by the purchaser before both signed
)

// Label names the state.
func (s AmendmentStatus) Label() Msg {
	switch s {
	case AmendmentSigning:
		return M("待双方签署", "Awaiting signatures")
	case AmendmentSigned:
		return M("已签订", "Signed")
	case AmendmentWithdrawn:
		return M("已撤回", "Withdrawn")
	}
	return M(string(s), string(s))
}

// ContractAmendment is a supplementary contract (补充合同): reasons, an added
// amount and the changed terms, signed by both parties over its own hash
// with the contract's signature mechanism.
type ContractAmendment struct {
	ID         int64               `json:"id"`
	ContractID int64               `json:"contract_id"`
	Seq        int                 `json:"seq"` // 补充合同 No. seq of the contract
	Region     string              `json:"region"`
	Reasons    string              `json:"reasons"`
	Amount     Fen                 `json:"amount"` // added to the contract's total when signed (≥ 0)
	Terms      string              `json:"terms"`  // the changed terms
	Status     AmendmentStatus     `json:"status"`
	Hash       string              `json:"hash"` // SHA-256 of Canonical(contractHash), hex
	Version    int                 `json:"version"`
	NoticeID   int64               `json:"notice_id,omitempty"`
	ProposedBy int64               `json:"proposed_by,omitempty"`
	CreatedAt  time.Time           `json:"created_at"`
	SignedAt   *time.Time          `json:"signed_at,omitempty"`
	UpdatedAt  time.Time           `json:"updated_at"`
	Signatures []ContractSignature `json:"signatures"` // ContractID is the amendment's contract
}

// Signed reports whether party has signed the amendment.
func (m ContractAmendment) Signed(party ContractParty) bool {
	for _, s := range m.Signatures {
		if s.Party == party {
			return true
		}
	}
	return false
}

// AmendmentHashDomain prefixes an amendment's canonical form: its hash is
// never a contract's or a bid's.
const AmendmentHashDomain = "goumai-contract-amendment-v1\n"

// Canonical is the amendment's canonical form: the domain, then its agreed
// fields and the hash of the contract it amends, as JSON in a fixed order.
func (m ContractAmendment) Canonical(contractHash string) []byte {
	b, err := json.Marshal(struct {
		ID           int64  `json:"id"`
		ContractID   int64  `json:"contract_id"`
		ContractHash string `json:"contract_hash"`
		Seq          int    `json:"seq"`
		Reasons      string `json:"reasons"`
		Amount       Fen    `json:"amount"`
		Terms        string `json:"terms"`
	}{m.ID, m.ContractID, contractHash, m.Seq, m.Reasons, m.Amount, m.Terms})
	if err != nil {
		panic(err) // plain data: never fails
	}
	return append([]byte(AmendmentHashDomain), b...)
}

// ComputeHash returns the SHA-256 of the canonical form, hex.
func (m ContractAmendment) ComputeHash(contractHash string) string {
	sum := sha256.Sum256(m.Canonical(contractHash))
	return hex.EncodeToString(sum[:])
}

// TerminationGround is why a contract in force ends before its term: never
// one party's will alone (GPL Art. 50).
type TerminationGround string

// The grounds: agreement of both parties, or a legal ground the finance
// department records.
const (
	GroundAgreement      TerminationGround = "agreement"       // 双方协商一致解除
	GroundBreach         TerminationGround = "breach"          // 对方严重违约，致使合同目的不能实现
	GroundPublicInterest TerminationGround = "public_interest" // 继续履行将损害国家利益和社会公共利益 (GPL Art. 50 ¶2)
	GroundForceMajeure   TerminationGround = "force_majeure"   // 不可抗力致使合同目的不能实现
)

// TerminationGrounds lists the grounds.
var TerminationGrounds = []TerminationGround{GroundAgreement, GroundBreach, GroundPublicInterest, GroundForceMajeure}

// Label names the ground.
func (g TerminationGround) Label() Msg {
	switch g {
	case GroundAgreement:
		return M("双方协商一致解除", "By agreement of both parties")
	case GroundBreach:
		return M("对方严重违约", "Serious breach by the other party")
	case GroundPublicInterest:
		return M("继续履行将损害国家利益和社会公共利益", "Performance would harm the national or public interest")
	case GroundForceMajeure:
		return M("不可抗力致使合同目的不能实现", "Force majeure defeats the contract's purpose")
	}
	return M(string(g), string(g))
}

// Agreed reports whether the ground is the parties' agreement: the other
// party confirms it; any other ground is confirmed by the finance department.
func (g TerminationGround) Agreed() bool { return g == GroundAgreement }

// TerminationStatus is where a termination stands.
type TerminationStatus string

// The states of a termination.
const (
	TerminationProposed  TerminationStatus = "proposed"  // awaiting the other party (agreement) or the finance department (a legal ground)
	TerminationConfirmed TerminationStatus = "confirmed" // the contract is terminated
	TerminationRefused   TerminationStatus = "refused"   // not agreed or not recorded, with an opinion: the contract stands
)

// Label names the state.
func (s TerminationStatus) Label() Msg {
	switch s {
	case TerminationProposed:
		return M("待确认", "Awaiting confirmation")
	case TerminationConfirmed:
		return M("已解除", "Terminated")
	case TerminationRefused:
		return M("未同意（合同继续履行）", "Refused (the contract stands)")
	}
	return M(string(s), string(s))
}

// ContractTermination is one proposal to end a contract in force and its
// confirmation.
type ContractTermination struct {
	ID             int64             `json:"id"`
	ContractID     int64             `json:"contract_id"`
	Region         string            `json:"region"`
	Ground         TerminationGround `json:"ground"`
	Reasons        string            `json:"reasons"`
	ProposedParty  ContractParty     `json:"proposed_party"`
	ProposedOrgID  int64             `json:"proposed_org_id"`
	ProposedBy     int64             `json:"proposed_by,omitempty"`
	ProposedAt     time.Time         `json:"proposed_at"`
	Status         TerminationStatus `json:"status"`
	ConfirmedOrgID int64             `json:"confirmed_org_id,omitempty"`
	ConfirmedBy    int64             `json:"confirmed_by,omitempty"`
	ConfirmedAt    *time.Time        `json:"confirmed_at,omitempty"`
	Opinion        string            `json:"opinion"`
	Released       Fen               `json:"released"` // the unpaid obligation returned to the line
	NoticeID       int64             `json:"notice_id,omitempty"`
	Version        int               `json:"version"`
}

// SubcontractStatus is where a subcontract stands.
type SubcontractStatus string

// The states of a subcontract.
const (
	SubcontractProposed SubcontractStatus = "proposed" // awaiting the purchaser's consent (GPL Art. 48)
	SubcontractApproved SubcontractStatus = "approved" // consented: the subcontractor may perform the part
	SubcontractRefused  SubcontractStatus = "refused"  // the purchaser did not consent, with an opinion
	SubcontractBlocked  SubcontractStatus = "blocked"  // a 转包 or second-level attempt refused by ENG-H4: a red flag
)

// Label names the state.
func (s SubcontractStatus) Label() Msg {
	switch s {
	case SubcontractProposed:
		return M("待采购人同意", "Awaiting the purchaser's consent")
	case SubcontractApproved:
		return M("采购人已同意", "Consented")
	case SubcontractRefused:
		return M("采购人未同意", "Not consented")
	case SubcontractBlocked:
		return M("已拦截（违法分包）", "Blocked (unlawful subcontract)")
	}
	return M(string(s), string(s))
}

// Subcontract is one part of a contract's service performed by another
// organisation (分包, GPL Art. 48; ENG-H4).
type Subcontract struct {
	ID                 int64             `json:"id"`
	ContractID         int64             `json:"contract_id"`
	Region             string            `json:"region"`
	ParentOrgID        int64             `json:"parent_org_id"` // who subcontracts: only the contract's supplier may
	SubcontractorOrgID int64             `json:"subcontractor_org_id"`
	Part               string            `json:"part"`
	Amount             Fen               `json:"amount"`
	NonCore            bool              `json:"non_core"` // the supplier states the part is non-core; the purchaser confirms by consenting
	Declared           bool              `json:"declared"` // named in the winning bid's subcontracting plan
	Status             SubcontractStatus `json:"status"`
	Rule               string            `json:"rule,omitempty"`    // ENG-H4 when blocked
	Problem            Msg               `json:"problem,omitzero"`  // why it was blocked
	Opinion            string            `json:"opinion,omitempty"` // the purchaser's
	ProposedBy         int64             `json:"proposed_by,omitempty"`
	ProposedAt         time.Time         `json:"proposed_at"`
	DecidedBy          int64             `json:"decided_by,omitempty"`
	DecidedAt          *time.Time        `json:"decided_at,omitempty"`
	Version            int               `json:"version"`
}

func init() {
	for k, v := range map[string]Msg{
		"contract.amend":             M("提出补充合同", "Supplementary contract proposed"),
		"contract.amend_signature":   M("签署补充合同", "Supplementary contract signed by one party"),
		"contract.amend_signed":      M("补充合同签订生效", "Supplementary contract signed by both parties"),
		"contract.amend_withdraw":    M("撤回补充合同", "Supplementary contract withdrawn"),
		"contract.amended":           M("合同金额因补充合同变更", "Contract total changed by a supplementary contract"),
		"contract.terminate_propose": M("提出解除合同", "Contract termination proposed"),
		"contract.terminate_refuse":  M("不同意解除合同", "Contract termination refused"),
		"contract.terminate_confirm": M("确认解除合同", "Contract termination confirmed"),
		"contract.terminated":        M("合同解除", "Contract terminated"),
		"contract.subcontract":       M("申请分包", "Subcontract proposed"),
		"contract.subcontract_block": M("转包（违法分包）企图被拒绝", "Subcontracting attempt blocked (ENG-H4)"),
		"contract.subcontract_agree": M("同意分包", "Subcontract consented"),
		"contract.subcontract_deny":  M("不同意分包", "Subcontract refused"),
	} {
		EventActions[k] = v
	}
}
