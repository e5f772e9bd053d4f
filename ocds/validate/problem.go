package validate

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Severity says whether a problem makes the data invalid.
type Severity string

const (
	// Error: the data does not conform (schema, uniqueness, closed codelist,
	// OCID prefix, unknown version). A package with errors is invalid.
	Error Severity = "error"
	// Warning: the data conforms but something should be looked at
	// (additional fields, deprecated fields, missing ids, empty fields, …).
	Warning Severity = "warning"
	// Info: informational only (codes outside an open codelist are allowed).
	Info Severity = "info"
)

// Problem types. They are stable: scripts may rely on them.
const (
	TypeSchema             = "schema"     // JSON Schema violation; Keyword says which
	TypeNonUnique          = "non_unique" // uniqueItems replaced by id-based uniqueness
	TypeEmbeddedAndLinked  = "releases_both_embedded_and_linked"
	TypeOCIDPrefix         = "ocid_prefix"           // ocid does not start with ocds-xxxxxx
	TypeClosedCodelist     = "closed_codelist"       // code not in a closed codelist
	TypeOpenCodelist       = "open_codelist"         // code not in an open codelist (allowed)
	TypeAdditionalField    = "additional_field"      // field not in the schema
	TypeDeprecatedField    = "deprecated_field"      // field deprecated by the schema
	TypeMissingID          = "missing_id"            // object in a merge-by-id array without id
	TypeEmptyField         = "empty_field"           // "", whitespace, {} or []
	TypeVersionMissing     = "version_missing"       // no version: validated as 1.1
	TypeVersionUnknown     = "version_unknown"       // version is neither 1.0 nor 1.1
	TypeExtensionNotLoaded = "extension_not_applied" // a declared extension is not known locally (none is fetched)
	TypeDuplicateKey       = "duplicate_key"         // an object has a member name twice
)

// Problem is one finding. Aggregated findings (additional, deprecated fields,
// open codelist values) are reported once per field with Count occurrences and
// the Path of the first one.
type Problem struct {
	Severity Severity `json:"severity"`
	Type     string   `json:"type"`
	// Keyword is the JSON Schema keyword for TypeSchema problems ("required", "type", "format", …).
	Keyword string `json:"keyword,omitempty"`
	// Path is a JSON Pointer into the input ("" is the whole package).
	Path    string `json:"path"`
	Message string `json:"message"`
	// Value is the offending value where useful, as text.
	Value string `json:"value,omitempty"`
	// Count is the number of occurrences of an aggregated problem (omitted when 1).
	Count int `json:"count,omitempty"`
}

// Result is the outcome of validating a package.
type Result struct {
	// PackageType is "release" or "record".
	PackageType string `json:"package_type"`
	// Version is the schema version used ("1.0" or "1.1"); empty if the package's
	// version is unknown, in which case nothing else was validated.
	Version string `json:"version"`
	// Extensions names the extensions applied to the schema (see
	// Options.Extensions and Options.Known), in the order applied.
	Extensions []string `json:"extensions,omitempty"`
	// Count is the number of releases (release package) or records (record package).
	Count int `json:"count"`
	// UniqueOCIDs is the number of distinct ocid values among them.
	UniqueOCIDs int `json:"unique_ocids_count"`
	Errors      int `json:"errors"`
	Warnings    int `json:"warnings"`
	Infos       int `json:"infos"`
	// Omitted is how many problems were counted but not listed (Options.MaxProblems).
	Omitted  int       `json:"omitted"`
	Problems []Problem `json:"problems"`
}

// Valid reports whether the package has no errors (warnings are allowed).
func (r *Result) Valid() bool { return r.Errors == 0 }

// pointer builds a JSON Pointer from path segments.
func pointer(segs []string) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		if strings.ContainsAny(s, "~/") {
			s = strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
		}
		b.WriteString(s)
	}
	return b.String()
}

// comparePaths orders JSON Pointers segment by segment, numerically where both
// segments are array indexes, so /releases/2 sorts before /releases/10.
func comparePaths(a, b string) int {
	for a != "" && b != "" {
		var sa, sb string
		sa, a = cutSeg(a)
		sb, sb2 := cutSeg(b)
		b = sb2
		if sa == sb {
			continue
		}
		na, ea := strconv.Atoi(sa)
		nb, eb := strconv.Atoi(sb)
		if ea == nil && eb == nil {
			return cmp.Compare(na, nb)
		}
		return strings.Compare(sa, sb)
	}
	return cmp.Compare(len(a), len(b))
}

func cutSeg(p string) (seg, rest string) {
	p = strings.TrimPrefix(p, "/")
	if i := strings.IndexByte(p, '/'); i >= 0 {
		return p[:i], p[i:]
	}
	return p, ""
}

var severityRank = map[Severity]int{Error: 0, Warning: 1, Info: 2}

// sortProblems orders problems by severity, then path, then type and message,
// so output is deterministic whatever order the checks ran in.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(x, y Problem) int {
		if c := cmp.Compare(severityRank[x.Severity], severityRank[y.Severity]); c != 0 {
			return c
		}
		if c := comparePaths(x.Path, y.Path); c != 0 {
			return c
		}
		if c := strings.Compare(x.Type, y.Type); c != 0 {
			return c
		}
		if c := strings.Compare(x.Keyword, y.Keyword); c != 0 {
			return c
		}
		if c := strings.Compare(x.Message, y.Message); c != 0 {
			return c
		}
		return strings.Compare(x.Value, y.Value)
	})
}

// String renders a problem as one line: severity, path, message, then the
// value and the count when there are any.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(string(p.Severity))
	b.WriteString("\t")
	if p.Path == "" {
		b.WriteString("(package)")
	} else {
		b.WriteString(p.Path)
	}
	b.WriteString("\t")
	b.WriteString(p.Message)
	if p.Value != "" {
		b.WriteString(" [value: ")
		b.WriteString(p.Value)
		b.WriteString("]")
	}
	if p.Count > 1 {
		b.WriteString(" (")
		b.WriteString(strconv.Itoa(p.Count))
		b.WriteString(" occurrences)")
	}
	return b.String()
}

// Summary is one line describing a result, e.g.
// "release package, OCDS 1.1, 2 releases (1 ocid): 0 errors, 1 warning, 0 infos: valid";
// the extensions applied follow the version ("OCDS 1.1 with 1 extension (ocds_lots_extension)").
func (r *Result) Summary() string {
	elem := "release"
	if r.PackageType == "record" {
		elem = "record"
	}
	version := "unknown OCDS version"
	if r.Version != "" {
		version = "OCDS " + r.Version
		if len(r.Extensions) > 0 {
			version += " with " + plural(len(r.Extensions), "extension") + " (" + strings.Join(r.Extensions, ", ") + ")"
		}
	}
	s := r.PackageType + " package, " + version + ", " + plural(r.Count, elem) + " (" + plural(r.UniqueOCIDs, "ocid") + "): " +
		plural(r.Errors, "error") + ", " + plural(r.Warnings, "warning") + ", " + plural(r.Infos, "info")
	if r.Omitted > 0 {
		s += " (" + strconv.Itoa(r.Omitted) + " not listed)"
	}
	if r.Valid() {
		return s + ": valid"
	}
	return s + ": invalid"
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}
