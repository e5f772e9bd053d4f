package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	rtmetrics "runtime/metrics"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// BenchmarkOCDSVolume measures the open data at volume: the table of
// releases filled with synthetic rows (sqltest.FillReleases: about 1.3 KB of
// JSON each, in SQL, not through the use cases) to 100,000 and then
// 1,000,000 releases (GOUMAI_BENCH_OCDS_SIZES overrides, e.g.
// "100000,200000"), on SQLite and PostgreSQL. At each size one pass of each
// of, in this order:
//
//   - bare: the baseline, `SELECT body FROM ocds_releases` read with
//     database/sql into sql.RawBytes, nothing else;
//   - store: Store.Releases over every release, the bodies discarded;
//   - gzip: Store.Releases into a gzip writer (default level) that discards,
//     the bulk file's work;
//   - bulk: GET /ocds/releases.jsonl.gz through the server's handler (no
//     BulkDir: compressed as it streams) into a response writer that discards;
//   - feed-store: Store.Releases in pages of 1,000 (After, Limit), as a
//     crawler's pages are read;
//   - feed: GET /api/v1/ocds/releases?limit=1000&after=… through the handler,
//     page after page until an empty one (the handler's time only; finding
//     the next cursor in the body is not timed).
//
// For each pass: time, releases/s, the ratio of its time to bare's, and the
// peaks of runtime.MemStats.HeapInuse and of the live heap sampled every 5 ms
// during it (after a GC before it): memory must not grow with the number of
// releases.
func BenchmarkOCDSVolume(b *testing.B) {
	sizes := []int{100_000, 1_000_000}
	if env := os.Getenv("GOUMAI_BENCH_OCDS_SIZES"); env != "" {
		sizes = nil
		for _, f := range strings.Split(env, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil {
				b.Fatalf("GOUMAI_BENCH_OCDS_SIZES: %v", err)
			}
			sizes = append(sizes, n)
		}
	}
	run := func(b *testing.B, s *sqlstore.Store, clock *goumai.FakeClock) {
		w := newWorld(b, s, clock)
		filled := 0
		for _, n := range sizes {
			t0 := time.Now()
			sqltest.FillReleases(b, s, n-filled)
			fill := fmt.Sprintf("filled %d → %d releases in %.1f s (load %s)", filled, n, time.Since(t0).Seconds(), loadavg())
			filled = n
			b.Run(fmt.Sprintf("releases=%d", n), func(b *testing.B) {
				b.Log(fill) // a parent benchmark's log is not printed
				for b.Loop() {
					volumePasses(b, w, n)
				}
			})
		}
	}
	sqltest.EachBench(b, run)
}

// volumePasses runs each pass once over the n releases and reports them.
func volumePasses(b *testing.B, w *world, n int) {
	ctx := context.Background()
	s := w.store
	var plain int64 // the JSON Lines' size, from the gzip pass
	type pass struct {
		name string
		fn   func() (int, error) // the releases it read
	}
	// discard counts what a release callback is given.
	discard := func(count *int) func(sqlstore.StoredRelease) error {
		return func(rel sqlstore.StoredRelease) error {
			*count++
			return nil
		}
	}
	passes := []pass{
		{"bare", func() (int, error) {
			rows, err := s.DB().QueryContext(ctx, `SELECT body FROM ocds_releases`)
			if err != nil {
				return 0, err
			}
			defer rows.Close()
			k := 0
			for rows.Next() {
				var body sql.RawBytes
				if err := rows.Scan(&body); err != nil {
					return k, err
				}
				k++
			}
			return k, rows.Err()
		}},
		{"store", func() (int, error) {
			k := 0
			_, err := s.Releases(ctx, sqlstore.ReleaseFilter{After: -1}, discard(&k))
			return k, err
		}},
		{"gzip", func() (int, error) {
			k := 0
			zw := gzip.NewWriter(io.Discard)
			line := writeLine(zw)
			_, err := s.Releases(ctx, sqlstore.ReleaseFilter{After: -1}, func(rel sqlstore.StoredRelease) error {
				k++
				plain += int64(len(rel.Body)) + 1
				return line(rel)
			})
			if err == nil {
				err = zw.Close()
			}
			return k, err
		}},
		{"bulk", func() (int, error) {
			rw := &discardWriter{}
			w.srv.ServeHTTP(rw, httptest.NewRequest("GET", "/ocds/releases.jsonl.gz", nil))
			if rw.status != 0 && rw.status != http.StatusOK {
				return 0, fmt.Errorf("bulk: %d", rw.status)
			}
			// The file is complete if its gzip trailer gives the size of the
			// JSON Lines the gzip pass wrote (ISIZE, RFC 1952: mod 2³²);
			// decompressing it here would double the pass's CPU.
			if got := binary.LittleEndian.Uint32(rw.tail[4:]); got != uint32(plain) {
				return 0, fmt.Errorf("bulk: gzip trailer gives %d bytes, want %d mod 2³²", got, plain)
			}
			b.Logf("bulk file: %.1f MB of JSON Lines, %.1f MB compressed", float64(plain)/1e6, float64(rw.n)/1e6)
			return n, nil
		}},
		{"feed-store", func() (int, error) {
			k, after := 0, int64(-1)
			for {
				got := 0
				_, err := s.Releases(ctx, sqlstore.ReleaseFilter{After: after, Limit: feedMost}, func(rel sqlstore.StoredRelease) error {
					got++
					after = rel.LogIndex
					return nil
				})
				if err != nil || got == 0 {
					return k, err
				}
				k += got
			}
		}},
		{"feed", nil}, // timed inside (the handler only)
	}
	var elapsed [8]time.Duration
	var bare time.Duration
	for i, p := range passes {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		base := ms.HeapInuse
		peak := sampleHeap()
		t0 := time.Now()
		var k int
		var err error
		if p.fn != nil {
			k, err = p.fn()
			elapsed[i] = time.Since(t0)
		} else {
			k, elapsed[i], err = feedPages(w)
		}
		maxHeap, maxLive := peak()
		if err != nil {
			b.Fatalf("%s: %v", p.name, err)
		}
		if k != n {
			b.Fatalf("%s read %d releases, want %d", p.name, k, n)
		}
		if p.name == "bare" {
			bare = elapsed[i]
		}
		sec := elapsed[i].Seconds()
		b.ReportMetric(sec, p.name+"-s")
		b.ReportMetric(float64(n)/sec, p.name+"-rel/s")
		b.ReportMetric(float64(maxHeap)/(1<<20), p.name+"-peakMB")
		b.ReportMetric(float64(maxLive)/(1<<20), p.name+"-liveMB")
		if p.name != "bare" {
			b.ReportMetric(float64(elapsed[i])/float64(bare), p.name+"-ratio")
		}
		b.Logf("%-10s %8.2f s %9.0f releases/s ×%.2f of bare; heap in use %.1f MB before, peak %.1f MB; peak live heap %.1f MB (load %s)",
			p.name, sec, float64(n)/sec, float64(elapsed[i])/float64(bare), float64(base)/(1<<20), float64(maxHeap)/(1<<20), float64(maxLive)/(1<<20), loadavg())
	}
}

// feedPages follows the feed handler in pages of 1,000 to its end; it
// returns the releases served and the handler's time.
func feedPages(w *world) (int, time.Duration, error) {
	var total time.Duration
	k := 0
	path := "/api/v1/ocds/releases?limit=1000"
	rw := &discardWriter{keep: true}
	for {
		rw.reset()
		t0 := time.Now()
		w.srv.ServeHTTP(rw, httptest.NewRequest("GET", path, nil))
		total += time.Since(t0)
		if rw.status != http.StatusOK {
			return k, total, fmt.Errorf("GET %s: %d %s", path, rw.status, rw.body.Bytes()[:min(rw.body.Len(), 300)])
		}
		body := rw.body.Bytes()
		got := bytes.Count(body, []byte(`"ocid":`)) // writeJSON indents

		if got == 0 {
			return k, total, nil
		}
		k += got
		i := bytes.LastIndex(body, []byte(`"next":`)) // after links.next (members sorted)
		if i < 0 {
			return k, total, fmt.Errorf("no next cursor")
		}
		next := body[i+len(`"next":`):]
		next = next[bytes.IndexByte(next, '"')+1:]
		next = next[:bytes.IndexByte(next, '"')]
		path = "/api/v1/ocds/releases?limit=1000&after=" + string(next)
	}
}

// discardWriter is a ResponseWriter that throws the body away (or keeps
// the last one, for the feed's cursor), keeping its last 8 bytes.
type discardWriter struct {
	h      http.Header
	status int
	keep   bool
	body   bytes.Buffer
	n      int64
	tail   [8]byte // the last bytes written
}

func (d *discardWriter) Header() http.Header {
	if d.h == nil {
		d.h = http.Header{}
	}
	return d.h
}

func (d *discardWriter) WriteHeader(code int) {
	if d.status == 0 {
		d.status = code
	}
}

func (d *discardWriter) Write(p []byte) (int, error) {
	d.WriteHeader(http.StatusOK)
	d.n += int64(len(p))
	if len(p) >= len(d.tail) {
		copy(d.tail[:], p[len(p)-len(d.tail):])
	} else {
		copy(d.tail[:], d.tail[len(p):])
		copy(d.tail[len(d.tail)-len(p):], p)
	}
	if d.keep {
		d.body.Write(p)
	}
	return len(p), nil
}

func (d *discardWriter) reset() { d.status, d.n = 0, 0; d.body.Reset(); d.h = nil }

// sampleHeap samples the heap every 5 ms until the returned function is
// called, which returns the peaks of runtime.MemStats.HeapInuse (live objects
// and garbage not yet collected) and of /gc/heap/live:bytes (what the last GC
// found live).
func sampleHeap() func() (inuse, live uint64) {
	var (
		mu          sync.Mutex
		peak, peakL uint64
	)
	sample := []rtmetrics.Sample{{Name: "/gc/heap/live:bytes"}}
	read := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		rtmetrics.Read(sample)
		mu.Lock()
		peak = max(peak, m.HeapInuse)
		peakL = max(peakL, sample[0].Value.Uint64())
		mu.Unlock()
	}
	read()
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() (uint64, uint64) {
		close(stop)
		<-done
		read()
		mu.Lock()
		defer mu.Unlock()
		return peak, peakL
	}
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}
