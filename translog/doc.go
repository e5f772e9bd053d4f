// Package translog holds the cryptography and the wire formats of goumai's
// transparency log: an RFC 6962 Merkle tree over event leaves, built on
// golang.org/x/mod/sumdb/tlog, published with the open formats of the
// transparency-log community so that any standard verifier or witness can
// follow it:
//
//   - checkpoints are C2SP tlog-checkpoint bodies signed as C2SP signed notes
//     (golang.org/x/mod/sumdb/note, Ed25519);
//   - the tree is served as C2SP tlog-tiles: hash tiles of height 8 at
//     <prefix>/tile/<L>/<N>[.p/<W>] and entry bundles at
//     <prefix>/tile/entries/<N>[.p/<W>];
//   - witnesses may add C2SP tlog-cosignature (Ed25519, type 0x04) lines.
//
// The package is pure: it neither opens files nor talks to a database. The
// store keeps the tree's stored hashes as (index, hash) rows and hands them
// back through the [HashSource] and [Source] interfaces, inside whatever
// transaction it is running.
package translog
