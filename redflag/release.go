package redflag

// Text is a JSON string field: Valid is false when the field is missing or is
// not a JSON string (Cardinal ignores fields of the wrong type).
type Text struct {
	Value string
	Valid bool
}

// Is reports whether the field is a string equal to s.
func (t Text) Is(s string) bool { return t.Valid && t.Value == s }

// Release is the part of an OCDS compiled release that the indicators read.
// Only the fields listed here are kept; everything else in the input is
// skipped while decoding.
type Release struct {
	OCID   Text
	Tender *Tender // nil unless /tender is an object
	// BuyerID is /buyer/id.
	BuyerID Text
	// Bids holds /bids/details; BidsValid is true when that is an array.
	Bids      []Bid
	BidsValid bool
	// Awards holds /awards; AwardsValid is true when that is an array.
	Awards      []Award
	AwardsValid bool
}

// Tender is /tender.
type Tender struct {
	Status                   Text
	ProcurementMethod        Text
	ProcurementMethodDetails Text
	// NumberOfTenderers is the literal text of /tender/numberOfTenderers
	// when it is a JSON number (R018 needs to tell 1 from 1.0).
	NumberOfTenderers Text
	// StartDate and EndDate come from /tender/tenderPeriod.
	StartDate Text
	EndDate   Text
	// ProcuringEntityID is /tender/procuringEntity/id.
	ProcuringEntityID Text
}

// Bid is one entry of /bids/details (the OCDS bids extension).
type Bid struct {
	Status Text
	Date   Text
	// Tenderers holds the id of each entry of tenderers (invalid when the
	// entry has no string id); TenderersValid is true when it is an array.
	Tenderers      []Text
	TenderersValid bool
	// Amount and Currency come from value; AmountValid is true when
	// value/amount is a JSON number.
	Amount      float64
	AmountValid bool
	Currency    Text
}

// Award is one entry of /awards.
type Award struct {
	Status Text
	// Suppliers holds the id of each supplier; SuppliersValid is true when
	// suppliers is an array.
	Suppliers      []Text
	SuppliersValid bool
	// ItemClassifications holds items[].classification.id; ItemsValid is
	// true when items is an array.
	ItemClassifications []Text
	ItemsValid          bool
}
