package web

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/ocds/validate"
	"github.com/goumai/goumai/sqlstore"
)

// feedAll follows the change feed from the start to its end, page by page.
func feedAll(t *testing.T, w *world, limit string) (ids []string, indices []int64) {
	t.Helper()
	path := "/api/v1/ocds/releases?limit=" + limit
	for range 1000 {
		res := w.do(t, request{method: "GET", path: path})
		if res.status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, res.status, res.body)
		}
		var page struct {
			Releases   []map[string]any `json:"releases"`
			LogIndices []int64          `json:"logIndices"`
			Next       string           `json:"next"`
			Watermark  int64            `json:"watermark"`
			Extensions []string         `json:"extensions"`
			Version    string           `json:"version"`
		}
		if err := json.Unmarshal(res.body, &page); err != nil {
			t.Fatal(err)
		}
		if page.Version != "1.1" || len(page.Extensions) == 0 || len(page.Releases) != len(page.LogIndices) {
			t.Fatalf("not a release package with extensions and log indices: %s", res.body[:min(len(res.body), 400)])
		}
		for i, r := range page.Releases {
			ids = append(ids, r["id"].(string))
			if page.LogIndices[i] >= page.Watermark {
				t.Fatalf("release at %d served above the watermark %d", page.LogIndices[i], page.Watermark)
			}
		}
		indices = append(indices, page.LogIndices...)
		if len(page.Releases) == 0 {
			return ids, indices
		}
		path = "/api/v1/ocds/releases?limit=" + limit + "&after=" + page.Next
	}
	t.Fatal("the feed never ended")
	return nil, nil
}

// gunzipLines reads a gzip JSON Lines body (several gzip members allowed).
func gunzipLines(t *testing.T, body []byte) []map[string]any {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var out []map[string]any
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line is not JSON: %v", err)
		}
		out = append(out, m)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestOCDSFeedAndBulk: the demo world's releases through the change feed (in
// log order, no duplicates, every page below its watermark) equal the bulk
// file, kept incrementally in a directory as releases are published; the
// per-process packages and records; the records file has one record per
// ocid with its compiled release.
func TestOCDSFeedAndBulk(t *testing.T) {
	w := demoWorld(t)
	w.srv.cfg.BulkDir = t.TempDir()
	ids, indices := feedAll(t, w, "7")
	if len(ids) < 10 {
		t.Fatalf("the demo world published %d releases, want its approved projects' and more", len(ids))
	}
	seen := map[string]bool{}
	for i, id := range ids {
		if seen[id] || (i > 0 && indices[i] <= indices[i-1]) {
			t.Fatalf("release %s repeated or out of log order", id)
		}
		seen[id] = true
	}
	bulk := func() []map[string]any {
		res := w.do(t, request{method: "GET", path: "/ocds/releases.jsonl.gz"})
		if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/gzip" {
			t.Fatalf("bulk: %d %s", res.status, res.header)
		}
		return gunzipLines(t, res.body)
	}
	first := bulk()
	if len(first) != len(ids) {
		t.Fatalf("bulk file has %d releases, the feed %d", len(first), len(ids))
	}
	for i, r := range first {
		if r["id"] != ids[i] {
			t.Fatalf("bulk release %d is %v, the feed's %s", i, r["id"], ids[i])
		}
		if d, _ := r["date"].(string); !strings.HasSuffix(d, "+08:00") {
			t.Fatalf("release date %q is not in China's offset", d)
		}
	}
	ocid := first[0]["ocid"].(string)
	if again := bulk(); len(again) != len(first) {
		t.Fatalf("bulk file changed without a new release: %d then %d", len(first), len(again))
	}
	// A new public event: the kept file grows by one gzip member holding its
	// release, after the ones served before.
	var pid int64
	fmt.Sscanf(ocid[strings.LastIndex(ocid, "-")+1:], "%d", &pid)
	if err := w.store.Update(context.Background(), func(tx *sqlstore.Tx) error {
		_, err := tx.Record(context.Background(), sqlstore.Change{Actor: goumai.System, Action: "project.approve", Table: "projects", Key: pid, Region: "330106", Public: true})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	grown := bulk()
	if len(grown) != len(first)+1 || grown[len(first)]["ocid"] != ocid {
		t.Fatalf("bulk file after one more release: %d releases, want %d ending with %s", len(grown), len(first)+1, ocid)
	}
	if n := gzipMembers(t, w.srv.cfg.BulkDir+"/releases.jsonl.gz"); n != 2 {
		t.Fatalf("the kept file has %d gzip members, want 2 (grown, not rewritten)", n)
	}

	pkg := w.do(t, request{method: "GET", path: "/ocds/releases/" + ocid}).json(t)
	rels, _ := pkg["releases"].([]any)
	if len(rels) == 0 {
		t.Fatalf("release package of %s is empty: %v", ocid, pkg)
	}
	rec := w.do(t, request{method: "GET", path: "/ocds/records/" + ocid}).json(t)
	records, _ := rec["records"].([]any)
	if len(records) != 1 || records[0].(map[string]any)["compiledRelease"] == nil {
		t.Fatalf("record package of %s: %v", ocid, rec)
	}
	if res := w.do(t, request{method: "GET", path: "/ocds/records/ocds-nothere-1"}); res.status != http.StatusNotFound {
		t.Fatalf("unknown ocid: %d", res.status)
	}
	res := w.do(t, request{method: "GET", path: "/ocds/records.jsonl.gz"})
	all := gunzipLines(t, res.body)
	ocids := map[string]bool{}
	for _, r := range first {
		ocids[r["ocid"].(string)] = true
	}
	if len(all) != len(ocids) {
		t.Fatalf("records file has %d records for %d ocids", len(all), len(ocids))
	}
	for _, r := range all {
		if r["compiledRelease"] == nil {
			t.Fatalf("record %v without its compiled release", r["ocid"])
		}
	}
	for _, path := range []string{"/ocds/years/2026/releases.jsonl.gz", "/ocds/regions/330106/releases.jsonl.gz", "/ocds/regions/330000/releases.jsonl.gz"} {
		if res := w.do(t, request{method: "GET", path: path}); res.status != http.StatusOK || len(gunzipLines(t, res.body)) == 0 {
			t.Fatalf("%s: %d", path, res.status)
		}
	}
}

// TestOCDSFeedBadInput: malformed cursors, another instance's, one in the
// future, huge or bad page sizes, unknown regions and years: a clear 4xx
// naming the parameter, never a 5xx.
func TestOCDSFeedBadInput(t *testing.T) {
	w := demoWorld(t)
	inst := w.srv.feedInstance()
	for _, c := range []struct{ path, field string }{
		{"/api/v1/ocds/releases?after=nonsense", "after"},
		{"/api/v1/ocds/releases?after=" + inst + ".x", "after"},
		{"/api/v1/ocds/releases?after=0badf00d.5", "after"},
		{"/api/v1/ocds/releases?after=" + inst + ".99999999", "after"},
		{"/api/v1/ocds/releases?after=" + inst + ".-7", "after"},
		{"/api/v1/ocds/releases?limit=100000", "limit"},
		{"/api/v1/ocds/releases?limit=0", "limit"},
		{"/api/v1/ocds/releases?limit=%00", "limit"},
		{"/ocds/years/19/releases.jsonl.gz", "year"},
		{"/ocds/regions/999999/releases.jsonl.gz", "region"},
	} {
		res := w.do(t, request{method: "GET", path: c.path})
		if res.status < 400 || res.status >= 500 || !strings.Contains(string(res.body), c.field) {
			t.Errorf("GET %s: %d %s, want a 4xx naming %s", c.path, res.status, res.body, c.field)
		}
	}
}

// TestDataGuide: the public data guide names the licence, the prefix and
// every way to get the data, in Chinese and English.
func TestDataGuide(t *testing.T) {
	w := demoWorld(t)
	for _, lang := range []string{"zh", "en"} {
		res := w.do(t, request{method: "GET", path: "/data?lang=" + lang})
		body := string(res.body)
		if res.status != http.StatusOK {
			t.Fatalf("/data: %d", res.status)
		}
		for _, want := range []string{DefaultDataLicense, w.store.OCIDPrefix(), "/ocds/releases.jsonl.gz", "/ocds/records.jsonl.gz", "/api/v1/ocds/releases", "/ocds/extensions/goumai/extension.json", "curl"} {
			if !strings.Contains(body, want) {
				t.Errorf("/data?lang=%s lacks %q", lang, want)
			}
		}
	}
}

// TestOCDSPublishedValidates: every file goumai publishes — each page of the
// feed, each process's release package and record package, and the bulk
// releases as one package — validates with 0 errors against the OCDS 1.1
// schema patched with the extensions the package declares (goumai's own
// validator, with the built-in extensions it serves).
func TestOCDSPublishedValidates(t *testing.T) {
	w := demoWorld(t)
	known, err := validate.BuiltinExtensions()
	if err != nil {
		t.Fatal(err)
	}
	opts := validate.Options{Known: known, MaxProblems: 20}
	check := func(name string, body []byte) {
		t.Helper()
		res, err := opts.Package(context.Background(), bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.Errors > 0 || len(res.Extensions) < 2 {
			t.Errorf("%s: %d errors, extensions applied %v: %+v", name, res.Errors, res.Extensions, res.Problems)
		}
		for _, p := range res.Problems {
			switch {
			case p.Severity != validate.Warning:
			case p.Path == "/links" || p.Path == "/logIndices" || p.Path == "/next" || p.Path == "/watermark":
				// the feed's own members beside the package's (documented in openapi.json)
			default:
				t.Errorf("%s: warning %+v", name, p)
			}
		}
	}
	ocids := map[string]bool{}
	path := "/api/v1/ocds/releases?limit=50"
	pages := 0
	for ; pages < 1000; pages++ {
		res := w.do(t, request{method: "GET", path: path})
		var page struct {
			Releases []struct{ OCID string } `json:"releases"`
			Next     string                  `json:"next"`
		}
		if err := json.Unmarshal(res.body, &page); err != nil {
			t.Fatal(err)
		}
		if len(page.Releases) == 0 {
			break
		}
		check(path, res.body)
		for _, r := range page.Releases {
			ocids[r.OCID] = true
		}
		path = "/api/v1/ocds/releases?limit=50&after=" + page.Next
	}
	if len(ocids) < 5 {
		t.Fatalf("the demo world published releases of %d processes", len(ocids))
	}
	for ocid := range ocids {
		for _, p := range []string{"/ocds/releases/" + ocid, "/ocds/records/" + ocid} {
			res := w.do(t, request{method: "GET", path: p})
			if res.status != http.StatusOK {
				t.Fatalf("%s: %d", p, res.status)
			}
			check(p, res.body)
		}
	}
	res := w.do(t, request{method: "GET", path: "/ocds/releases.jsonl.gz"})
	var all []json.RawMessage
	for _, r := range gunzipLines(t, res.body) {
		b, _ := json.Marshal(r)
		all = append(all, b)
	}
	feed := w.do(t, request{method: "GET", path: "/api/v1/ocds/releases?limit=1"}).json(t)
	feed["releases"] = all
	delete(feed, "next")
	delete(feed, "links")
	b, _ := json.Marshal(feed)
	check("bulk releases", b)
	t.Logf("%d feed pages, %d processes, %d releases validated", pages, len(ocids), len(all))
}

// gzipMembers counts the gzip members of a file.
func gzipMembers(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	zr, err := gzip.NewReader(br)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for {
		zr.Multistream(false)
		if _, err := io.Copy(io.Discard, zr); err != nil {
			t.Fatal(err)
		}
		n++
		if err := zr.Reset(br); err == io.EOF {
			return n
		} else if err != nil {
			t.Fatal(err)
		}
	}
}
