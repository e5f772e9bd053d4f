package ocds

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The 1.1.5 rules are the 24 entries ocdsmerge's tests assert for 1.1.4 (MERGE-NOTES §2).
func TestRulesForVersion11(t *testing.T) {
	want := map[string]string{"id": "omitWhenMerged", "date": "omitWhenMerged", "tag": "omitWhenMerged"}
	for _, p := range []string{"awards.items.additionalClassifications", "contracts.items.additionalClassifications",
		"tender.items.additionalClassifications", "parties.additionalIdentifiers", "parties.roles",
		"contracts.relatedProcesses.relationship", "relatedProcesses.relationship",
		"tender.additionalProcurementCategories", "tender.submissionMethod", "awards.amendment.changes",
		"awards.amendments.changes", "contracts.amendment.changes", "contracts.amendments.changes",
		"tender.amendment.changes", "tender.amendments.changes", "awards.suppliers.additionalIdentifiers",
		"buyer.additionalIdentifiers", "tender.procuringEntity.additionalIdentifiers",
		"tender.tenderers.additionalIdentifiers", "contracts.implementation.transactions.payee.additionalIdentifiers",
		"contracts.implementation.transactions.payer.additionalIdentifiers"} {
		want[p] = "wholeListMerge"
	}
	if diff := cmp.Diff(want, mustRules(t, "1.1").Paths()); diff != "" {
		t.Errorf("1.1 rules (-want +got):\n%s", diff)
	}
}

// OCDS 1.0 marks ocid ocdsOmit and merges suppliers and tenderers as whole lists.
func TestRulesForVersion10(t *testing.T) {
	got := mustRules(t, "1.0").Paths()
	for path, want := range map[string]string{"ocid": "omitWhenMerged", "awards.suppliers": "wholeListMerge",
		"tender.tenderers": "wholeListMerge", "id": "omitWhenMerged"} {
		if got[path] != want {
			t.Errorf("rule of %s: got %q, want %q", path, got[path], want)
		}
	}
}

func TestNewRulesErrors(t *testing.T) {
	for name, schema := range map[string]string{
		"not JSON":   `{`,
		"remote ref": `{"properties": {"a": {"$ref": "https://example.com/x.json"}}}`,
		"loop":       `{"definitions": {"A": {"$ref": "#/definitions/A"}}, "properties": {"a": {"$ref": "#/definitions/A"}}}`,
		"dangling":   `{"properties": {"a": {"$ref": "#/definitions/Missing"}}}`,
	} {
		if _, err := NewRules([]byte(schema)); err == nil {
			t.Errorf("%s: got no error", name)
		}
	}
}
