package policydata

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

// TestFoundingNoticeUnchanged: the founding notice is the material's copy, byte for byte.
func TestFoundingNoticeUnchanged(t *testing.T) {
	b, err := files.ReadFile("caizong-2013-111.txt")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != "4b8a1c24a45ac9afd1d9b47588bd5f369ba9d8c18576c0f43bac047a80636931" {
		t.Fatalf("digest %s", got)
	}
	if !strings.Contains(string(b), "加强培训宣传") {
		t.Fatal("section 三（三） missing")
	}
}

// TestDocumentsValid: every document passes the library's checks, its
// supersedes link names an earlier document, and its provenance is stated.
func TestDocumentsValid(t *testing.T) {
	docs, err := Documents()
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) < 7 {
		t.Fatalf("%d documents", len(docs))
	}
	regions, err := goumai.NewRegions([]goumai.Region{{Code: goumai.NationalCode, Name: "中华人民共和国", Level: 0}})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, d := range docs {
		d.Normalise()
		if err := d.Check(regions); err != nil {
			t.Errorf("%s: %v", d.Number, err)
		}
		if d.Licence == "" {
			t.Errorf("%s: no provenance", d.Number)
		}
		if d.Supersedes != "" && !seen[d.Supersedes] {
			t.Errorf("%s supersedes %s, not listed before it", d.Number, d.Supersedes)
		}
		seen[d.Number] = true
	}
}
