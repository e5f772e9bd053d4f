// Package regiondata ships the administrative divisions of the People's Republic of China
// (GB/T 2260 codes: national → province → prefecture → county) as an embedded CSV file,
// regions.csv, and turns it into a goumai.Regions tree. SOURCE.md beside this file says
// where the data comes from, under which licence, and how the tree was shaped.
package regiondata

import (
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/goumai/goumai"
)

//go:embed regions.csv
var regionsCSV string

// header is the first record of regions.csv; Parse refuses any other layout.
var header = []string{"code", "name", "level", "parent"}

// Regions parses the embedded regions.csv into a fresh slice, in file order (by code).
func Regions() ([]goumai.Region, error) {
	list, err := Parse(strings.NewReader(regionsCSV))
	if err != nil {
		return nil, fmt.Errorf("embedded regions.csv: %w", err)
	}
	return list, nil
}

// load builds the tree once; the result and any error are shared by every caller.
var load = sync.OnceValues(func() (*goumai.Regions, error) {
	list, err := Regions()
	if err != nil {
		return nil, err
	}
	tree, err := goumai.NewRegions(list)
	if err != nil {
		return nil, fmt.Errorf("embedded regions.csv: %w", err)
	}
	return tree, nil
})

// Load returns the tree of all divisions, built on first use and shared afterwards.
// The tree is read-only.
func Load() (*goumai.Regions, error) { return load() }

// Parse reads regions in the layout of regions.csv: a header "code,name,level,parent",
// then one region a line, level being 0 (national) to 3 (county). It checks the layout,
// not the tree; goumai.NewRegions does that.
func Parse(r io.Reader) ([]goumai.Region, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = len(header)
	cr.ReuseRecord = true
	first, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("read header: %w", err)
	}
	for i, h := range header {
		if first[i] != h {
			return nil, fmt.Errorf("header %q, want %q", strings.Join(first, ","), strings.Join(header, ","))
		}
	}
	var list []goumai.Region
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return list, nil
		}
		if err != nil {
			return nil, fmt.Errorf("read region: %w", err)
		}
		line, _ := cr.FieldPos(0)
		level, err := strconv.Atoi(rec[2])
		if err != nil || level < int(goumai.LevelNational) || level > int(goumai.LevelCounty) {
			return nil, fmt.Errorf("line %d: level %q is not 0 to 3", line, rec[2])
		}
		if rec[1] == "" {
			return nil, fmt.Errorf("line %d: region %s has no name", line, rec[0])
		}
		list = append(list, goumai.Region{Code: rec[0], Name: rec[1], Level: goumai.RegionLevel(level), Parent: rec[3]})
	}
}
