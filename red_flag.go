package goumai

import "time"

// Red flags on live data (issue 12 item 1, DESIGN.md §6). The indicators of
// package redflag run on goumai's own OCDS releases as they are written: each
// release updates the compiled record of its contracting process and the
// groups the process belongs to (a purchaser's purchases of a year, a
// supplier's wins with a purchaser, …), and the flags they raise are stored
// with their evidence — the releases, and so the log leaves, that raised
// them. A flag that no longer holds (a later release corrected the data) is
// cleared, never deleted: its history stays.

// RedFlagState is whether a flag still holds.
type RedFlagState string

// The states of a red flag.
const (
	RedFlagActive  RedFlagState = "active"  // the data raise it
	RedFlagCleared RedFlagState = "cleared" // a later release made it hold no more
)

// RedFlag is one indicator raised on one contracting process. Flags about a
// group of processes (化整为零: a purchaser's non-tender purchases of one budget
// item, category and year; repeat winners: one supplier's wins with one
// purchaser) are raised on every process of the group, with the group's key
// as Subject; a flag about the process alone has an empty Subject. Indicator,
// OCID and Subject identify a flag.
type RedFlag struct {
	ID        int64  `json:"id"`
	Indicator string `json:"indicator"` // the rule's code: "ENG-C3", "R018", …
	OCID      string `json:"ocid"`
	Subject   string `json:"subject,omitempty"`
	Region    string `json:"region"` // the process's region code
	// BuyerID is the purchaser's party id in the releases (CN-USCC-…);
	// PurchaserOrgID goumai's organisation, 0 when the party is not one of ours.
	BuyerID        string `json:"buyer_id"`
	PurchaserOrgID int64  `json:"purchaser_org_id,omitempty"`
	// SupplierID is the supplier's party id where the flag is about one
	// (repeat winner, abnormally low price, poor grade then award…).
	SupplierID    string          `json:"supplier_id,omitempty"`
	SupplierOrgID int64           `json:"supplier_org_id,omitempty"`
	Value         float64         `json:"value"`       // what was measured: a total in yuan, a ratio, a number of days… (the rule says which)
	LegalBasis    string          `json:"legal_basis"` // the provision, e.g. "GPL-IR Art. 28"; "" for an analytical indicator
	Evidence      RedFlagEvidence `json:"evidence"`
	ParamsVersion string          `json:"params_version"` // the regulation parameters applied: jurisdiction, effective date and set id
	State         RedFlagState    `json:"state"`
	FirstRaisedAt time.Time       `json:"first_raised_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
}

// RedFlagEvidence is what raised a flag: the releases read (each a leaf of the
// transparency log, so anyone can check it with an inclusion proof) and a
// short explanation with the figures compared.
type RedFlagEvidence struct {
	Releases []RedFlagRelease `json:"releases"`
	Detail   Msg              `json:"detail"`
	// Leaves are the log entries behind a flag that no release of this
	// instance carries: a grade received from another instance (its
	// publisher and the leaf in its log), or data this instance keeps
	// private (an expert's declared relations, ENG-F4) checked in the
	// transaction that raised the flag.
	Leaves []RedFlagLeaf `json:"leaves,omitempty"`
}

// RedFlagLeaf is one log entry behind a flag: of this instance when Source
// is empty, else of the instance named.
type RedFlagLeaf struct {
	Source   string `json:"source,omitempty"`
	LogIndex int64  `json:"log_index"`
	Object   string `json:"object"` // what the entry is about, e.g. "contract_grades/7"
}

// RedFlagRelease is one release behind a flag.
type RedFlagRelease struct {
	OCID      string `json:"ocid"`
	ReleaseID string `json:"release_id"`
	LogIndex  int64  `json:"log_index"` // the leaf of the event the release comes from
}
