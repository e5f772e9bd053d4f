package validate

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/goumai/goumai/ocds/extensions"
)

// goumaiURL is the stable URL of a built-in extension on some goumai server.
func goumaiURL(name string) string {
	return extensions.URL("https://goumai.example.cn", name)
}

// extPackage is a release package that declares exts and whose release uses
// fields of the lots, bids, enquiries, bid opening, qualification,
// subcontracting, signatories and party scale extensions. bad breaks the type
// of one field of each (and a code of a closed codelist the bid extension adds).
func extPackage(exts []string, bad bool) string {
	title, bidStatus, enquiryID, opening, numTenderers, pct, scale := `"Lot 1"`, `"valid"`, `"e1"`, `"2024-03-10T09:00:00+08:00"`, `2`, `0.3`, `"sme"`
	if bad {
		title, bidStatus, enquiryID, opening, numTenderers, pct, scale = `5`, `"bogus"`, `7`, `false`, `"two"`, `"thirty"`, `"enormous"`
	}
	list, _ := json.Marshal(exts)
	return `{"uri": "https://goumai.example.cn/p.json", "version": "1.1", "publishedDate": "2024-03-01T08:00:00+08:00",
 "publisher": {"name": "西湖区财政局"}, "extensions": ` + string(list) + `,
 "releases": [{"ocid": "ocds-abc123-1", "id": "1", "date": "2024-03-01T08:00:00+08:00", "tag": ["tender"], "initiationType": "tender",
   "parties": [{"id": "p1", "name": "养老中心", "roles": ["tenderer", "qualifiedBidder"], "details": {"scale": ` + scale + `}}],
   "preQualification": {"id": "q1", "numberOfTenderers": ` + numTenderers + `},
   "bids": {"details": [{"id": "b1", "status": ` + bidStatus + `, "tenderers": [{"id": "p1", "name": "养老中心"}]}]},
   "tender": {"id": "t", "lots": [{"id": "l1", "title": ` + title + `}],
     "enquiries": [{"id": ` + enquiryID + `, "title": "资质"}],
     "bidOpening": {"date": ` + opening + `},
     "subcontractingTerms": {"competitiveMaximumPercentage": ` + pct + `}},
   "contracts": [{"id": "c1", "awardID": "a1", "signatories": [{"id": "p1", "name": "养老中心"}]}]}]}`
}

func builtinURLs() []string {
	return extensions.URLs("https://goumai.example.cn")
}

func extRun(t *testing.T, o Options, pkg string) Result {
	t.Helper()
	res, err := o.Package(context.Background(), strings.NewReader(pkg))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func extByType(res Result, typ string) []Problem {
	var out []Problem
	for _, p := range res.Problems {
		if p.Type == typ {
			out = append(out, p)
		}
	}
	return out
}

func extPaths(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Path)
	}
	slices.Sort(out)
	return out
}

func testBuiltins(t *testing.T) []*Extension {
	t.Helper()
	b, err := BuiltinExtensions()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestExtensionsApplied validates, against the real schema, a release using
// the fields of the built-in extensions: wrong types are errors only when the
// extensions are applied, and correct ones pass with no warning.
func TestExtensionsApplied(t *testing.T) {
	known := Options{Known: testBuiltins(t)}
	wantErrors := []string{
		"/releases/0/bids/details/0/status",
		"/releases/0/parties/0/details/scale",
		"/releases/0/preQualification/numberOfTenderers",
		"/releases/0/tender/bidOpening/date",
		"/releases/0/tender/enquiries/0/id",
		"/releases/0/tender/lots/0/title",
		"/releases/0/tender/subcontractingTerms/competitiveMaximumPercentage",
	}

	// Not applied: the fields are additional, their types unchecked.
	res := extRun(t, Options{}, extPackage(builtinURLs(), true))
	if res.Errors != 0 {
		t.Errorf("without extensions: %d errors, want 0: %v", res.Errors, res.Problems)
	}
	if got := len(extByType(res, TypeExtensionNotLoaded)); got != len(builtinURLs()) {
		t.Errorf("without extensions: %d extension_not_applied warnings, want %d", got, len(builtinURLs()))
	}
	if len(extByType(res, TypeAdditionalField)) == 0 {
		t.Error("without extensions: no additional field reported")
	}

	// Declared and applied: the wrong types are errors.
	res = extRun(t, known, extPackage(builtinURLs(), true))
	if got := extPaths(extByType(res, TypeSchema)); !slices.Equal(got, slices.DeleteFunc(slices.Clone(wantErrors), func(p string) bool { return strings.HasSuffix(p, "/status") })) {
		t.Errorf("applied, schema errors at %q, want %q; all: %v", got, wantErrors, res.Problems)
	}
	if got := extPaths(extByType(res, TypeClosedCodelist)); !slices.Equal(got, []string{"/releases/0/bids/details/0/status"}) {
		t.Errorf("applied, closed codelist errors at %q, want bids/details/0/status (bidStatus.csv, added by the bid extension)", got)
	}
	if want := extensions.Names(); !slices.Equal(sortedCopy(res.Extensions), want) {
		t.Errorf("Result.Extensions = %v, want %v", res.Extensions, want)
	}

	// Declared, applied and correct: valid, no warning at all.
	res = extRun(t, known, extPackage(builtinURLs(), false))
	if res.Errors != 0 || res.Warnings != 0 || res.Infos != 0 {
		t.Errorf("applied and correct: %s: %v", res.Summary(), res.Problems)
	}

	// Known but not declared: not applied.
	res = extRun(t, known, extPackage([]string{}, true))
	if res.Errors != 0 || len(res.Extensions) != 0 {
		t.Errorf("not declared: %s, extensions %v", res.Summary(), res.Extensions)
	}
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// TestExtensionURLs: the official raw GitHub URL at the copied commit or tag
// and goumai's stable URL name a built-in; another URL still gets the warning.
func TestExtensionURLs(t *testing.T) {
	lots, _ := extensions.Get("ocds_lots_extension")
	known := Options{Known: testBuiltins(t)}
	pkg := func(u string) string {
		return strings.Replace(extPackage([]string{u}, false), `"enquiries": [{"id": "e1", "title": "资质"}],`, ``, 1)
	}
	for _, u := range append(lots.OfficialURLs(), goumaiURL("ocds_lots_extension"), "http://localhost:8080/ocds/extensions/ocds_lots_extension/extension.json") {
		res := extRun(t, known, pkg(u))
		if !slices.Equal(res.Extensions, []string{"ocds_lots_extension"}) || len(extByType(res, TypeExtensionNotLoaded)) != 0 {
			t.Errorf("%s: extensions %v, problems %v", u, res.Extensions, extByType(res, TypeExtensionNotLoaded))
		}
	}
	for _, u := range []string{
		"https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/master/extension.json",
		"https://goumai.example.cn/ocds/extensions/ocds_lots_extension/release-schema.json",
		"ocds_lots_extension",
	} {
		res := extRun(t, known, pkg(u))
		if len(res.Extensions) != 0 || len(extByType(res, TypeExtensionNotLoaded)) != 1 {
			t.Errorf("%s: extensions %v, warnings %v", u, res.Extensions, extByType(res, TypeExtensionNotLoaded))
		}
	}
}

// copyExtension writes an embedded extension to a local folder.
func copyExtension(t *testing.T, name string) string {
	t.Helper()
	x, ok := extensions.Get(name)
	if !ok {
		t.Fatalf("no extension %s", name)
	}
	dir := filepath.Join(t.TempDir(), name)
	if err := os.CopyFS(dir, x.Files); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestExtensionDir applies a local extension folder, always (Options.Extensions)
// or when the package names it by its path.
func TestExtensionDir(t *testing.T) {
	dir := copyExtension(t, "ocds_enquiry_extension")
	x, err := LoadExtensionDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	// A plain path is not a URI (a schema error of the package), so name
	// it by a file:// URL.
	bad := extPackage([]string{"file://" + filepath.ToSlash(filepath.Join(dir, "extension.json"))}, true)
	res := extRun(t, Options{Extensions: []*Extension{x}}, bad)
	if got := extPaths(extByType(res, TypeSchema)); !slices.Equal(got, []string{"/releases/0/tender/enquiries/0/id"}) {
		t.Errorf("local enquiry extension: schema errors at %q", got)
	}
	if len(extByType(res, TypeExtensionNotLoaded)) != 0 {
		t.Errorf("the extension named by its local path is reported not applied")
	}
	// Named by the folder, as a file:// URL: applied from Known.
	res = extRun(t, Options{Known: []*Extension{x}}, extPackage([]string{"file://" + filepath.ToSlash(dir)}, true))
	if got := extPaths(extByType(res, TypeSchema)); !slices.Equal(got, []string{"/releases/0/tender/enquiries/0/id"}) {
		t.Errorf("file URL: schema errors at %q", got)
	}
	// Given but never named: applied all the same.
	res = extRun(t, Options{Extensions: []*Extension{x}}, extPackage([]string{}, true))
	if res.Errors != 1 {
		t.Errorf("undeclared local extension: %d errors, want 1", res.Errors)
	}
}

// TestExtensionCodelists: "+" adds codes to a codelist of the core, "-"
// removes some, a plain file is a new codelist.
func TestExtensionCodelists(t *testing.T) {
	// qualifiedBidder is not a core party role (open codelist: an info);
	// the qualification extension's +partyRole.csv adds it.
	res := extRun(t, Options{Known: testBuiltins(t)}, extPackage([]string{goumaiURL("ocds_bid_extension")}, false))
	if got := extByType(res, TypeOpenCodelist); len(got) != 1 || got[0].Value != "qualifiedBidder" {
		t.Errorf("without the qualification extension: open codelist infos %v, want qualifiedBidder", got)
	}
	res = extRun(t, Options{Known: testBuiltins(t)}, extPackage([]string{goumaiURL("ocds_bid_extension"), goumaiURL("ocds_qualification_extension")}, false))
	if got := extByType(res, TypeOpenCodelist); len(got) != 0 {
		t.Errorf("with the qualification extension: open codelist infos %v, want none", got)
	}

	minus, err := LoadExtension("no_tender_tag", fstest.MapFS{
		"extension.json":                {Data: []byte(`{"name": {"en": "test"}}`)},
		"codelists/-releaseTag.csv":     {Data: []byte("Code,Title\ntender,Tender\n")},
		"codelists/newCodelist.csv":     {Data: []byte("Code,Title\na,A\n")},
		"codelists/+initiationType.csv": {Data: []byte("Code\nbogus\n")},
	})
	if err != nil {
		t.Fatal(err)
	}
	res = extRun(t, Options{Extensions: []*Extension{minus}}, extPackage([]string{}, false))
	if got := extByType(res, TypeClosedCodelist); len(got) != 1 || got[0].Path != "/releases/0/tag/0" {
		t.Errorf("after -releaseTag.csv: closed codelist errors %v, want /releases/0/tag/0", got)
	}
	vs, err := loadExtended("1.1", []*Extension{minus})
	if err != nil {
		t.Fatal(err)
	}
	if !vs.codelists["newCodelist.csv"]["a"] || !vs.codelists["initiationType.csv"]["bogus"] || !vs.codelists["initiationType.csv"]["tender"] {
		t.Errorf("codelists after the extension: new %v, initiationType %v", vs.codelists["newCodelist.csv"], vs.codelists["initiationType.csv"])
	}
	// The core's sets are untouched.
	core, _ := loadVersion("1.1")
	if !core.codelists["releaseTag.csv"]["tender"] {
		t.Error("the extension changed the core codelists")
	}
}

// TestExtensionsAfterReleases: with Known extensions, a package whose
// "extensions" list follows its releases is validated against the patched
// schema all the same (the releases are spooled).
func TestExtensionsAfterReleases(t *testing.T) {
	pkg := extPackage(builtinURLs(), true)
	i := strings.Index(pkg, `"extensions": `)
	j := strings.Index(pkg, `"releases": `)
	exts := pkg[i:j]
	pkg = pkg[:i] + pkg[j:len(pkg)-1] + ", " + strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(exts), ",")) + "}"
	if !json.Valid([]byte(pkg)) {
		t.Fatalf("bad test package: %s", pkg)
	}
	res := extRun(t, Options{Known: testBuiltins(t), TempDir: t.TempDir()}, pkg)
	if res.Errors != 7 || len(res.Extensions) != len(builtinURLs()) {
		t.Errorf("extensions after releases: %s, extensions %v: %v", res.Summary(), res.Extensions, res.Problems)
	}
}

// TestReleaseExtensions: Options.Release applies the options' extensions.
func TestReleaseExtensions(t *testing.T) {
	rel := `{"ocid": "ocds-abc123-1", "id": "1", "date": "2024-03-01T08:00:00+08:00", "tag": ["tender"], "initiationType": "tender",
	  "tender": {"id": "t", "lots": [{"id": "l1", "title": 5}]}}`
	ps, err := Release(context.Background(), "1.1", []byte(rel))
	if err != nil {
		t.Fatal(err)
	}
	if len(extByType(Result{Problems: ps}, TypeSchema)) != 0 {
		t.Errorf("core schema: %v", ps)
	}
	var lots []*Extension
	for _, x := range testBuiltins(t) {
		if x.Name == "ocds_lots_extension" {
			lots = append(lots, x)
		}
	}
	ps, err = Options{Extensions: lots}.Release(context.Background(), "1.1", []byte(rel))
	if err != nil {
		t.Fatal(err)
	}
	if got := extPaths(extByType(Result{Problems: ps}, TypeSchema)); !slices.Equal(got, []string{"/tender/lots/0/title"}) {
		t.Errorf("with lots: schema errors at %q: %v", got, ps)
	}
}

// TestBuiltinsOffline: the built-ins load with nothing on disk around the
// test (embedded files; ../shared is not read at run time).
func TestBuiltinsOffline(t *testing.T) {
	t.Chdir(t.TempDir())
	xs := testBuiltins(t)
	if len(xs) < 8 {
		t.Fatalf("%d built-in extensions, want at least 8", len(xs))
	}
	for _, x := range xs {
		if _, err := fs.Stat(os.DirFS("."), x.Name); err == nil {
			t.Errorf("%s found in the working directory", x.Name)
		}
	}
	if _, err := loadExtended("1.1", xs); err != nil {
		t.Errorf("1.1 with every built-in: %v", err)
	}
	// The official extensions are for OCDS 1.1 only: 1.0 data gets the
	// core 1.0 schema and a warning per declared extension.
	pkg := strings.Replace(extPackage(builtinURLs(), false), `"version": "1.1"`, `"version": "1.0"`, 1)
	res := extRun(t, Options{Known: xs}, pkg)
	if len(res.Extensions) != 0 || len(extByType(res, TypeExtensionNotLoaded)) != len(builtinURLs()) ||
		!strings.Contains(extByType(res, TypeExtensionNotLoaded)[0].Message, "not compatible with OCDS 1.0") {
		t.Errorf("1.0 package: extensions %v, warnings %v", res.Extensions, extByType(res, TypeExtensionNotLoaded))
	}
}

// TestExtensionsRecordPackage: a record's compiled and embedded releases are
// checked against the patched release schema.
func TestExtensionsRecordPackage(t *testing.T) {
	rel := `{"ocid": "ocds-abc123-1", "id": "1", "date": "2024-03-01T08:00:00+08:00", "tag": ["tender"], "initiationType": "tender",
	  "tender": {"id": "t", "lots": [{"id": "l1", "title": 5}]}}`
	compiled := strings.Replace(rel, `["tender"]`, `["compiled"]`, 1)
	pkg := `{"uri": "https://goumai.example.cn/r.json", "version": "1.1", "publishedDate": "2024-03-01T08:00:00+08:00",
	 "publisher": {"name": "西湖区财政局"}, "packages": ["https://goumai.example.cn/p.json"],
	 "extensions": ["` + goumaiURL("ocds_lots_extension") + `"],
	 "records": [{"ocid": "ocds-abc123-1", "releases": [` + rel + `], "compiledRelease": ` + compiled + `}]}`
	res := extRun(t, Options{Known: testBuiltins(t)}, pkg)
	want := []string{"/records/0/compiledRelease/tender/lots/0/title", "/records/0/releases/0/tender/lots/0/title"}
	if got := extPaths(extByType(res, TypeSchema)); !slices.Equal(got, want) {
		t.Errorf("record package: schema errors at %q, want %q: %v", got, want, res.Problems)
	}
}
