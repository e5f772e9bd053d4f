package redflag

import (
	"errors"
	"time"
)

var errDate = errors.New("not an RFC 3339 date-time")

// parseRFC3339 parses a date-time as chrono's DateTime::parse_from_rfc3339:
// "YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)", with "t" or "T" and "z" or "Z",
// any number of fraction digits, and a leap second (:60) counted as :59 plus
// one second. It returns seconds since the epoch and nanoseconds.
func parseRFC3339(s string) (secs int64, nanos int64, err error) {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':' {
		return 0, 0, errDate
	}
	num := func(from, to int) int {
		n := 0
		for i := from; i < to; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	year, month, day := num(0, 4), num(5, 7), num(8, 10)
	hour, minute, second := num(11, 13), num(14, 16), num(17, 19)
	if year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60 {
		return 0, 0, errDate
	}
	if day > time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return 0, 0, errDate
	}
	i := 19
	if s[i] == '.' {
		i++
		start, scale := i, int64(100_000_000)
		for ; i < len(s) && s[i] >= '0' && s[i] <= '9'; i++ {
			nanos += int64(s[i]-'0') * scale
			scale /= 10
		}
		if i == start {
			return 0, 0, errDate
		}
	}
	offset := 0
	switch rest := s[i:]; {
	case rest == "Z" || rest == "z":
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, om := num(i+1, i+3), num(i+4, i+6)
		if oh < 0 || oh > 23 || om < 0 || om > 59 {
			return 0, 0, errDate
		}
		offset = (oh*60 + om) * 60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return 0, 0, errDate
	}
	leap := 0
	if second == 60 {
		second, leap = 59, 1
	}
	t := time.Date(year, time.Month(month), day, hour, minute, second, 0, time.UTC)
	return t.Unix() + int64(leap) - int64(offset), nanos, nil
}

// wholeDays returns end − start in whole days, truncated toward zero as
// chrono's TimeDelta::num_days.
func wholeDays(startSecs, startNanos, endSecs, endNanos int64) int64 {
	secs, nanos := endSecs-startSecs, endNanos-startNanos
	if nanos < 0 {
		secs--
		nanos += 1_000_000_000
	}
	if secs < 0 && nanos > 0 {
		secs++
	}
	return secs / 86_400
}
