package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/goumai/goumai/ocds/extensions"
)

// TestOCDSExtensionFiles fetches the embedded extensions at their stable
// URLs: JSON as application/json, codelists as text/csv, the same bytes as
// embedded; unknown extensions and files are 404.
func TestOCDSExtensionFiles(t *testing.T) {
	w := demoWorld(t)
	lots, _ := extensions.Get("ocds_lots_extension")
	res := w.do(t, request{method: "GET", path: "/ocds/extensions/ocds_lots_extension/extension.json"})
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/json" || !json.Valid(res.body) {
		t.Fatalf("lots extension.json: %d %q %.80s", res.status, res.header.Get("Content-Type"), res.body)
	}
	want, _ := lots.ReadFile("extension.json")
	if !bytes.Equal(res.body, want) {
		t.Error("lots extension.json: not the embedded bytes")
	}
	var meta struct {
		Name map[string]string `json:"name"`
	}
	if err := json.Unmarshal(res.body, &meta); err != nil || meta.Name["en"] != "Lots" {
		t.Errorf("lots extension.json: name %v, %v", meta.Name, err)
	}
	for _, x := range extensions.All() {
		res := w.do(t, request{method: "GET", path: extensions.Path(x.Name, "release-schema.json")})
		if res.status != http.StatusOK || !json.Valid(res.body) {
			t.Errorf("%s release-schema.json: %d", x.Name, res.status)
		}
	}
	for _, p := range []string{"codelists/bidStatus.csv"} {
		res := w.do(t, request{method: "GET", path: extensions.Path("ocds_bid_extension", p)})
		if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(string(res.body), "Code,") {
			t.Errorf("%s: %d %q", p, res.status, res.header.Get("Content-Type"))
		}
	}
	res = w.do(t, request{method: "GET", path: extensions.Path("ocds_qualification_extension", "codelists/+partyRole.csv")})
	if res.status != http.StatusOK || !strings.Contains(string(res.body), "qualifiedBidder") {
		t.Errorf("+partyRole.csv: %d", res.status)
	}
	for _, p := range []string{
		"/ocds/extensions/ocds_nope_extension/extension.json",
		"/ocds/extensions/ocds_lots_extension/nope.json",
		"/ocds/extensions/ocds_lots_extension/codelists",
		"/ocds/extensions/ocds_bid_extension/codelists/",
		"/ocds/extensions/ocds_lots_extension/%2e%2e/ocds_bid_extension/extension.json",
		"/ocds/extensions/..%2fschema/extension.json",
	} {
		if res := w.do(t, request{method: "GET", path: p}); res.status != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, res.status)
		}
	}
	if res := w.do(t, request{method: "POST", path: "/ocds/extensions/ocds_lots_extension/extension.json"}); res.status < 400 {
		t.Errorf("POST: %d, want a refusal (read-only)", res.status)
	}
}
