// Package validate checks OCDS release packages and record packages the way the
// OCDS Data Review Tool (lib-cove-ocds) does: JSON Schema (draft-04) validation
// against the official schema of the package's version, embedded in the binary
// (package schema), plus the tool's additional checks — id-based uniqueness,
// OCID prefix format, closed and open codelists, additional (unknown) fields,
// deprecated fields, missing ids in identifier-merge arrays and empty fields.
// One deliberate difference: codes in a record package's embedded releases are
// checked like those of a release package's releases (lib-cove-ocds checks the
// compiledRelease's but never the embedded releases').
//
// Package streams the releases or records array element by element, so a large
// file is validated in memory bounded by its largest element, not its size.
// Release validates one release, e.g. before goumai publishes it.
//
// Every problem carries a JSON Pointer (RFC 6901) into the input, a severity
// and a stable type code; see Problem.
package validate
