package ocds

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Limits of the reader. A release larger than MaxReleaseSize, or a JSON Lines line longer than
// MaxLineSize, is an error rather than an unbounded allocation.
const (
	MaxReleaseSize = 64 << 20
	MaxLineSize    = 64 << 20
)

// RawRelease is one release read from the input: its JSON (compacted between top-level
// members), its ocid, and where it was found.
type RawRelease struct {
	JSON   []byte
	OCID   string
	ID     string
	Date   string // the date string, "" when absent or not a string
	Tag    []byte // the raw tag array, nil when absent
	Offset int64  // byte offset of the release in the input (in its line for JSON Lines)
	Line   int    // line number in JSON Lines input, 0 otherwise
	Path   string // JSON pointer of the release, e.g. /releases/3
}

// Location says where a release is, for messages: "line 12" or "byte 4096 (/releases/3)".
func (r *RawRelease) Location() string { return location(r.Line, r.Offset, r.Path) }

func location(line int, offset int64, path string) string {
	if line > 0 {
		if path != "" && path != "/" {
			return fmt.Sprintf("line %d (%s)", line, path)
		}
		return fmt.Sprintf("line %d", line)
	}
	if path != "" {
		return fmt.Sprintf("byte %d (%s)", offset, path)
	}
	return fmt.Sprintf("byte %d", offset)
}

// InputError is a located problem in the input. When Skipped is true the reader went on: the
// release or line it names was left out (and must be reported); otherwise reading stopped.
type InputError struct {
	Line    int
	Offset  int64
	Path    string
	Skipped bool
	Err     error
}

// Error gives the location, the problem and whether the input was skipped.
func (e *InputError) Error() string {
	s := fmt.Sprintf("%s: %v", location(e.Line, e.Offset, e.Path), e.Err)
	if e.Skipped {
		s += " (skipped)"
	}
	return s
}

// Unwrap returns the underlying error.
func (e *InputError) Unwrap() error { return e.Err }

// Package is the metadata of the release packages read, for the record package written.
type Package struct {
	URI               string
	PublishedDate     string
	Version           string
	Publisher         jsontext.Value
	License           string
	PublicationPolicy string
	Extensions        []string
}

// Reader reads releases from release packages ({"releases": [...]}, possibly huge, in one or many
// top-level objects), from a JSON array of releases, or from JSON Lines of releases or of release
// packages. It streams: memory is bounded by the largest release, whatever the input size.
type Reader struct {
	in       *bufio.Reader
	count    *countingReader
	dec      *jsontext.Decoder // the input's decoder, or the current line's
	lines    bool
	line     int
	started  bool
	lineOpen bool // a line's decoder is being read
	lineDec  *jsontext.Decoder
	lineBuf  bytes.Buffer
	// Position in the value being read: inside an array of releases, inside a package.
	inArray   bool
	inPackage bool
	arrPath   string
	index     int
	Package   Package
	Warnings  []error // non-RFC 3339 dates and other tolerated problems, located
	extSeen   map[string]bool
	slab      slab // copies of releases
}

// decoderOptions: duplicate names are accepted as Python's json module accepts them (the last
// value wins there; see the package documentation for merging). UTF-8 is validated: it costs
// nothing beyond the decoding of runes the decoder does anyway.
var decoderOptions = []jsontext.Options{jsontext.AllowDuplicateNames(true)}

// NewReader returns a Reader of r. Every release it returns is valid JSON.
func NewReader(r io.Reader) *Reader {
	c := &countingReader{r: r}
	return &Reader{in: bufio.NewReaderSize(c, 1<<20), count: c, extSeen: map[string]bool{}}
}

// countingReader fails reads that would let one release grow past its limit.
type countingReader struct {
	r     io.Reader
	n     int64
	limit int64 // 0: none
}

var errTooLarge = fmt.Errorf("release larger than %d MiB", MaxReleaseSize>>20)

// Read counts bytes and stops one release from growing past its limit.
func (c *countingReader) Read(p []byte) (int, error) {
	if c.limit > 0 {
		if c.n > c.limit {
			return 0, errTooLarge
		}
		if rest := c.limit - c.n + 1; int64(len(p)) > rest {
			p = p[:rest]
		}
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// detect chooses JSON Lines when the first line is one complete JSON object and more follows,
// and a streaming decoder otherwise (a package or array, pretty-printed or on one huge line).
func (r *Reader) detect() {
	skipBOM(r.in)
	first, _ := r.in.Peek(1 << 20)
	trimmed := bytes.TrimLeft(first, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		if i := bytes.IndexByte(trimmed, '\n'); i >= 0 && isOneValue(trimmed[:i]) {
			r.lines = true
			return
		}
	}
	r.dec = jsontext.NewDecoder(r.in, decoderOptions...)
}

func skipBOM(in *bufio.Reader) {
	if b, err := in.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		_, _ = in.Discard(3)
	}
}

// isOneValue reports whether b is exactly one JSON value (plus whitespace).
func isOneValue(b []byte) bool {
	// Invalid UTF-8 does not decide the format: the line is then reported like any bad line.
	d := jsontext.NewDecoder(bytes.NewBuffer(b), jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if err := d.SkipValue(); err != nil {
		return false
	}
	_, err := d.ReadToken()
	return err == io.EOF
}

// readLine returns the next line without its newline; a line longer than MaxLineSize is
// consumed and reported as tooLong.
func (r *Reader) readLine() (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := r.in.ReadSlice('\n')
		if len(buf)+len(chunk) > MaxLineSize {
			tooLong, buf = true, buf[:0]
		} else if !tooLong {
			buf = append(buf, chunk...)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		return bytes.TrimRight(buf, "\r\n"), tooLong, err
	}
}

// checkDate warns about a date that is not RFC 3339: ocdsmerge sorts dates as strings, so such a
// date may put a release in the wrong place.
func (r *Reader) checkDate(rel *RawRelease) {
	if rel.Date == "" {
		return
	}
	if _, err := time.Parse(time.RFC3339, rel.Date); err != nil {
		r.Warnings = append(r.Warnings, &InputError{Line: rel.Line, Offset: rel.Offset, Path: rel.Path + "/date",
			Err: fmt.Errorf("date %q is not an RFC 3339 date-time; releases are ordered by comparing date strings", rel.Date)})
	}
}
