package ocds

import (
	"bufio"
	"fmt"
	"io"

	"github.com/go-json-experiment/json/jsontext"
)

// RecordPackageWriter writes a record package as records arrive, so its size is not bounded
// by memory. The package metadata (uri, publishedDate, version, …) is written after the records
// array, when every input package has been read; JSON object member order carries no meaning.
type RecordPackageWriter struct {
	w       *bufio.Writer
	n       int
	linked  bool
	baseURI func() string
	buf     []byte
}

// NewRecordPackageWriter starts a record package on w. With linked set, each record lists its
// releases as linked releases ({"url": baseURI()+"#"+id, "date", "tag"}); otherwise it embeds them.
func NewRecordPackageWriter(w io.Writer, linked bool, baseURI func() string) *RecordPackageWriter {
	return &RecordPackageWriter{w: bufio.NewWriterSize(w, 1<<16), linked: linked, baseURI: baseURI}
}

// Write appends one record (ocid, releases, compiledRelease, versionedRelease if built).
func (p *RecordPackageWriter) Write(rec *Record) error {
	b := p.buf[:0]
	if p.n == 0 {
		b = append(b, `{"records":[`...)
	} else {
		b = append(b, ',')
	}
	p.n++
	b = append(b, `{"ocid":`...)
	b, _ = jsontext.AppendQuote(b, rec.OCID)
	b = append(b, `,"releases":[`...)
	for i, r := range rec.Releases {
		if i > 0 {
			b = append(b, ',')
		}
		if p.linked {
			b = p.appendLinked(b, r)
		} else {
			b = append(b, r.JSON...)
		}
	}
	b = append(b, ']')
	if rec.Compiled != nil {
		b = append(append(b, `,"compiledRelease":`...), rec.Compiled...)
	}
	if rec.Versioned != nil {
		b = append(append(b, `,"versionedRelease":`...), rec.Versioned...)
	}
	b = append(b, '}')
	p.buf = b
	_, err := p.w.Write(b)
	return err
}

func (p *RecordPackageWriter) appendLinked(b []byte, r *RawRelease) []byte {
	b = append(b, `{"url":`...)
	b, _ = jsontext.AppendQuote(b, p.baseURI()+"#"+r.ID)
	if r.Date != "" {
		b = append(b, `,"date":`...)
		b, _ = jsontext.AppendQuote(b, r.Date)
	}
	if r.Tag != nil {
		b = append(append(b, `,"tag":`...), r.Tag...)
	}
	return append(b, '}')
}

// Close ends the records array, writes the package metadata and flushes.
func (p *RecordPackageWriter) Close(meta Package) error {
	b := p.buf[:0]
	if p.n == 0 {
		b = append(b, `{"records":[`...)
	}
	b = append(b, `],"uri":`...)
	b, _ = jsontext.AppendQuote(b, meta.URI)
	b = append(b, `,"publishedDate":`...)
	b, _ = jsontext.AppendQuote(b, meta.PublishedDate)
	b = append(b, `,"version":`...)
	b, _ = jsontext.AppendQuote(b, meta.Version)
	if meta.Publisher != nil {
		b = append(append(b, `,"publisher":`...), meta.Publisher...)
	}
	for _, m := range [...]struct{ name, value string }{{"license", meta.License}, {"publicationPolicy", meta.PublicationPolicy}} {
		if m.value != "" {
			b = append(append(b, ',', '"'), m.name...)
			b = append(b, '"', ':')
			b, _ = jsontext.AppendQuote(b, m.value)
		}
	}
	if len(meta.Extensions) > 0 {
		b = append(b, `,"extensions":[`...)
		for i, e := range meta.Extensions {
			if i > 0 {
				b = append(b, ',')
			}
			b, _ = jsontext.AppendQuote(b, e)
		}
		b = append(b, ']')
	}
	b = append(b, "}\n"...)
	if _, err := p.w.Write(b); err != nil {
		return err
	}
	if err := p.w.Flush(); err != nil {
		return fmt.Errorf("write record package: %w", err)
	}
	return nil
}
