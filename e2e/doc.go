// Package e2e holds goumai's end-to-end tests: a real headless Chromium
// (Debian's chromium package, driven by chromedp) against the whole web layer
// running in-process over a SQLite store with the demo world loaded.
//
// The tests skip and say why when no browser is found. When GOUMAI_TEST_BROWSER
// or CI is set (as .ci/run does), a missing browser is a failure instead.
// GOUMAI_TEST_SCREENSHOTS names a directory for screenshots a person can look at.
package e2e
