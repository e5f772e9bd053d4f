package redflag

import (
	"testing"

	"github.com/goumai/goumai/rules"
)

// GM-LATE reads the due date the payment release publishes (goumai
// extension transactions[].dueDate), so a release file gives the flag.
func TestLatePaymentFromRelease(t *testing.T) {
	body := `{"ocid":"ocds-x-1","id":"ocds-x-1-40","date":"2026-06-05T10:00:00+08:00","tag":["implementation"],
		"contracts":[{"id":"contract-1","awardID":"award-1","implementation":{"transactions":[{"id":"payment-2",
		"date":"2026-06-05T10:00:00+08:00","value":{"amount":1000,"currency":"CNY"},
		"acceptanceDate":"2026-05-01T00:00:00+08:00","paymentTermDays":30,"dueDate":"2026-05-31T00:00:00+08:00"}]}}]}`
	f, err := FactsOf("330106", []ReleaseIn{{LogIndex: 40, Body: []byte(body)}})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Contracts) != 1 || len(f.Contracts[0].Payments) != 1 || f.Contracts[0].Payments[0].Due != "2026-05-31T00:00:00+08:00" {
		t.Fatalf("facts %+v: want the payment's due date", f.Contracts)
	}
	if f.Parts[0]&PartPayments == 0 {
		t.Errorf("the release's parts %b lack payments", f.Parts[0])
	}
	hits := latePaymentFlags(f, rules.Params{})
	if len(hits) != 1 || hits[0].Value != 5 || hits[0].Subject != "contract-1/payment-2" {
		t.Errorf("hits %+v, want one 5 days late", hits)
	}
}
