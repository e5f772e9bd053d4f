package validate

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/goumai/goumai/ocds/extensions"
)

// Extension is an OCDS extension the validator can apply: its release schema
// patch (release-schema.json, applied to the release schema as a JSON Merge
// Patch, RFC 7386) and its codelists (codelists/*.csv: a new codelist, or,
// when the file name starts with "+" or "-", codes added to or removed from an
// existing one), as the standard's extension mechanism says. Build one with
// LoadExtension, LoadExtensionDir or BuiltinExtensions.
type Extension struct {
	// Name names the extension in messages (its folder name).
	Name string
	// URLs are the entries of a package's "extensions" list that mean this
	// extension (compared exactly).
	URLs []string
	// servedPath, when set, also matches any http(s) URL whose path ends
	// with it: goumai's stable URL of a built-in, whatever the host.
	servedPath string

	compat    []string            // extension.json "compatibility": OCDS versions; nil: any
	patch     map[string]any      // release-schema.json, nil if none
	codelists map[string][]string // codelists/ file name → codes
	key       string              // content hash, for the schema cache
}

// LoadExtension reads an extension from fsys, which holds extension.json,
// optionally release-schema.json and codelists/*.csv. urls are the names a
// package may give it in its "extensions" list.
func LoadExtension(name string, fsys fs.FS, urls ...string) (*Extension, error) {
	x := &Extension{Name: name, URLs: urls, codelists: map[string][]string{}}
	h := sha256.New()
	meta, err := fs.ReadFile(fsys, "extension.json")
	if err != nil {
		return nil, fmt.Errorf("ocds extension %s: %w", name, err)
	}
	h.Write(meta)
	var m map[string]any
	if err := jsonUnmarshal(meta, &m); err != nil {
		return nil, fmt.Errorf("ocds extension %s: extension.json: %w", name, err)
	}
	if c, ok := m["compatibility"].([]any); ok {
		for _, v := range c {
			if s, ok := v.(string); ok {
				x.compat = append(x.compat, s)
			}
		}
	}
	b, err := fs.ReadFile(fsys, "release-schema.json")
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("ocds extension %s: %w", name, err)
	default:
		if err := jsonUnmarshal(b, &x.patch); err != nil {
			return nil, fmt.Errorf("ocds extension %s: release-schema.json: %w", name, err)
		}
		h.Write([]byte("\x00release-schema.json\x00"))
		h.Write(b)
	}
	csvs, err := fs.Glob(fsys, "codelists/*.csv")
	if err != nil {
		return nil, fmt.Errorf("ocds extension %s: %w", name, err)
	}
	slices.Sort(csvs)
	for _, f := range csvs {
		b, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("ocds extension %s: %w", name, err)
		}
		codes, err := codelistCodes(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("ocds extension %s: %s: %w", name, f, err)
		}
		base := path.Base(f)
		x.codelists[base] = codes
		h.Write([]byte("\x00" + base + "\x00"))
		h.Write(b)
	}
	x.key = name + "@" + hex.EncodeToString(h.Sum(nil))
	return x, nil
}

// LoadExtensionDir reads an extension from a local folder. A package's
// "extensions" list names it by the folder's path or by the path of its
// extension.json, relative as given or absolute, or as a file:// URL.
func LoadExtensionDir(dir string) (*Extension, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("ocds extension %s: %w", dir, err)
	}
	name := filepath.Base(abs)
	var urls []string
	for _, d := range []string{dir, abs} {
		urls = append(urls, d, filepath.Join(d, "extension.json"))
	}
	for _, p := range []string{abs, filepath.Join(abs, "extension.json")} {
		urls = append(urls, (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String())
	}
	return LoadExtension(name, os.DirFS(dir), urls...)
}

// BuiltinExtensions returns the extensions embedded in goumai (package
// ocds/extensions). Each is named, in a package's "extensions" list, by its
// stable goumai URL on any host (https://HOST/ocds/extensions/NAME/extension.json)
// and, for an official extension, by its raw GitHub URL at the commit or tag
// it was copied from.
func BuiltinExtensions() ([]*Extension, error) {
	return builtins()
}

var builtins = sync.OnceValues(func() ([]*Extension, error) {
	var out []*Extension
	for _, e := range extensions.All() {
		x, err := LoadExtension(e.Name, e.Files, e.OfficialURLs()...)
		if err != nil {
			return nil, err
		}
		x.servedPath = extensions.Path(e.Name, "extension.json")
		out = append(out, x)
	}
	return out, nil
})

// Matches reports whether u, an entry of a package's "extensions" list,
// names this extension.
func (x *Extension) Matches(u string) bool {
	if slices.Contains(x.URLs, u) {
		return true
	}
	if x.servedPath == "" {
		return false
	}
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "https" || p.Scheme == "http") && p.Host != "" &&
		p.RawQuery == "" && p.Fragment == "" && strings.HasSuffix(p.Path, x.servedPath)
}

func jsonUnmarshal(b []byte, v any) error {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return err
	}
	switch v := v.(type) {
	case *map[string]any:
		m, ok := doc.(map[string]any)
		if !ok {
			return errors.New("not a JSON object")
		}
		*v = m
	default:
		return fmt.Errorf("jsonUnmarshal: %T", v)
	}
	return nil
}

// codelistCodes reads the "Code" column of a codelist CSV.
func codelistCodes(r io.Reader) ([]string, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return nil, err
	}
	col := slices.IndexFunc(header, func(h string) bool { return h == "Code" || h == "code" })
	if col < 0 {
		return nil, errors.New("no Code column")
	}
	var codes []string
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return codes, nil
		}
		if err != nil {
			return nil, err
		}
		codes = append(codes, rec[col])
	}
}

// applyCodelists changes the codelists as the extension's codelist files say.
func (x *Extension) applyCodelists(lists map[string]map[string]bool) {
	names := make([]string, 0, len(x.codelists))
	for n := range x.codelists {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		codes := x.codelists[n]
		switch {
		case strings.HasPrefix(n, "+"):
			target := lists[n[1:]]
			if target == nil {
				target = map[string]bool{}
				lists[n[1:]] = target
			}
			for _, c := range codes {
				target[c] = true
			}
		case strings.HasPrefix(n, "-"):
			for _, c := range codes {
				delete(lists[n[1:]], c)
			}
		default:
			set := make(map[string]bool, len(codes))
			for _, c := range codes {
				set[c] = true
			}
			lists[n] = set
		}
	}
}

// CompatibleWith reports whether the extension applies to OCDS version v
// ("1.0", "1.1"), as its extension.json's "compatibility" says (an
// extension without that list applies to any version).
func (x *Extension) CompatibleWith(v string) bool {
	return x.compat == nil || slices.Contains(x.compat, v)
}

// setKey identifies a version and list of extensions in the schema cache.
func setKey(version string, exts []*Extension) string {
	var b strings.Builder
	b.WriteString(version)
	for _, x := range exts {
		b.WriteString("\x00" + x.key)
	}
	return b.String()
}

var extendedSets sync.Map // setKey → func() (*versionSet, error)

// loadExtended returns the schemas of a version patched with exts, in order;
// with no extensions, the version's own.
func loadExtended(v string, exts []*Extension) (*versionSet, error) {
	exts = slices.DeleteFunc(slices.Clone(exts), func(x *Extension) bool { return !x.CompatibleWith(v) })
	if len(exts) == 0 {
		return loadVersion(v)
	}
	if _, ok := versionSets[v]; !ok {
		return nil, fmt.Errorf("ocds version %q: no embedded schema", v)
	}
	f, _ := extendedSets.LoadOrStore(setKey(v, exts), sync.OnceValues(func() (*versionSet, error) {
		return buildVersionSet(v, exts)
	}))
	return f.(func() (*versionSet, error))()
}
