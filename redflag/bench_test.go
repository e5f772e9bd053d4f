package redflag

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
)

// benchReleases generates n compiled releases of realistic shape and size
// (about 4 KB: parties, tender with items, 2–6 bids, awards, a contract),
// deterministically, as JSON Lines.
func benchReleases(n int) []byte {
	rng := rand.New(rand.NewPCG(1, 2))
	methods := []string{"open", "selective", "limited", "direct"}
	bidStatus := []string{"valid", "valid", "valid", "disqualified", "pending", "withdrawn"}
	var buf bytes.Buffer
	for i := range n {
		org := func(k int) string { return fmt.Sprintf("CN-USCC-91%08d", k) }
		buyer := org(rng.IntN(300))
		tenderers := make([]string, 2+rng.IntN(5))
		for j := range tenderers {
			tenderers[j] = org(1000 + rng.IntN(3000))
		}
		start := 1 + rng.IntN(27)
		r := map[string]any{
			"ocid": fmt.Sprintf("ocds-goumai-%06d", i), "id": fmt.Sprintf("%06d-compiled", i),
			"date": "2025-03-01T00:00:00Z", "tag": []string{"compiled"}, "initiationType": "tender", "language": "zh",
			"buyer": map[string]any{"id": buyer, "name": "某市民政局 Civil Affairs Bureau " + buyer},
			"tender": map[string]any{
				"id": fmt.Sprintf("T-%06d", i), "title": "政府购买养老服务项目 elderly care services, lot " + fmt.Sprint(i%7),
				"description": strings.Repeat("为辖区内高龄、失能老年人提供居家上门服务。", 6),
				"status":      "complete", "procurementMethod": methods[rng.IntN(len(methods))],
				"procurementMethodDetails": "竞争性磋商", "numberOfTenderers": len(tenderers),
				"value":           map[string]any{"amount": 100000 + rng.IntN(900000), "currency": "CNY"},
				"tenderPeriod":    map[string]any{"startDate": fmt.Sprintf("2025-01-%02dT09:00:00+08:00", start), "endDate": fmt.Sprintf("2025-02-%02dT09:00:00+08:00", start)},
				"procuringEntity": map[string]any{"id": buyer, "name": "某市民政局"},
				"items": []any{
					map[string]any{"id": "1", "description": "居家养老上门服务", "classification": map[string]any{"scheme": "CPV", "id": fmt.Sprintf("85%06d", rng.IntN(1000000))}, "quantity": 12},
					map[string]any{"id": "2", "description": "助餐服务", "classification": map[string]any{"scheme": "CPV", "id": fmt.Sprintf("55%06d", rng.IntN(1000000))}, "quantity": 1},
				},
			},
		}
		var bids, parties []any
		for j, id := range tenderers {
			bids = append(bids, map[string]any{
				"id": fmt.Sprint(j), "status": bidStatus[rng.IntN(len(bidStatus))], "date": "2025-02-20T10:00:00+08:00",
				"tenderers": []any{map[string]any{"id": id, "name": "某某社会工作服务中心 " + id}},
				"value":     map[string]any{"amount": 100000 + rng.IntN(50000), "currency": "CNY"},
			})
			parties = append(parties, map[string]any{"id": id, "name": "某某社会工作服务中心 " + id, "roles": []string{"tenderer"},
				"address":      map[string]any{"streetAddress": "人民路 100 号", "locality": "某市", "region": "某省", "postalCode": "100000", "countryName": "中国"},
				"contactPoint": map[string]any{"name": "张三", "telephone": "+86 10 1234 5678", "email": "contact@example.org"}})
		}
		winner := tenderers[0]
		r["bids"] = map[string]any{"details": bids}
		r["parties"] = parties
		r["awards"] = []any{map[string]any{"id": "1", "status": "active", "date": "2025-02-25T00:00:00+08:00",
			"suppliers": []any{map[string]any{"id": winner, "name": "某某社会工作服务中心"}},
			"value":     map[string]any{"amount": 120000, "currency": "CNY"},
			"items":     r["tender"].(map[string]any)["items"]}}
		r["contracts"] = []any{map[string]any{"id": "1", "awardID": "1", "status": "active", "value": map[string]any{"amount": 120000, "currency": "CNY"}}}
		line, err := json.Marshal(r)
		if err != nil {
			panic(err) // only maps of strings, numbers and slices: cannot fail
		}
		buf.Write(line)
		buf.WriteByte('\n')
	}
	return buf.Bytes()
}

var benchData = sync.OnceValue(func() []byte { return benchReleases(30_000) })

// BenchmarkIndicators runs every indicator over 30,000 generated releases,
// beside decoding the same lines into any with encoding/json.
func BenchmarkIndicators(b *testing.B) {
	data := benchData()
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	b.Run("indicators", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			acc := newTestAccumulator(b, allIndicators, Options{})
			if err := acc.Consume(bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
			acc.Result()
		}
		b.ReportMetric(float64(len(lines))*float64(b.N)/b.Elapsed().Seconds(), "releases/s")
	})
	b.Run("encoding-json-decode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			for _, line := range lines {
				var v any
				if err := json.Unmarshal(line, &v); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(len(lines))*float64(b.N)/b.Elapsed().Seconds(), "releases/s")
	})
}

func TestBenchReleasesAreUsable(t *testing.T) {
	data := benchReleases(200)
	acc := newTestAccumulator(t, allIndicators, Options{})
	if err := acc.Consume(bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	st := acc.Stats()
	if st.Processes != 200 || st.Skipped != 0 {
		t.Errorf("Stats = %+v, want 200 processes", st)
	}
	if avg := len(data) / 200; avg < 3000 || avg > 6000 {
		t.Errorf("average release size %d bytes, want about 4 KB", avg)
	}
	if len(acc.Result().IDs(OCID)) == 0 {
		t.Error("no process flagged: the generated data exercises nothing")
	}
}
