package demo

import (
	"fmt"
	"strings"

	"github.com/goumai/goumai"
)

// Registration-authority and organisation-type prefixes of unified social credit
// codes (GB 32100-2015 §4.1, characters 1 and 2): the authority that registers an
// organisation, then its category in that authority's register.
const (
	PrefixOrgan        = "11" // 机构编制: 机关 (state and party organs)
	PrefixInstitution  = "12" // 机构编制: 事业单位
	PrefixMassOrg      = "13" // 机构编制: 群众团体 whose establishment the 编办 manages
	PrefixLawFirm      = "31" // 司法行政: 律师执业机构
	PrefixSocialGroup  = "51" // 民政: 社会团体
	PrefixSocialServ   = "52" // 民政: 民办非企业单位 (社会服务机构)
	PrefixFoundation   = "53" // 民政: 基金会
	PrefixGrassroots   = "54" // 民政: 基层群众性自治组织 (居委会、村委会), coded since 2017; not in the 2015 table
	PrefixTradeUnion   = "81" // 工会: 基层工会
	PrefixEnterprise   = "91" // 工商 (市场监管): 企业
	PrefixIndividual   = "92" // 工商: 个体工商户
	PrefixCooperative  = "93" // 工商: 农民专业合作社
	PrefixVillageColl  = "N2" // 农业农村: 村级集体经济组织
	PrefixTownshipColl = "N3" // 农业农村: 乡镇级集体经济组织
)

// DefaultPrefix is the usual registration prefix of an organisation of kind k
// (for the kinds several registers serve, the most common one).
func DefaultPrefix(o goumai.Org) string {
	switch o.Kind {
	case goumai.KindStateOrgan, goumai.KindPartyOrgan:
		return PrefixOrgan
	case goumai.KindInstitution:
		return PrefixInstitution
	case goumai.KindSocialOrg:
		return PrefixSocialServ
	case goumai.KindEnterprise:
		return PrefixEnterprise
	case goumai.KindMassOrg:
		if o.Staffing == goumai.StaffingSelfFunded {
			return PrefixTradeUnion
		}
		return PrefixMassOrg
	case goumai.KindRuralCollect:
		return PrefixVillageColl
	case goumai.KindGrassroots:
		return PrefixGrassroots
	case goumai.KindIndividual:
		return PrefixIndividual
	}
	return PrefixEnterprise
}

// creditAlphabet is GB 32100's alphabet (no I, O, Z, S, V); organisation codes
// inside a credit code use it too.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// orgCodeWeights are GB 11714-1997's weights for the 8 body characters.
var orgCodeWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// OrgCodeCheck returns the GB 11714-1997 check character of an 8-character
// organisation-code body: C9 = 11 − (Σ value×weight mod 11), written X for 10
// and 0 for 11, where digits are worth themselves and A–Z 10–35.
func OrgCodeCheck(body string) (byte, error) {
	if len(body) != 8 {
		return 0, fmt.Errorf("organisation code body %q: want 8 characters", body)
	}
	sum := 0
	for i := 0; i < 8; i++ {
		c := body[i]
		var v int
		switch {
		case c >= '0' && c <= '9':
			v = int(c - '0')
		case c >= 'A' && c <= 'Z':
			v = int(c-'A') + 10
		default:
			return 0, fmt.Errorf("organisation code body %q: invalid character %q", body, c)
		}
		sum += v * orgCodeWeights[i]
	}
	switch c := 11 - sum%11; c {
	case 10:
		return 'X', nil
	case 11:
		return '0', nil
	default:
		return byte('0' + c), nil
	}
}

// CreditCode assembles a unified social credit code (GB 32100-2015): the
// two-character prefix, the 6-digit region of the registering authority, the
// organisation code (body plus its GB 11714 check character) and the final
// GB 32100 check character.
func CreditCode(prefix, region, body string) (string, error) {
	if len(prefix) != 2 || strings.Trim(prefix, creditAlphabet) != "" {
		return "", fmt.Errorf("credit code prefix %q: want 2 characters of the GB 32100 alphabet", prefix)
	}
	if len(region) != 6 || strings.Trim(region, "0123456789") != "" {
		return "", fmt.Errorf("credit code region %q: want 6 digits", region)
	}
	if strings.Trim(body, creditAlphabet) != "" {
		return "", fmt.Errorf("organisation code body %q: only GB 32100 characters may be used", body)
	}
	c9, err := OrgCodeCheck(body)
	if err != nil {
		return "", err
	}
	first17 := prefix + region + body + string(c9)
	c18, ok := goumai.CreditCheckChar(first17)
	if !ok {
		return "", fmt.Errorf("credit code %q: cannot compute the check character", first17)
	}
	return first17 + string(c18), nil
}

// bodyFor returns an 8-character organisation-code body derived from seed
// bytes, shaped like the codes the prefix's register issues: legacy all-digit
// codes for organs and 事业单位, "MJ…" for 民政 registrations, "MA…" otherwise.
func bodyFor(prefix string, seed []byte) string {
	var b strings.Builder
	n := 8
	switch {
	case prefix[0] == '1':
		for i := 0; i < 8; i++ {
			b.WriteByte('0' + seed[i%len(seed)]%10)
		}
		return b.String()
	case prefix[0] == '5':
		b.WriteString("MJ")
		n = 6
	default:
		b.WriteString("MA")
		n = 6
	}
	for i := 0; i < n; i++ {
		b.WriteByte(creditAlphabet[int(seed[i%len(seed)])%len(creditAlphabet)])
	}
	return b.String()
}
