package ocds

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
)

// span locates a spilled release in the temporary file.
type span struct {
	off    int64
	n      int
	line   int
	offset int64
	path   string
	id     string
	date   string
	tag    []byte
}

// groupUnsorted spills every release to a temporary file, indexing them by ocid, then sends
// the groups in order of each ocid's first appearance. Releases keep their input order within
// a group, so merging (which sorts by date, stably) gives what sorted input gives.
func groupUnsorted(ctx context.Context, src *Reader, opts CompileOptions, jobs chan<- *batch, tokens chan<- struct{}) error {
	f, err := os.CreateTemp(opts.TempDir, "goumai-ocds-compile-*")
	if err != nil {
		return fmt.Errorf("unsorted input needs a temporary file: %w", err)
	}
	defer os.Remove(f.Name())
	defer f.Close()
	index := map[string][]span{}
	var order []string
	var size int64
	for {
		rel, err := nextRelease(src, opts.Skipped)
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if _, ok := index[rel.OCID]; !ok {
			order = append(order, rel.OCID)
		}
		if _, err := f.Write(rel.JSON); err != nil {
			return fmt.Errorf("spill to %s: %w", f.Name(), err)
		}
		index[rel.OCID] = append(index[rel.OCID], span{off: size, n: len(rel.JSON), line: rel.Line, offset: rel.Offset, path: rel.Path, id: rel.ID, date: rel.Date, tag: bytes.Clone(rel.Tag)})
		size += int64(len(rel.JSON))
	}
	g := &grouper{ctx: ctx, jobs: jobs, tokens: tokens}
	for _, ocid := range order {
		spans := index[ocid]
		delete(index, ocid)
		grp := make([]*RawRelease, len(spans))
		for i, s := range spans {
			b := make([]byte, s.n)
			if _, err := f.ReadAt(b, s.off); err != nil {
				return fmt.Errorf("read back %s: %w", f.Name(), err)
			}
			grp[i] = &RawRelease{JSON: b, OCID: ocid, ID: s.id, Date: s.date, Tag: s.tag, Offset: s.offset, Line: s.line, Path: s.path}
		}
		if err := g.add(grp); err != nil {
			return err
		}
	}
	return g.flush()
}
