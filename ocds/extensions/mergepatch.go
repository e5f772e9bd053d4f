package extensions

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
