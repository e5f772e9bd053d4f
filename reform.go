package goumai

// Public-institution reform links (财综〔2013〕111号 二（四）): a 事业单位's
// functions and funded posts; when a function is bought as a service its funding
// moves with it (费随事转, a ledger transfer); buying a service while the same
// function is still staffed and funded is 两头占.

import (
	"strings"
	"unicode/utf8"
)

// Function is a function (职能) of a public institution, linked to the catalogue
// item that would buy it as a service.
type Function struct {
	ID          int64  `json:"id"`
	OrgID       int64  `json:"org_id"` // the 事业单位
	Region      string `json:"region"` // the institution's region, for scoping
	Name        string `json:"name"`
	CatalogCode string `json:"catalog_code"`
	FundedPosts int    `json:"funded_posts"` // 财政供养编制 still assigned to it
	AnnualCost  Fen    `json:"annual_cost"`  // its funding in the institution's budget
	Transferred bool   `json:"transferred"`  // moved to purchased services (费随事转 done)
	TransferID  int64  `json:"transfer_id,omitempty"`
}

// Limits on function fields.
const (
	MaxFunctionName = 200
	MaxFundedPosts  = 100000
)

// Validate checks a function's own fields.
func (f Function) Validate() error {
	fs := Fields{}
	switch n := utf8.RuneCountInString(strings.TrimSpace(f.Name)); {
	case n == 0:
		fs.Add("name", "请填写职能名称", "name is required")
	case n > MaxFunctionName:
		fs.Add("name", "职能名称不能超过200个字", "name must be at most 200 characters")
	}
	if c := strings.TrimSpace(f.CatalogCode); c == "" || len(c) > 40 {
		fs.Add("catalog_code", "请填写对应的指导性目录编码", "the guidance-catalogue code is required")
	}
	if f.FundedPosts < 0 || f.FundedPosts > MaxFundedPosts {
		fs.Add("funded_posts", "编制数应为0至100000之间的整数", "funded posts must be a whole number from 0 to 100000")
	}
	if m := CheckFen(f.AnnualCost); m != nil {
		fs["annual_cost"] = *m
	}
	return fs.Err()
}

// DoubleFunded reports whether buying this function as a service would be 两头占:
// the function is still staffed and funded.
func (f Function) DoubleFunded() bool {
	return !f.Transferred && (f.FundedPosts > 0 || f.AnnualCost > 0)
}
