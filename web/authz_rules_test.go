package web

import (
	"context"
	"net/url"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

// futureDay is a day from 2028 of its own for each request, so that no two
// sets of the matrix share a region, category and day: an even day after
// 2028-01-01, the odd day after it being a replacement's.
func (f fixture) futureDay() time.Time {
	return time.Date(2028, 1, 1, 0, 0, 0, 0, goumai.Shanghai).AddDate(0, 0, 2*f.next())
}

// paramSet stores a services set of region from a day to come, as the system.
func (f fixture) paramSet(region string) rules.ParamSet {
	f.t.Helper()
	p := rules.NationalDefaults(rules.Services)
	p.Jurisdiction, p.EffectiveFrom, p.Source = region, f.futureDay(), "授权测试〔2026〕1号"
	set, err := f.w.svc.SetParams(context.Background(), goumai.System, p)
	if err != nil {
		f.t.Fatal(err)
	}
	return set
}

// rulesAuthzRows are the authorisation matrix's rows for the procurement rule
// parameters (routes_rules.go): everyone reads them; a finance department's
// administrators change those of their region and the regions below it.
func rulesAuthzRows() []authzRow {
	get := func(path string) func(fixture) request {
		return func(fixture) request { return request{method: "GET", path: path} }
	}
	values := func(f fixture, region string) url.Values {
		v := url.Values{}
		for k, x := range paramFormValues(rules.NationalDefaults(rules.Services)) {
			v.Set(k, x)
		}
		v.Set("effective_from", f.futureDay().Format("2006-01-02"))
		v.Set("source", "授权测试〔2026〕2号")
		if region != "" {
			v.Set("jurisdiction", region)
			v.Set("category", "services")
		}
		return v
	}
	body := func(f fixture, region string) string {
		b := paramsBodyOf(region, rules.Services, f.futureDay().Format("2006-01-02"), nil)
		if region == "" {
			delete(b, "jurisdiction")
			delete(b, "category")
		}
		return mustJSON(f.t, b)
	}
	add := func(html bool, region string) func(fixture) request {
		return func(f fixture) request {
			if html {
				return request{method: "POST", path: "/staff/rules/sets", form: values(f, region)}
			}
			return request{method: "POST", path: "/api/v1/rules/param-sets", body: body(f, region)}
		}
	}
	// change ends or replaces a new set of region.
	change := func(html bool, region, what string) func(fixture) request {
		return func(f fixture) request {
			set := f.paramSet(region)
			if html {
				v := url.Values{"effective_to": {set.EffectiveFrom.AddDate(0, 1, 0).Format("2006-01-02")}}
				if what == "replace" {
					v = values(f, "")
					v.Set("effective_from", set.EffectiveFrom.AddDate(0, 0, 1).Format("2006-01-02"))
				}
				return request{method: "POST", path: idPath("/staff/rules/sets/", set.ID, "/"+what), form: v}
			}
			b := `{"effective_to":"` + set.EffectiveFrom.AddDate(0, 1, 0).Format("2006-01-02") + `"}`
			if what == "replace" {
				m := paramsBodyOf("", rules.Services, set.EffectiveFrom.AddDate(0, 0, 1).Format("2006-01-02"), nil)
				delete(m, "jurisdiction")
				delete(m, "category")
				b = mustJSON(f.t, m)
			}
			return request{method: "POST", path: idPath("/api/v1/rules/param-sets/", set.ID, "/"+what), body: b}
		}
	}
	return []authzRow{
		// Public: the parameters in force, on the portal and through the API.
		{"GET /rules", true, get("/rules"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET /rules 330106", true, get("/rules?region=330106"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET rules params", false, get("/api/v1/rules/params?region=330106"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},
		{"GET rules param sets", false, get("/api/v1/rules/param-sets?region=330106"), expect(s200, s200, s200, s200, s200, s200, s200, s200, s200, s200)},

		// Staff: a finance department's administrators, for their region subtree.
		{"GET /staff/rules", true, get("/staff/rules"), expect(s303, s403, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"GET /staff/rules 330000 (above the county)", true, get("/staff/rules?region=330000"), expect(s303, s403, s403, s403, s403, s403, s403, s200, s403, s200)},
		{"POST rules set 330106", true, add(true, "330106"), expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST rules set 330100 (above the county)", true, add(true, "330100"), expect(s401, s403, s403, s403, s403, s403, s303, s303, s403, s303)},
		{"POST rules set 330203", true, add(true, "330203"), expect(s401, s403, s403, s403, s403, s403, s403, s303, s403, s303)},
		{"POST end rules set 330106", true, change(true, "330106", "end"), expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST end rules set 330203", true, change(true, "330203", "end"), expect(s401, s403, s403, s403, s403, s403, s403, s303, s403, s303)},
		{"POST replace rules set 330106", true, change(true, "330106", "replace"), expect(s401, s403, s403, s403, s403, s303, s303, s303, s403, s303)},
		{"POST replace rules set 330203", true, change(true, "330203", "replace"), expect(s401, s403, s403, s403, s403, s403, s403, s303, s403, s303)},

		{"POST rules param set 330106 (API)", false, add(false, "330106"), expect(s401, s403, s403, s403, s403, s201, s201, s201, s403, s201)},
		{"POST rules param set 330203 (API)", false, add(false, "330203"), expect(s401, s403, s403, s403, s403, s403, s403, s201, s403, s201)},
		{"POST end rules param set 330106 (API)", false, change(false, "330106", "end"), expect(s401, s403, s403, s403, s403, s200, s200, s200, s403, s200)},
		{"POST end rules param set 330203 (API)", false, change(false, "330203", "end"), expect(s401, s403, s403, s403, s403, s403, s403, s200, s403, s200)},
		{"POST end rules param set missing (API)", false, func(fixture) request {
			return request{method: "POST", path: "/api/v1/rules/param-sets/999999/end", body: `{"effective_to":"2028-12-31"}`}
		}, expect(s401, s403, s403, s403, s403, s404, s404, s404, s403, s404)},
		{"POST replace rules param set 330106 (API)", false, change(false, "330106", "replace"), expect(s401, s403, s403, s403, s403, s201, s201, s201, s403, s201)},
		{"POST replace rules param set 330203 (API)", false, change(false, "330203", "replace"), expect(s401, s403, s403, s403, s403, s403, s403, s201, s403, s201)},
	}
}
