// Package policydata holds the documents the policy library starts with
// (issue 13 item 5): the founding notice 财综〔2013〕111号 in full and the
// regulations of the team's notes, with their provenance (SOURCE.md).
package policydata

import (
	"embed"
	"encoding/json"
	"fmt"

	"github.com/goumai/goumai"
)

//go:embed library.json *.txt
var files embed.FS

// Document is a document to load: its description, its text, and the number
// of the document it supersedes ("" for none).
type Document struct {
	goumai.PolicyDoc
	Supersedes string
}

// Documents returns the library's documents, each document after the one it
// supersedes. Their region is the national one.
func Documents() ([]Document, error) {
	raw, err := files.ReadFile("library.json")
	if err != nil {
		return nil, err
	}
	var list []struct {
		File        string `json:"file"`
		TitleZH     string `json:"title_zh"`
		TitleEN     string `json:"title_en"`
		Number      string `json:"number"`
		Authority   string `json:"authority"`
		IssuedOn    string `json:"issued_on"`
		EffectiveOn string `json:"effective_on"`
		Status      string `json:"status"`
		Supersedes  string `json:"supersedes"`
		SourceURL   string `json:"source_url"`
		Licence     string `json:"licence"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, fmt.Errorf("policydata: %w", err)
	}
	out := make([]Document, len(list))
	for i, d := range list {
		body, err := files.ReadFile(d.File)
		if err != nil {
			return nil, fmt.Errorf("policydata: %w", err)
		}
		out[i] = Document{PolicyDoc: goumai.PolicyDoc{TitleZH: d.TitleZH, TitleEN: d.TitleEN, Number: d.Number, Authority: d.Authority,
			Region: goumai.NationalCode, IssuedOn: d.IssuedOn, EffectiveOn: d.EffectiveOn, Status: goumai.PolicyStatus(d.Status),
			SourceURL: d.SourceURL, Licence: d.Licence, Body: string(body)}, Supersedes: d.Supersedes}
	}
	return out, nil
}
