package validate

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"
)

// spool holds elements read before the package's "version" was known, in a
// temporary file, so memory stays bounded. Each entry is the array key
// (0 releases, 1 records), the element index and its bytes.
type spool struct {
	f *os.File
	w *bufio.Writer
}

func (p *packageRun) spoolElement(key string, idx int, raw []byte) error {
	if p.spool == nil {
		f, err := os.CreateTemp(p.opts.TempDir, "goumai-ocds-validate-*")
		if err != nil {
			return fmt.Errorf("spool releases until the version is known: %w", err)
		}
		p.spool = &spool{f: f, w: bufio.NewWriterSize(f, 1<<16)}
	}
	var hdr []byte
	k := uint64(0)
	if key == "records" {
		k = 1
	}
	hdr = binary.AppendUvarint(hdr, k)
	hdr = binary.AppendUvarint(hdr, uint64(idx))
	hdr = binary.AppendUvarint(hdr, uint64(len(raw)))
	if _, err := p.spool.w.Write(hdr); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	if _, err := p.spool.w.Write(raw); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	return nil
}

// replaySpool validates the spooled elements once the version is known.
func (p *packageRun) replaySpool() error {
	if p.spool == nil {
		return nil
	}
	if err := p.spool.w.Flush(); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	if p.versionState == versionUnknown {
		return nil
	}
	if _, err := p.spool.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("spool: %w", err)
	}
	br := bufio.NewReaderSize(p.spool.f, 1<<16)
	var buf []byte
	for {
		if err := p.ctx.Err(); err != nil {
			return err
		}
		k, err := binary.ReadUvarint(br)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("spool: %w", err)
		}
		idx, err := binary.ReadUvarint(br)
		if err != nil {
			return fmt.Errorf("spool: %w", err)
		}
		n, err := binary.ReadUvarint(br)
		if err != nil {
			return fmt.Errorf("spool: %w", err)
		}
		if uint64(cap(buf)) < n {
			buf = make([]byte, n)
		}
		buf = buf[:n]
		if _, err := io.ReadFull(br, buf); err != nil {
			return fmt.Errorf("spool: %w", err)
		}
		key := "releases"
		if k == 1 {
			key = "records"
		}
		if p.arrays[key] == nil { // the array was replaced by a later member
			continue
		}
		if err := p.element(key, int(idx), buf); err != nil {
			return err
		}
	}
}

func (p *packageRun) closeSpool() {
	if p.spool == nil {
		return
	}
	name := p.spool.f.Name()
	p.spool.f.Close()
	os.Remove(name)
	p.spool = nil
}
