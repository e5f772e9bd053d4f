package ocds_test

import (
	"bytes"
	"io"
	"testing"

	"github.com/goumai/goumai/ocds"
)

// BenchmarkReader measures reading alone: the serial stage of the compile pipeline.
func BenchmarkReader(b *testing.B) {
	pkg, n := releasePackage(b, benchProcesses)
	b.SetBytes(int64(len(pkg)))
	b.ResetTimer()
	for b.Loop() {
		r := ocds.NewReader(bytes.NewReader(pkg))
		for {
			if _, err := r.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "releases/s")
}
