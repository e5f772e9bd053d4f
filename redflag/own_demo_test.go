package redflag

import (
	"os"
	"testing"
)

// goumai's rules run on the demo's releases.
func TestOwnOnDemoReleases(t *testing.T) {
	f, err := os.Open("../ocds/testdata/goumai-demo-releases.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	flags, err := NewEngine(nil).Recompute(f)
	if err != nil {
		t.Fatal(err)
	}
	for _, fl := range flags {
		t.Logf("%s %s %q %s %v %s", fl.Indicator, fl.OCID, fl.Subject, fl.Region, fl.Value, fl.Evidence.Detail.ZH)
	}
}
