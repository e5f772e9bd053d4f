package gen

import (
	"bytes"
	"encoding/json"
	"testing"
)

// The benchmarks rely on releases of realistic size (about 4 KB), six per ocid, deterministic.
func TestReleases(t *testing.T) {
	a, err := Releases(7, 50)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Releases(7, 50)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(a), 50*PerOCID; got != want {
		t.Fatalf("got %d releases, want %d", got, want)
	}
	total := 0
	for i, r := range a {
		if !bytes.Equal(r, b[i]) {
			t.Fatalf("release %d differs between two runs with the same seed", i)
		}
		var v struct {
			OCID string `json:"ocid"`
			Date string `json:"date"`
		}
		if err := json.Unmarshal(r, &v); err != nil {
			t.Fatalf("release %d: %v", i, err)
		}
		if want := a[i/PerOCID*PerOCID]; !bytes.Contains(want, []byte(v.OCID)) {
			t.Errorf("release %d: ocid %s not grouped with its process", i, v.OCID)
		}
		total += len(r)
	}
	if avg := total / len(a); avg < 3000 || avg > 5500 {
		t.Errorf("average release size %d bytes, want about 4 KB", avg)
	}
	t.Logf("average release size %d bytes; last:\n%s", total/len(a), a[len(a)-1])
}
