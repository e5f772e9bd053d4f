package redflag

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/ocds"
)

// Facts are what goumai's own rules (own.go) read of one contracting process:
// taken from its compiled release (the merge of its releases, as the OCDS
// merging specification does it) and, for what the compiled release forgets
// (a contract's amount when it was signed, before supplementary contracts),
// from the releases themselves. They are kept per process by the store, so
// that a new release re-reads only its process and the groups it belongs to.
type Facts struct {
	OCID       string         `json:"ocid"`
	Region     string         `json:"region"`             // the process's region code
	BuyerID    string         `json:"buyer_id"`           // party id
	Start      string         `json:"start"`              // RFC 3339: the tender period's start, else the first release's date
	Year       int            `json:"year"`               // of Start, in China
	Method     string         `json:"method"`             // tender/procurementMethod
	Details    string         `json:"details"`            // tender/procurementMethodDetails (公开招标, 竞争性磋商, …)
	Category   string         `json:"category,omitempty"` // tender/mainProcurementCategory
	Catalogue  string         `json:"catalogue,omitempty"`
	BudgetItem string         `json:"budget_item,omitempty"` // planning budget's budgetSystem proCode (else bgtId, else budget id)
	Ceiling    float64        `json:"ceiling,omitempty"`     // tender/value (yuan)
	TenderEnd  string         `json:"tender_end,omitempty"`
	Cancelled  bool           `json:"cancelled,omitempty"`
	Bids       []BidFact      `json:"bids,omitempty"`
	Awards     []AwardFact    `json:"awards,omitempty"`
	Contracts  []ContractFact `json:"contracts,omitempty"`
	// Acceptances are the dates of the acceptance notices (completionCertificate).
	Acceptances   []string `json:"acceptances,omitempty"`
	DoubleFunding []string `json:"double_funding,omitempty"` // planning's 两头占 findings (goumai extension)
	// PanelLinks are the links between the evaluation panel's members and
	// the bidders, found by the store from private data (ENG-F4); never read
	// from releases, so none in a file recompute.
	PanelLinks []PanelLink `json:"panel_links,omitempty"`
	// Releases are the releases that set any of the facts above, in order,
	// and Parts what each set (Part bits): a rule's evidence is the releases
	// of the parts it reads. Releases that set none (an enquiry's answer, a
	// bid count) are left out, so they change no flag.
	Releases []goumai.RedFlagRelease `json:"releases"`
	Parts    []Part                  `json:"parts"`
}

// Part is a bit set of the parts of a process a release sets.
type Part uint8

// The parts of a process.
const (
	PartPlanning   Part = 1 << iota // planning: budget, catalogue, 两头占 findings
	PartTender                      // tender: method, value, period, status
	PartAcceptance                  // an acceptance notice
	PartBids                        // bids/details
	PartAwards                      // awards
	PartContracts                   // contracts: value, status, amendments, subcontracts
	PartPayments                    // contracts' transactions
	PartGrades                      // contracts' performance evaluations
)

// For returns the facts a rule that reads the given parts sees: the same
// process with the parts it does not read left out, and only the releases of
// those it reads. A group rule is decided on its members' projections (the
// store keeps one per group and member), so a release that changes nothing a
// group's rule reads leaves the group alone.
func (f *Facts) For(reads Part) *Facts {
	g := *f
	g.Releases, g.Parts = nil, nil
	for i, r := range f.Releases {
		if f.Parts[i]&reads != 0 {
			g.Releases = append(g.Releases, r)
			g.Parts = append(g.Parts, f.Parts[i])
		}
	}
	if reads&PartBids == 0 {
		g.Bids = nil
	}
	if reads&PartAwards == 0 {
		g.Awards = nil
	}
	if reads&(PartContracts|PartPayments|PartGrades) == 0 {
		g.Contracts = nil
	} else if reads&PartPayments == 0 {
		g.Contracts = make([]ContractFact, len(f.Contracts))
		for i, c := range f.Contracts {
			c.Payments = nil
			g.Contracts[i] = c
		}
	}
	if reads&PartAcceptance == 0 {
		g.Acceptances = nil
	}
	if reads&PartPlanning == 0 {
		g.DoubleFunding = nil
	}
	g.PanelLinks = nil // read by a process rule only
	return &g
}

// EvidenceOf returns the releases that set any of the parts.
func (f *Facts) EvidenceOf(parts Part) []goumai.RedFlagRelease {
	var out []goumai.RedFlagRelease
	for i, r := range f.Releases {
		if f.Parts[i]&parts != 0 {
			out = append(out, r)
		}
	}
	return out
}

// PanelLink is a member of a process's evaluation panel linked to one of its
// bidders (ENG-F4).
type PanelLink struct {
	Member   string `json:"member"`    // the member's pseudonym: "member-" and its seat's id
	Supplier string `json:"supplier"`  // the bidder's party id
	Reason   string `json:"reason"`    // employment, directorship, control or family (rules.Conflict)
	LogIndex int64  `json:"log_index"` // the leaf of the event that seated the member
}

// BidFact is one bid.
type BidFact struct {
	ID       string  `json:"id"`
	Supplier string  `json:"supplier"`
	Amount   float64 `json:"amount"`
	Valid    bool    `json:"valid"`
}

// AwardFact is one award.
type AwardFact struct {
	ID        string   `json:"id"`
	Active    bool     `json:"active"`
	Suppliers []string `json:"suppliers"`
	Amount    float64  `json:"amount"`
	Date      string   `json:"date"`
	Bids      []string `json:"bids,omitempty"`
}

// ContractFact is one contract.
type ContractFact struct {
	ID        string        `json:"id"`
	Supplier  string        `json:"supplier"`
	Signed    string        `json:"signed,omitempty"`
	Original  float64       `json:"original"` // the amount when first published as active
	Current   float64       `json:"current"`  // with supplementary contracts
	Amended   bool          `json:"amended,omitempty"`
	Chain     int           `json:"chain,omitempty"`     // subcontracting chain depth
	SubShare  float64       `json:"sub_share,omitempty"` // subcontracted share, per cent
	Grade     string        `json:"grade,omitempty"`
	GradeDate string        `json:"grade_date,omitempty"`
	Payments  []PaymentFact `json:"payments,omitempty"`
}

// PaymentFact is one transaction.
type PaymentFact struct {
	ID     string  `json:"id"`
	Date   string  `json:"date"`
	Amount float64 `json:"amount"`
	// Due is the legal due date (RFC 3339, midnight China time) published
	// with the transaction (goumai extension: dueDate, REQ-C25); empty when
	// unknown.
	Due string `json:"due,omitempty"`
}

// StartTime is Start parsed (zero when missing).
func (f *Facts) StartTime() time.Time {
	t, _ := time.Parse(time.RFC3339Nano, f.Start)
	return t
}

// ReleaseIn is one release of a process and its leaf index.
type ReleaseIn struct {
	LogIndex int64
	Body     []byte
}

// LogIndexOf reads the leaf index from the id goumai gives a release: its
// ocid, a hyphen and the index (publish.build.start); -1 for other ids.
func LogIndexOf(ocid, id string) int64 {
	s, ok := strings.CutPrefix(id, ocid+"-")
	if !ok {
		return -1
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

var mergeRules, _ = ocds.RulesForVersion("1.1")

// merger compiles the releases of a process (the OCDS 1.1 merge rules).
var merger = ocds.NewMerger(mergeRules)

// FactsOf compiles the releases of one process (in date order, as published)
// and reads its facts. region is the process's region when known (the store
// knows it); else the buyer's address region in parties.
func FactsOf(region string, rs []ReleaseIn) (*Facts, error) {
	if len(rs) == 0 {
		return nil, fmt.Errorf("no release")
	}
	bodies := make([][]byte, len(rs))
	for i, r := range rs {
		bodies[i] = r.Body
	}
	compiled, err := merger.Compile(bodies...)
	if err != nil {
		return nil, err
	}
	var c compiledRelease
	if err := json.Unmarshal(compiled, &c); err != nil {
		return nil, err
	}
	f := &Facts{OCID: c.OCID, Region: region, BuyerID: c.Buyer.ID}
	for _, r := range rs {
		var head releaseHead
		if err := json.Unmarshal(r.Body, &head); err != nil {
			return nil, err
		}
		if part := head.parts(); part != 0 {
			f.Releases = append(f.Releases, goumai.RedFlagRelease{OCID: head.OCID, ReleaseID: head.ID, LogIndex: r.LogIndex})
			f.Parts = append(f.Parts, part)
		}
		if f.Start == "" {
			f.Start = head.Date
		}
		for _, hc := range head.Contracts {
			if hc.Status == "active" && hc.Value != nil {
				if i := f.contract(hc.ID); i < 0 {
					f.Contracts = append(f.Contracts, ContractFact{ID: hc.ID, Original: hc.Value.Amount})
				}
			}
		}
	}
	if f.Region == "" {
		for _, p := range c.Parties {
			if p.ID == f.BuyerID {
				f.Region = p.Address.Region
			}
		}
	}
	if c.Planning != nil {
		f.Catalogue = c.Planning.GuidanceCatalogue.ID
		if b := c.Planning.Budget; b != nil {
			f.BudgetItem = firstOf(b.BudgetSystem.ProCode, b.BudgetSystem.BgtID, b.ID)
		}
		for _, d := range c.Planning.DoubleFundingFindings {
			f.DoubleFunding = append(f.DoubleFunding, d.Description)
		}
	}
	if t := c.Tender; t != nil {
		f.Method, f.Details, f.Category, f.Cancelled = t.ProcurementMethod, t.ProcurementMethodDetails, t.MainProcurementCategory, t.Status == "cancelled"
		if t.Value != nil {
			f.Ceiling = t.Value.Amount
		}
		if t.TenderPeriod.StartDate != "" {
			f.Start = t.TenderPeriod.StartDate
		}
		f.TenderEnd = t.TenderPeriod.EndDate
		for _, d := range t.Documents {
			if d.DocumentType == "completionCertificate" && d.DatePublished != "" {
				f.Acceptances = append(f.Acceptances, d.DatePublished)
			}
		}
		sort.Strings(f.Acceptances)
	}
	if st := f.StartTime(); !st.IsZero() {
		f.Year = st.In(china).Year()
	}
	for _, b := range c.Bids.Details {
		bf := BidFact{ID: b.ID, Valid: b.Status == "valid"}
		if len(b.Tenderers) == 1 {
			bf.Supplier = b.Tenderers[0].ID
		}
		if b.Value != nil {
			bf.Amount = b.Value.Amount
		}
		f.Bids = append(f.Bids, bf)
	}
	for _, a := range c.Awards {
		af := AwardFact{ID: a.ID, Active: a.Status == "active", Date: a.Date, Bids: a.RelatedBids}
		for _, s := range a.Suppliers {
			af.Suppliers = append(af.Suppliers, s.ID)
		}
		if a.Value != nil {
			af.Amount = a.Value.Amount
		}
		f.Awards = append(f.Awards, af)
	}
	supplierOf := map[string]string{}
	for _, a := range f.Awards {
		if len(a.Suppliers) == 1 {
			supplierOf[a.ID] = a.Suppliers[0]
		}
	}
	var contracts []ContractFact
	for _, cc := range c.Contracts {
		cf := ContractFact{ID: cc.ID, Supplier: supplierOf[cc.AwardID], Signed: cc.DateSigned, Amended: len(cc.Amendments) > 0}
		if i := f.contract(cc.ID); i >= 0 {
			cf.Original = f.Contracts[i].Original
		}
		if cc.Value != nil {
			cf.Current = cc.Value.Amount
		}
		if cf.Original == 0 {
			cf.Original = cf.Current
		}
		cf.Chain = cc.SubcontractingChainDepth
		for _, s := range cc.Subcontracts {
			cf.SubShare += s.SharePercentage
			if s.ChainDepth > cf.Chain {
				cf.Chain = s.ChainDepth
			}
		}
		if im := cc.Implementation; im != nil {
			if pe := im.PerformanceEvaluation; pe != nil {
				cf.Grade, cf.GradeDate = pe.Grade, pe.DatePublished
			}
			for _, t := range im.Transactions {
				pf := PaymentFact{ID: t.ID, Date: t.Date, Due: t.DueDate}
				if t.Value != nil {
					pf.Amount = t.Value.Amount
				}
				cf.Payments = append(cf.Payments, pf)
			}
		}
		contracts = append(contracts, cf)
	}
	f.Contracts = contracts
	return f, nil
}

func (f *Facts) contract(id string) int {
	for i, c := range f.Contracts {
		if c.ID == id {
			return i
		}
	}
	return -1
}

// ActiveSuppliers are the suppliers of the active awards, each once, sorted.
func (f *Facts) ActiveSuppliers() []string {
	seen := map[string]bool{}
	var out []string
	for _, a := range f.Awards {
		if !a.Active {
			continue
		}
		for _, s := range a.Suppliers {
			if s != "" && !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
	}
	sort.Strings(out)
	return out
}

// AwardedAmount is the sum of the active awards' values.
func (f *Facts) AwardedAmount() float64 {
	var sum float64
	for _, a := range f.Awards {
		if a.Active {
			sum += a.Amount
		}
	}
	return sum
}

var china = time.FixedZone("CST", 8*60*60)

func firstOf(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

type amount struct {
	Amount float64 `json:"amount"`
}

type idRef struct {
	ID string `json:"id"`
}

type contractJSON struct {
	ID                       string  `json:"id"`
	AwardID                  string  `json:"awardID"`
	Status                   string  `json:"status"`
	Value                    *amount `json:"value"`
	DateSigned               string  `json:"dateSigned"`
	Amendments               []idRef `json:"amendments"`
	SubcontractingChainDepth int     `json:"subcontractingChainDepth"`
	Subcontracts             []struct {
		ChainDepth      int     `json:"chainDepth"`
		SharePercentage float64 `json:"sharePercentage"`
	} `json:"subcontracts"`
	Implementation *struct {
		Transactions []struct {
			ID      string  `json:"id"`
			Date    string  `json:"date"`
			Value   *amount `json:"value"`
			DueDate string  `json:"dueDate"`
		} `json:"transactions"`
		PerformanceEvaluation *struct {
			Grade         string `json:"grade"`
			DatePublished string `json:"datePublished"`
		} `json:"performanceEvaluation"`
	} `json:"implementation"`
}

// releaseHead is what a release is read for to tell the parts it sets.
type releaseHead struct {
	ID       string          `json:"id"`
	OCID     string          `json:"ocid"`
	Date     string          `json:"date"`
	Planning json.RawMessage `json:"planning"`
	Tender   *struct {
		Status                   string          `json:"status"`
		ProcurementMethodDetails string          `json:"procurementMethodDetails"`
		Value                    json.RawMessage `json:"value"`
		TenderPeriod             json.RawMessage `json:"tenderPeriod"`
		Documents                []struct {
			DocumentType string `json:"documentType"`
		} `json:"documents"`
	} `json:"tender"`
	Bids *struct {
		Details json.RawMessage `json:"details"`
	} `json:"bids"`
	Awards    json.RawMessage `json:"awards"`
	Contracts []contractJSON  `json:"contracts"`
}

func (h *releaseHead) parts() Part {
	var p Part
	if len(h.Planning) > 0 {
		p |= PartPlanning
	}
	if t := h.Tender; t != nil {
		if t.Status != "" || t.ProcurementMethodDetails != "" || len(t.Value) > 0 || len(t.TenderPeriod) > 0 {
			p |= PartTender
		}
		for _, d := range t.Documents {
			if d.DocumentType == "completionCertificate" {
				p |= PartAcceptance
			}
		}
	}
	if h.Bids != nil && len(h.Bids.Details) > 0 {
		p |= PartBids
	}
	if len(h.Awards) > 0 {
		p |= PartAwards
	}
	for _, c := range h.Contracts {
		if c.Value != nil || c.Status != "" || len(c.Amendments) > 0 || len(c.Subcontracts) > 0 {
			p |= PartContracts
		}
		if im := c.Implementation; im != nil {
			if len(im.Transactions) > 0 {
				p |= PartPayments
			}
			if im.PerformanceEvaluation != nil {
				p |= PartGrades
			}
		}
	}
	return p
}

type compiledRelease struct {
	OCID    string `json:"ocid"`
	Buyer   idRef  `json:"buyer"`
	Parties []struct {
		ID      string `json:"id"`
		Address struct {
			Region string `json:"region"`
		} `json:"address"`
	} `json:"parties"`
	Planning *struct {
		Budget *struct {
			ID           string `json:"id"`
			BudgetSystem struct {
				ProCode string `json:"proCode"`
				BgtID   string `json:"bgtId"`
			} `json:"budgetSystem"`
		} `json:"budget"`
		GuidanceCatalogue     idRef `json:"guidanceCatalogue"`
		DoubleFundingFindings []struct {
			Description string `json:"description"`
		} `json:"doubleFundingFindings"`
	} `json:"planning"`
	Tender *struct {
		Status                   string  `json:"status"`
		ProcurementMethod        string  `json:"procurementMethod"`
		ProcurementMethodDetails string  `json:"procurementMethodDetails"`
		MainProcurementCategory  string  `json:"mainProcurementCategory"`
		Value                    *amount `json:"value"`
		TenderPeriod             struct {
			StartDate string `json:"startDate"`
			EndDate   string `json:"endDate"`
		} `json:"tenderPeriod"`
		Documents []struct {
			DocumentType  string `json:"documentType"`
			DatePublished string `json:"datePublished"`
		} `json:"documents"`
	} `json:"tender"`
	Bids struct {
		Details []struct {
			ID        string  `json:"id"`
			Status    string  `json:"status"`
			Tenderers []idRef `json:"tenderers"`
			Value     *amount `json:"value"`
		} `json:"details"`
	} `json:"bids"`
	Awards []struct {
		ID          string   `json:"id"`
		Status      string   `json:"status"`
		Date        string   `json:"date"`
		Value       *amount  `json:"value"`
		Suppliers   []idRef  `json:"suppliers"`
		RelatedBids []string `json:"relatedBids"`
	} `json:"awards"`
	Contracts []contractJSON `json:"contracts"`
}
