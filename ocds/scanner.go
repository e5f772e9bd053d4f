package ocds

import (
	"encoding/binary"
	"errors"
	"math/bits"
)

// scanner walks JSON text that has already been validated (by the reader's jsontext decoder,
// or by Value.IsValid for the public Merge API). Working on validated bytes lets it skip what a
// validating tokenizer must check (UTF-8, grammar), which makes flattening several times
// faster. It never indexes out of range: on malformed text it records an error and stops.
type scanner struct {
	b   []byte
	i   int
	err error
	// escaped is false when the last string scanned has no escape sequence (true means maybe).
	escaped bool
}

var errMalformed = errors.New("malformed JSON")

func (s *scanner) reset(b []byte) { s.b, s.i, s.err = b, 0, nil }

func (s *scanner) fail() {
	if s.err == nil {
		s.err = errMalformed
	}
	s.i = len(s.b)
}

// skipSeparators skips whitespace and the ',' and ':' separators, which validated text puts
// only where they belong.
func (s *scanner) skipSeparators() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\r', '\n', ',', ':':
			s.i++
		default:
			return
		}
	}
}

// peek returns the kind of the next token: '{', '}', '[', ']', '"', 't', 'f', 'n', '0'
// (a number), or 0 at the end or after an error.
func (s *scanner) peek() byte {
	s.skipSeparators()
	if s.i >= len(s.b) {
		return 0
	}
	switch c := s.b[s.i]; c {
	case '{', '}', '[', ']', '"', 't', 'f', 'n':
		return c
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		return '0'
	}
	s.fail()
	return 0
}

// delim consumes the delimiter c.
func (s *scanner) delim(c byte) {
	if s.peek() != c {
		s.fail()
		return
	}
	s.i++
}

// value consumes the next value and returns its raw bytes.
func (s *scanner) value() []byte {
	c := s.peek() // skips white space
	start := s.i
	switch c {
	case 0:
		s.fail()
		return nil
	case '"':
		s.skipString()
	case '{', '[':
		s.skipContainer()
	default:
		for s.i < len(s.b) {
			switch s.b[s.i] {
			case ' ', '\t', '\r', '\n', ',', ']', '}', ':':
				return s.b[start:s.i]
			}
			s.i++
		}
	}
	if s.err != nil {
		return nil
	}
	return s.b[start:s.i]
}

// skipString consumes a string starting at its opening quote. It looks for the closing quote
// and backslashes eight bytes at a time (SWAR), which suits both the short ASCII member names
// and the long Chinese texts of procurement data.
func (s *scanner) skipString() {
	s.escaped = false
	b := s.b
	i := s.i + 1
	for {
		for i+8 <= len(b) {
			x := binary.LittleEndian.Uint64(b[i:])
			if m := hasByte(x, '"') | hasByte(x, '\\'); m != 0 {
				i += bits.TrailingZeros64(m) >> 3
				break
			}
			i += 8
		}
		for i < len(b) && b[i] != '"' && b[i] != '\\' {
			i++
		}
		if i >= len(b) {
			s.fail()
			return
		}
		if b[i] == '"' {
			s.i = i + 1
			return
		}
		s.escaped = true
		i += 2
	}
}

// hasByte returns a word whose lowest set bit marks the first byte of x equal to c (higher
// bits may be false positives, which callers ignore by taking the lowest).
func hasByte(x uint64, c byte) uint64 {
	const lo, hi = 0x0101010101010101, 0x8080808080808080
	y := x ^ (lo * uint64(c))
	return (y - lo) &^ y & hi
}

// skipContainer consumes an object or array starting at its opening bracket.
func (s *scanner) skipContainer() {
	depth := 0
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '"':
			s.skipString()
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				s.i++
				return
			}
		}
		s.i++
	}
	s.fail()
}
