package ocds_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goumai/goumai/ocds"
	"github.com/goumai/goumai/ocds/internal/gen"
)

// streamInput writes JSON Lines of n processes (six releases each) to w, sorted by ocid. It
// reuses 100 generated processes under new ocids, so the input costs little to produce and
// is never held in memory.
func streamInput(tb testing.TB, w io.WriteCloser, n int) {
	templates := make([][][]byte, 100)
	for i := range templates {
		for _, r := range gen.Process(2, i) {
			b, err := r.MarshalJSON()
			if err != nil {
				tb.Error(err)
				return
			}
			templates[i] = append(templates[i], b)
		}
	}
	go func() {
		defer w.Close()
		for i := range n {
			old := []byte(fmt.Sprintf("%s%08d", gen.Prefix, i%100))
			ocid := []byte(fmt.Sprintf("%s%08d", gen.Prefix, i))
			for _, r := range templates[i%100] {
				if _, err := w.Write(append(bytes.ReplaceAll(r, old, ocid), '\n')); err != nil {
					return
				}
			}
		}
	}()
}

// peakHeap runs f while sampling the heap, and returns the largest heap seen in bytes.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	done := make(chan struct{})
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	f()
	close(done)
	return peak.Load()
}

// BenchmarkCompileMemory reports the peak heap of compiling sorted input of growing numbers
// of ocids: it must stay flat.
func BenchmarkCompileMemory(b *testing.B) {
	rules, err := ocds.RulesForVersion("1.1")
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{1000, 4000, 16000} {
		b.Run(fmt.Sprintf("ocids=%d", n), func(b *testing.B) {
			var peak uint64
			for b.Loop() {
				pr, pw := io.Pipe()
				streamInput(b, pw, n)
				p := peakHeap(func() {
					src := ocds.NewReader(pr)
					out := ocds.NewRecordPackageWriter(io.Discard, false, func() string { return "" })
					err := ocds.Compile(context.Background(), src, ocds.NewMerger(rules), ocds.CompileOptions{}, out.Write)
					if err != nil {
						b.Fatal(err)
					}
				})
				peak = max(peak, p)
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(n*gen.PerOCID*b.N)/b.Elapsed().Seconds(), "releases/s")
		})
	}
}
