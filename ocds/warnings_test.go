package ocds

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Duplicate ids in one array of one release are merged and reported with ocdsmerge's message
// (tests/test_collisions.py::test_warn).
func TestDuplicateIDWarnings(t *testing.T) {
	releases := readFixtureReleases(t, filepath.Join(fixtures, "schema", "identifier-merge-duplicate-id.json"))
	got, err := NewMerger(mustRules(t, "1.1")).Merge(releases, true)
	if err != nil {
		t.Fatal(err)
	}
	want := []Warning{
		{Path: "nested.identifierMerge", Message: "Multiple objects have the `id` value '1' in the `nested.identifierMerge` array"},
		{Path: "nested.array", Message: "Multiple objects have the `id` value '1' in the `nested.array` array"},
	}
	if diff := cmp.Diff(want, got.Warnings); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// Ids in nested arrays are tracked per array: an inner array does not hide an outer duplicate.
func TestDuplicateIDsNested(t *testing.T) {
	rel := []byte(`{"ocid":"a","awards":[{"id":"1","items":[{"id":"x"}]},{"id":"1","items":[{"id":"x"}]}]}`)
	got, err := NewMerger(mustRules(t, "1.1")).Merge([][]byte{rel}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Warnings) != 1 || got.Warnings[0].Path != "awards" {
		t.Errorf("warnings %+v, want one about awards", got.Warnings)
	}
}
