package ocds

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// A release built from Go values omits empty fields (OCDS forbids them), keeps a zero amount,
// and writes extension members next to the standard ones, with encoding/json too.
func TestReleaseMarshal(t *testing.T) {
	zero := 0.0
	r := NewRelease("ocds-goumai-1", "ocds-goumai-1-01", time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC), "planning")
	r.Planning = &Planning{Budget: &Budget{Amount: &Value{Amount: &zero, Currency: "CNY"}}}
	r.Contracts = []Contract{{ID: "c1", AwardID: "1", Implementation: &Implementation{
		Transactions: []Transaction{{ID: "p1", Value: Yuan(12345)}}}}}
	r.Extensions = map[string]jsontext.Value{"goumaiCatalogue": jsontext.Value(`{"code":"A05"}`)}
	got, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"ocid":"ocds-goumai-1","id":"ocds-goumai-1-01","date":"2025-03-01T09:00:00Z","tag":["planning"],` +
		`"initiationType":"tender","planning":{"budget":{"amount":{"amount":0,"currency":"CNY"}}},` +
		`"contracts":[{"id":"c1","awardID":"1","implementation":{"transactions":[{"id":"p1","value":{"amount":123.45,"currency":"CNY"}}]}}],` +
		`"goumaiCatalogue":{"code":"A05"}}`
	assertSameJSON(t, got, []byte(want))
}
