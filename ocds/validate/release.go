package validate

import (
	"context"
	"fmt"
)

// Release validates one release (a JSON object) against the release schema of
// an OCDS version ("1.0" or "1.1") and runs the per-release checks of the
// Data Review Tool: codelists, additional, deprecated and empty fields,
// missing ids, ocid prefix. Paths are relative to the release ("/tender/id").
// goumai calls it on every release before publishing it.
//
// Checks across releases (unique ocid and id pairs) need the whole package:
// see Package. The error is an *InputError if release is not JSON, or an
// error for an unknown version.
func Release(ctx context.Context, version string, release []byte) ([]Problem, error) {
	return Options{}.Release(ctx, version, release)
}

// Release validates one release like the function Release, against the
// release schema patched with the options' Extensions (a release has no
// "extensions" list, so Known is not used).
func (o Options) Release(ctx context.Context, version string, release []byte) ([]Problem, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if version != "1.0" && version != "1.1" {
		return nil, fmt.Errorf("validate release: unknown OCDS version %q (accepted: 1.0, 1.1)", version)
	}
	vs, err := loadExtended(version, o.Extensions)
	if err != nil {
		return nil, err
	}
	td := newTreeDecoder()
	v, err := td.decode(release)
	if err != nil {
		return nil, inputError(err)
	}
	var res Result
	col := newCollector(&res, int(^uint(0)>>1))
	w := walker{vs: vs, col: col, version: version}
	for _, d := range td.dups {
		col.add(Problem{Severity: Warning, Type: TypeDuplicateKey, Path: d,
			Message: "this member name appears more than once in its object; the last value is used"})
	}
	w.release(v, nil, true)
	w.checkOCID(v, nil)
	col.finish()
	return res.Problems, nil
}
