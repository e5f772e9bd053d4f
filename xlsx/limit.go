package xlsx

import (
	"bytes"
	"errors"
	"io"
)

// errLongToken and errDirective are returned by a tokenLimiter; the reader
// turns them into user-facing errors.
var (
	errLongToken = errors.New("xlsx: XML token too long")
	errDirective = errors.New("xlsx: XML directive (DOCTYPE, ENTITY) in a spreadsheet part")
)

// tokenLimiter sits between a zip entry and encoding/xml and fails once one
// XML token would pass max bytes, so the decoder never buffers more than that
// (it holds a whole text, tag or comment in memory before returning it). Text
// and tags cannot contain '<', so a run without '<' bounds them; a comment,
// CDATA section or processing instruction, which can, must end within max
// bytes of its start. Other directives (DOCTYPE) are refused: no spreadsheet
// application writes them into a part.
type tokenLimiter struct {
	r     io.Reader
	max   int
	run   int     // bytes of the current token so far
	state byte    // see the constants below
	term  byte    // in a section: '-' comment, ']' CDATA, '?' processing instruction
	last  [2]byte // the two bytes before the current one, inside a section
}

const (
	stNormal   byte = iota // text or a tag
	stLT                   // just after '<'
	stBang                 // just after "<!"
	stBangDash             // just after "<!-"
	stSection              // inside a comment, CDATA section or processing instruction
)

func (t *tokenLimiter) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if e := t.scan(p[:n]); e != nil {
		return 0, e
	}
	return n, err
}

func (t *tokenLimiter) scan(b []byte) error {
	for len(b) > 0 {
		if t.state == stNormal {
			i := bytes.IndexByte(b, '<')
			if i < 0 {
				t.run += len(b)
				break
			}
			t.run += i
			if t.run > t.max {
				return errLongToken
			}
			t.run, t.state, b = 1, stLT, b[i+1:]
			continue
		}
		c := b[0]
		b = b[1:]
		if t.run++; t.run > t.max {
			return errLongToken
		}
		switch t.state {
		case stLT:
			t.state = stNormal
			switch c {
			case '!':
				t.state = stBang
			case '?':
				t.openSection('?')
			}
		case stBang:
			switch c {
			case '-':
				t.state = stBangDash
			case '[':
				t.openSection(']')
			default:
				return errDirective
			}
		case stBangDash:
			if c != '-' {
				return errDirective
			}
			t.openSection('-')
		case stSection:
			if c == '>' && t.last[1] == t.term && (t.term == '?' || t.last[0] == t.term) {
				t.state, t.run = stNormal, 0
				continue
			}
			t.last[0], t.last[1] = t.last[1], c
		}
	}
	if t.run > t.max {
		return errLongToken
	}
	return nil
}

func (t *tokenLimiter) openSection(term byte) {
	t.state, t.term, t.last = stSection, term, [2]byte{}
}
