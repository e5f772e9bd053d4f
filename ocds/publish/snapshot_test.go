package publish_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// demoSnapshot is the demo world's releases, one JSON per line in log order,
// for package ocds's tests (TestGoumaiDemoAgainstReference merges them with
// the reference implementation's oracle).
var demoSnapshot = filepath.Join("..", "testdata", "goumai-demo-releases.jsonl")

// panelNames finds a published evaluation panel. The demo draws its panels
// at random (commit and reveal), so the snapshot names the members by their
// place, keeping the releases' shape: the snapshot stays the same from run
// to run.
var panelNames = regexp.MustCompile(`"evaluationPanel":\[[^\]]*\]`)

var memberName = regexp.MustCompile(`"name":"[^"]*"`)

func anonymisePanel(panel []byte) []byte {
	n := 0
	return memberName.ReplaceAllFunc(panel, func([]byte) []byte {
		n++
		return []byte(fmt.Sprintf(`"name":"评审专家%d"`, n))
	})
}

// The snapshot is the releases the demo world yields today:
// GOUMAI_UPDATE_DOCS=1 go test ./ocds/publish -run TestDemoReleasesSnapshot
// rewrites it.
func TestDemoReleasesSnapshot(t *testing.T) {
	rs := loadDemo(t)
	var b bytes.Buffer
	for _, r := range rs {
		b.Write(panelNames.ReplaceAllFunc(r.body, anonymisePanel))
		b.WriteByte('\n')
	}
	if os.Getenv("GOUMAI_UPDATE_DOCS") == "1" {
		if err := os.WriteFile(demoSnapshot, b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	have, err := os.ReadFile(demoSnapshot)
	if err != nil || !bytes.Equal(have, b.Bytes()) {
		t.Errorf("%s is not the demo world's releases (%v): run GOUMAI_UPDATE_DOCS=1 go test ./ocds/publish -run TestDemoReleasesSnapshot", demoSnapshot, err)
	}
}
