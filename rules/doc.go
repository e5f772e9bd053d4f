// Package rules holds the regulations that goumai enforces, in three forms: regulation
// parameters as data keyed by jurisdiction, category and effective date (so that a change
// of law never breaks a procedure already running), the working-day calendar that legal
// deadlines count in, and pure functions over both. Every rule names its ENG- id and its
// legal source in a comment.
//
// The package does no I/O and reads no clock: callers pass the time in, so every result
// is reproducible.
package rules
