package ocds

import (
	"fmt"

	"github.com/go-json-experiment/json/jsontext"
)

// packageMember records one metadata member of a release package. An unknown version is an
// error: its merge rules would be unknown.
func (r *Reader) packageMember(name string, v []byte, start int64) error {
	val := jsontext.Value(v)
	str := func() (string, error) {
		if val.Kind() != '"' {
			return "", &InputError{Line: r.line, Offset: start, Path: "/" + name,
				Err: fmt.Errorf("%s is %s, not a string", name, kindName(val.Kind()))}
		}
		return string(unquoted(v)), nil
	}
	var err error
	switch name {
	case "version":
		var s string
		if s, err = str(); err == nil {
			if s != "1.0" && s != "1.1" {
				return &InputError{Line: r.line, Offset: start, Path: "/version", Err: fmt.Errorf("unknown OCDS version %q (known: 1.0, 1.1)", s)}
			}
			if r.Package.Version == "" {
				r.Package.Version = s
			}
		}
	case "uri":
		if r.Package.URI == "" {
			r.Package.URI, err = str()
		}
	case "publishedDate":
		if r.Package.PublishedDate == "" {
			r.Package.PublishedDate, err = str()
		}
	case "license":
		if r.Package.License == "" {
			r.Package.License, err = str()
		}
	case "publicationPolicy":
		if r.Package.PublicationPolicy == "" {
			r.Package.PublicationPolicy, err = str()
		}
	case "publisher":
		if r.Package.Publisher == nil {
			r.Package.Publisher = val.Clone()
		}
	case "extensions":
		err = r.extensions(val, start)
	}
	return err
}

// extensions adds a package's extension URLs to the union of all packages'.
func (r *Reader) extensions(val jsontext.Value, start int64) error {
	var list []string
	if err := jsonUnmarshal(val, &list); err != nil {
		return &InputError{Line: r.line, Offset: start, Path: "/extensions", Err: fmt.Errorf("extensions is not an array of strings: %w", err)}
	}
	for _, e := range list {
		if !r.extSeen[e] {
			r.extSeen[e] = true
			r.Package.Extensions = append(r.Package.Extensions, e)
		}
	}
	return nil
}
