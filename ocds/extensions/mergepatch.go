package extensions

import "strings"

// MergePatch applies patch to target as a JSON Merge Patch (RFC 7386), which
// is how an extension's release-schema.json is applied to the release schema:
// an object in the patch is merged member by member into the target's object
// (recursively), a null member deletes the target's member, and any other
// value (a string, number, boolean or array) replaces the target's value.
//
// Values are those of encoding/json decoding into any (map[string]any,
// []any, string, float64 or json.Number, bool, nil). target is modified in
// place where it is an object and is not otherwise copied; the result is
// returned, since a patch that is not an object replaces the whole target.
func MergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, ok := target.(map[string]any)
	if !ok {
		t = map[string]any{}
	}
	for k, v := range p {
		if v == nil {
			delete(t, k)
			continue
		}
		t[k] = MergePatch(t[k], v)
	}
	return t
}

// DropDanglingRefs removes each "$ref" to a definition the patched release
// schema lacks, leaving the field unconstrained. Extensions refer to
// definitions of other extensions they depend on (bid opening's location
// refers to the location extension's Location; lots' submissionTerms to
// SubmissionTerms, which OCDS 1.1.5 lacks): without that extension applied,
// the field is accepted as it is and its members are reported as additional.
func DropDanglingRefs(v any, defs map[string]any) {
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok {
			if name, ok := strings.CutPrefix(ref, "#/definitions/"); ok && defs[name] == nil {
				delete(v, "$ref")
			}
		}
		for _, x := range v {
			DropDanglingRefs(x, defs)
		}
	case []any:
		for _, x := range v {
			DropDanglingRefs(x, defs)
		}
	}
}
