package ocds

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
)

// Next returns the next release. At the end of the input it returns io.EOF. An *InputError
// with Skipped set reports a release or line left out; the caller reports it and calls Next
// again. Any other error ends reading.
func (r *Reader) Next() (*RawRelease, error) {
	if !r.started {
		r.started = true
		r.detect()
	}
	for {
		if r.lines && !r.lineOpen {
			if err := r.openLine(); err != nil {
				return nil, err
			}
			continue
		}
		rel, err := r.step()
		if err != nil {
			if r.lines {
				r.lineOpen, r.inArray, r.inPackage = false, false, false
				var ie *InputError
				if errors.As(err, &ie) {
					ie.Skipped = true
					return nil, ie
				}
				if err == io.EOF {
					continue
				}
				return nil, &InputError{Line: r.line, Skipped: true, Err: err}
			}
			return nil, err
		}
		if rel != nil {
			return rel, nil
		}
	}
}

// openLine starts decoding the next non-blank line.
func (r *Reader) openLine() error {
	for {
		line, tooLong, err := r.readLine()
		if len(line) == 0 && !tooLong && err != nil {
			return err
		}
		r.line++
		if tooLong {
			return &InputError{Line: r.line, Skipped: true, Err: fmt.Errorf("line longer than %d MiB", MaxLineSize>>20)}
		}
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		// One decoder serves every line: Reset keeps its buffers.
		r.lineBuf = *bytes.NewBuffer(line)
		if r.lineDec == nil {
			r.lineDec = jsontext.NewDecoder(&r.lineBuf, decoderOptions...)
		} else {
			r.lineDec.Reset(&r.lineBuf, decoderOptions...)
		}
		r.dec = r.lineDec
		r.lineOpen = true
		return nil
	}
}

// step advances by one release or one structural element; it returns a release when one is read.
func (r *Reader) step() (*RawRelease, error) {
	d := r.dec
	switch {
	case r.inArray:
		if d.PeekKind() == ']' {
			if _, err := d.ReadToken(); err != nil {
				return nil, r.syntax(err)
			}
			r.inArray = false
			return nil, nil
		}
		path := r.arrPath + "/" + strconv.Itoa(r.index)
		r.index++
		return r.release(d, path)
	case r.inPackage:
		return nil, r.packageMembers(d)
	}
	switch k := d.PeekKind(); k {
	case '[':
		if _, err := d.ReadToken(); err != nil {
			return nil, r.syntax(err)
		}
		r.inArray, r.arrPath, r.index = true, "", 0
		return nil, nil
	case '{':
		return r.objectOrPackage(d)
	case 0:
		_, err := d.ReadToken()
		if err == io.EOF {
			if r.lines {
				r.lineOpen = false
				return nil, nil
			}
			return nil, io.EOF
		}
		return nil, r.syntax(err)
	default:
		start := d.InputOffset()
		if err := d.SkipValue(); err != nil {
			return nil, r.syntax(err)
		}
		return nil, &InputError{Line: r.line, Offset: start, Path: "/", Skipped: true,
			Err: fmt.Errorf("top-level value is %s, not a release, an array of releases or a release package", kindName(k))}
	}
}

// syntax turns a decoder error into a located InputError.
func (r *Reader) syntax(err error) error {
	var se *jsontext.SyntacticError
	switch {
	case errors.As(err, &se):
		msg := se.Err
		if errors.Is(err, io.ErrUnexpectedEOF) {
			msg = errors.New("unexpected end of input (truncated JSON)")
		}
		return &InputError{Line: r.line, Offset: se.ByteOffset, Path: string(se.JSONPointer), Err: msg}
	case errors.Is(err, io.ErrUnexpectedEOF):
		return &InputError{Line: r.line, Offset: r.dec.InputOffset(), Err: errors.New("unexpected end of input (truncated JSON)")}
	}
	return &InputError{Line: r.line, Offset: r.dec.InputOffset(), Err: err}
}
