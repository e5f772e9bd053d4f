package publish_test

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/ocds"
	"github.com/goumai/goumai/ocds/extensions"
	"github.com/goumai/goumai/ocds/schema"
)

const extensionDir = "../extensions/goumai"

func readJSON(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return v
}

// patchedSchema is the 1.1 release schema patched with the goumai extension.
func patchedSchema(t *testing.T) []byte {
	t.Helper()
	core, err := schema.Read("1.1", "release-schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(core, &doc); err != nil {
		t.Fatal(err)
	}
	doc = extensions.MergePatch(doc, readJSON(t, filepath.Join(extensionDir, "release-schema.json")))
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func codes(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(extensionDir, "codelists", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !slices.Equal(rows[0], []string{"Code", "Title", "Description"}) {
		t.Errorf("%s: header %v", name, rows[0])
	}
	var out []string
	for _, r := range rows[1:] {
		out = append(out, r[0])
	}
	slices.Sort(out)
	return out
}

// The extension's metadata lists its files, its codelists hold goumai's own
// codes, and its schema patch makes a release schema the merger accepts,
// with every $ref resolved and every object of an array identified by "id".
func TestGoumaiExtension(t *testing.T) {
	ext := readJSON(t, filepath.Join(extensionDir, "extension.json"))
	for _, k := range []string{"name", "description"} {
		m, _ := ext[k].(map[string]any)
		if m["en"] == nil || m["zh"] == nil {
			t.Errorf("extension.json %s needs en and zh: %v", k, ext[k])
		}
	}
	if c, _ := ext["compatibility"].([]any); len(c) != 1 || c[0] != "1.1" {
		t.Errorf("compatibility %v", ext["compatibility"])
	}
	listed, _ := ext["codelists"].([]any)
	files, _ := filepath.Glob(filepath.Join(extensionDir, "codelists", "*.csv"))
	if len(listed) != len(files) {
		t.Errorf("extension.json lists %d codelists, codelists/ holds %d", len(listed), len(files))
	}
	var grades, kinds, levels []string
	for _, g := range []goumai.Grade{goumai.GradeExcellent, goumai.GradeGood, goumai.GradeFair, goumai.GradePoor} {
		grades = append(grades, string(g))
	}
	for _, k := range []goumai.EvaluationKind{goumai.EvalSelf, goumai.EvalThirdParty} {
		kinds = append(kinds, string(k))
	}
	for _, l := range goumai.IndicatorLevels {
		levels = append(levels, string(l))
	}
	categories := slices.Clone(goumai.TargetCategories)
	for name, want := range map[string][]string{"performanceGrade.csv": grades, "performanceEvaluationKind.csv": kinds,
		"indicatorLevel.csv": levels, "indicatorCategory.csv": categories} {
		slices.Sort(want)
		if got := codes(t, name); !slices.Equal(got, want) {
			t.Errorf("%s: codes %v, goumai's %v", name, got, want)
		}
		if !slices.Contains(listed, any(name)) {
			t.Errorf("extension.json does not list %s", name)
		}
	}

	patched := patchedSchema(t)
	if _, err := ocds.NewRules(patched); err != nil {
		t.Fatalf("rules of the patched schema: %v", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(patched, &doc); err != nil {
		t.Fatal(err)
	}
	defs := doc["definitions"].(map[string]any)
	var check func(path string, v any)
	check = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if r, ok := v["$ref"].(string); ok {
				name := strings.TrimPrefix(r, "#/definitions/")
				if defs[name] == nil {
					t.Errorf("%s: $ref %s does not resolve", path, r)
				}
			}
			if v["type"] == "array" || slices.Contains(anyList(v["type"]), "array") {
				if items, ok := v["items"].(map[string]any); ok {
					if r, ok := items["$ref"].(string); ok {
						def := defs[strings.TrimPrefix(r, "#/definitions/")].(map[string]any)
						props, _ := def["properties"].(map[string]any)
						if props["id"] == nil && def["type"] == "object" && v["wholeListMerge"] != true {
							t.Errorf("%s: items %s have no id", path, r)
						}
					}
				}
			}
			for k, x := range v {
				check(path+"/"+k, x)
			}
		case []any:
			for _, x := range v {
				check(path, x)
			}
		}
	}
	ours := readJSON(t, filepath.Join(extensionDir, "release-schema.json"))
	check("", ours)
	for name, d := range ours["definitions"].(map[string]any) {
		if defs[name] == nil {
			t.Errorf("definition %s missing after patching", name)
		}
		_ = d
	}
}

func anyList(v any) []any { l, _ := v.([]any); return l }
