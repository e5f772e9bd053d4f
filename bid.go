package goumai

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Bids (投标文件、响应文件; issue 8 item 9): a supplier drafts, submits,
// replaces or withdraws one bid per lot of a procedure open for bids, until
// the deadline and never after. Until opening a bid is sealed: its content is
// encrypted at rest (Sealer) and only the bidding organisation reads it. Each
// submission commits to the bid's content with a salted SHA-256 commitment,
// which the supplier signs with a key registered on its profile and which the
// transparency log records without naming the supplier, the lot or the price.

// BidStatus is where a bid stands.
type BidStatus string

// Bid states and who moves a bid into and out of each.
const (
	// BidDraft: the supplier edits its bid; never submitted, or submitted
	// and withdrawn before any resubmission. → BidSubmitted (submit).
	BidDraft BidStatus = "draft"
	// BidSubmitted: a signed submission stands. Saving a new draft and
	// submitting it again replaces it; → BidWithdrawn (withdraw). At the
	// deadline the submission stays sealed until opening.
	BidSubmitted BidStatus = "submitted"
	// BidWithdrawn: the supplier withdrew its submission before the
	// deadline; the draft is kept. → BidSubmitted (submit again).
	BidWithdrawn BidStatus = "withdrawn"
)

// Limits of a bid's content.
const (
	MaxBidResponses   = 200  // responses to requirements
	MaxBidResponse    = 4000 // characters of one response
	MaxBidDocuments   = 50   // documents attached
	MaxBidText        = 2000 // characters of a declaration or plan text
	BidSaltSize       = 32   // bytes of a commitment's salt
	bidCommitmentHead = "goumai-bid-commitment-v2\n"
)

// BidResponse is the bidder's technical or service response to one
// requirement of the documents (a scoring item or a qualification).
type BidResponse struct {
	Requirement string `json:"requirement"` // the requirement answered, as the documents name it
	Response    string `json:"response"`
}

// SMEDeclaration is the bidder's 中小企业声明函 (财库〔2020〕46号).
type SMEDeclaration struct {
	Size      string `json:"size"`      // "" (not an SME), "medium", "small" or "micro"
	Statement string `json:"statement"` // the declaration's text
	// PartnerSharePct is the share of the contract (0–100) that small and
	// micro firms hold under the bidder's consortium or subcontracting
	// agreement (财库〔2020〕46号 Art. 9 ¶3); 30 or more earns a bidder that is
	// not itself small or micro the partner deduction (ENG-G4).
	PartnerSharePct int `json:"partner_share_pct,omitempty"`
}

// SubcontractPlan is the bidder's plan to subcontract non-core parts (GPL
// Art. 48, ENG-H4); empty when it will not subcontract.
type SubcontractPlan struct {
	Parts          string   `json:"parts"`          // what would be subcontracted
	SharePct       int      `json:"share_pct"`      // of the contract's value, 0–100
	Subcontractors []string `json:"subcontractors"` // names (or credit codes) of the intended subcontractors
}

// BidContent is what a bid says: everything the commitment covers.
type BidContent struct {
	Price          Fen             `json:"price"` // the bid price for the lot, in fen
	Responses      []BidResponse   `json:"responses"`
	Documents      []File          `json:"documents"` // attached documents, by digest; their bytes are sealed apart
	SME            SMEDeclaration  `json:"sme"`
	Subcontracting SubcontractPlan `json:"subcontracting"`
	Declaration    BidDeclaration  `json:"declaration"` // ENG-A6 ¶2
}

// BidVersion is one version of a bid's content with its commitment, and once
// submitted the signature over the commitment and the log leaf recording it.
type BidVersion struct {
	Content    BidContent `json:"content"`
	Salt       string     `json:"salt"`       // hex, BidSaltSize random bytes
	Commitment string     `json:"commitment"` // hex SHA-256 (BidCommitment)
	KeyID      string     `json:"key_id,omitempty"`
	Signature  []byte     `json:"signature,omitempty"`
	SignedBy   int64      `json:"signed_by,omitempty"` // the user who submitted it
	SignedAt   *time.Time `json:"signed_at,omitempty"`
	// CommitmentID is the bid_commitments row the log's event records.
	CommitmentID int64 `json:"commitment_id,omitempty"`
}

// BidRefusal is a submission refused by a supplier rule (ENG-A4–A6), kept
// on the sealed bid: the attempt is on record without naming the bidder to
// anyone before opening.
type BidRefusal struct {
	At     time.Time `json:"at"`
	Rule   string    `json:"rule"`
	UserID int64     `json:"user_id"`
}

// SealedBidder is the actor the log records for every change to a sealed
// bid: who bid is sealed inside the bid (BidVersion.SignedBy) until opening.
var SealedBidder = Actor{Username: "sealed-bidder", Name: "密封投标人"}

// AlertEarlyBidRead is the kind of alert raised when someone tries to read
// sealed bids before opening.
const AlertEarlyBidRead = "bid_early_read"

// Bid is one supplier's bid on one lot of a procedure. Only the bidding
// organisation reads it before opening.
type Bid struct {
	ID            int64        `json:"id"`
	ProcurementID int64        `json:"procurement_id"`
	LotID         int64        `json:"lot_id"`
	OrgID         int64        `json:"org_id"`
	Status        BidStatus    `json:"status"`
	Draft         BidVersion   `json:"draft"`               // the version being edited; what SubmitBid signs
	Submitted     *BidVersion  `json:"submitted,omitempty"` // the standing submission, if any
	History       []string     `json:"history"`             // commitments submitted before, oldest first (replaced or withdrawn)
	Refusals      []BidRefusal `json:"refusals,omitempty"`  // submissions refused by a supplier rule
	UpdatedAt     time.Time    `json:"updated_at"`
}

// BidSigningMessage is what the supplier signs for a submission: the
// commitment's 32 bytes (SHA-256), as `goumai sign --key KEY COMMITMENT`
// signs the hex it is given.
func BidSigningMessage(commitment string) []byte {
	b, err := hex.DecodeString(commitment)
	if err != nil || len(b) != sha256.Size {
		return []byte(commitment) // never a valid commitment: the signature will not verify
	}
	return b
}

// NewBidSalt returns a fresh random salt, hex.
func NewBidSalt() string {
	b := make([]byte, BidSaltSize)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return hex.EncodeToString(b)
}

// BidCommitment is the hex SHA-256 that a submission logs: a fixed header,
// the canonical JSON of the bid's head (procedure, lot, supplier, price, SME
// size), the SHA-256 of the whole content's canonical JSON and the salt, so
// that a guessable price cannot be confirmed from the log. The opening record
// publishes the head, the content digest and the salt: anyone can recompute
// the commitment from the log alone, and whoever holds the opened content
// (the panel) can check it against the digest.
func BidCommitment(procurementID, lotID, orgID int64, c BidContent, salt string) string {
	return BidHead{ProcurementID: procurementID, LotID: lotID, OrgID: orgID, Price: c.Price, SMESize: c.SME.Size}.
		Commitment(BidContentDigest(procurementID, lotID, orgID, c), salt)
}

// BidHead is what an opening record shows of a bid, and what its commitment
// binds besides the content's digest.
type BidHead struct {
	ProcurementID int64  `json:"procurement_id"`
	LotID         int64  `json:"lot_id"`
	OrgID         int64  `json:"org_id"`
	Price         Fen    `json:"price"`
	SMESize       string `json:"sme_size"`
}

// Commitment is the commitment to a bid with this head, whose content has the
// given digest (BidContentDigest), under salt.
func (h BidHead) Commitment(contentDigest, salt string) string {
	var b bytes.Buffer
	b.WriteString(bidCommitmentHead)
	b.Write(jsonValue(h))
	b.WriteString("\n")
	b.WriteString(contentDigest)
	b.WriteString("\n")
	b.WriteString(salt)
	sum := sha256.Sum256(b.Bytes())
	return hex.EncodeToString(sum[:])
}

// BidContentDigest is the hex SHA-256 of a bid's canonical JSON.
func BidContentDigest(procurementID, lotID, orgID int64, c BidContent) string {
	sum := sha256.Sum256(canonicalBid(procurementID, lotID, orgID, c))
	return hex.EncodeToString(sum[:])
}

// canonicalBid is the canonical JSON of a bid: Go's encoding of fixed
// structs (fields in declaration order, no HTML escaping, nil lists as []).
func canonicalBid(procurementID, lotID, orgID int64, c BidContent) []byte {
	c = c.Normalized()
	v := struct {
		ProcurementID int64      `json:"procurement_id"`
		LotID         int64      `json:"lot_id"`
		OrgID         int64      `json:"org_id"`
		Content       BidContent `json:"content"`
	}{procurementID, lotID, orgID, c}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // plain structs always encode
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// Normalized returns c with its absent lists empty, as it is stored and committed to.
func (c BidContent) Normalized() BidContent {
	if c.Responses == nil {
		c.Responses = []BidResponse{}
	}
	if c.Documents == nil {
		c.Documents = []File{}
	}
	if c.Subcontracting.Subcontractors == nil {
		c.Subcontracting.Subcontractors = []string{}
	}
	return c
}

// SME sizes.
var smeSizes = []string{"", "medium", "small", "micro"}

// ValidateBid checks a bid's content for lot l: a price above zero and not
// above the lot's ceiling (最高限价, or the budget when none is set: O87,
// GPL-IR Art. 30, RULES 7.3.8), the responses, the declarations and the
// plan. Errors are field-level.
func ValidateBid(c BidContent, l Lot) error {
	f := Fields{}
	limit := l.Ceiling
	if limit == 0 {
		limit = l.Budget
	}
	switch {
	case c.Price <= 0:
		f["price"] = M("请填写投标报价（大于0）", "give the bid price (above zero)")
	case c.Price > limit:
		f["price"] = M(fmt.Sprintf("投标报价超过本包最高限价（预算）%s元，投标无效（财政部令第87号第六十三条）", limit.Yuan()),
			fmt.Sprintf("the price is above the lot's ceiling (budget) of ¥%s: such a bid is invalid (O87 Art. 63)", limit.Yuan()))
	}
	if len(c.Responses) > MaxBidResponses {
		f["responses"] = M(fmt.Sprintf("响应条目不能超过%d条", MaxBidResponses), fmt.Sprintf("at most %d responses", MaxBidResponses))
	}
	for i, r := range c.Responses {
		key := fmt.Sprintf("responses[%d]", i)
		switch {
		case strings.TrimSpace(r.Requirement) == "" || strings.TrimSpace(r.Response) == "":
			f[key] = M("每条响应须写明所响应的要求和响应内容", "each response names the requirement and answers it")
		case utf8.RuneCountInString(r.Requirement) > MaxBidText || utf8.RuneCountInString(r.Response) > MaxBidResponse:
			f[key] = M(fmt.Sprintf("响应内容不能超过%d个字", MaxBidResponse), fmt.Sprintf("a response has at most %d characters", MaxBidResponse))
		default:
			for _, s := range []string{r.Requirement, r.Response} {
				if m := CheckText(s); m != nil {
					f[key] = *m
				}
			}
		}
	}
	if len(c.Documents) > MaxBidDocuments {
		f["documents"] = M(fmt.Sprintf("附件不能超过%d个", MaxBidDocuments), fmt.Sprintf("at most %d documents", MaxBidDocuments))
	}
	known := false
	for _, s := range smeSizes {
		known = known || s == c.SME.Size
	}
	switch {
	case !known:
		f["sme.size"] = M("企业规模须为 medium、small、micro 或空（非中小企业）", "the size is medium, small, micro or empty (not an SME)")
	case c.SME.Size != "" && strings.TrimSpace(c.SME.Statement) == "":
		f["sme.statement"] = M("声明为中小企业的，须提交《中小企业声明函》（财库〔2020〕46号）", "an SME declares itself with the SME statement (财库〔2020〕46号)")
	}
	switch ps := c.SME.PartnerSharePct; {
	case ps < 0 || ps > 100:
		f["sme.partner_share_pct"] = M("小微企业合同份额须在0到100之间", "the small and micro partners' share is between 0 and 100")
	case ps > 0 && strings.TrimSpace(c.SME.Statement) == "":
		f["sme.statement"] = M("联合体或分包给小微企业的，须提交小微企业的《中小企业声明函》及联合协议或分包意向协议（财库〔2020〕46号第九条）",
			"a consortium with, or subcontracting to, small and micro firms files their SME statements and the agreement (财库〔2020〕46号 Art. 9)")
	}
	if l.SMEReserved && c.SME.Size == "" {
		f["sme.size"] = M("本包专门面向中小企业采购，须声明为中小企业（财库〔2020〕46号）", "this lot is reserved for SMEs: declare the enterprise's size (财库〔2020〕46号)")
	}
	sc := c.Subcontracting
	switch {
	case sc.SharePct < 0 || sc.SharePct > 100:
		f["subcontracting.share_pct"] = M("分包比例须在0到100之间", "the subcontracted share is between 0 and 100")
	case sc.SharePct == 100:
		f["subcontracting.share_pct"] = M("不得将项目整体转包（ENG-H4，政府采购法实施条例第七十二条）", "the whole service may not be passed on (ENG-H4, GPL-IR Art. 72)")
	case (sc.SharePct > 0) != (strings.TrimSpace(sc.Parts) != ""):
		f["subcontracting.parts"] = M("拟分包的，须写明分包的非主体、非关键部分及其比例（ENG-H4）", "a plan to subcontract names the non-core parts and their share (ENG-H4)")
	}
	for k, s := range map[string]string{"sme.statement": c.SME.Statement, "subcontracting.parts": sc.Parts} {
		if utf8.RuneCountInString(s) > MaxBidText {
			f[k] = M(fmt.Sprintf("不能超过%d个字", MaxBidText), fmt.Sprintf("at most %d characters", MaxBidText))
		} else if m := CheckText(s); m != nil {
			f[k] = *m
		}
	}
	if len(f) > 0 {
		return f.Err()
	}
	return nil
}
