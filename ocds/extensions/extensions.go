// Package extensions embeds the OCDS extensions goumai declares in the
// packages it publishes: eight official extensions of the Open Contracting
// Partnership (lots, bids and bid statistics, enquiries, bid opening,
// qualification, subcontracting, signatories, party scale; Apache-2.0,
// provenance in SOURCE.md) and goumai's own extension. Each extension is a
// folder with extension.json, release-schema.json (a JSON Merge Patch of the
// release schema), optional codelists/*.csv and README.md. goumai serves them
// at stable URLs (see URL) and validates its packages against the release
// schema patched with them (see ocds/validate); nothing is fetched at run time.
package extensions

import (
	"embed"
	"io/fs"
	"slices"
	"strings"
)

// Every folder's files of these kinds are embedded, so a new extension folder
// needs no change here.
//
//go:embed */extension.json */release-schema.json */codelists */README.md */LICENSE
var files embed.FS

// Extension is one embedded extension.
type Extension struct {
	// Name is the folder name, e.g. "ocds_lots_extension".
	Name string
	// Files holds the folder's files: "extension.json", "release-schema.json",
	// "codelists/…csv", "README.md".
	Files fs.FS
	// Repository, Commit and Tag say where an official extension was copied
	// from (empty for goumai's own extension).
	Repository, Commit, Tag string
}

// source is where an official extension was copied from (see SOURCE.md).
type source struct{ commit, tag string }

// official lists the official extensions copied here, by folder name.
var official = map[string]source{
	"ocds_lots_extension":                 {"8d3b52eb26ce0f1a015c91b665c120b17ef619a0", "v1.1.5"},
	"ocds_bid_extension":                  {"d62ff4b0ba393d823ca8113a9039b12edf7acb8f", "v1.1.5"},
	"ocds_enquiry_extension":              {"e278d5bdba3f9c00615a1ff0e2551f4a9f044df5", "v1.1.5"},
	"ocds_bidOpening_extension":           {"47c576527240c7cd4e1a0fa1b051a9fce2adf5e6", ""},
	"ocds_qualification_extension":        {"78691fa746636cd5d73ba23608fc65aeea5a1581", ""},
	"ocds_subcontracting_extension":       {"65d06d0af7e5dc56f0f28beb54e5d7dc5d9155e7", ""},
	"ocds_contract_signatories_extension": {"38981b80e5ecf7bdb5e218da0843c2c6d9315bf7", ""},
	"ocds_partyDetails_scale_extension":   {"152cd9fb74e021e537b17d84420615acf7dec032", ""},
}

// All returns the embedded extensions, sorted by name.
func All() []Extension {
	entries, _ := fs.ReadDir(files, ".")
	var out []Extension
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		if x, ok := Get(e.Name()); ok {
			out = append(out, x)
		}
	}
	return out
}

// Get returns the embedded extension of that folder name.
func Get(name string) (Extension, bool) {
	if name == "" || name == "." || strings.ContainsAny(name, `/\`) {
		return Extension{}, false
	}
	if _, err := fs.Stat(files, name+"/extension.json"); err != nil {
		return Extension{}, false
	}
	sub, err := fs.Sub(files, name)
	if err != nil {
		return Extension{}, false
	}
	x := Extension{Name: name, Files: sub}
	if src, ok := official[name]; ok {
		x.Repository = "https://github.com/open-contracting-extensions/" + name
		x.Commit, x.Tag = src.commit, src.tag
	}
	return x, true
}

// Names returns the names of the embedded extensions, sorted.
func Names() []string {
	var out []string
	for _, x := range All() {
		out = append(out, x.Name)
	}
	slices.Sort(out)
	return out
}

// URL is the stable URL at which goumai serves an extension's extension.json:
// "{base}/ocds/extensions/{name}/extension.json" (base is the public URL of
// the goumai server, without a trailing slash).
func URL(base, name string) string {
	return strings.TrimRight(base, "/") + Path(name, "extension.json")
}

// URLs returns the stable URLs of every embedded extension (see URL), sorted
// by name: the "extensions" list of a package goumai publishes.
func URLs(base string) []string {
	var out []string
	for _, n := range Names() {
		out = append(out, URL(base, n))
	}
	return out
}

// Path is the path under which goumai serves a file of an extension:
// "/ocds/extensions/{name}/{file}".
func Path(name, file string) string {
	return "/ocds/extensions/" + name + "/" + file
}

// OfficialURLs returns the raw GitHub URLs of the official extension's
// extension.json at the copied commit and tag (none for goumai's own).
func (x Extension) OfficialURLs() []string {
	if x.Repository == "" {
		return nil
	}
	raw := "https://raw.githubusercontent.com/open-contracting-extensions/" + x.Name + "/"
	out := []string{raw + x.Commit + "/extension.json"}
	if x.Tag != "" {
		out = append(out, raw+x.Tag+"/extension.json")
	}
	return out
}

// ReadFile reads one file of the extension, e.g. "release-schema.json".
func (x Extension) ReadFile(name string) ([]byte, error) {
	return fs.ReadFile(x.Files, name)
}
