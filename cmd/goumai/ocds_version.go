package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/go-json-experiment/json/jsontext"
)

// declaredVersion finds the OCDS version the input declares, as ocdskit's
// compile chooses its schema when none is given (get_ocds_minor_version on the
// first item): a package's "version", or "1.0" when it has none; for a bare
// release (a JSON array or JSON Lines of releases), "1.1" if the first release has
// "parties", else "1.0". It reads only as far as it must; a package whose
// "version" comes after its releases is read to its end (skipping values quickly).
func declaredVersion(r io.Reader) (string, error) {
	dec := jsontext.NewDecoder(r, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	tok, err := dec.ReadToken()
	if err != nil {
		return "", fmt.Errorf("reading the input: %w", err)
	}
	switch tok.Kind() {
	case '[': // an array of releases: the first one decides
		if dec.PeekKind() == ']' {
			return "1.1", nil
		}
		if dec.PeekKind() != '{' {
			return "1.1", nil
		}
		if _, err := dec.ReadToken(); err != nil {
			return "", err
		}
		return objectVersion(dec)
	case '{':
		return objectVersion(dec)
	}
	return "1.1", nil // not OCDS; the reader reports the problem
}

// objectVersion reads the members of the object just opened: a package (it has
// releases or records) gives its "version"; a release gives 1.1 with "parties".
func objectVersion(dec *jsontext.Decoder) (string, error) {
	isPackage, parties := false, false
	for dec.PeekKind() != '}' {
		name, err := dec.ReadToken()
		if err != nil {
			return "", err
		}
		switch name.String() {
		case "version":
			v, err := dec.ReadToken()
			if err != nil {
				return "", err
			}
			if v.Kind() == '"' {
				return v.String(), nil
			}
			return "", errors.New(`"version" is not a string`)
		case "releases", "records":
			isPackage = true
		case "parties":
			parties = true
		}
		if err := dec.SkipValue(); err != nil {
			return "", err
		}
	}
	switch {
	case isPackage:
		return "1.0", nil
	case parties:
		return "1.1", nil
	}
	return "1.0", nil
}

// inputVersion applies declaredVersion to a file (read twice) or to standard
// input (spooled to a temporary file when the version is not in its first 4 MiB).
// It returns the reader to compile from.
//
// Unreadable input gives "1.1", so that the reader reports the problem and its place.
func inputVersion(name string, in io.Reader) (string, io.Reader, func(), error) {
	if f, ok := in.(*os.File); ok && name != "" && name != "-" {
		g, err := os.Open(f.Name())
		if err != nil {
			return "", nil, nil, err
		}
		defer g.Close()
		v, err := declaredVersion(bufio.NewReaderSize(g, 1<<20))
		if err != nil {
			v = "1.1" // unreadable input: the reader reports where, with the 1.1 rules
		}
		return v, in, func() {}, nil
	}
	br := bufio.NewReaderSize(in, 4<<20)
	head, _ := br.Peek(4 << 20)
	if v, err := declaredVersion(bytesReader(head)); err == nil || len(head) < 4<<20 {
		if err != nil {
			v = "1.1" // the whole input was there and is unreadable: the reader reports where
		}
		return v, br, func() {}, nil
	}
	tmp, err := os.CreateTemp("", "goumai-compile-*.json")
	if err != nil {
		return "", nil, nil, err
	}
	cleanup := func() { tmp.Close(); os.Remove(tmp.Name()) }
	if _, err := io.Copy(tmp, br); err != nil {
		cleanup()
		return "", nil, nil, err
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		cleanup()
		return "", nil, nil, err
	}
	v, err := declaredVersion(bufio.NewReaderSize(tmp, 1<<20))
	if err != nil {
		v = "1.1"
	}
	if _, err := tmp.Seek(0, io.SeekStart); err != nil {
		cleanup()
		return "", nil, nil, err
	}
	return v, tmp, cleanup, nil
}

// bytesReader reads a byte slice and then reports an unexpected end, so that a
// cut-off prefix is never mistaken for a whole input.
func bytesReader(b []byte) io.Reader { return io.MultiReader(&sliceReader{b: b}, errReader{}) }

type sliceReader struct{ b []byte }

func (s *sliceReader) Read(p []byte) (int, error) {
	if len(s.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, s.b)
	s.b = s.b[n:]
	return n, nil
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, io.ErrUnexpectedEOF }
