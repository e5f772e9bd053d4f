package validate

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// realisticRelease returns release i of a generated package: about 4 KB,
// six releases per ocid, with parties, items, documents, an award and a
// contract, and one additional field so the checks have work to do.
func realisticRelease(i int) map[string]any {
	ocid := fmt.Sprintf("ocds-abc123-%07d", i/6)
	date := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute).Format(time.RFC3339)
	party := func(id, name, role string) map[string]any {
		return map[string]any{"id": id, "name": name, "roles": []any{role},
			"identifier":   map[string]any{"scheme": "CN-USCC", "id": id, "legalName": name + " 有限公司"},
			"address":      map[string]any{"streetAddress": "人民路 100 号", "locality": "杭州市", "region": "浙江省", "postalCode": "310000", "countryName": "中国"},
			"contactPoint": map[string]any{"name": "张三", "email": "contact@example.cn", "telephone": "+86 571 8888 0000"}}
	}
	items := []any{}
	for k := range 3 {
		items = append(items, map[string]any{"id": fmt.Sprint(k + 1), "description": "社区居家养老上门服务，每月不少于 20 次", "quantity": 12,
			"classification": map[string]any{"scheme": "CPV", "id": "85311100", "description": "Welfare services for the elderly"},
			"unit":           map[string]any{"name": "月", "value": map[string]any{"amount": 25000.5, "currency": "CNY"}}})
	}
	docs := []any{}
	for k := range 2 {
		docs = append(docs, map[string]any{"id": fmt.Sprintf("doc-%d", k), "documentType": "tenderNotice", "title": "采购公告",
			"url": fmt.Sprintf("https://goumai.example.cn/docs/%d/%d.pdf", i, k), "datePublished": date, "format": "application/pdf", "language": "zh"})
	}
	return map[string]any{
		"ocid": ocid, "id": fmt.Sprintf("%s-%d", ocid, i%6), "date": date, "tag": []any{"tender"}, "initiationType": "tender", "language": "zh",
		"parties": []any{party("11330100000000000X", "杭州市民政局", "buyer"), party("91330100000000000Y", "杭州颐养服务中心", "supplier")},
		"buyer":   map[string]any{"id": "11330100000000000X", "name": "杭州市民政局"},
		"tender": map[string]any{"id": ocid, "title": "2024 年度居家养老服务采购项目", "description": "为辖区内老年人提供助餐、助洁、助浴、助医等居家养老服务。",
			"status": "active", "procurementMethod": "open", "mainProcurementCategory": "services",
			"value": map[string]any{"amount": 900000, "currency": "CNY"}, "items": items, "documents": docs,
			"tenderPeriod": map[string]any{"startDate": date, "endDate": date}, "budgetCode": "2024-MZ-001"},
		"awards": []any{map[string]any{"id": "award-1", "status": "active", "date": date, "value": map[string]any{"amount": 880000, "currency": "CNY"},
			"suppliers": []any{map[string]any{"id": "91330100000000000Y", "name": "杭州颐养服务中心"}}}},
		"contracts": []any{map[string]any{"id": "contract-1", "awardID": "award-1", "status": "active", "dateSigned": date,
			"period": map[string]any{"startDate": date, "endDate": date}, "value": map[string]any{"amount": 880000, "currency": "CNY"}}},
	}
}

// writeLargePackage writes a release package of at least size bytes and
// returns its path and number of releases.
func writeLargePackage(tb testing.TB, size int64) (string, int) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "large.json")
	f, err := os.Create(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprint(w, `{"uri":"https://goumai.example.cn/ocds/all.json","version":"1.1","publishedDate":"2024-06-01T00:00:00Z","publisher":{"name":"goumai"},"releases":[`)
	var written int64
	n := 0
	for ; written < size; n++ {
		if n > 0 {
			w.WriteByte(',')
		}
		b, err := json.Marshal(realisticRelease(n))
		if err != nil {
			tb.Fatal(err)
		}
		w.Write(b)
		written += int64(len(b)) + 1
	}
	fmt.Fprint(w, "]}")
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	return path, n
}

// peakHeap runs f and returns the largest live heap (as measured by the last
// GC: "/gc/heap/live:bytes") and the largest heap in use including garbage
// not yet collected (HeapAlloc), sampled every 5 ms.
func peakHeap(f func()) (live, alloc uint64) {
	runtime.GC()
	var peakLive, peakAlloc atomic.Uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			runtime.ReadMemStats(&ms)
			peakAlloc.Store(max(peakAlloc.Load(), ms.HeapAlloc))
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				peakLive.Store(max(peakLive.Load(), sample[0].Value.Uint64()))
			}
			select {
			case <-done:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	f()
	close(done)
	wg.Wait()
	return peakLive.Load(), peakAlloc.Load()
}

func validateFile(tb testing.TB, path string) Result {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	res, err := Package(context.Background(), f)
	if err != nil {
		tb.Fatal(err)
	}
	return res
}

// TestLargePackageBoundedMemory validates a generated 100 MB package and
// checks the live heap stays far below the file size.
func TestLargePackageBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and validates a 100 MB file")
	}
	const size = 100 << 20
	path, n := writeLargePackage(t, size)
	var res Result
	peak, alloc := peakHeap(func() { res = validateFile(t, path) })
	if res.Count != n || res.UniqueOCIDs != (n+5)/6 || !res.Valid() {
		t.Fatalf("result: %s", res.Summary())
	}
	// One additional field per release, aggregated into one problem.
	if len(res.Problems) != 1 || res.Problems[0].Count != n {
		t.Fatalf("problems: %+v", res.Problems)
	}
	const limit = 32 << 20
	t.Logf("%d releases, peak live heap %.1f MB, peak heap in use %.1f MB", n, float64(peak)/(1<<20), float64(alloc)/(1<<20))
	if peak > limit {
		t.Errorf("peak live heap %d MB, want under %d MB for a %d MB file", peak>>20, limit>>20, size>>20)
	}
}

// BenchmarkPackage100MB measures validation throughput (MB/s) and the peak
// live heap on a generated 100 MB release package.
func BenchmarkPackage100MB(b *testing.B) {
	path, n := writeLargePackage(b, 100<<20)
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ResetTimer()
	var peak, alloc uint64
	for range b.N {
		p, a := peakHeap(func() { validateFile(b, path) })
		peak, alloc = max(peak, p), max(alloc, a)
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-live-heap-MB")
	b.ReportMetric(float64(alloc)/(1<<20), "peak-heap-inuse-MB")
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "releases/s")
}
