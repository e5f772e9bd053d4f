package validate

import (
	"fmt"
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
	list, err := codelistCodes(f)
	if err != nil {
		return nil, fmt.Errorf("ocds codelist %s: %w", name, err)
	}
	codes := make(map[string]bool, len(list))
	for _, c := range list {
		codes[c] = true
	}
	return codes, nil
}
