package goumai_test

import (
	"testing"

	"github.com/goumai/goumai"
)

// TestValidateBidSME: the SME declaration's clauses (财库〔2020〕46号), one
// row each, with the field each refusal names.
func TestValidateBidSME(t *testing.T) {
	lot := goumai.Lot{Budget: 100_000_00}
	reserved := goumai.Lot{Budget: 100_000_00, SMEReserved: true}
	ok := goumai.BidContent{Price: 90_000_00}
	for _, c := range []struct {
		name  string
		lot   goumai.Lot
		sme   goumai.SMEDeclaration
		field string // "" when accepted
	}{
		{"not an SME", lot, goumai.SMEDeclaration{}, ""},
		{"a small firm with its statement", lot, goumai.SMEDeclaration{Size: "small", Statement: "本公司为小型企业。"}, ""},
		{"an unknown size", lot, goumai.SMEDeclaration{Size: "large"}, "sme.size"},
		{"a size without its statement", lot, goumai.SMEDeclaration{Size: "micro"}, "sme.statement"},
		{"a reserved lot without a size", reserved, goumai.SMEDeclaration{}, "sme.size"},
		{"small partners' share with the statements", lot, goumai.SMEDeclaration{PartnerSharePct: 30, Statement: "联合协议约定小微企业份额30%。"}, ""},
		{"a partners' share without the statements", lot, goumai.SMEDeclaration{PartnerSharePct: 30}, "sme.statement"},
		{"a partners' share above 100", lot, goumai.SMEDeclaration{PartnerSharePct: 101, Statement: "x"}, "sme.partner_share_pct"},
		{"a negative partners' share", lot, goumai.SMEDeclaration{PartnerSharePct: -1, Statement: "x"}, "sme.partner_share_pct"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := ok
			b.SME = c.sme
			err := goumai.ValidateBid(b, c.lot)
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e := goumai.AsError(err)
			if e == nil {
				t.Fatalf("accepted, want a refusal of %s", c.field)
			}
			if _, found := e.Fields[c.field]; !found {
				t.Errorf("fields %v, want %s", e.Fields, c.field)
			}
		})
	}
}
