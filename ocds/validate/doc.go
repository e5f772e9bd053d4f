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
// Extensions are applied as the Data Review Tool applies them, but never
// fetched: Options.Extensions (local folders, LoadExtensionDir) patch the
// schema of every package, and Options.Known (BuiltinExtensions: the
// extensions embedded in goumai, package ocds/extensions) patch it when the
// package's "extensions" list names them. Each extension's release-schema.json
// is applied to the release schema as a JSON Merge Patch (RFC 7386), and its
// codelists are added ("X.csv"), extended ("+X.csv") or cut ("-X.csv"). A
// declared extension that is not applied gets an extension_not_applied
// warning. The versioned release schema (a record's versionedRelease) is not
// patched.
//
// Package streams the releases or records array element by element, so a large
// file is validated in memory bounded by its largest element, not its size.
// Release validates one release, e.g. before goumai publishes it.
//
// Every problem carries a JSON Pointer (RFC 6901) into the input, a severity
// and a stable type code; see Problem.
package validate
