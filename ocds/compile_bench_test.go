package ocds_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"syscall"
	"testing"
	"time"

	"github.com/goumai/goumai/ocds"
	"github.com/goumai/goumai/ocds/internal/gen"
)

// benchProcesses × gen.PerOCID = 30,000 releases of about 4.5 KB.
const benchProcesses = 5000

// releasePackage returns a release package of the generated releases of n processes.
func releasePackage(tb testing.TB, n int) ([]byte, int) {
	tb.Helper()
	rs, err := gen.Releases(1, n)
	if err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	buf.WriteString(`{"uri":"https://example.gov.cn/ocds/package.json","version":"1.1","publishedDate":"2025-01-01T00:00:00Z","releases":[`)
	for i, r := range rs {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(r)
	}
	buf.WriteString("]}")
	return buf.Bytes(), len(rs)
}

// compilePackage runs the compile pipeline on a package, writing a record package to w.
func compilePackage(tb testing.TB, pkg []byte, w io.Writer, versioned bool) {
	tb.Helper()
	rules, err := ocds.RulesForVersion("1.1")
	if err != nil {
		tb.Fatal(err)
	}
	src := ocds.NewReader(bytes.NewReader(pkg))
	pw := ocds.NewRecordPackageWriter(w, false, func() string { return src.Package.URI })
	err = ocds.Compile(context.Background(), src, ocds.NewMerger(rules), ocds.CompileOptions{Versioned: versioned,
		Skipped: func(err error) { tb.Errorf("skipped: %v", err) }},
		func(r *ocds.Record) error {
			if r.Err != nil {
				tb.Errorf("ocid %s: %v", r.OCID, r.Err)
			}
			return pw.Write(r)
		})
	if err != nil {
		tb.Fatal(err)
	}
	if err := pw.Close(src.Package); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkCompile measures goumai's compile of 30,000 releases (six per ocid) from a release
// package to a record package with compiled releases.
func BenchmarkCompile(b *testing.B) {
	pkg, n := releasePackage(b, benchProcesses)
	b.SetBytes(int64(len(pkg)))
	b.ResetTimer()
	for b.Loop() {
		compilePackage(b, pkg, io.Discard, false)
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "releases/s")
}

// BenchmarkEncodingJSONRoundTrip is the yardstick of the issue: decode each release of the
// same input into any with encoding/json and encode it again.
func BenchmarkEncodingJSONRoundTrip(b *testing.B) {
	rs, err := gen.Releases(1, benchProcesses)
	if err != nil {
		b.Fatal(err)
	}
	pkg, n := releasePackage(b, benchProcesses)
	b.SetBytes(int64(len(pkg)))
	b.ResetTimer()
	for b.Loop() {
		for _, r := range rs {
			var v any
			if err := json.Unmarshal(r, &v); err != nil {
				b.Fatal(err)
			}
			if _, err := json.Marshal(v); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "releases/s")
}

// BenchmarkCompileVsEncodingJSON alternates the two on the same input in every iteration, so
// that both see the same load on a shared machine, and reports their ratio in wall time (what
// the target is about) and in CPU time (which the load of other processes hardly
// changes).
func BenchmarkCompileVsEncodingJSON(b *testing.B) {
	rs, err := gen.Releases(1, benchProcesses)
	if err != nil {
		b.Fatal(err)
	}
	pkg, n := releasePackage(b, benchProcesses)
	var compile, roundTrip, compileCPU, roundTripCPU time.Duration
	for b.Loop() {
		start, cpu := time.Now(), cpuTime(b)
		compilePackage(b, pkg, io.Discard, false)
		compile += time.Since(start)
		compileCPU += cpuTime(b) - cpu
		start, cpu = time.Now(), cpuTime(b)
		for _, r := range rs {
			var v any
			if err := json.Unmarshal(r, &v); err != nil {
				b.Fatal(err)
			}
			if _, err := json.Marshal(v); err != nil {
				b.Fatal(err)
			}
		}
		roundTrip += time.Since(start)
		roundTripCPU += cpuTime(b) - cpu
	}
	mb := float64(len(pkg)) * float64(b.N) / (1 << 20)
	b.ReportMetric(mb/compile.Seconds(), "compile-MiB/s")
	b.ReportMetric(mb/roundTrip.Seconds(), "encoding/json-MiB/s")
	b.ReportMetric(float64(n*b.N)/compile.Seconds(), "compile-releases/s")
	b.ReportMetric(float64(n*b.N)/roundTrip.Seconds(), "encoding/json-releases/s")
	b.ReportMetric(roundTrip.Seconds()/compile.Seconds(), "wall-ratio")
	b.ReportMetric(roundTripCPU.Seconds()/compileCPU.Seconds(), "cpu-ratio")
}

// cpuTime is the user and system CPU time used by the process so far.
func cpuTime(tb testing.TB) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
