package ocds

// slab hands out copies of byte slices carved from large chunks, so that copying thousands of
// releases and merged releases costs a few allocations instead of one each. A chunk stays alive
// while any copy in it does, which the pipeline bounds (a few batches in flight).
type slab struct {
	buf []byte
}

const slabChunk = 1 << 20

// copy returns a copy of b, with capacity limited to its length so appends cannot overwrite
// the next copy.
func (s *slab) copy(b []byte) []byte {
	if len(b) > cap(s.buf)-len(s.buf) {
		s.buf = make([]byte, 0, max(slabChunk, len(b)))
	}
	start := len(s.buf)
	s.buf = append(s.buf, b...)
	return s.buf[start:len(s.buf):len(s.buf)]
}
