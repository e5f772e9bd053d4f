package demo

import (
	"testing"

	"github.com/goumai/goumai"
)

func TestCreditCode(t *testing.T) {
	// Published codes of two well-known companies, and constructed edge cases of
	// the GB 11714 check (remainders giving X and 0).
	tests := []struct {
		prefix, region, body string
		want                 string
	}{
		{"91", "330100", "71610585", "91330100716105852F"}, // 阿里巴巴（中国）有限公司
		{"91", "440300", "70846113", "91440300708461136T"}, // 深圳市腾讯计算机系统有限公司
		{"11", "100000", "00000001", ""},
		{"52", "330106", "MJ000000", ""},
	}
	for _, tt := range tests {
		got, err := CreditCode(tt.prefix, tt.region, tt.body)
		if err != nil {
			t.Errorf("CreditCode(%q, %q, %q): %v", tt.prefix, tt.region, tt.body, err)
			continue
		}
		if tt.want != "" && got != tt.want {
			t.Errorf("CreditCode(%q, %q, %q) = %s, want %s", tt.prefix, tt.region, tt.body, got, tt.want)
		}
		if m := goumai.CheckCreditCode(got); m != nil {
			t.Errorf("CreditCode(%q, %q, %q) = %s: %s", tt.prefix, tt.region, tt.body, got, m.EN)
		}
	}
}

func TestOrgCodeCheck(t *testing.T) {
	tests := []struct {
		body string
		want byte
	}{
		{"71610585", '2'},
		{"70846113", '6'},
		{"00000001", '9'}, // 2 → 11 − 2 = 9
		{"00000010", '7'}, // 4 → 7
		{"00000005", '1'}, // 10 → 1
		{"00000006", 'X'}, // 12 mod 11 = 1 → 10 → X
		{"00000000", '0'}, // 0 → 11 → 0
		{"MA000000", '7'}, // M=22, A=10: 66 + 70 = 136 ≡ 4 → 7
	}
	for _, tt := range tests {
		got, err := OrgCodeCheck(tt.body)
		if err != nil || got != tt.want {
			t.Errorf("OrgCodeCheck(%q) = %q, %v; want %q", tt.body, got, err, tt.want)
		}
	}
}

func TestCreditCodeRefuses(t *testing.T) {
	for _, tt := range []struct{ prefix, region, body string }{
		{"9", "330100", "71610585"},  // short prefix
		{"9I", "330100", "71610585"}, // I is not in the alphabet
		{"91", "33010", "71610585"},  // short region
		{"91", "3301A0", "71610585"}, // region not digits
		{"91", "330100", "7161058"},  // short body
		{"91", "330100", "MA00000O"}, // O is not in the alphabet
		{"91", "330100", "ma000000"}, // lower case
	} {
		if got, err := CreditCode(tt.prefix, tt.region, tt.body); err == nil {
			t.Errorf("CreditCode(%q, %q, %q) = %s, want an error", tt.prefix, tt.region, tt.body, got)
		}
	}
}
