package ocds

import "encoding/json"

// ReferenceCompile exposes the test oracle (reference_test.go) to the external tests, which
// need the release generator (a package that imports ocds).
func ReferenceCompile(rules *Rules, raws [][]byte, versioned bool) ([]byte, error) {
	v, err := refCompile(rules, raws, versioned)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}
