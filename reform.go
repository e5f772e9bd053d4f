package goumai

// Public-institution reform links (财综〔2013〕111号 二（四）): a 事业单位's
// functions and funded posts; when a function is bought as a service its funding
// moves with it (费随事转, a ledger transfer); buying a service while the same
// function is still staffed and funded is 两头占.

// Function is a function (职能) of a public institution, linked to the catalogue
// item that would buy it as a service.
type Function struct {
	ID          int64  `json:"id"`
	OrgID       int64  `json:"org_id"` // the 事业单位
	Name        string `json:"name"`
	CatalogCode string `json:"catalog_code"`
	FundedPosts int    `json:"funded_posts"` // 财政供养编制 still assigned to it
	AnnualCost  Fen    `json:"annual_cost"`  // its funding in the institution's budget
	Transferred bool   `json:"transferred"`  // moved to purchased services (费随事转 done)
}

// DoubleFunded reports whether buying this function as a service would be 两头占:
// the function is still staffed and funded.
func (f Function) DoubleFunded() bool {
	return !f.Transferred && (f.FundedPosts > 0 || f.AnnualCost > 0)
}
