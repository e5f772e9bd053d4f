package extensions

import (
	"encoding/json"
	"slices"
	"testing"
)

var officialNames = []string{
	"ocds_bidOpening_extension", "ocds_bid_extension", "ocds_contract_signatories_extension",
	"ocds_enquiry_extension", "ocds_lots_extension", "ocds_partyDetails_scale_extension",
	"ocds_qualification_extension", "ocds_subcontracting_extension",
}

// TestEmbedded checks every extension's files from a working directory with
// nothing around it: the files are embedded, the project material
// (../shared) is not read at run time.
func TestEmbedded(t *testing.T) {
	t.Chdir(t.TempDir())
	all := All()
	names := Names()
	for _, n := range officialNames {
		if !slices.Contains(names, n) {
			t.Errorf("extension %s is not embedded (have %v)", n, names)
		}
	}
	for _, x := range all {
		for _, f := range []string{"extension.json", "release-schema.json"} {
			b, err := x.ReadFile(f)
			if err != nil {
				t.Errorf("%s: %v", x.Name, err)
				continue
			}
			if !json.Valid(b) {
				t.Errorf("%s/%s is not JSON", x.Name, f)
			}
		}
		if _, ok := official[x.Name]; ok {
			if _, err := x.ReadFile("LICENSE"); err != nil {
				t.Errorf("%s: %v", x.Name, err)
			}
		}
	}
	q, ok := Get("ocds_qualification_extension")
	if !ok {
		t.Fatal("Get(ocds_qualification_extension): not found")
	}
	if _, err := q.ReadFile("codelists/+partyRole.csv"); err != nil {
		t.Errorf("the codelist addition +partyRole.csv is not embedded: %v", err)
	}
}

func TestGetURL(t *testing.T) {
	for _, bad := range []string{"", ".", "..", "nope", "ocds_lots_extension/codelists", "../schema"} {
		if _, ok := Get(bad); ok {
			t.Errorf("Get(%q) found an extension", bad)
		}
	}
	lots, ok := Get("ocds_lots_extension")
	if !ok {
		t.Fatal("no ocds_lots_extension")
	}
	if got, want := URL("https://goumai.example.cn/", lots.Name), "https://goumai.example.cn/ocds/extensions/ocds_lots_extension/extension.json"; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	if got := URLs("https://goumai.example.cn"); len(got) != len(All()) || !slices.Contains(got, "https://goumai.example.cn/ocds/extensions/ocds_bid_extension/extension.json") {
		t.Errorf("URLs = %q", got)
	}
	want := []string{
		"https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/8d3b52eb26ce0f1a015c91b665c120b17ef619a0/extension.json",
		"https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json",
	}
	if got := lots.OfficialURLs(); !slices.Equal(got, want) {
		t.Errorf("OfficialURLs = %q, want %q", got, want)
	}
}
