package redflag

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// Consume reads JSON Lines from r, one compiled release per line, and adds
// each. Lines of any length are read without bufio.Scanner's limit; a line
// longer than Options.MaxLineBytes is discarded as it streams past (never
// held in memory) and reported. Skipped lines are reported to Options.Warn
// with their number. Only a read error stops it.
func (a *Accumulator) Consume(r io.Reader) error {
	br := bufio.NewReaderSize(r, 1<<20)
	var buf []byte
	for {
		line, tooLong, err := readLine(br, &buf, a.maxLine)
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("read line %d: %w", a.stats.Lines+1, err)
		}
		atEOF := err != nil
		if atEOF && len(line) == 0 && !tooLong {
			return nil
		}
		if tooLong {
			a.skip()
			a.warnSkip(fmt.Errorf("%w: longer than %d bytes", errLineTooLong, a.maxLine))
		} else if aerr := a.Add(line); aerr != nil {
			a.warnSkip(aerr)
		}
		if atEOF {
			return nil
		}
	}
}

func (a *Accumulator) warnSkip(err error) {
	if a.ctx.warn != nil {
		a.ctx.warn(a.stats.Lines, err.Error()+", skipping")
	}
}

// readLine returns the next line without its "\n" or "\r\n". When the line
// exceeds max bytes, the rest of it is discarded and tooLong is true. At the
// end of input err is io.EOF (with the last line, if it had no newline).
func readLine(br *bufio.Reader, buf *[]byte, max int) (line []byte, tooLong bool, err error) {
	*buf = (*buf)[:0]
	for {
		chunk, err := br.ReadSlice('\n')
		if !tooLong {
			if len(*buf)+len(chunk) > max+2 { // room for "\r\n"
				tooLong = true
				*buf = (*buf)[:0]
			} else {
				*buf = append(*buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		line = bytes.TrimSuffix(*buf, []byte{'\n'})
		line = bytes.TrimSuffix(line, []byte{'\r'})
		if !tooLong && len(line) > max {
			tooLong, line = true, nil
		}
		return line, tooLong, err
	}
}
