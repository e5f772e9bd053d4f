package validate

import (
	"errors"
	"net/netip"
	"regexp"
	"strconv"
	"time"
)

// The Data Review Tool checks "date-time" with the rfc3339-validator package
// and "uri" with rfc3987 (rule "URI"). These reproduce both, including that
// Python's "$" also matches before one final newline.

var rfc3339 = regexp.MustCompile(`^([0-9]{4})-(0[1-9]|1[0-2])-([0-9]{2})T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])\n?$`)

var errDateTime = errors.New("not an RFC 3339 date-time")

// checkDateTime validates the "date-time" format: RFC 3339 with upper-case T
// and Z, a real calendar day and a year other than 0000.
func checkDateTime(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	m := rfc3339.FindStringSubmatch(s)
	if m == nil {
		return errDateTime
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	day, _ := strconv.Atoi(m[3])
	if year == 0 || day < 1 || day > daysIn(year, time.Month(month)) {
		return errDateTime
	}
	return nil
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// RFC 3986 section 3, as an absolute URI (rfc3987's "URI" rule).
const (
	pctEnc   = `%[0-9A-Fa-f]{2}`
	pchar    = `(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|` + pctEnc + `)`
	userinfo = `(?:[A-Za-z0-9\-._~!$&'()*+,;=:]|` + pctEnc + `)*`
	regName  = `(?:[A-Za-z0-9\-._~!$&'()*+,;=]|` + pctEnc + `)*`
	hierPart = `(?://(?:` + userinfo + `@)?(?:\[([^\[\]]*)\]|` + regName + `)(?::[0-9]*)?(?:/` + pchar + `*)*` +
		`|/(?:` + pchar + `+(?:/` + pchar + `*)*)?` +
		`|` + pchar + `+(?:/` + pchar + `*)*` +
		`|)`
	queryPart = `(?:` + pchar + `|[/?])*`
)

var (
	uriRE     = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+\-.]*:` + hierPart + `(?:\?` + queryPart + `)?(?:#` + queryPart + `)?\n?$`)
	ipFutureR = regexp.MustCompile(`^[vV][0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+$`)
	errURI    = errors.New("not an absolute URI (RFC 3986)")
)

// checkURI validates the "uri" format.
func checkURI(v any) error {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	m := uriRE.FindStringSubmatchIndex(s)
	if m == nil {
		return errURI
	}
	if m[2] >= 0 { // an IP literal host: IPv6 or IPvFuture
		lit := s[m[2]:m[3]]
		if ipFutureR.MatchString(lit) {
			return nil
		}
		a, err := netip.ParseAddr(lit)
		if err != nil || !a.Is6() || a.Zone() != "" {
			return errURI
		}
	}
	return nil
}
