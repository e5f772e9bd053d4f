package web

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

// TestUnitCostChangeForms ends and replaces a unit-cost standard from the
// review-configuration page: the county's administrator sees the province's
// standard without the forms and is refused when posting them, a date in the
// past re-renders the row's form with bilingual errors, and nothing is written
// on any refusal; a replacement ends the old standard where the new one begins.
func TestUnitCostChangeForms(t *testing.T) {
	w := demoWorld(t)
	zj, xihu := w.login(t, "zj.admin"), w.login(t, "xihu.admin")
	res := w.do(t, request{method: "POST", path: "/api/v1/unit-cost-standards", bearer: w.token(t, "zj.admin"),
		body: `{"region":"330000","catalog_code":"A0199","max_unit_cost":25000,"unit":"人次","effective_from":"2026-01-01"}`})
	if res.status != 201 {
		t.Fatalf("add: %d %s", res.status, res.body)
	}
	id := int64(res.json(t)["standard"].(map[string]any)["id"].(float64))
	end, replace := fmt.Sprintf("/staff/review-config/unit-costs/%d/end", id), fmt.Sprintf("/staff/review-config/unit-costs/%d/replace", id)
	for _, c := range []struct {
		s        *session
		wantForm bool
	}{{zj, true}, {xihu, false}} {
		res := w.do(t, request{method: "GET", path: "/staff/review-config", session: c.s})
		if res.status != 200 || !strings.Contains(string(res.body), `id="cost-`+fmt.Sprint(id)+`"`) {
			t.Fatalf("page: %d, want the province's standard listed", res.status)
		}
		if got := strings.Contains(string(res.body), `action="`+end+`"`); got != c.wantForm {
			t.Errorf("end form shown: %v, want %v", got, c.wantForm)
		}
	}
	good := url.Values{"max_unit_cost": {"280.00"}, "unit": {"人次"}, "effective_from": {"2026-07-01"}, "note": {"物价调整"}}
	for _, c := range []struct {
		name   string
		r      request
		status int
		texts  []string
	}{
		{"county ends the province's", request{method: "POST", path: end, session: xihu, csrf: true, form: url.Values{"effective_to": {"2026-12-31"}}}, 403, nil},
		{"county replaces the province's", request{method: "POST", path: replace, session: xihu, csrf: true, form: good}, 403, nil},
		{"end in the past (zh)", request{method: "POST", path: end, session: zj, csrf: true, form: url.Values{"effective_to": {"2026-02-01"}}}, 422,
			[]string{"日期须晚于当前时间", `value="2026-02-01"`, "<details open>"}},
		{"end without a date (en)", request{method: "POST", path: end, session: zj, csrf: true, form: url.Values{"effective_to": {""}}, header: inEnglish(zj)}, 422,
			[]string{"the end date is required", "End or replace"}},
		{"replace badly (en)", request{method: "POST", path: replace, session: zj, csrf: true, header: inEnglish(zj),
			form: url.Values{"max_unit_cost": {"0"}, "unit": {""}, "effective_from": {"2026-03-01"}}}, 422,
			[]string{"the unit-cost ceiling must be above zero", "the unit is required", "the date must be after now"}},
		{"replace from before it began", request{method: "POST", path: replace, session: zj, csrf: true,
			form: url.Values{"max_unit_cost": {"280"}, "unit": {"人次"}, "effective_from": {"2025-12-01"}}}, 422,
			[]string{"新标准须晚于原标准生效"}},
	} {
		before := w.counts(t)
		res := w.do(t, c.r)
		if res.status != c.status {
			t.Fatalf("%s: %d, want %d\n%s", c.name, res.status, c.status, res.body)
		}
		for _, text := range c.texts {
			if !strings.Contains(string(res.body), text) {
				t.Errorf("%s: no %q", c.name, text)
			}
		}
		if after := w.counts(t); after != before {
			t.Errorf("%s wrote: %+v → %+v", c.name, before, after)
		}
	}

	before := w.counts(t)
	res = w.do(t, request{method: "POST", path: replace, session: zj, csrf: true, form: good})
	if res.status != 303 || res.header.Get("Location") != "/staff/review-config?done=cost_replaced" {
		t.Fatalf("replace: %d %s\n%s", res.status, res.header.Get("Location"), res.body)
	}
	if after := w.counts(t); after.tree != before.tree+2 {
		t.Errorf("log grew by %d, want two events (end, add)", after.tree-before.tree)
	}
	stds, err := w.store.UnitCostStandards(context.Background(), []string{"330000"}, "A0199")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range stds {
		to := "open"
		if u.EffectiveTo != nil {
			to = u.EffectiveTo.In(goumai.Shanghai).Format("2006-01-02")
		}
		got = append(got, fmt.Sprintf("%d %s–%s", u.MaxUnitCost, u.EffectiveFrom.In(goumai.Shanghai).Format("2006-01-02"), to))
	}
	if want := []string{"25000 2026-01-01–2026-07-01", "28000 2026-07-01–open"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("standards %v, want %v", got, want)
	}
	// The replaced standard still ends in the future, so it may be ended earlier; ending it now-or-before is refused.
	res = w.do(t, request{method: "POST", path: end, session: zj, csrf: true, form: url.Values{"effective_to": {"2026-05-01"}}})
	if res.status != 303 || res.header.Get("Location") != "/staff/review-config?done=cost_ended" {
		t.Errorf("end: %d %s", res.status, res.header.Get("Location"))
	}
}
