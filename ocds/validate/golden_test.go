package validate

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// report validates a file and renders the result as the golden files hold it:
// the summary line, then one line per problem; or the reading error.
func report(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := Package(context.Background(), f)
	if err != nil {
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Fatalf("Package(%s) error %v is not an *InputError", path, err)
		}
		return "unreadable: " + err.Error() + "\n"
	}
	var b strings.Builder
	b.WriteString(res.Summary() + "\n")
	for _, p := range res.Problems {
		b.WriteString(p.String() + "\n")
	}
	return b.String()
}

// TestGolden validates every package in testdata/ (one per check, plus valid
// ones) and compares the report with its .golden file.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/*.json")
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob("testdata/unreadable/*.json")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, more...)
	if len(files) < 30 {
		t.Fatalf("found %d test packages, want at least 30", len(files))
	}
	for _, file := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(file, "testdata/"), ".json")
		t.Run(name, func(t *testing.T) {
			got := report(t, file)
			golden := strings.TrimSuffix(file, ".json") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("report mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
