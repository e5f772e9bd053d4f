package translog

import (
	"testing"
)

func TestParseTilePath(t *testing.T) {
	valid := []struct {
		path string
		want TilePath
	}{
		{"tile/0/000", TilePath{Level: 0, Index: 0, Width: 256}},
		{"tile/0/001", TilePath{Level: 0, Index: 1, Width: 256}},
		{"tile/0/999", TilePath{Level: 0, Index: 999, Width: 256}},
		{"tile/0/x001/000", TilePath{Level: 0, Index: 1000, Width: 256}},
		{"tile/3/x001/x234/067", TilePath{Level: 3, Index: 1234067, Width: 256}},
		{"tile/3/x001/x234/067.p/1", TilePath{Level: 3, Index: 1234067, Width: 1}},
		{"tile/0/273.p/112", TilePath{Level: 0, Index: 273, Width: 112}},
		{"tile/63/000.p/255", TilePath{Level: 63, Index: 0, Width: 255}},
		{"tile/entries/000", TilePath{Entries: true, Index: 0, Width: 256}},
		{"tile/entries/x012/345.p/9", TilePath{Entries: true, Index: 12345, Width: 9}},
		{"tile/0/x036/x028/x797/x018/x963/966", TilePath{Index: maxTileIndex, Width: 256}},
	}
	for _, tt := range valid {
		t.Run(tt.path, func(t *testing.T) {
			got, err := ParseTilePath(tt.path)
			if err != nil {
				t.Fatalf("ParseTilePath(%q): %v", tt.path, err)
			}
			if got != tt.want {
				t.Errorf("ParseTilePath(%q) = %+v, want %+v", tt.path, got, tt.want)
			}
			if s := got.String(); s != tt.path {
				t.Errorf("String() = %q, want %q", s, tt.path)
			}
		})
	}

	invalid := []string{
		"",
		"tile",
		"tile/0",
		"/tile/0/000",          // relative to the prefix, no leading slash
		"tiles/0/000",          // wrong first element
		"tile/8/0/000",         // Go sumdb form with a height element
		"tile/00/000",          // leading zero in level
		"tile/64/000",          // level out of range
		"tile/-1/000",          // negative level
		"tile/+1/000",          // sign
		"tile/data/000",        // Go sumdb data tiles are not C2SP
		"tile/0/0",             // index element not 3 digits
		"tile/0/0000",          // index element too long
		"tile/0/x000/001",      // leading x000: non-canonical
		"tile/0/001/002",       // missing x prefix
		"tile/0/x001",          // last element with x prefix
		"tile/0/x001/x002",     // last element with x prefix
		"tile/0/00a",           // not digits
		"tile/0/000.p",         // .p without width
		"tile/0/000.p/",        // empty width
		"tile/0/000.p/0",       // zero width
		"tile/0/000.p/256",     // full width spelled as partial
		"tile/0/000.p/01",      // leading zero in width
		"tile/0/000.p/1/",      // trailing slash
		"tile/0/000/",          // trailing slash
		"tile/0//000",          // empty element
		"tile/0/.p/5",          // no index
		"tile/0/000.q/5",       // wrong suffix
		"tile/entries/000.p/x", // bad width
		"tile/entries",         // no index
		"tile/0/x001/x002/x003/x004/x005/x006/007",                               // seven elements
		"tile/0/x036/x028/x797/x018/x963/967",                                    // beyond 2^63 leaves
		"tile/0/x999/x999/x999/x999/x999/999",                                    // beyond 2^63 leaves
		"tile/0/x001/x002/x003/x004/x005/x006/x007/x008/x009/x010/x011/x012/013", // far too long
	}
	for _, path := range invalid {
		t.Run("invalid/"+path, func(t *testing.T) {
			if got, err := ParseTilePath(path); err == nil {
				t.Errorf("ParseTilePath(%q) = %+v, want error", path, got)
			}
		})
	}
}
