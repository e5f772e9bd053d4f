// Package redflag computes red-flag indicators over OCDS compiled releases.
//
// It reproduces the indicators of Cardinal, the Open Contracting Partnership's
// red-flag engine (open-contracting/cardinal-rs, crate ocdscardinal 0.0.8):
// R003, R018, R024, R025, R028, R030, R035, R036, R038, R048 and R058, with the
// same exclusions, quartile definition (Hyndman–Fan type 8, as in statrs),
// fused multiply-add fences and output structure, so that goumai's results can
// be compared with Cardinal's on the same data.
//
// # Plug-ins
//
// Every indicator is an [Indicator] registered in a [Registry] with a [Rule]:
// its id, title, legal basis, parameters and the dates between which it is in
// force. goumai's own integrity rules (DESIGN.md §6, the ENG- rules of
// RULES.md §14) are registered the same way; a changed rule is a new
// registration with a later EffectiveFrom, and [Registry.At] picks the version
// that was in force on a given date, so a procedure that started under the old
// version keeps being judged by it.
//
// # Incremental use
//
// An [Accumulator] takes compiled releases one at a time ([Accumulator.Add] for
// JSON text, [Accumulator.AddRelease] for a decoded [Release]) and produces a
// [Result] at any moment ([Accumulator.Result] does not consume its state).
//
// Indicators about a single contracting process (R003, R018, R028, R030, R035,
// R036) are decided as each release arrives. Indicators that compare a value
// with the whole population need every release before they can decide:
//
//   - R024 and R058 keep one ratio per contracting process (the difference
//     between the winning and the second-lowest valid bid) and compute the
//     quartiles of those ratios when a result is asked for;
//   - R025 keeps, per tenderer, the counts of processes with a valid bid and of
//     those it won; R038 keeps, per buyer, procuring entity and tenderer, the
//     counts of submitted and disqualified bids; R048 keeps, per supplier, the
//     number of processes and the set of item classification prefixes.
//
// Their state is proportional to the number of processes (R024, R058) or of
// organizations (R025, R038, R048), never to the size of the input; quartiles
// are exact (the kept values are sorted when a result is computed), not
// streaming approximations, because the results must equal Cardinal's.
//
// # Input
//
// Input is JSON Lines, one compiled release per line, read as a stream
// ([Accumulator.Consume]) with no line-length limit of the reader itself. A
// line longer than [DefaultMaxLineBytes] (64 MiB, see Options.MaxLineBytes)
// is discarded as it streams past and reported with its number. Blank lines
// are ignored, as in Cardinal. Lines that are not JSON (including nesting
// deeper than [MaxDepth], serde_json's limit), not objects, or without a
// string ocid are skipped and reported with their number; Cardinal skips the
// first with a warning and the others silently. Processes whose tender is
// cancelled or whose procurementMethodDetails is excluded are left out by
// design, without a warning.
package redflag
