package ocds

import (
	"path/filepath"
	"testing"
)

// Merging new releases into an existing compiled or versioned release gives what merging every
// release from scratch gives (ocdsmerge's test_extend and test_append).
func TestExtend(t *testing.T) {
	m := NewMerger(mustRules(t, "1.1"))
	for _, name := range []string{"lists", "mergeid", "contextual", "null", "simple", "unit"} {
		t.Run(name, func(t *testing.T) {
			all := readFixtureReleases(t, filepath.Join(fixtures, "1.1", name+".json"))
			for split := 1; split < len(all); split++ {
				wantC, err := m.Compile(all...)
				if err != nil {
					t.Fatal(err)
				}
				first, err := m.Compile(all[:split]...)
				if err != nil {
					t.Fatal(err)
				}
				gotC, err := m.ExtendCompiled(first, all[split:]...)
				if err != nil {
					t.Fatal(err)
				}
				assertSameJSON(t, gotC, wantC)

				wantV, err := m.Version(all...)
				if err != nil {
					t.Fatal(err)
				}
				firstV, err := m.Version(all[:split]...)
				if err != nil {
					t.Fatal(err)
				}
				gotV, err := m.ExtendVersioned(firstV, all[split:]...)
				if err != nil {
					t.Fatal(err)
				}
				assertSameJSON(t, gotV, wantV)
			}
		})
	}
}
