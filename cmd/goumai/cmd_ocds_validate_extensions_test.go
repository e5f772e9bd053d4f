package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goumai/goumai/ocds/extensions"
)

// lotsPackage is a release package that declares exts and whose tender has a
// lot whose title has the wrong type.
func lotsPackage(exts ...string) string {
	list, _ := json.Marshal(exts)
	return `{"uri": "https://example.cn/p.json", "version": "1.1", "publishedDate": "2024-03-01T08:00:00Z",
 "publisher": {"name": "Bureau"}, "extensions": ` + string(list) + `,
 "releases": [{"ocid": "ocds-abc123-1", "id": "1", "date": "2024-03-01T08:00:00Z", "tag": ["tender"], "initiationType": "tender",
   "tender": {"id": "t", "lots": [{"id": "l1", "title": 5}]}}]}`
}

// TestOCDSValidateExtension: --extension DIR applies a local extension
// folder; goumai's built-ins apply when the package declares their URLs; an
// unknown URL is still warned about.
func TestOCDSValidateExtension(t *testing.T) {
	lots, ok := extensions.Get("ocds_lots_extension")
	if !ok {
		t.Fatal("no built-in ocds_lots_extension")
	}
	dir := filepath.Join(t.TempDir(), "my_lots")
	if err := os.CopyFS(dir, lots.Files); err != nil {
		t.Fatal(err)
	}
	const unknown = "https://example.org/ocds_other_extension/extension.json"
	wrongTitle := "error\t/releases/0/tender/lots/0/title\t"

	// No extension applied: lots is an additional field, the package valid.
	code, stdout, stderr := runValidate(t, lotsPackage(unknown))
	if code != 0 || strings.Contains(stdout, wrongTitle) || !strings.Contains(stdout, "extension not applied") {
		t.Errorf("no extension: exit %d\n%s%s", code, stdout, stderr)
	}

	// --extension DIR: applied to the package; the unknown URL still warned about.
	code, stdout, stderr = runValidate(t, lotsPackage(unknown), "--extension", dir)
	if code != 1 || !strings.Contains(stdout, wrongTitle) || !strings.Contains(stdout, "warning\t/extensions/0\textension not applied") {
		t.Errorf("--extension: exit %d\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "OCDS 1.1 with 1 extension (my_lots)") {
		t.Errorf("--extension: summary %q does not name the extension", stderr)
	}

	// A built-in declared by goumai's stable URL: applied, not warned about.
	code, stdout, stderr = runValidate(t, lotsPackage(extensions.URL("https://goumai.example.cn", "ocds_lots_extension")), "--json")
	var got struct {
		Valid      bool     `json:"valid"`
		Extensions []string `json:"extensions"`
		Problems   []struct{ Type, Path string }
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("--json output: %v\n%s", err, stdout)
	}
	if code != 1 || got.Valid || len(got.Extensions) != 1 || got.Extensions[0] != "ocds_lots_extension" {
		t.Errorf("built-in: exit %d, %+v (stderr %q)", code, got, stderr)
	}
	for _, p := range got.Problems {
		if p.Type == "extension_not_applied" || p.Type == "additional_field" {
			t.Errorf("built-in: unexpected %s at %s", p.Type, p.Path)
		}
	}

	// Correct data with the built-in: valid.
	code, stdout, stderr = runValidate(t, strings.Replace(lotsPackage(extensions.URL("https://goumai.example.cn", "ocds_lots_extension")), `"title": 5`, `"title": "一标段"`, 1))
	if code != 0 || stdout != "" {
		t.Errorf("built-in, correct data: exit %d\n%s%s", code, stdout, stderr)
	}

	// A folder that is not an extension: bad usage.
	code, _, stderr = runValidate(t, lotsPackage(), "--extension", t.TempDir())
	if code != 2 || !strings.Contains(stderr, "extension.json") {
		t.Errorf("--extension of an empty folder: exit %d, stderr %q", code, stderr)
	}
}
