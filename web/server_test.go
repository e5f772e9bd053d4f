package web

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/translog"
	"github.com/goumai/goumai/workflow"
)

// TestOperations checks /healthz and /metrics.
func TestOperations(t *testing.T) {
	w := demoWorld(t)
	res := w.do(t, request{method: "GET", path: "/healthz"})
	if res.status != http.StatusOK || res.json(t)["status"] != "ok" {
		t.Errorf("/healthz: %d %s", res.status, res.body)
	}
	w.do(t, request{method: "GET", path: "/no-such-page"})
	res = w.do(t, request{method: "GET", path: "/metrics"})
	if res.status != http.StatusOK {
		t.Fatalf("/metrics: %d", res.status)
	}
	if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("/metrics Content-Type %q, want the Prometheus text format", ct)
	}
	tree, err := w.store.TreeSize(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"# TYPE goumai_http_requests_total counter",
		`goumai_http_requests_total{code="200",route="GET /healthz"} 1`,
		`goumai_http_requests_total{code="404",route="/"} 1`,
		"# TYPE goumai_http_request_duration_seconds histogram",
		fmt.Sprintf("goumai_log_tree_size %d", tree),
		"go_goroutines",
	} {
		if !strings.Contains(string(res.body), want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// TestPortal checks the portal home in Chinese and, after the language switch, in English.
func TestPortal(t *testing.T) {
	w := demoWorld(t)
	cp := w.checkpoint(t)
	res := w.do(t, request{method: "GET", path: "/"})
	if res.status != http.StatusOK {
		t.Fatalf("portal: %d", res.status)
	}
	body := string(res.body)
	for _, want := range []string{`<html lang="zh-CN"`, "政府购买服务", cp.Origin, fmt.Sprint(cp.Size)} {
		if !strings.Contains(body, want) {
			t.Errorf("the Chinese portal lacks %q", want)
		}
	}
	if got := res.header.Get("Content-Language"); got != "zh-CN" {
		t.Errorf("Content-Language %q, want zh-CN", got)
	}

	res = w.do(t, request{method: "GET", path: "/prefs?lang=en&back=/orgs"})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != "/orgs" {
		t.Errorf("/prefs: %d to %q, want 303 to /orgs", res.status, res.header.Get("Location"))
	}
	var lang *http.Cookie
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.Name == langCookie {
			lang = c
		}
	}
	if lang == nil || lang.Value != "en" || lang.MaxAge <= 0 {
		t.Fatalf("/prefs?lang=en set %+v, want a lasting goumai_lang=en cookie", lang)
	}
	res = w.do(t, request{method: "GET", path: "/", header: map[string]string{"Cookie": lang.Name + "=" + lang.Value}})
	body = string(res.body)
	for _, want := range []string{`<html lang="en"`, messages["portal.title"][1], messages["portal.checkpoint"][1], cp.Origin} {
		if !strings.Contains(body, want) {
			t.Errorf("the English portal lacks %q", want)
		}
	}
	// The log page publishes the verifier key and the URL prefix.
	res = w.do(t, request{method: "GET", path: "/log"})
	for _, want := range []string{w.store.VerifierKey(), "http://example.com/log", cp.Origin} {
		if !strings.Contains(html.UnescapeString(string(res.body)), want) {
			t.Errorf("/log lacks %q", want)
		}
	}
	// An open redirect through back= is refused.
	res = w.do(t, request{method: "GET", path: "/prefs?lang=zh&back=//evil.example/"})
	if loc := res.header.Get("Location"); loc != "/" {
		t.Errorf("/prefs back=//evil.example/ redirects to %q, want /", loc)
	}
}

// checkpoint fetches /log/checkpoint and verifies it with the store's key.
func (w *world) checkpoint(t testing.TB) translog.Checkpoint {
	t.Helper()
	res := w.do(t, request{method: "GET", path: "/log/checkpoint"})
	if res.status != http.StatusOK {
		t.Fatalf("/log/checkpoint: %d", res.status)
	}
	v, err := translog.NewVerifier(w.store.VerifierKey())
	if err != nil {
		t.Fatal(err)
	}
	cp, err := translog.ParseCheckpoint(res.body, v)
	if err != nil {
		t.Fatalf("/log/checkpoint does not verify: %v\n%s", err, res.body)
	}
	return cp
}

// TestLogEndpoints checks the C2SP resources and the proofs of the API with
// the translog verifiers, trusting nothing but the verifier key.
func TestLogEndpoints(t *testing.T) {
	w := demoWorld(t)
	ctx := context.Background()
	old := w.checkpoint(t)
	if old.Origin != testOrigin || old.Size < 300 {
		t.Fatalf("checkpoint %+v: want origin %s and a few hundred leaves", old, testOrigin)
	}

	t.Run("tiles", func(t *testing.T) {
		res := w.do(t, request{method: "GET", path: "/log/tile/0/000"})
		if res.status != http.StatusOK || len(res.body) != translog.TileWidth*translog.HashSize {
			t.Fatalf("/log/tile/0/000: %d, %d bytes", res.status, len(res.body))
		}
		if cc := res.header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("a full tile's Cache-Control %q is not immutable", cc)
		}
		res = w.do(t, request{method: "GET", path: "/log/tile/entries/000"})
		if res.status != http.StatusOK {
			t.Fatalf("entry bundle: %d", res.status)
		}
		entries, err := translog.ParseBundle(res.body, translog.TileWidth)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int64{0, 1, 100, 255} {
			e, err := w.store.Event(ctx, n)
			if err != nil {
				t.Fatal(err)
			}
			if string(entries[n]) != string(e.LeafData()) {
				t.Errorf("entry %d = %s, want the event's leaf %s", n, entries[n], e.LeafData())
			}
		}
		partial := translog.TilePath{Entries: true, Index: old.Size / translog.TileWidth, Width: int(old.Size % translog.TileWidth)}
		if partial.Width > 0 {
			if res := w.do(t, request{method: "GET", path: "/log/" + partial.String()}); res.status != http.StatusOK {
				t.Errorf("/log/%s: %d", partial, res.status)
			}
		}
		for _, p := range []string{"/log/tile/0/999", "/log/tile/x/000", "/log/tile/entries/000.p/0"} {
			if res := w.do(t, request{method: "GET", path: p}); res.status != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", p, res.status)
			}
		}
	})

	t.Run("inclusion", func(t *testing.T) {
		for _, leaf := range []int64{0, 1, old.Size / 2, old.Size - 1} {
			res := w.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/log/proof/inclusion?leaf=%d", leaf)})
			if res.status != http.StatusOK {
				t.Fatalf("inclusion of %d: %d %s", leaf, res.status, res.body)
			}
			var out struct {
				Proof    translog.Inclusion `json:"proof"`
				LeafHash translog.Hash      `json:"leaf_hash"`
			}
			if err := json.Unmarshal(res.body, &out); err != nil {
				t.Fatal(err)
			}
			e, err := w.store.Event(ctx, leaf)
			if err != nil {
				t.Fatal(err)
			}
			if out.LeafHash != translog.LeafHash(e.LeafData()) {
				t.Errorf("leaf %d: leaf_hash is not the hash of the event's leaf", leaf)
			}
			if out.Proof.TreeSize != old.Size {
				t.Errorf("leaf %d: proof for size %d, want the checkpoint's %d", leaf, out.Proof.TreeSize, old.Size)
			}
			if err := out.Proof.Verify(old.Root, translog.LeafHash(e.LeafData())); err != nil {
				t.Errorf("leaf %d: %v", leaf, err)
			}
			other := translog.LeafHash([]byte("not the leaf"))
			if out.Proof.Verify(old.Root, other) == nil {
				t.Errorf("leaf %d: the proof verifies for another leaf", leaf)
			}
		}
	})

	// Grow the log and sign a new checkpoint.
	svc := workflow.New(w.store)
	name := "杭州市西湖区日志测试服务中心"
	if _, err := svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: name, Kind: goumai.KindSocialOrg,
		CreditCode: creditCode(t, "52", "330106", name), Region: "330106"}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	cur := w.checkpoint(t)
	if cur.Size <= old.Size {
		t.Fatalf("the log did not grow: %d → %d", old.Size, cur.Size)
	}

	t.Run("consistency", func(t *testing.T) {
		res := w.do(t, request{method: "GET", path: fmt.Sprintf("/api/v1/log/proof/consistency?old=%d", old.Size)})
		if res.status != http.StatusOK {
			t.Fatalf("consistency: %d %s", res.status, res.body)
		}
		var out struct {
			Proof translog.Consistency `json:"proof"`
		}
		if err := json.Unmarshal(res.body, &out); err != nil {
			t.Fatal(err)
		}
		if out.Proof.OldSize != old.Size || out.Proof.NewSize != cur.Size {
			t.Errorf("proof from %d to %d, want %d to %d", out.Proof.OldSize, out.Proof.NewSize, old.Size, cur.Size)
		}
		if err := out.Proof.Verify(old.Root, cur.Root); err != nil {
			t.Errorf("consistency: %v", err)
		}
		if out.Proof.Verify(cur.Root, old.Root) == nil {
			t.Error("the proof verifies with the roots swapped")
		}
	})

	t.Run("client", func(t *testing.T) {
		ts := httptest.NewServer(w.srv)
		defer ts.Close()
		fetch := func(path string) ([]byte, error) {
			resp, err := http.Get(ts.URL + "/log/" + path)
			if err != nil {
				return nil, err
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				return nil, fmt.Errorf("GET %s: %s", path, resp.Status)
			}
			return io.ReadAll(resp.Body)
		}
		v, err := translog.NewVerifier(w.store.VerifierKey())
		if err != nil {
			t.Fatal(err)
		}
		c := translog.NewClient(fetch, v)
		got, err := c.Checkpoint()
		if err != nil {
			t.Fatal(err)
		}
		if got.Size != cur.Size || got.Root != cur.Root {
			t.Fatalf("the client sees %d/%x, want %d/%x", got.Size, got.Root, cur.Size, cur.Root)
		}
		if err := c.Consistent(old, got); err != nil {
			t.Errorf("the client finds %d → %d inconsistent: %v", old.Size, got.Size, err)
		}
		for _, n := range []int64{0, old.Size - 1, got.Size - 1} {
			entry, err := c.Entry(got, n)
			if err != nil {
				t.Fatalf("entry %d: %v", n, err)
			}
			e, err := w.store.Event(ctx, n)
			if err != nil {
				t.Fatal(err)
			}
			if string(entry) != string(e.LeafData()) {
				t.Errorf("entry %d differs from the stored event's leaf", n)
			}
		}
		seen := int64(0)
		if err := c.Audit(got, func(n int64, entry []byte) error {
			seen++
			if n == 0 && len(entry) == 0 {
				return fmt.Errorf("empty entry 0")
			}
			return nil
		}); err != nil {
			t.Fatalf("audit: %v", err)
		}
		if seen != got.Size {
			t.Errorf("the audit visited %d entries, want %d", seen, got.Size)
		}
		// A client trusting another key refuses the log.
		_, otherKey, err := translog.GenerateKey(testOrigin)
		if err != nil {
			t.Fatal(err)
		}
		ov, err := translog.NewVerifier(otherKey)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := translog.NewClient(fetch, ov).Checkpoint(); err == nil {
			t.Error("a client with another verifier key accepted the checkpoint")
		}
	})
}
