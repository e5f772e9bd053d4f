// Package ocds reads, builds and merges Open Contracting Data Standard (OCDS) data: goumai's
// adapter to OCDS, independent of the procurement domain.
//
//   - Release and its parts build releases from Go values (see NewRelease, Yuan).
//   - Reader streams releases out of release packages, arrays of releases and JSON Lines, with
//     located errors (InputError: line or byte offset, JSON pointer).
//   - Rules derives merge rules from a release schema (embedded 1.0 and 1.1, or a patched
//     schema), with rule overrides (Append, MergeByPosition).
//   - Merger merges the releases of one ocid into compiled and versioned releases, and extends
//     an existing merged release with new releases (incremental merging).
//   - Compile runs the whole pipeline over a Reader: grouping by ocid, merging on every core,
//     emitting records in input order; RecordPackageWriter writes them as a record package.
//
// # Merging
//
// Merging follows the OCDS merging specification as implemented by ocdsmerge 0.8.0, the
// reference implementation, and reproduces every case of its test fixtures (testdata/merge-
// fixtures). Where ocdsmerge and the specification differ on cases no fixture covers, the package
// follows ocdsmerge, because publishers' and users' tools compare against it:
//
//   - A field set to null removes a literal field, but an object or identifier-merged array set to
//     null (or replaced by a literal) in a later release is kept unchanged, and nothing is
//     versioned for it. A literal followed by an object at the same path is an
//     InconsistentTypeError unless the literal is null at the end (compiled) — always in versioned.
//   - Empty objects and empty identifier-merged arrays contribute nothing; an empty array of a
//     field the schema makes wholeListMerge (e.g. tender.submissionMethod) replaces the list.
//     Whatever value such a field holds is one literal: an object a publisher wrongly put there
//     ({"a":1}, then {"b":2}, then {}) replaces the earlier one whole, never merged member by member.
//     Extensions' fields are judged from the data: patch the schema with extensions for exact rules.
//   - Releases are sorted by their date strings (stable), not by time: "…T10:00:00+08:00" sorts
//     after "…T03:00:00Z". The Reader reports dates that are not RFC 3339 for that reason.
//   - Versioned values are compared as Python compares decoded JSON: member order is ignored,
//     numbers compare by value, and true equals 1.
//
// Where ocdsmerge's behaviour is an accident of Python, the package chooses:
//
//   - Items of identifier-merged arrays are identified by the string form of their id, so ids
//     1 and "1" name the same item (ocdsmerge merges them only when they share a member besides
//     id); the item keeps the id value it first had. Items with a null id merge with each other,
//     as in ocdsmerge.
//   - A literal array followed by identifier-merged items at the same path is an
//     InconsistentTypeError (ocdsmerge appends the items to the literal list).
//   - Object members repeated within one object (invalid JSON for OCDS, accepted by Python) are
//     merged member by member, the last value winning, instead of the last object replacing the
//     first.
//   - The compiled release id "{ocid}-{date}" formats non-string values as Python does for
//     scalars (None, True, 1.5); objects and arrays as compact JSON.
//
// # Streaming
//
// Compile keeps in memory only the releases of the ocids being merged (a few batches), plus an
// 8-byte hash per ocid to detect input whose releases are not grouped by ocid; such input
// fails with ErrNotGrouped unless CompileOptions.Unsorted, which spills releases to a temporary
// file. The reader validates each release with jsontext as it reads it; merging then walks the
// validated bytes with a light scanner, building no generic tree of the input.
package ocds
