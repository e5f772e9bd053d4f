package redflag

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// allIndicators enables every indicator with its defaults.
const allIndicators = "[R003]\n[R018]\n[R024]\n[R025]\n[R028]\n[R030]\n[R035]\n[R036]\n[R038]\n[R048]\n[R058]\n"

// testDay is the day the tests judge by (Options.At), so that the rules that
// run do not depend on the day the suite runs.
var testDay = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)

// newTestAccumulator builds an accumulator for settings, judging by testDay
// unless o says otherwise.
func newTestAccumulator(t testing.TB, settings string, o Options) *Accumulator {
	t.Helper()
	if o.At.IsZero() {
		o.At = testDay
	}
	s, err := ParseSettings(strings.NewReader(settings), Default)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := New(s, o)
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

func TestAddReportsUnusableLines(t *testing.T) {
	tests := []struct {
		name string
		line string
		want error
	}{
		{"truncated", `{"ocid":"a","bids":{"details":[`, ErrInvalidJSON},
		{"trailing value", `{"ocid":"a"} {}`, ErrInvalidJSON},
		{"bad number", `{"ocid":"a","x":01}`, ErrInvalidJSON},
		{"invalid UTF-8", "{\"ocid\":\"\xff\"}", ErrInvalidJSON},
		{"deep nesting", `{"ocid":"a","x":` + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + "}", ErrInvalidJSON},
		{"128 levels", strings.Repeat("[", 128) + strings.Repeat("]", 128), ErrInvalidJSON},
		{"127 levels", strings.Repeat("[", 127) + strings.Repeat("]", 127), ErrNotObject},
		{"array", `[{"ocid":"a"}]`, ErrNotObject},
		{"number ocid", `{"ocid":1}`, ErrNoOCID},
		{"null ocid", `{"ocid":"a","ocid":null}`, ErrNoOCID},
		{"wrong types everywhere", `{"ocid":"a","tender":[],"bids":{"details":{"status":"valid"}},"awards":"active","buyer":1}`, nil},
		{"wrong types inside", `{"ocid":"a","tender":{"tenderPeriod":"x","numberOfTenderers":"1","status":1},` +
			`"bids":{"details":[1,null,{"tenderers":5,"value":{"amount":"1","currency":1}}]},` +
			`"awards":[null,{"status":"active","suppliers":{"id":"x"},"items":[{"classification":[]}]}]}`, nil},
		{"huge amount", `{"ocid":"a","bids":{"details":[{"status":"valid","value":{"amount":1e400,"currency":"USD"}}]}}`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			acc := newTestAccumulator(t, allIndicators, Options{})
			err := acc.Add([]byte(tt.line))
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Errorf("Add = %v, want %v", err, tt.want)
			}
			if err := acc.Result().WriteJSON(io.Discard, Output{Meta: true}); err != nil {
				t.Errorf("WriteJSON: %v", err)
			}
		})
	}
}

// TestDuplicateMembersTakeTheLast follows serde_json's map, in which a
// repeated member replaces the earlier value.
func TestDuplicateMembersTakeTheLast(t *testing.T) {
	r, err := DecodeRelease([]byte(`{"ocid":"x","ocid":"y","tender":{"status":"cancelled"},"tender":{"procurementMethod":"open"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if r.OCID.Value != "y" || r.Tender.Status.Valid || !r.Tender.ProcurementMethod.Is("open") {
		t.Errorf("decoded %+v %+v", r, r.Tender)
	}
}

// hugeLine yields left bytes of "a" (the inside of a JSON string) and then
// tail, without holding them in memory.
type hugeLine struct {
	left int64
	tail *strings.Reader
}

func (h *hugeLine) Read(p []byte) (int, error) {
	if h.left <= 0 {
		return h.tail.Read(p)
	}
	n := int64(len(p))
	n = min(n, h.left)
	for i := range p[:n] {
		p[i] = 'a'
	}
	h.left -= n
	return int(n), nil
}

func TestConsumeSkipsOverlongLines(t *testing.T) {
	size := int64(1 << 30) // 1 GiB
	if testing.Short() {
		size = 100 << 20
	}
	in := io.MultiReader(strings.NewReader(`{"ocid":"big","x":"`), &hugeLine{left: size, tail: strings.NewReader(
		"\"}\n{\"ocid\":\"a\",\"tender\":{\"numberOfTenderers\":1,\"procurementMethod\":\"open\"}}\n")})
	var warnings []string
	acc := newTestAccumulator(t, "[R018]\n", Options{Warn: func(line int64, msg string) {
		warnings = append(warnings, fmt.Sprintf("line %d: %s", line, msg))
	}})
	if err := acc.Consume(in); err != nil {
		t.Fatal(err)
	}
	want := []string{fmt.Sprintf("line 1: line too long: longer than %d bytes, skipping", DefaultMaxLineBytes)}
	if diff := cmp.Diff(want, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if v, ok := acc.Result().Value(OCID, "a", "R018"); !ok || v != 1 {
		t.Errorf("line 2 after the long line: R018 = %v, %v; want 1", v, ok)
	}
	if got := acc.Stats(); got != (Stats{Lines: 2, Processes: 1, Skipped: 1}) {
		t.Errorf("Stats = %+v", got)
	}
}

func TestConsumeLineEndings(t *testing.T) {
	in := "{\"ocid\":\"a\",\"tender\":{\"numberOfTenderers\":1,\"procurementMethod\":\"open\"}}\r\n \t\r\n" +
		"{\"ocid\":\"b\",\"tender\":{\"numberOfTenderers\":1,\"procurementMethod\":\"open\"}}"
	var warnings []string
	acc := newTestAccumulator(t, "[R018]\n", Options{Warn: func(line int64, msg string) { warnings = append(warnings, msg) }})
	if err := acc.Consume(strings.NewReader(in)); err != nil {
		t.Fatal(err)
	}
	if got := acc.Result().IDs(OCID); !cmp.Equal(got, []string{"a", "b"}) || len(warnings) > 0 {
		t.Errorf("flagged %v, warnings %v; want [a b] and none", got, warnings)
	}
}

// TestIncrementalResults takes results in the middle of a stream: they cover
// what was added so far and do not disturb the final result.
func TestIncrementalResults(t *testing.T) {
	data, err := os.ReadFile("testdata/cardinal/indicators/R025.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	acc := newTestAccumulator(t, settingsFromName("R025"), Options{})
	lines := bytes.Split(bytes.TrimSpace(data), []byte("\n"))
	for i, line := range lines {
		if err := acc.Add(line); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		acc.Result() // must not change the state
	}
	var got bytes.Buffer
	if err := acc.Result().WriteJSON(&got, Output{}); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("testdata/cardinal/indicators/R025.expected")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(decodeJSON(t, want), decodeJSON(t, got.Bytes())); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func FuzzAdd(f *testing.F) {
	seeds, err := os.ReadFile("testdata/cardinal/indicators/R024.jsonl")
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range bytes.Split(seeds, []byte("\n")) {
		f.Add(line)
	}
	f.Add([]byte(`{"ocid":"a","tender":{"tenderPeriod":{"startDate":"2000-01-01T00:00:60+23:59","endDate":"9999-12-31T23:59:59.999999999Z"}}}`))
	f.Add([]byte(`{"ocid":"a","awards":[{"status":"active","suppliers":[{"id":"s"}],"items":[{"classification":{"id":"é"}}]}]}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		acc := newTestAccumulator(t, allIndicators, Options{Map: true})
		acc.Add(line)
		acc.Add(line)
		var out bytes.Buffer
		if err := acc.Result().WriteJSON(&out, Output{Meta: true, Maps: true}); err != nil {
			t.Fatal(err)
		}
		if !json.Valid(out.Bytes()) {
			t.Fatalf("invalid output %s", out.Bytes())
		}
	})
}

// TestManyTenderers feeds bids with 100,000 tenderers each: sets of ids are
// compared as sets (R028), and the work stays linear in the line's size.
func TestManyTenderers(t *testing.T) {
	bid := func(status string, ids func(i int) string) string {
		var b strings.Builder
		fmt.Fprintf(&b, `{"status":%q,"value":{"amount":1,"currency":"USD"},"tenderers":[`, status)
		for i := range 100_000 {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":%q}`, ids(i))
		}
		b.WriteString("]}")
		return b.String()
	}
	same := func(i int) string { return fmt.Sprint(i) }
	reversed := func(i int) string { return fmt.Sprint(99_999 - i) }
	shifted := func(i int) string { return fmt.Sprint(i + 1) }
	for _, tt := range []struct {
		name    string
		other   func(int) string
		flagged bool
	}{{"same set", reversed, false}, {"different set", shifted, true}} {
		line := fmt.Sprintf(`{"ocid":"x","bids":{"details":[%s,%s]}}`, bid("valid", same), bid("disqualified", tt.other))
		acc := newTestAccumulator(t, "[R028]\n[R038]\n", Options{Map: true})
		if err := acc.Add([]byte(line)); err != nil {
			t.Fatal(err)
		}
		_, flagged := acc.Result().Value(OCID, "x", "R028")
		if flagged != tt.flagged {
			t.Errorf("%s: R028 flagged = %v, want %v", tt.name, flagged, tt.flagged)
		}
	}
}
