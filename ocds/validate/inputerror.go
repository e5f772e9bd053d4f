package validate

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
)

// InputError means the input could not be read as a package: it is not JSON,
// is truncated, is nested too deeply, or is JSON but not a release package or
// record package. Nothing about its validity is known.
type InputError struct {
	// Offset is the byte offset at or after which reading failed (-1 if not known).
	Offset int64
	// Line and Column (1-based) locate Offset when the input could be re-read
	// (a file); 0 otherwise.
	Line, Column int
	// Path is the JSON Pointer of the value being read when reading failed.
	Path string
	Err  error
}

// ErrNotPackage is the InputError cause for JSON that is not a package.
var ErrNotPackage = errors.New("not a release package or record package")

var errTruncated = errors.New("truncated JSON: the input ends in the middle of a value")

func (e *InputError) Error() string {
	s := "unreadable input"
	switch {
	case e.Line > 0:
		s += fmt.Sprintf(" at line %d, column %d (byte %d)", e.Line, e.Column, e.Offset)
	case e.Offset >= 0:
		s += fmt.Sprintf(" at byte %d", e.Offset)
	}
	if p := e.Path; p != "" {
		if len(p) > 80 { // a path 10,000 levels deep says nothing more than its depth
			p = p[:60] + "… (" + strconv.Itoa(strings.Count(p, "/")) + " levels deep)"
		}
		s += " in " + p
	}
	return s + ": " + e.Err.Error()
}

func (e *InputError) Unwrap() error { return e.Err }

// inputError wraps a reading error, keeping jsontext's location.
func inputError(err error) error {
	var ie *InputError
	if errors.As(err, &ie) {
		return err
	}
	out := &InputError{Offset: -1, Err: err}
	var se *jsontext.SyntacticError
	if errors.As(err, &se) {
		out.Offset = se.ByteOffset
		out.Path = string(se.JSONPointer)
		out.Err = se.Err
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		out.Err = errTruncated
	}
	return out
}

// locate fills Line and Column by re-reading the start of a seekable input.
func (e *InputError) locate(r io.Reader) {
	rs, ok := r.(io.ReadSeeker)
	if !ok || e.Offset < 0 {
		return
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return
	}
	br := bufio.NewReader(io.LimitReader(rs, e.Offset))
	line, col := 1, 1
	for {
		b, err := br.ReadByte()
		if err != nil {
			break
		}
		if b == '\n' {
			line, col = line+1, 1
		} else if b < 0x80 || b >= 0xc0 { // count characters, not UTF-8 continuation bytes
			col++
		}
	}
	e.Line, e.Column = line, col
}
