package web

import (
	"context"
	"strings"
	"testing"
)

// TestCardinalOnDashboard: the live values of Cardinal's indicators show on
// the red-flag dashboard (API and page) of the followers of the process's
// region, alongside goumai's own rules; another county's followers do not
// see the process, and the public dashboard carries none.
func TestCardinalOnDashboard(t *testing.T) {
	w := demoWorld(t)
	ctx := context.Background()
	const ocid = "ocds-gm0000-990001"
	for _, q := range []string{
		`INSERT INTO cardinal_processes (ocid, region, compiled, log_index) VALUES ('` + ocid + `', '330106', '{}', 7)`,
		`INSERT INTO cardinal_values (source, grp, id, code, value, log_index) VALUES ('` + ocid + `', 'OCID', '` + ocid + `', 'R018', 1, 7)`,
		`INSERT INTO cardinal_values (source, grp, id, code, value, log_index) VALUES ('', 'Tenderer', 'CN-USCC-91330106MATTEST01', 'R025', 1, 7)`,
	} {
		if _, err := w.store.DB().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	api := w.do(t, request{method: "GET", path: "/api/v1/redflags?indicator=R018", bearer: w.token(t, "xihu.reviewer")})
	cs, _ := api.json(t)["cardinal"].([]any)
	if c, _ := firstOf(cs).(map[string]any); api.status != 200 || len(cs) != 1 || c["id"] != ocid || c["log_index"] != 7.0 || c["region"] != "330106" {
		t.Errorf("the follower's dashboard API, R018: %d %s", api.status, api.body)
	}
	page := w.do(t, request{method: "GET", path: "/staff/redflags?lang=en", session: w.login(t, "auditor.zj")})
	if body := string(page.body); page.status != 200 || !strings.Contains(body, ocid) || !strings.Contains(body, "CN-USCC-91330106MATTEST01") || !strings.Contains(body, "Cardinal&#39;s indicators (live)") {
		t.Errorf("the auditor's dashboard page lacks the live Cardinal values: %d", page.status)
	}
	other := w.do(t, request{method: "GET", path: "/api/v1/redflags", bearer: w.token(t, "yuhang.reviewer")})
	if strings.Contains(string(other.body), ocid) || !strings.Contains(string(other.body), "MATTEST01") {
		t.Errorf("another county's follower: %s", other.body)
	}
	public := w.do(t, request{method: "GET", path: "/api/v1/redflags"})
	if public.status != 200 || strings.Contains(string(public.body), `"cardinal"`) {
		t.Errorf("the public dashboard: %d %s", public.status, public.body)
	}
}

func firstOf(xs []any) any {
	if len(xs) == 0 {
		return nil
	}
	return xs[0]
}
