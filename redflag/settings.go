package redflag

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/ini.v1"
)

// Settings are the indicator settings of a Cardinal INI file: global keys at
// the top, an [exclusions] section, and one section per enabled indicator.
type Settings struct {
	// Currency is the main currency; empty means the first currency observed.
	Currency string
	// PriceComparison and NoPriceComparison are the values of
	// tender.procurementMethodDetails listed in
	// price_comparison_procurement_methods (an allow list) and
	// no_price_comparison_procurement_methods (a deny list).
	PriceComparison   Set
	NoPriceComparison Set
	// ExcludedDetails lists values of tender.procurementMethodDetails whose
	// processes are skipped entirely ([exclusions] procurement_method_details).
	ExcludedDetails Set
	// Sections holds the section of each enabled indicator, by rule id.
	Sections map[string]*Section
	// Warnings lists settings that were accepted but have no effect.
	Warnings []string
}

// Section is the settings section of one indicator. Children holds sub-sections
// such as [R003.procurement_method_details], by the part after the dot.
type Section struct {
	Name     string
	Keys     map[string]string
	Children map[string]map[string]string
}

// Set is a set of strings parsed from a pipe-separated value.
type Set map[string]struct{}

// Has reports whether s contains v.
func (s Set) Has(v string) bool { _, ok := s[v]; return ok }

// ParsePipeList parses "a|b|c" as Rust's split_terminator('|') does: an empty
// value is the empty set and one trailing "|" is ignored.
func ParsePipeList(v string) Set {
	s := Set{}
	if v == "" {
		return s
	}
	parts := strings.Split(v, "|")
	if parts[len(parts)-1] == "" {
		parts = parts[:len(parts)-1]
	}
	for _, p := range parts {
		s[p] = struct{}{}
	}
	return s
}

// prepareSections are sections of Cardinal's settings file that belong to its
// prepare command; they are accepted and ignored.
var prepareSections = map[string]bool{"defaults": true, "redactions": true, "corrections": true, "modifications": true}

var indicatorName = regexp.MustCompile(`^R[0-9]{3}$`)

// ParseSettings reads a Cardinal settings file. Sections of indicators that the
// registry does not know are reported in Warnings when they look like Cardinal
// indicators (R044, R055) and are errors otherwise, as are unknown global keys.
func ParseSettings(r io.Reader, reg *Registry) (*Settings, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	f, err := ini.LoadSources(ini.LoadOptions{SpaceBeforeInlineComment: true}, data)
	if err != nil {
		return nil, fmt.Errorf("parse settings: %w", err)
	}
	s := &Settings{PriceComparison: Set{}, NoPriceComparison: Set{}, ExcludedDetails: Set{}, Sections: map[string]*Section{}}
	for _, sec := range f.Sections() {
		if err := s.add(sec, reg); err != nil {
			return nil, err
		}
	}
	if len(s.PriceComparison) > 0 && len(s.NoPriceComparison) > 0 {
		s.Warnings = append(s.Warnings, "no_price_comparison_procurement_methods has no effect if price_comparison_procurement_methods is set")
	}
	return s, nil
}

func (s *Settings) add(sec *ini.Section, reg *Registry) error {
	name := sec.Name()
	keys := map[string]string{}
	for _, k := range sec.Keys() {
		keys[k.Name()] = k.Value()
	}
	base, child, _ := strings.Cut(name, ".")
	switch {
	case name == ini.DefaultSection:
		for k, v := range keys {
			switch k {
			case "currency":
				s.Currency = v
			case "price_comparison_procurement_methods":
				s.PriceComparison = ParsePipeList(v)
			case "no_price_comparison_procurement_methods":
				s.NoPriceComparison = ParsePipeList(v)
			default:
				return fmt.Errorf("settings: unknown key %q at the top of the file", k)
			}
		}
	case name == "exclusions":
		for k, v := range keys {
			if k != "procurement_method_details" {
				return fmt.Errorf("settings: unknown key %q in [exclusions]", k)
			}
			s.ExcludedDetails = ParsePipeList(v)
		}
	case prepareSections[name] || base == "codelists":
		// Read by Cardinal's prepare command only.
	case reg.Known(base):
		sc := s.Sections[base]
		if sc == nil {
			sc = &Section{Name: base, Keys: map[string]string{}, Children: map[string]map[string]string{}}
			s.Sections[base] = sc
		}
		if child == "" {
			sc.Keys = keys
		} else {
			sc.Children[child] = keys
		}
	case indicatorName.MatchString(base):
		s.Warnings = append(s.Warnings, fmt.Sprintf("indicator %s is not implemented; section [%s] ignored", base, name))
	default:
		return fmt.Errorf("settings: unknown section [%s]", name)
	}
	return nil
}

// Check returns an error naming the first key of the section not in allowed.
func (sc *Section) Check(allowed ...string) error {
	for k := range sc.Keys {
		found := false
		for _, a := range allowed {
			found = found || a == k
		}
		if !found {
			return fmt.Errorf("settings: unknown key %q in [%s]", k, sc.Name)
		}
	}
	return nil
}

// Uint reads a non-negative integer key (Rust usize).
func (sc *Section) Uint(key string) (uint64, bool, error) {
	v, ok := sc.Keys[key]
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("settings: [%s] %s = %q is not a non-negative integer", sc.Name, key, v)
	}
	return n, true, nil
}

// Int reads an integer key (Rust i64).
func (sc *Section) Int(key string) (int64, bool, error) {
	v, ok := sc.Keys[key]
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("settings: [%s] %s = %q is not an integer", sc.Name, key, v)
	}
	return n, true, nil
}

// Float reads a decimal key (Rust f64).
func (sc *Section) Float(key string) (float64, bool, error) {
	v, ok := sc.Keys[key]
	if !ok {
		return 0, false, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	if err != nil {
		return 0, false, fmt.Errorf("settings: [%s] %s = %q is not a number", sc.Name, key, v)
	}
	return f, true, nil
}
