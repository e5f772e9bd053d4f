package regiondata

import (
	"slices"
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

func mustLoad(t *testing.T) *goumai.Regions {
	t.Helper()
	tree, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return tree
}

func TestLoadIsCached(t *testing.T) {
	a, b := mustLoad(t), mustLoad(t)
	if a != b {
		t.Error("Load built the tree twice; want one shared tree")
	}
}

func TestCountsPerLevel(t *testing.T) {
	list, err := Regions()
	if err != nil {
		t.Fatal(err)
	}
	count := map[goumai.RegionLevel]int{}
	for _, g := range list {
		count[g.Level]++
	}
	t.Logf("regions: %d national, %d provincial, %d prefecture-level, %d county-level, %d in all",
		count[goumai.LevelNational], count[goumai.LevelProvince], count[goumai.LevelPrefecture], count[goumai.LevelCounty], len(list))
	// GB/T 2260 has exactly 34 provincial-level units; the other bounds bracket the
	// yearly figures of 民政部 (333 prefecture-level, about 2,840 county-level since 2019).
	tests := []struct {
		level    goumai.RegionLevel
		min, max int
	}{
		{goumai.LevelNational, 1, 1},
		{goumai.LevelProvince, 34, 34},
		{goumai.LevelPrefecture, 320, 345},
		{goumai.LevelCounty, 2800, 2900},
	}
	for _, tt := range tests {
		if got := count[tt.level]; got < tt.min || got > tt.max {
			t.Errorf("level %d: %d regions, want %d to %d", tt.level, got, tt.min, tt.max)
		}
	}
}

func TestCodesAreSixDigitsUniqueAndSorted(t *testing.T) {
	list, err := Regions()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, g := range list {
		if len(g.Code) != 6 || strings.Trim(g.Code, "0123456789") != "" {
			t.Errorf("code %q is not 6 digits", g.Code)
		}
		if seen[g.Code] {
			t.Errorf("code %s appears twice", g.Code)
		}
		seen[g.Code] = true
		if i > 0 && list[i-1].Code >= g.Code {
			t.Errorf("code %s follows %s; want ascending order", g.Code, list[i-1].Code)
		}
	}
}

// TestCodesNestInParents checks the code structure of GB/T 2260: a province is XX0000, a
// prefecture XXYY00 inside its province, a county shares its parent's leading digits.
func TestCodesNestInParents(t *testing.T) {
	list, err := Regions()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range list {
		switch g.Level {
		case goumai.LevelProvince:
			if !strings.HasSuffix(g.Code, "0000") || g.Parent != goumai.NationalCode {
				t.Errorf("province %s %s: code or parent %q malformed", g.Code, g.Name, g.Parent)
			}
		case goumai.LevelPrefecture:
			if !strings.HasSuffix(g.Code, "00") || g.Parent != g.Code[:2]+"0000" {
				t.Errorf("prefecture %s %s under %s", g.Code, g.Name, g.Parent)
			}
		case goumai.LevelCounty:
			want := g.Parent[:4]
			if strings.HasSuffix(g.Parent, "0000") {
				want = g.Parent[:2]
			}
			if !strings.HasPrefix(g.Code, want) || strings.HasSuffix(g.Code, "00") {
				t.Errorf("county %s %s under %s", g.Code, g.Name, g.Parent)
			}
		}
	}
}

func TestKnownRegions(t *testing.T) {
	tree := mustLoad(t)
	tests := []struct {
		code, name string
		level      goumai.RegionLevel
		ancestors  []string // from the code's parent upwards
		fullName   string
	}{
		{"330106", "西湖区", goumai.LevelCounty, []string{"330100", "330000", "100000"}, "浙江省杭州市西湖区"},
		{"330100", "杭州市", goumai.LevelPrefecture, []string{"330000", "100000"}, "浙江省杭州市"},
		{"110105", "朝阳区", goumai.LevelCounty, []string{"110000", "100000"}, "北京市朝阳区"},
		{"500240", "石柱土家族自治县", goumai.LevelCounty, []string{"500000", "100000"}, "重庆市石柱土家族自治县"},
		{"429004", "仙桃市", goumai.LevelCounty, []string{"420000", "100000"}, "湖北省仙桃市"},
		{"659001", "石河子市", goumai.LevelCounty, []string{"650000", "100000"}, "新疆维吾尔自治区石河子市"},
		{"441900", "东莞市", goumai.LevelPrefecture, []string{"440000", "100000"}, "广东省东莞市"},
		{"620200", "嘉峪关市", goumai.LevelPrefecture, []string{"620000", "100000"}, "甘肃省嘉峪关市"},
		{"152500", "锡林郭勒盟", goumai.LevelPrefecture, []string{"150000", "100000"}, "内蒙古自治区锡林郭勒盟"},
		{"330113", "临平区", goumai.LevelCounty, []string{"330100", "330000", "100000"}, "浙江省杭州市临平区"}, // set up 2021
		{"659012", "白杨市", goumai.LevelCounty, []string{"650000", "100000"}, "新疆维吾尔自治区白杨市"},         // set up 2023
		{"710000", "台湾省", goumai.LevelProvince, []string{"100000"}, "台湾省"},
		{"810000", "香港特别行政区", goumai.LevelProvince, []string{"100000"}, "香港特别行政区"},
		{"820000", "澳门特别行政区", goumai.LevelProvince, []string{"100000"}, "澳门特别行政区"},
		{"100000", "中华人民共和国", goumai.LevelNational, nil, "中华人民共和国"},
	}
	for _, tt := range tests {
		g, ok := tree.Get(tt.code)
		if !ok {
			t.Errorf("Get(%s): missing", tt.code)
			continue
		}
		if g.Name != tt.name || g.Level != tt.level {
			t.Errorf("Get(%s) = %s level %d, want %s level %d", tt.code, g.Name, g.Level, tt.name, tt.level)
		}
		var got []string
		path := tree.Path(tt.code)
		for i := len(path) - 2; i >= 0; i-- {
			got = append(got, path[i].Code)
		}
		if !slices.Equal(got, tt.ancestors) {
			t.Errorf("ancestors of %s = %v, want %v", tt.code, got, tt.ancestors)
		}
		for _, a := range tt.ancestors {
			if !tree.Contains(a, tt.code) {
				t.Errorf("Contains(%s, %s) = false, want true", a, tt.code)
			}
		}
		if got := tree.FullName(tt.code); got != tt.fullName {
			t.Errorf("FullName(%s) = %q, want %q", tt.code, got, tt.fullName)
		}
	}
}

func TestNotContained(t *testing.T) {
	tree := mustLoad(t)
	tests := []struct{ ancestor, code string }{
		{"330100", "330381"}, // 瑞安市 is in 温州市, not 杭州市
		{"110000", "120101"}, // 天津 is not in 北京
		{"420000", "439004"}, // no such code
		{"330000", "330103"}, // 下城区, merged into 拱墅区 in 2021
		{"440000", "110105"},
	}
	for _, tt := range tests {
		if tree.Contains(tt.ancestor, tt.code) {
			t.Errorf("Contains(%s, %s) = true, want false", tt.ancestor, tt.code)
		}
	}
}

// TestChildlessRegions pins the divisions that GB/T 2260 gives no subdivisions: the three
// provinces without statistical data and the prefecture cities that have no counties.
func TestChildlessRegions(t *testing.T) {
	tree := mustLoad(t)
	list, err := Regions()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range list {
		if g.Level < goumai.LevelCounty && len(tree.Children(g.Code)) == 0 {
			got = append(got, g.Code+" "+g.Name)
		}
	}
	want := []string{"441900 东莞市", "442000 中山市", "460400 儋州市", "620200 嘉峪关市", "710000 台湾省", "810000 香港特别行政区", "820000 澳门特别行政区"}
	if !slices.Equal(got, want) {
		t.Errorf("regions without children = %v, want %v", got, want)
	}
}

func TestParseRejectsBadInput(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{"empty", "", "read header"},
		{"wrong header", "code,name,parent,level\n", "header"},
		{"short record", "code,name,level,parent\n110000,北京市,1\n", "read region"},
		{"level not a number", "code,name,level,parent\n110000,北京市,province,100000\n", "line 2: level"},
		{"level out of range", "code,name,level,parent\n110000,北京市,4,100000\n", "line 2: level"},
		{"no name", "code,name,level,parent\n110000,,1,100000\n", "no name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Parse error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseReadsRecords(t *testing.T) {
	in := "code,name,level,parent\n100000,中华人民共和国,0,\n330000,浙江省,1,100000\n"
	got, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []goumai.Region{
		{Code: "100000", Name: "中华人民共和国", Level: goumai.LevelNational},
		{Code: "330000", Name: "浙江省", Level: goumai.LevelProvince, Parent: "100000"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Parse = %v, want %v", got, want)
	}
}
