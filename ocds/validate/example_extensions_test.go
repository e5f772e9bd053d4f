package validate_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/goumai/goumai/ocds/extensions"
	"github.com/goumai/goumai/ocds/validate"
)

// A package goumai publishes declares its extensions by their stable URLs
// (extensions.URLs); validating it with the built-ins as Known applies them.
func ExampleOptions_Package_extensions() {
	builtins, err := validate.BuiltinExtensions()
	if err != nil {
		panic(err)
	}
	pkg := `{"uri": "https://goumai.example.cn/ocds/p.json", "version": "1.1", "publishedDate": "2024-03-01T08:00:00+08:00",
	 "publisher": {"name": "西湖区财政局"},
	 "extensions": ["` + extensions.URL("https://goumai.example.cn", "ocds_lots_extension") + `"],
	 "releases": [{"ocid": "ocds-abc123-1", "id": "1", "date": "2024-03-01T08:00:00+08:00", "tag": ["tender"],
	   "initiationType": "tender", "tender": {"id": "t", "lots": [{"id": "lot-1", "title": "一标段"}]}}]}`
	res, err := validate.Options{Known: builtins}.Package(context.Background(), strings.NewReader(pkg))
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Summary())
	// Output: release package, OCDS 1.1 with 1 extension (ocds_lots_extension), 1 release (1 ocid): 0 errors, 0 warnings, 0 infos: valid
}
