package validate

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"

	"github.com/go-json-experiment/json/jsontext"
)

// DefaultMaxProblems is how many problems a Result lists when Options.MaxProblems is 0.
const DefaultMaxProblems = 1000

// Options tune Package. The zero value is ready to use.
type Options struct {
	// MaxProblems caps the problems listed in Result.Problems; all problems are
	// still counted. 0 means DefaultMaxProblems, negative means no cap.
	MaxProblems int
	// TempDir holds the spool file used when "version" comes after the
	// releases or records array ("" means os.TempDir()).
	TempDir string
	// Extensions are applied to the schema of every package, whether or not
	// its "extensions" list names them (goumai ocds validate --extension DIR).
	Extensions []*Extension
	// Known extensions are applied when the package's "extensions" list names
	// them (see Extension.Matches), e.g. BuiltinExtensions. When Known is not
	// empty and "extensions" comes after the releases or records array,
	// elements are spooled until the list is known, as for "version".
	Known []*Extension
}

// Package validates a release package or record package read from r, using
// the options' defaults. See Options.Package.
func Package(ctx context.Context, r io.Reader) (Result, error) {
	return Options{}.Package(ctx, r)
}

// Package validates a release package or record package read from r.
//
// The releases or records array is read one element at a time; memory use is
// bounded by the largest element plus a few dozen bytes per element for the
// cross-element checks (unique ids, distinct ocids). If "version" follows the
// array, elements are spooled to a temporary file until the version is known.
//
// A package that cannot be read (not JSON, truncated, nested more than 10,000
// levels, not a package) gives an *InputError; a package that is read gives a
// Result, valid or not, and a nil error. Other errors come from ctx or the
// temporary file.
func (o Options) Package(ctx context.Context, r io.Reader) (Result, error) {
	max := o.MaxProblems
	if max == 0 {
		max = DefaultMaxProblems
	} else if max < 0 {
		max = int(^uint(0) >> 1)
	}
	p := &packageRun{
		ctx:    ctx,
		opts:   o,
		td:     newTreeDecoder(),
		env:    map[string]any{},
		seen:   map[string]bool{},
		arrays: map[string]*arrayState{},
	}
	p.col = newCollector(&p.res, max)
	p.w = walker{col: p.col}
	defer p.closeSpool()
	if err := p.read(r); err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			ie.locate(r)
		}
		return Result{}, err
	}
	p.col.finish()
	return p.res, nil
}

const (
	versionNotSeen = iota
	versionKnown
	versionUnknown
)

// packageRun is the state of one Package call.
type packageRun struct {
	ctx  context.Context
	opts Options
	res  Result
	col  *collector
	w    walker
	td   *treeDecoder

	env          map[string]any // top-level members other than streamed arrays
	seen         map[string]bool
	arrays       map[string]*arrayState // streamed "releases" / "records"
	versionState int
	spool        *spool
	exts         []*Extension // the extensions applied
}

func (p *packageRun) read(r io.Reader) error {
	dec := jsontext.NewDecoder(bufio.NewReaderSize(r, 1<<16), readOptions)
	tok, err := dec.ReadToken()
	if err == io.EOF {
		return &InputError{Offset: 0, Err: errors.New("empty input")}
	}
	if err != nil {
		return inputError(err)
	}
	if tok.Kind() != '{' {
		return &InputError{Offset: 0, Err: fmt.Errorf("%w: the top-level JSON value is %s, not an object", ErrNotPackage, kindName(tok.Kind()))}
	}
	for {
		if err := p.ctx.Err(); err != nil {
			return err
		}
		tok, err := dec.ReadToken()
		if err != nil {
			return inputError(err)
		}
		if tok.Kind() == '}' {
			break
		}
		key := tok.String()
		if p.seen[key] {
			p.col.add(Problem{Severity: Warning, Type: TypeDuplicateKey, Path: pointer([]string{key}),
				Message: "the package has '" + key + "' more than once; the last one is used"})
		}
		p.seen[key] = true
		if (key == "releases" || key == "records") && dec.PeekKind() == '[' {
			if err := p.streamArray(dec, key); err != nil {
				return err
			}
			delete(p.env, key)
			continue
		}
		raw, err := dec.ReadValue()
		if err != nil {
			return inputError(err)
		}
		v, err := p.td.decode(raw)
		if err != nil {
			return inputError(err)
		}
		p.duplicates([]string{key})
		p.env[key] = v
		delete(p.arrays, key) // a later non-array member replaces an earlier array
		if key == "version" {
			p.setVersion(v)
		}
		if err := p.load(false); err != nil {
			return err
		}
	}
	if _, err := dec.ReadToken(); err != io.EOF {
		if err == nil {
			err = errors.New("more data after the package object")
		}
		return inputError(&jsontext.SyntacticError{ByteOffset: dec.InputOffset(), Err: err})
	}
	if !p.seen["releases"] && !p.seen["records"] {
		return &InputError{Offset: -1, Err: fmt.Errorf("%w: it has neither 'releases' nor 'records'", ErrNotPackage)}
	}
	p.res.PackageType = "release"
	if p.seen["records"] {
		p.res.PackageType = "record"
	}
	if p.versionState == versionNotSeen {
		p.setVersion(nil)
	}
	if err := p.load(true); err != nil {
		return err
	}
	if err := p.replaySpool(); err != nil {
		return err
	}
	st := p.arrays[map[string]string{"release": "releases", "record": "records"}[p.res.PackageType]]
	if st != nil {
		p.res.Count = st.count
	}
	if p.versionState == versionUnknown {
		return nil
	}
	p.envelope()
	for key, st := range p.arrays {
		st.finish(p.col, key)
	}
	if st != nil {
		p.res.UniqueOCIDs = st.distinctOCIDs()
	}
	return nil
}

// setVersion picks the schema from the package's "version" as lib-cove-ocds
// does: "1.0" or "1.1"; absent or empty means 1.1 (reported); anything else
// is an error and nothing else is validated.
func (p *packageRun) setVersion(v any) {
	var version string
	switch {
	case isFalsy(v):
		version = defaultVersion
		p.col.add(Problem{Severity: Warning, Type: TypeVersionMissing, Path: "/version",
			Message: "the package has no 'version'; it was validated against OCDS " + defaultVersion + " (the standard says data without a version should be read as 1.0)"})
	case v == "1.0" || v == "1.1":
		version = v.(string)
	default:
		p.versionState = versionUnknown
		p.res.Version = ""
		p.col.add(Problem{Severity: Error, Type: TypeVersionUnknown, Path: "/version", Value: display(v),
			Message: "the OCDS version in the data is not valid; accepted values: 1.0, 1.1"})
		return
	}
	if version != p.res.Version {
		p.w.vs = nil // a repeated "version": the last one is used, as before
	}
	p.versionState = versionKnown
	p.res.Version = version
	p.w.version = version
}

// load picks the schemas once the version is known and, if the options have
// Known extensions, the package's "extensions" list has been read (or, with
// final, the whole package has): the version's schemas patched with the
// options' Extensions and the Known ones the list names.
func (p *packageRun) load(final bool) error {
	if p.w.vs != nil || p.versionState != versionKnown {
		return nil
	}
	if len(p.opts.Known) > 0 && !p.seen["extensions"] && !final {
		return nil
	}
	exts := slices.Clone(p.opts.Extensions)
	if list, ok := p.env["extensions"].([]any); ok {
		for _, e := range list {
			s, _ := e.(string)
			for _, x := range p.opts.Known {
				if x.Matches(s) && !slices.Contains(exts, x) {
					exts = append(exts, x)
				}
			}
		}
	}
	vs, err := loadExtended(p.res.Version, exts)
	if err != nil {
		return err
	}
	p.w.vs = vs
	p.exts = slices.DeleteFunc(exts, func(x *Extension) bool { return !x.CompatibleWith(p.res.Version) })
	p.res.Extensions = vs.extensions
	return nil
}

// streamArray reads the releases or records array element by element.
func (p *packageRun) streamArray(dec *jsontext.Decoder, key string) error {
	if _, err := dec.ReadToken(); err != nil { // '['
		return inputError(err)
	}
	st := newArrayState(key)
	p.arrays[key] = st
	for dec.PeekKind() != ']' {
		if err := p.ctx.Err(); err != nil {
			return err
		}
		idx := st.count
		st.count++
		if p.versionState == versionUnknown {
			if err := dec.SkipValue(); err != nil {
				return inputError(err)
			}
			continue
		}
		raw, err := dec.ReadValue()
		if err != nil {
			return inputError(err)
		}
		if p.w.vs == nil {
			if err := p.spoolElement(key, idx, raw); err != nil {
				return err
			}
			continue
		}
		if err := p.element(key, idx, raw); err != nil {
			return err
		}
	}
	if _, err := dec.ReadToken(); err != nil { // ']'
		return inputError(err)
	}
	return nil
}

// element validates one release or record.
func (p *packageRun) element(key string, idx int, raw []byte) error {
	v, err := p.td.decode(raw)
	if err != nil {
		return inputError(err)
	}
	prefix := []string{key, strconv.Itoa(idx)}
	p.duplicates(prefix)
	st := p.arrays[key]
	if key == "releases" {
		p.w.release(v, prefix, true)
		p.w.checkOCID(v, prefix)
		st.track(v, idx, "ocid", "id")
	} else {
		p.w.record(v, prefix)
		st.track(v, idx, "ocid")
	}
	return nil
}

// duplicates reports the repeated member names the last decode found.
func (p *packageRun) duplicates(prefix []string) {
	for _, d := range p.td.dups {
		p.col.add(Problem{Severity: Warning, Type: TypeDuplicateKey, Path: pointer(prefix) + d,
			Message: "this member name appears more than once in its object; the last value is used"})
	}
}

// envelope validates the package without its streamed array, whose elements
// were checked one by one: the schema sees a stand-in array of the same
// emptiness, so "minItems" still applies.
func (p *packageRun) envelope() {
	fields, sch := p.w.vs.releasePkgFields, p.w.vs.releasePkg
	if p.res.PackageType == "record" {
		fields, sch = p.w.vs.recordPkgFields, p.w.vs.recordPkg
	}
	env := make(map[string]any, len(p.env)+2)
	walk := make(map[string]any, len(p.env)+2)
	for k, v := range p.env {
		env[k], walk[k] = v, v
	}
	for key, st := range p.arrays {
		stand := []any{}
		if st.count > 0 {
			stand = []any{nil}
		}
		env[key] = stand
		walk[key] = []any{} // field already checked element by element
	}
	if err := sch.Validate(env); err != nil {
		schemaProblems(err, env, nil, p.col.add)
	}
	p.w.structure(fields, walk, nil, nil)
	p.w.codes(fields, p.env, nil)
	if exts, ok := p.env["extensions"].([]any); ok {
		for i, e := range exts {
			if s, ok := e.(string); ok && !p.applied(s) {
				msg := "extension not applied: it is neither built into goumai nor given as a local extension, and goumai does not fetch extensions, so fields and codes it adds are reported as additional"
				if p.knows(s) {
					msg = "extension not applied: it is not compatible with OCDS " + p.res.Version + ", so fields and codes it adds are reported as additional"
				}
				p.col.add(Problem{Severity: Warning, Type: TypeExtensionNotLoaded, Path: pointer([]string{"extensions", strconv.Itoa(i)}), Value: s, Message: msg})
			}
		}
	}
	// Data that is neither streamed nor an array (e.g. "releases": {}) is
	// checked by the package schema above; count nothing for it.
}

// applied reports whether the extension a package names by u was applied.
func (p *packageRun) applied(u string) bool {
	return slices.ContainsFunc(p.exts, func(x *Extension) bool { return x.Matches(u) })
}

// knows reports whether u names an extension of the options.
func (p *packageRun) knows(u string) bool {
	return slices.ContainsFunc(slices.Concat(p.opts.Extensions, p.opts.Known), func(x *Extension) bool { return x.Matches(u) })
}

func kindName(k jsontext.Kind) string {
	switch k {
	case '[':
		return "an array"
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "not an object"
}
