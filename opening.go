package goumai

import "time"

// Opening (开标, issue 9 item 1). At the deadline the scheduler closes the
// bids and opens them in one go: each standing sealed bid is decrypted, its
// content checked against the commitment logged at submission, and one public
// OpenedBid recorded per bid — the public opening record. The log then holds,
// for every opened bid, its head, content digest and salt (so the commitment
// can be recomputed), the id of the commitment's own leaf (logged before the
// deadline), and the procedure's close event (the deadline): CheckOpening
// verifies from those events alone that the opened bids are exactly the
// commitments that stood at the deadline.

// OpenedBid is one bid as opened: public from the opening on.
type OpenedBid struct {
	ID            int64     `json:"id"`
	ProcurementID int64     `json:"procurement_id"`
	LotID         int64     `json:"lot_id"`
	BidID         int64     `json:"bid_id"`
	OrgID         int64     `json:"org_id"`
	Supplier      string    `json:"supplier"`
	Price         Fen       `json:"price"`
	SMESize       string    `json:"sme_size"`
	ContentDigest string    `json:"content_digest"`
	Salt          string    `json:"salt"`
	Commitment    string    `json:"commitment"`
	CommitmentID  int64     `json:"commitment_id"` // the bid_commitments row, logged at submission
	Matches       bool      `json:"matches"`       // the sealed content hashes to the logged commitment
	SetAside      string    `json:"set_aside"`     // the rule that sets the bid aside at opening, if any
	OpenedAt      time.Time `json:"opened_at"`
}

// Head is the opened bid's head, as its commitment binds it.
func (o OpenedBid) Head() BidHead {
	return BidHead{ProcurementID: o.ProcurementID, LotID: o.LotID, OrgID: o.OrgID, Price: o.Price, SMESize: o.SMESize}
}

// Valid reports whether the opened bid goes on to evaluation: its content
// matches its commitment and nothing set it aside.
func (o OpenedBid) Valid() bool { return o.Matches && o.SetAside == "" }

// RuleCommitmentMismatch sets aside a bid whose sealed content does not hash
// to the commitment logged when it was submitted: what is opened is not what
// was committed to before the deadline (O87 Art. 33; issue 9 item 1).
const RuleCommitmentMismatch = "OPEN-COMMITMENT"

// Opening is a procedure's opening record: the opened bids by lot, and the
// commitments that were replaced or withdrawn before the deadline.
type Opening struct {
	ProcurementID int64       `json:"procurement_id"`
	OpenedAt      time.Time   `json:"opened_at"`
	Bids          []OpenedBid `json:"bids"`
}

// LotBids returns the opened bids of one lot.
func (o Opening) LotBids(lotID int64) []OpenedBid {
	var out []OpenedBid
	for _, b := range o.Bids {
		if b.LotID == lotID {
			out = append(out, b)
		}
	}
	return out
}
