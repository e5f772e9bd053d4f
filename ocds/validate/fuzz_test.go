package validate

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// FuzzValidate feeds arbitrary bytes to Package and Release: they must return
// a result or an error, never panic, and Package's errors on in-memory input
// must be *InputError.
func FuzzValidate(f *testing.F) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"version":"1.1","releases":[{"ocid":"ocds-abc123-1","id":1,"tag":[null,{}],"tender":[{"items":[{"id":[]}]}]}]}`))
	f.Add([]byte(`{"records":[{"releases":[{"id":"1"},{"url":"x"}],"compiledRelease":"x"}],"version":"1.0"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Options{MaxProblems: 50}.Package(context.Background(), bytes.NewReader(data))
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v (%T) is not an *InputError", err, err)
			}
			return
		}
		if res.Errors+res.Warnings+res.Infos != len(res.Problems)+res.Omitted {
			t.Fatalf("counts %d+%d+%d do not match %d listed + %d omitted", res.Errors, res.Warnings, res.Infos, len(res.Problems), res.Omitted)
		}
		if _, err := Release(context.Background(), "1.1", data); err != nil {
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Release error %v is not an *InputError", err)
			}
		}
	})
}
