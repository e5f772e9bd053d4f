package ocds

import (
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Release is an OCDS 1.1 release built from Go values: the fields goumai publishes. Fields that
// goumai does not model go in Extensions (member name → raw JSON), which is written embedded
// next to the standard members, so extension fields need no change here.
//
// Marshal it with json.Marshal (encoding/json) or Release.MarshalJSON: empty fields are omitted
// because OCDS forbids empty strings, objects and arrays.
type Release struct {
	OCID           string                    `json:"ocid"`
	ID             string                    `json:"id"`
	Date           time.Time                 `json:"date"`
	Tag            []string                  `json:"tag,omitempty"`
	InitiationType string                    `json:"initiationType,omitempty"`
	Language       string                    `json:"language,omitempty"`
	Parties        []Organization            `json:"parties,omitempty"`
	Buyer          *OrganizationReference    `json:"buyer,omitempty"`
	Planning       *Planning                 `json:"planning,omitempty"`
	Tender         *Tender                   `json:"tender,omitempty"`
	Awards         []Award                   `json:"awards,omitempty"`
	Contracts      []Contract                `json:"contracts,omitempty"`
	Extensions     map[string]jsontext.Value `json:",embed"`
}

// releaseFields has Release's fields without its methods, so MarshalJSON does not recurse.
type releaseFields Release

// MarshalJSON writes the release with its Extensions embedded. It uses the JSON v2 encoder,
// which understands the embed and omitempty rules of the struct tags.
func (r Release) MarshalJSON() ([]byte, error) {
	return jsonv2.Marshal(releaseFields(r), jsonv2.Deterministic(true))
}

// NewRelease starts a release with its required fields; tags are codes of the releaseTag codelist
// (planning, tender, award, contract, implementation, …).
func NewRelease(ocid, id string, date time.Time, tags ...string) *Release {
	return &Release{OCID: ocid, ID: id, Date: date, Tag: tags, InitiationType: "tender"}
}

// Organization is an entry of the release's parties list.
type Organization struct {
	Name                  string                    `json:"name,omitempty"`
	ID                    string                    `json:"id"`
	Identifier            *Identifier               `json:"identifier,omitempty"`
	AdditionalIdentifiers []Identifier              `json:"additionalIdentifiers,omitempty"`
	Address               *Address                  `json:"address,omitempty"`
	ContactPoint          *ContactPoint             `json:"contactPoint,omitempty"`
	Roles                 []string                  `json:"roles,omitempty"`
	Extensions            map[string]jsontext.Value `json:",embed"`
}

// OrganizationReference points at an entry of parties by its id.
type OrganizationReference struct {
	Name string `json:"name,omitempty"`
	ID   string `json:"id"`
}

// Identifier identifies an organisation in a register; for Chinese organisations the scheme is
// "CN-USCC" (unified social credit code).
type Identifier struct {
	Scheme    string `json:"scheme,omitempty"`
	ID        string `json:"id,omitempty"`
	LegalName string `json:"legalName,omitempty"`
	URI       string `json:"uri,omitempty"`
}

// Address is a postal address.
type Address struct {
	StreetAddress string `json:"streetAddress,omitempty"`
	Locality      string `json:"locality,omitempty"`
	Region        string `json:"region,omitempty"`
	PostalCode    string `json:"postalCode,omitempty"`
	CountryName   string `json:"countryName,omitempty"`
}

// ContactPoint is a person or office to contact.
type ContactPoint struct {
	Name      string `json:"name,omitempty"`
	Email     string `json:"email,omitempty"`
	Telephone string `json:"telephone,omitempty"`
	FaxNumber string `json:"faxNumber,omitempty"`
	URL       string `json:"url,omitempty"`
}

// Value is an amount of money. Amount is a pointer because zero is a meaningful amount.
type Value struct {
	Amount   *float64 `json:"amount,omitempty"`
	Currency string   `json:"currency,omitempty"`
}

// Yuan returns a Value in Chinese yuan (CNY) from an amount in fen (分), the unit goumai stores.
func Yuan(fen int64) *Value {
	a := float64(fen) / 100
	return &Value{Amount: &a, Currency: "CNY"}
}

// Period is a span of time; any end may be open.
type Period struct {
	StartDate      *time.Time `json:"startDate,omitempty"`
	EndDate        *time.Time `json:"endDate,omitempty"`
	MaxExtentDate  *time.Time `json:"maxExtentDate,omitempty"`
	DurationInDays *int       `json:"durationInDays,omitempty"`
}

// Classification is a code from a classification scheme (for goumai, the catalogue of
// government-purchased services).
type Classification struct {
	Scheme      string `json:"scheme,omitempty"`
	ID          string `json:"id,omitempty"`
	Description string `json:"description,omitempty"`
	URI         string `json:"uri,omitempty"`
}

// Unit is the unit in which an item's quantity is expressed, with its unit price.
type Unit struct {
	Scheme string `json:"scheme,omitempty"`
	ID     string `json:"id,omitempty"`
	Name   string `json:"name,omitempty"`
	Value  *Value `json:"value,omitempty"`
}

// Item is a good or service being purchased.
type Item struct {
	ID                        string                    `json:"id"`
	Description               string                    `json:"description,omitempty"`
	Classification            *Classification           `json:"classification,omitempty"`
	AdditionalClassifications []Classification          `json:"additionalClassifications,omitempty"`
	Quantity                  *float64                  `json:"quantity,omitempty"`
	Unit                      *Unit                     `json:"unit,omitempty"`
	Extensions                map[string]jsontext.Value `json:",embed"`
}

// Document is a published document, linked by URL.
type Document struct {
	ID            string     `json:"id"`
	DocumentType  string     `json:"documentType,omitempty"`
	Title         string     `json:"title,omitempty"`
	Description   string     `json:"description,omitempty"`
	URL           string     `json:"url,omitempty"`
	DatePublished *time.Time `json:"datePublished,omitempty"`
	DateModified  *time.Time `json:"dateModified,omitempty"`
	Format        string     `json:"format,omitempty"`
	Language      string     `json:"language,omitempty"`
}

// Milestone is a planned or met event of a process.
type Milestone struct {
	ID          string     `json:"id"`
	Title       string     `json:"title,omitempty"`
	Type        string     `json:"type,omitempty"`
	Description string     `json:"description,omitempty"`
	DueDate     *time.Time `json:"dueDate,omitempty"`
	DateMet     *time.Time `json:"dateMet,omitempty"`
	Status      string     `json:"status,omitempty"`
}

// Amendment records a change to a tender, award or contract.
type Amendment struct {
	ID              string     `json:"id,omitempty"`
	Date            *time.Time `json:"date,omitempty"`
	Rationale       string     `json:"rationale,omitempty"`
	Description     string     `json:"description,omitempty"`
	AmendsReleaseID string     `json:"amendsReleaseID,omitempty"`
	ReleaseID       string     `json:"releaseID,omitempty"`
}

// Budget is the budget line of a planned purchase.
type Budget struct {
	ID          string                    `json:"id,omitempty"`
	Description string                    `json:"description,omitempty"`
	Amount      *Value                    `json:"amount,omitempty"`
	ProjectID   string                    `json:"projectID,omitempty"`
	Project     string                    `json:"project,omitempty"`
	Extensions  map[string]jsontext.Value `json:",embed"`
}

// Planning is the planning stage of a contracting process.
type Planning struct {
	Rationale  string                    `json:"rationale,omitempty"`
	Budget     *Budget                   `json:"budget,omitempty"`
	Documents  []Document                `json:"documents,omitempty"`
	Milestones []Milestone               `json:"milestones,omitempty"`
	Extensions map[string]jsontext.Value `json:",embed"`
}

// Tender is the tender stage of a contracting process.
type Tender struct {
	ID                              string                    `json:"id"`
	Title                           string                    `json:"title,omitempty"`
	Description                     string                    `json:"description,omitempty"`
	Status                          string                    `json:"status,omitempty"`
	ProcuringEntity                 *OrganizationReference    `json:"procuringEntity,omitempty"`
	Items                           []Item                    `json:"items,omitempty"`
	Value                           *Value                    `json:"value,omitempty"`
	ProcurementMethod               string                    `json:"procurementMethod,omitempty"`
	ProcurementMethodDetails        string                    `json:"procurementMethodDetails,omitempty"`
	ProcurementMethodRationale      string                    `json:"procurementMethodRationale,omitempty"`
	MainProcurementCategory         string                    `json:"mainProcurementCategory,omitempty"`
	AdditionalProcurementCategories []string                  `json:"additionalProcurementCategories,omitempty"`
	AwardCriteria                   string                    `json:"awardCriteria,omitempty"`
	SubmissionMethod                []string                  `json:"submissionMethod,omitempty"`
	TenderPeriod                    *Period                   `json:"tenderPeriod,omitempty"`
	EnquiryPeriod                   *Period                   `json:"enquiryPeriod,omitempty"`
	AwardPeriod                     *Period                   `json:"awardPeriod,omitempty"`
	ContractPeriod                  *Period                   `json:"contractPeriod,omitempty"`
	HasEnquiries                    *bool                     `json:"hasEnquiries,omitempty"`
	NumberOfTenderers               *int                      `json:"numberOfTenderers,omitempty"`
	Tenderers                       []OrganizationReference   `json:"tenderers,omitempty"`
	Documents                       []Document                `json:"documents,omitempty"`
	Milestones                      []Milestone               `json:"milestones,omitempty"`
	Amendments                      []Amendment               `json:"amendments,omitempty"`
	Extensions                      map[string]jsontext.Value `json:",embed"`
}

// Award is an award decision of a contracting process.
type Award struct {
	ID             string                    `json:"id"`
	Title          string                    `json:"title,omitempty"`
	Description    string                    `json:"description,omitempty"`
	Status         string                    `json:"status,omitempty"`
	Date           *time.Time                `json:"date,omitempty"`
	Value          *Value                    `json:"value,omitempty"`
	Suppliers      []OrganizationReference   `json:"suppliers,omitempty"`
	Items          []Item                    `json:"items,omitempty"`
	ContractPeriod *Period                   `json:"contractPeriod,omitempty"`
	Documents      []Document                `json:"documents,omitempty"`
	Amendments     []Amendment               `json:"amendments,omitempty"`
	Extensions     map[string]jsontext.Value `json:",embed"`
}

// Contract is a signed contract of a contracting process.
type Contract struct {
	ID             string                    `json:"id"`
	AwardID        string                    `json:"awardID"`
	Title          string                    `json:"title,omitempty"`
	Description    string                    `json:"description,omitempty"`
	Status         string                    `json:"status,omitempty"`
	Period         *Period                   `json:"period,omitempty"`
	Value          *Value                    `json:"value,omitempty"`
	Items          []Item                    `json:"items,omitempty"`
	DateSigned     *time.Time                `json:"dateSigned,omitempty"`
	Documents      []Document                `json:"documents,omitempty"`
	Implementation *Implementation           `json:"implementation,omitempty"`
	Milestones     []Milestone               `json:"milestones,omitempty"`
	Amendments     []Amendment               `json:"amendments,omitempty"`
	Extensions     map[string]jsontext.Value `json:",embed"`
}

// Implementation is what happened after a contract was signed: payments, milestones, reports.
type Implementation struct {
	Transactions []Transaction             `json:"transactions,omitempty"`
	Milestones   []Milestone               `json:"milestones,omitempty"`
	Documents    []Document                `json:"documents,omitempty"`
	Extensions   map[string]jsontext.Value `json:",embed"`
}

// Transaction is a payment made under a contract.
type Transaction struct {
	ID         string                    `json:"id"`
	Source     string                    `json:"source,omitempty"`
	Date       *time.Time                `json:"date,omitempty"`
	Value      *Value                    `json:"value,omitempty"`
	Payer      *OrganizationReference    `json:"payer,omitempty"`
	Payee      *OrganizationReference    `json:"payee,omitempty"`
	URI        string                    `json:"uri,omitempty"`
	Extensions map[string]jsontext.Value `json:",embed"`
}
