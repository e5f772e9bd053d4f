package goumai

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

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
	ID            int64  `json:"id"`
	ProcurementID int64  `json:"procurement_id"`
	LotID         int64  `json:"lot_id"`
	BidID         int64  `json:"bid_id"`
	OrgID         int64  `json:"org_id"`
	Supplier      string `json:"supplier"`
	Price         Fen    `json:"price"`
	SMESize       string `json:"sme_size"`
	// PartnerSharePct is the small and micro partners' share of the
	// contract its content declares (ENG-G4), not part of the head.
	PartnerSharePct int       `json:"sme_partner_share_pct,omitempty"`
	ContentDigest   string    `json:"content_digest"`
	Salt            string    `json:"salt"`
	Commitment      string    `json:"commitment"`
	CommitmentID    int64     `json:"commitment_id"` // the bid_commitments row, logged at submission
	Matches         bool      `json:"matches"`       // the sealed content hashes to the logged commitment
	SetAside        string    `json:"set_aside"`     // the rule that sets the bid aside at opening, if any
	OpenedAt        time.Time `json:"opened_at"`
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

// RuleDocumentMismatch sets aside a bid one of whose documents (sealed apart,
// committed to by digest in its content) is missing or not the one committed
// to. The log cannot show it — documents are not public — the opening
// record states it.
const RuleDocumentMismatch = "OPEN-DOCUMENT"

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

// OpeningCheck is what CheckOpening found in the log about one procedure's
// opening.
type OpeningCheck struct {
	ProcurementID int64       `json:"procurement_id"`
	CloseLeaf     int64       `json:"close_leaf"` // the leaf of the procedure's close at the deadline; -1 if none
	Opened        []OpenedBid `json:"opened"`
	Problems      []string    `json:"problems"`
}

// OK reports whether the opening checked out.
func (c OpeningCheck) OK() bool { return c.CloseLeaf >= 0 && len(c.Problems) == 0 }

// OpeningChecker checks, from the log's leaves alone, that a procedure's
// opened bids are exactly commitments that stood at its deadline: each
// opened bid's commitment recomputes from its published head, content digest
// and salt; it was logged as a submission before the procedure's close; it
// was not withdrawn before the close; no bid was opened twice or before the
// close. (That no standing bid was left out cannot be seen from the log
// alone — commitments name no procedure, so that bidders stay secret until
// opening — and is what each bidder's receipt proves: its commitment must be
// among the opened.) Feed it every leaf in order with Visit, then read Result.
type OpeningChecker struct {
	id        int64
	closeLeaf int64
	submits   map[int64]loggedCommitment // bid_commitments id → its submission
	withdrawn map[string]int64           // commitment → leaf of its withdrawal
	opened    []OpenedBid
	openLeaf  map[int64]int64   // opened bid id → its leaf
	seen      map[[2]int64]bool // (lot, org) opened
	problems  []string
}

type loggedCommitment struct {
	leaf       int64
	commitment string
}

// NewOpeningChecker returns a checker for procedure id.
func NewOpeningChecker(id int64) *OpeningChecker {
	return &OpeningChecker{id: id, closeLeaf: -1, submits: map[int64]loggedCommitment{}, withdrawn: map[string]int64{},
		openLeaf: map[int64]int64{}, seen: map[[2]int64]bool{}}
}

// Visit takes leaf n of the log. Private events (a hash only) are skipped.
func (c *OpeningChecker) Visit(n int64, leaf []byte) error {
	var e struct {
		ID         int64           `json:"id"`
		Action     string          `json:"action"`
		ObjectType string          `json:"object_type"`
		ObjectID   string          `json:"object_id"`
		State      json.RawMessage `json:"state"`
	}
	if err := json.Unmarshal(leaf, &e); err != nil {
		return fmt.Errorf("leaf %d: %w", n, err)
	}
	switch {
	case e.ObjectType == "bid_commitments" && e.Action == "bid.commit":
		var st struct {
			ID         int64  `json:"id"`
			Commitment string `json:"commitment"`
			Kind       string `json:"kind"`
		}
		if err := json.Unmarshal(e.State, &st); err != nil {
			return fmt.Errorf("leaf %d: %w", n, err)
		}
		if st.Kind == "submit" {
			c.submits[st.ID] = loggedCommitment{leaf: n, commitment: st.Commitment}
		} else if _, ok := c.withdrawn[st.Commitment]; !ok {
			c.withdrawn[st.Commitment] = n
		}
	case e.ObjectType == "procurements" && e.Action == "procurement.close" && e.ObjectID == strconv.FormatInt(c.id, 10):
		if c.closeLeaf < 0 {
			c.closeLeaf = n
		}
	case e.ObjectType == "opened_bids" && e.Action == "bid.open":
		var o OpenedBid
		if err := json.Unmarshal(e.State, &o); err != nil {
			return fmt.Errorf("leaf %d: %w", n, err)
		}
		if o.ProcurementID != c.id {
			return nil
		}
		if _, again := c.openLeaf[o.ID]; again {
			return nil // a later change of the same opened bid (set aside)
		}
		c.openLeaf[o.ID] = n
		c.opened = append(c.opened, o)
		c.check(n, o)
	}
	return nil
}

func (c *OpeningChecker) problem(format string, args ...any) {
	c.problems = append(c.problems, fmt.Sprintf(format, args...))
}

// check checks one opened bid at leaf n against what the log held before it.
func (c *OpeningChecker) check(n int64, o OpenedBid) {
	who := fmt.Sprintf("opened bid %d (lot %d, supplier %d)", o.ID, o.LotID, o.OrgID)
	if c.closeLeaf < 0 {
		c.problem("%s: opened at leaf %d before the procedure's close", who, n)
	}
	// A bid the record itself marks as not matching is set aside, as it must
	// be; one marked matching must recompute, and one that recomputes must
	// not have been set aside as not matching.
	switch got := o.Head().Commitment(o.ContentDigest, o.Salt); {
	case o.Matches && got != o.Commitment:
		c.problem("%s: its head, content digest and salt hash to %s, not to its commitment %s", who, got, o.Commitment)
	case !o.Matches && got == o.Commitment && o.SetAside != RuleDocumentMismatch:
		c.problem("%s: set aside as not matching its commitment, but it does", who)
	}
	s, ok := c.submits[o.CommitmentID]
	switch {
	case !ok:
		c.problem("%s: its commitment %d was never logged as a submission", who, o.CommitmentID)
	case s.commitment != o.Commitment:
		c.problem("%s: the commitment logged as %d is %s, not %s", who, o.CommitmentID, s.commitment, o.Commitment)
	case c.closeLeaf >= 0 && s.leaf > c.closeLeaf:
		c.problem("%s: its commitment was logged at leaf %d, after the close at leaf %d", who, s.leaf, c.closeLeaf)
	}
	if w, ok := c.withdrawn[o.Commitment]; ok && (c.closeLeaf < 0 || w < c.closeLeaf) {
		c.problem("%s: its commitment was withdrawn at leaf %d, before the close", who, w)
	}
	k := [2]int64{o.LotID, o.OrgID}
	if c.seen[k] {
		c.problem("%s: a second bid of the same supplier on the same lot", who)
	}
	c.seen[k] = true
}

// Result returns what the checker found.
func (c *OpeningChecker) Result() OpeningCheck {
	r := OpeningCheck{ProcurementID: c.id, CloseLeaf: c.closeLeaf, Opened: c.opened, Problems: c.problems}
	if c.closeLeaf < 0 {
		r.Problems = append(r.Problems, fmt.Sprintf("procedure %d: no close (procurement.close) in the log", c.id))
	}
	if r.Opened == nil {
		r.Opened = []OpenedBid{}
	}
	return r
}
