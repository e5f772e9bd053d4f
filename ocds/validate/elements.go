package validate

import "strconv"

// release validates one release found at prefix: schema, structure,
// codelists, and (in release packages) empty fields.
func (w *walker) release(v any, prefix []string, emptyFields bool) {
	if err := w.vs.release.Validate(v); err != nil {
		schemaProblems(err, v, prefix, w.col.add)
	}
	n := w.vs.releasePkgFields.children["releases"]
	w.structure(n, v, prefix, []string{"releases"})
	if m, ok := v.(map[string]any); ok {
		w.codes(n, m, prefix)
		if emptyFields {
			w.empty(m, prefix)
		}
	}
}

// record validates one record found at prefix. Its releases are checked as
// lib-cove-ocds' one_of_draft4 does for "linked or embedded releases".
func (w *walker) record(v any, prefix []string) {
	if err := w.vs.record.Validate(v); err != nil {
		schemaProblems(err, v, prefix, w.col.add)
	}
	n := w.vs.recordPkgFields.children["records"]
	w.structure(n, v, prefix, []string{"records"})
	m, ok := v.(map[string]any)
	if !ok {
		return
	}
	w.codes(n, m, prefix)
	w.checkOCID(m, prefix)
	if rels, has := m["releases"]; has {
		path := with(prefix, "releases")
		w.recordReleases(rels, path)
		if list, ok := rels.([]any); ok {
			for j, r := range list {
				w.checkOCID(r, with(path, strconv.Itoa(j)))
			}
			w.embeddedCodes(list, path)
		}
	}
	if cr, ok := m["compiledRelease"]; ok {
		w.checkOCID(cr, with(prefix, "compiledRelease"))
	}
}

// embeddedCodes checks the codes of a record's embedded releases as those of a
// release package's releases. lib-cove-ocds does not: its codelist paths stop
// at the record's "releases" (a oneOf, which has no type) and its schema
// validation skips enum errors of closed codelists, so a bad closed code in an
// embedded release would go unreported. Linked releases (and a mixture, which
// recordReleases reports) are left alone.
func (w *walker) embeddedCodes(list []any, path []string) {
	for _, it := range list {
		m, ok := it.(map[string]any)
		if !ok {
			return
		}
		if _, embedded := m["id"]; !embedded {
			return
		}
	}
	n := w.vs.releasePkgFields.children["releases"]
	for j, it := range list {
		w.codes(n, it.(map[string]any), with(path, strconv.Itoa(j)))
	}
}

// recordReleases applies the oneOf of linked and embedded releases: an array
// without any "id" is taken as linked releases, an array with "id" in every
// item as embedded releases, and a mixture is reported as such.
func (w *walker) recordReleases(rels any, path []string) {
	linkedErr := w.vs.linked.Validate(rels)
	list, isList := rels.([]any)
	noneHasID, allHaveID := true, true
	for _, it := range list {
		has := false
		if m, ok := it.(map[string]any); ok {
			_, has = m["id"]
		}
		if has {
			noneHasID = false
		} else {
			allHaveID = false
		}
	}
	if linkedErr == nil {
		if isList && len(list) > 0 && allHaveID && w.allReleasesValid(list) {
			w.col.add(Problem{Severity: Error, Type: TypeSchema, Keyword: "oneOf", Path: pointer(path),
				Message: "the releases are valid both as linked releases and as embedded releases"})
		}
		return
	}
	switch {
	case !isList || noneHasID:
		schemaProblems(linkedErr, rels, path, w.col.add)
	case allHaveID:
		for j, it := range list {
			if err := w.vs.release.Validate(it); err != nil {
				schemaProblems(err, it, with(path, strconv.Itoa(j)), w.col.add)
			}
		}
	default:
		w.col.add(Problem{Severity: Error, Type: TypeEmbeddedAndLinked, Path: pointer(path),
			Message: "This array should contain either entirely embedded releases or linked releases. " +
				"Embedded releases contain an 'id' whereas linked releases do not. Your releases contain a mixture."})
	}
}

func (w *walker) allReleasesValid(list []any) bool {
	for _, it := range list {
		if w.vs.release.Validate(it) != nil {
			return false
		}
	}
	return true
}
