package validate

import (
	"encoding/csv"
	"fmt"
	"io"
	"io/fs"
	"path"
	"strings"

	"github.com/goumai/goumai/ocds/schema"
)

// loadCodelists reads the codes (column "Code") of every codelist CSV.
// lib-cove-ocds reads the 1.1 codelists whatever the data's version (the 1.0
// schema names no codelist, so 1.0 data is not codelist-checked at all).
func loadCodelists() (map[string]map[string]bool, error) {
	out := map[string]map[string]bool{}
	dir := defaultVersion + "/codelists"
	entries, err := fs.ReadDir(schema.FS(), dir)
	if err != nil {
		return nil, fmt.Errorf("ocds codelists %s: %w", dir, err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".csv") {
			continue
		}
		codes, err := readCodelist(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out[e.Name()] = codes
	}
	return out, nil
}

func readCodelist(name string) (map[string]bool, error) {
	f, err := schema.FS().Open(name)
	if err != nil {
		return nil, fmt.Errorf("ocds codelist %s: %w", name, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("ocds codelist %s: %w", name, err)
	}
	col := -1
	for i, h := range header {
		if h == "Code" || h == "code" {
			col = i
			break
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("ocds codelist %s: no Code column", name)
	}
	codes := map[string]bool{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return codes, nil
		}
		if err != nil {
			return nil, fmt.Errorf("ocds codelist %s: %w", name, err)
		}
		codes[rec[col]] = true
	}
}
