package validate

import (
	"bytes"
	"fmt"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/goumai/goumai/ocds/extensions"
	"github.com/goumai/goumai/ocds/schema"
)

// Schema file names inside each embedded version folder.
const (
	releaseSchemaFile    = "release-schema.json"
	releasePkgSchemaFile = "release-package-schema.json"
	recordPkgSchemaFile  = "record-package-schema.json"
	versionedSchemaFile  = "versioned-release-validation-schema.json"
	defaultVersion       = "1.1"
)

// versionSet is everything needed to validate data of one OCDS version.
// It is built once per process (compiling the schemas takes milliseconds and
// the result is read-only, so it is shared by concurrent validations).
type versionSet struct {
	version string

	release    *jsonschema.Schema // one release
	record     *jsonschema.Schema // one record, without its releases array
	linked     *jsonschema.Schema // a record's releases array as linked releases
	releasePkg *jsonschema.Schema // release package envelope (releases: any non-empty array)
	recordPkg  *jsonschema.Schema // record package envelope (records: any non-empty array)

	releasePkgFields *node // field tree of the release package
	recordPkgFields  *node // field tree of the record package

	codelists map[string]map[string]bool // file name → codes

	extensions []string // names of the extensions applied, in order
}

var versionSets = map[string]func() (*versionSet, error){
	"1.0": sync.OnceValues(func() (*versionSet, error) { return buildVersionSet("1.0", nil) }),
	"1.1": sync.OnceValues(func() (*versionSet, error) { return buildVersionSet("1.1", nil) }),
}

// loadVersion returns the compiled schemas of a known version ("1.0" or "1.1").
func loadVersion(v string) (*versionSet, error) {
	f, ok := versionSets[v]
	if !ok {
		return nil, fmt.Errorf("ocds version %q: no embedded schema", v)
	}
	return f()
}

// offlineLoader refuses every URL: all schemas are embedded and added as
// resources, so a $ref to anything else is a bug, never a network fetch.
type offlineLoader struct{}

func (offlineLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("schema %s is not embedded (goumai validates offline)", url)
}

// buildVersionSet compiles the schemas of version v, the release schema
// patched with exts in order (JSON Merge Patch) and the codelists changed by
// them.
func buildVersionSet(v string, exts []*Extension) (*versionSet, error) {
	vs := &versionSet{version: v}
	for _, x := range exts {
		vs.extensions = append(vs.extensions, x.Name)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.UseLoader(offlineLoader{})
	c.AssertFormat()
	c.RegisterFormat(&jsonschema.Format{Name: "date-time", Validate: checkDateTime})
	c.RegisterFormat(&jsonschema.Format{Name: "uri", Validate: checkURI})

	ids := map[string]string{}
	docs := map[string]map[string]any{}
	for _, name := range []string{releaseSchemaFile, releasePkgSchemaFile, recordPkgSchemaFile, versionedSchemaFile} {
		doc, err := readSchemaDoc(v, name)
		if err != nil {
			return nil, err
		}
		id, _ := doc["id"].(string)
		if id == "" {
			return nil, fmt.Errorf("ocds schema %s/%s: no id", v, name)
		}
		if name == releaseSchemaFile {
			for _, x := range exts {
				if x.patch == nil {
					continue
				}
				patched, ok := extensions.MergePatch(doc, deepCopy(x.patch)).(map[string]any)
				if !ok {
					return nil, fmt.Errorf("ocds extension %s: release-schema.json is not an object", x.Name)
				}
				doc = patched
			}
			if len(exts) > 0 {
				defs, _ := doc["definitions"].(map[string]any)
				extensions.DropDanglingRefs(doc, defs)
			}
		}
		ids[name] = id
		docs[name] = doc
	}

	// The field trees read the schemas as published; build them before the
	// copies for the validator are altered below.
	res := newResolver(docs)
	var err error
	if vs.releasePkgFields, err = buildFieldTree(res, ids[releasePkgSchemaFile]); err != nil {
		return nil, err
	}
	if vs.recordPkgFields, err = buildFieldTree(res, ids[recordPkgSchemaFile]); err != nil {
		return nil, err
	}

	// The validator gets altered copies, as lib-cove does: uniqueItems and
	// patternProperties are not JSON Schema-checked (uniqueness is id-based,
	// see unique.go), and enums of codelist fields are left to the codelist
	// check so a bad code is reported once.
	for name, doc := range docs {
		doc = deepCopy(doc).(map[string]any)
		stripKeywords(doc)
		if name == releaseSchemaFile || name == versionedSchemaFile {
			markCodelists(doc)
		}
		switch name {
		case releasePkgSchemaFile:
			props(doc)["releases"] = map[string]any{"type": "array", "minItems": jsonNumber(1)}
		case recordPkgSchemaFile:
			records, _ := props(doc)["records"].(map[string]any)
			delete(records, "items")
			defs, _ := doc["definitions"].(map[string]any)
			rec, _ := defs["record"].(map[string]any)
			rels, _ := props(rec)["releases"].(map[string]any)
			oneOf, _ := rels["oneOf"].([]any)
			if len(oneOf) != 2 {
				return nil, fmt.Errorf("ocds schema %s/%s: records/releases is not a oneOf of linked and embedded releases", v, name)
			}
			defs["goumaiLinkedReleases"] = oneOf[0]
			props(rec)["releases"] = map[string]any{}
		}
		if err := c.AddResource(ids[name], doc); err != nil {
			return nil, fmt.Errorf("ocds schema %s/%s: %w", v, name, err)
		}
	}
	compile := func(loc string) *jsonschema.Schema {
		if err != nil {
			return nil
		}
		var s *jsonschema.Schema
		s, err = c.Compile(loc)
		if err != nil {
			err = fmt.Errorf("compile ocds schema %s: %w", loc, err)
		}
		return s
	}
	vs.release = compile(ids[releaseSchemaFile])
	vs.releasePkg = compile(ids[releasePkgSchemaFile])
	vs.recordPkg = compile(ids[recordPkgSchemaFile])
	vs.record = compile(ids[recordPkgSchemaFile] + "#/definitions/record")
	vs.linked = compile(ids[recordPkgSchemaFile] + "#/definitions/goumaiLinkedReleases")
	if err != nil {
		return nil, err
	}
	if vs.codelists, err = loadCodelists(); err != nil {
		return nil, err
	}
	for _, x := range exts {
		x.applyCodelists(vs.codelists)
	}
	return vs, nil
}

func readSchemaDoc(v, name string) (map[string]any, error) {
	b, err := schema.Read(v, name)
	if err != nil {
		return nil, err
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("ocds schema %s/%s: %w", v, name, err)
	}
	m, ok := doc.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("ocds schema %s/%s: not an object", v, name)
	}
	return m, nil
}

func props(s map[string]any) map[string]any {
	p, _ := s["properties"].(map[string]any)
	if p == nil {
		p = map[string]any{}
		s["properties"] = p
	}
	return p
}

// stripKeywords removes uniqueItems and patternProperties everywhere; lib-cove
// replaces the first with its id-based check and does not run the second.
func stripKeywords(v any) {
	switch v := v.(type) {
	case map[string]any:
		delete(v, "uniqueItems")
		delete(v, "patternProperties")
		for _, x := range v {
			stripKeywords(x)
		}
	case []any:
		for _, x := range v {
			stripKeywords(x)
		}
	}
}

// markCodelists drops "enum" where lib-cove's add_is_codelist marks a field as
// a codelist (it then skips the field's enum errors): on the field, or on its
// items when the field is an array. It walks properties through "object" and
// "array of objects" types and every definition, as add_is_codelist does.
func markCodelists(obj map[string]any) {
	for _, pv := range props(obj) {
		value, ok := pv.(map[string]any)
		if !ok {
			continue
		}
		if _, ok := value["codelist"]; ok {
			if typeHas(value["type"], "array") {
				if items, ok := value["items"].(map[string]any); ok {
					delete(items, "enum")
				}
			} else {
				delete(value, "enum")
			}
		}
		if value["type"] == "object" {
			markCodelists(value)
		} else if items, ok := value["items"].(map[string]any); ok && value["type"] == "array" && items["properties"] != nil {
			markCodelists(items)
		}
	}
	if defs, ok := obj["definitions"].(map[string]any); ok {
		for _, d := range defs {
			if dm, ok := d.(map[string]any); ok && dm["properties"] != nil {
				markCodelists(dm)
			}
		}
	}
}

// typeHas reports whether a schema "type" (a string or a list) names t.
func typeHas(typ any, t string) bool {
	switch typ := typ.(type) {
	case string:
		return typ == t
	case []any:
		for _, x := range typ {
			if x == t {
				return true
			}
		}
	}
	return false
}

func deepCopy(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = deepCopy(x)
		}
		return m
	case []any:
		s := make([]any, len(v))
		for i, x := range v {
			s[i] = deepCopy(x)
		}
		return s
	}
	return v
}
