package goumai

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Fen is an amount of money in fen (分, 0.01 yuan). Money is never a float.
type Fen int64

// MaxFen bounds any single amount (¥ 1 trillion), far above any purchase but
// small enough that sums of many amounts cannot overflow int64.
const MaxFen Fen = 100_000_000_000_000

// ParseYuan parses a yuan amount as typed by a person ("1234.5", "1,234.56",
// "¥1234") into fen. It refuses fractions of a fen, negative values,
// exponents and amounts above MaxFen.
func ParseYuan(s string) (Fen, *Msg) {
	s = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(s), "¥"), "￥"))
	s = strings.ReplaceAll(s, ",", "")
	bad := func(zh, en string) (Fen, *Msg) { m := M(zh, en); return 0, &m }
	if s == "" {
		return bad("请填写金额", "amount is required")
	}
	if strings.HasPrefix(s, "-") {
		return bad("金额不能为负数", "amount cannot be negative")
	}
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" {
		whole = "0"
	}
	if !isDigitsAny(whole) || (frac != "" && !isDigitsAny(frac)) || strings.Count(s, ".") > 1 {
		return bad("金额格式不正确（例如 12345.67）", "malformed amount (e.g. 12345.67)")
	}
	if len(frac) > 2 {
		return bad("金额最多精确到分（两位小数）", "amounts are exact to the fen (two decimals)")
	}
	if len(whole) > 13 {
		return bad("金额超出上限", "amount is too large")
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return bad("金额超出上限", "amount is too large")
	}
	for len(frac) < 2 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	v := Fen(w*100 + f)
	if v > MaxFen {
		return bad("金额超出上限", "amount is too large")
	}
	return v, nil
}

func isDigitsAny(s string) bool { return s != "" && isDigits(s, len(s)) }

// CheckFen validates an amount given in fen through the API.
func CheckFen(v Fen) *Msg {
	switch {
	case v < 0:
		m := M("金额不能为负数", "amount cannot be negative")
		return &m
	case v > MaxFen:
		m := M("金额超出上限", "amount is too large")
		return &m
	}
	return nil
}

// Yuan formats fen as yuan with two decimals and thousands separators: 1,234.50.
func (v Fen) Yuan() string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.FormatInt(int64(v/100), 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := fmt.Sprintf("%s.%02d", b.String(), int64(v%100))
	if neg {
		out = "-" + out
	}
	return out
}

// Wan formats fen as 万元 with four decimals trimmed to at most 2 (for 采购意向 tables, REQ-C10).
func (v Fen) Wan() string {
	w := float64(v) / 1e6 // display only
	return strconv.FormatFloat(math.Round(w*100)/100, 'f', 2, 64)
}

// AddFen adds amounts, reporting overflow beyond MaxFen.
func AddFen(a, b Fen) (Fen, bool) {
	s := a + b
	if s > MaxFen || s < -MaxFen {
		return 0, false
	}
	return s, true
}
