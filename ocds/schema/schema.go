// Package schema embeds the official OCDS JSON schemas and codelists (Apache-2.0,
// Open Contracting Partnership; provenance in SOURCE.md): release 1.1.5 under
// "1.1/" and 1.0.3 under "1.0/". goumai never fetches a schema at run time.
package schema

import (
	"embed"
	"fmt"
	"io/fs"
)

//go:embed 1.1 1.0
var files embed.FS

// FS returns the embedded files: "1.1/release-schema.json", "1.0/codelists/tag.csv", …
func FS() fs.FS { return files }

// Versions are the OCDS versions whose schemas are embedded.
var Versions = []string{"1.0", "1.1"}

// Read returns one schema file of a version, e.g. Read("1.1", "release-schema.json").
func Read(version, name string) ([]byte, error) {
	b, err := files.ReadFile(version + "/" + name)
	if err != nil {
		return nil, fmt.Errorf("ocds schema %s/%s: %w", version, name, err)
	}
	return b, nil
}
