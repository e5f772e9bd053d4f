// Command ocdsgen writes generated OCDS releases (see package gen) for benchmarks of
// "goumai ocds compile": a release package by default, JSON Lines with -lines.
//
//	go run ./ocds/internal/gen/ocdsgen -n 5000 > releases.json
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"github.com/goumai/goumai/ocds/internal/gen"
)

func main() {
	n := flag.Int("n", 5000, "number of contracting processes (six releases each)")
	seed := flag.Uint64("seed", 1, "random seed")
	lines := flag.Bool("lines", false, "write JSON Lines instead of a release package")
	flag.Parse()
	w := bufio.NewWriterSize(os.Stdout, 1<<20)
	if err := write(w, *n, *seed, *lines); err != nil {
		fmt.Fprintln(os.Stderr, "ocdsgen:", err)
		os.Exit(1)
	}
}

func write(w *bufio.Writer, n int, seed uint64, lines bool) error {
	if !lines {
		w.WriteString(`{"uri":"https://example.gov.cn/ocds/package.json","version":"1.1","publishedDate":"2025-01-01T00:00:00Z","releases":[`)
	}
	for i := range n {
		for k, rel := range gen.Process(seed, i) {
			b, err := rel.MarshalJSON()
			if err != nil {
				return err
			}
			if !lines && (i > 0 || k > 0) {
				w.WriteByte(',')
			}
			w.Write(b)
			if lines {
				w.WriteByte('\n')
			}
		}
	}
	if !lines {
		w.WriteString("]}\n")
	}
	return w.Flush()
}
