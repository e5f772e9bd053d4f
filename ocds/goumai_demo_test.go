package ocds

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"testing"

	"github.com/goumai/goumai/ocds/extensions"
	"github.com/goumai/goumai/ocds/schema"
)

// goumaiDemoReleases is a snapshot of the releases goumai publishes for its
// demo world, in log order. It is written by package ocds/publish:
// GOUMAI_UPDATE_DOCS=1 go test ./ocds/publish -run TestDemoReleasesSnapshot
// (which fails when the snapshot is no longer what the demo world yields).
const goumaiDemoReleases = "testdata/goumai-demo-releases.jsonl"

// goumai's compile of its own releases (the demo world's, grouped by ocid)
// equals the reference merge's, compiled and versioned, with the OCDS 1.1
// rules and with those of the schema patched by the built-in extensions
// (which goumai's packages declare).
func TestGoumaiDemoAgainstReference(t *testing.T) {
	f, err := os.Open(goumaiDemoReleases)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	byOCID := map[string][][]byte{}
	var order []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		line := bytes.Clone(sc.Bytes())
		var r struct {
			OCID string `json:"ocid"`
		}
		if err := json.Unmarshal(line, &r); err != nil || r.OCID == "" {
			t.Fatalf("%s:%d: %v (no ocid?)", goumaiDemoReleases, n+1, err)
		}
		if byOCID[r.OCID] == nil {
			order = append(order, r.OCID)
		}
		byOCID[r.OCID] = append(byOCID[r.OCID], line)
		n++
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	// A moved or emptied snapshot must fail, not check nothing.
	if n < 200 || len(order) < 10 {
		t.Fatalf("%s: %d releases of %d processes", goumaiDemoReleases, n, len(order))
	}
	for _, c := range []struct {
		name  string
		rules *Rules
	}{{"1.1", mustRules(t, "1.1")}, {"1.1+extensions", patchedRules(t)}} {
		t.Run(c.name, func(t *testing.T) {
			for _, ocid := range order {
				raws := byOCID[ocid]
				// The oracle must model every process, or the comparison
				// would silently skip it.
				for _, versioned := range []bool{false, true} {
					if _, err := refCompile(c.rules, raws, versioned); errors.Is(err, errRefUnsupported) {
						t.Fatalf("%s (versioned=%v): outside what the oracle models", ocid, versioned)
					}
				}
				t.Run(ocid, func(t *testing.T) { checkAgainstReference(t, c.rules, raws) })
			}
		})
	}
}

// patchedRules are the merge rules of the OCDS 1.1 release schema patched by
// every built-in extension's release-schema.json (JSON Merge Patch, as the
// Data Review Tool applies them), in name order.
func patchedRules(t *testing.T) *Rules {
	t.Helper()
	core, err := schema.Read("1.1", "release-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(core, &doc); err != nil {
		t.Fatal(err)
	}
	all := extensions.All()
	if len(all) < 2 {
		t.Fatalf("%d built-in extensions", len(all))
	}
	for _, x := range all {
		b, err := x.ReadFile("release-schema.json")
		if err != nil {
			t.Fatalf("%s: %v", x.Name, err)
		}
		var patch any
		if err := json.Unmarshal(b, &patch); err != nil {
			t.Fatalf("%s: %v", x.Name, err)
		}
		doc = extensions.MergePatch(doc, patch)
	}
	// As the validator does (ocds/validate: dropDanglingRefs), a reference to
	// a definition of an extension not embedded (bid opening's location, the
	// location extension's Location) leaves the field unconstrained.
	defs, _ := doc.(map[string]any)["definitions"].(map[string]any)
	extensions.DropDanglingRefs(doc, defs)
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	rules, err := NewRules(b)
	if err != nil {
		t.Fatal(err)
	}
	return rules
}
