package web

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// The centre's statistics page shows the received events per publisher and
// region, every action summed, amounts in 万元 and a total row.
func TestFederationStatisticsPage(t *testing.T) {
	w := demoWorld(t)
	res := w.do(t, request{method: "GET", path: "/federation/statistics"})
	if res.status != http.StatusOK || !strings.Contains(string(res.body), messages["fedstats.none"][0]) {
		t.Fatalf("empty statistics page: %d, want the nothing-received text", res.status)
	}
	for _, q := range []string{
		`INSERT INTO fed_stats (publisher, region, action, n, amount) VALUES ('js', '320100', 'contract.signed', 2, 150000000)`,
		`INSERT INTO fed_stats (publisher, region, action, n, amount) VALUES ('js', '320100', 'payment.paid', 3, 25000000)`,
		`INSERT INTO fed_stats (publisher, region, action, n, amount) VALUES ('ah', '340100', 'contract.signed', 1, 4200000)`,
	} {
		if _, err := w.store.DB().ExecContext(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	res = w.do(t, request{method: "GET", path: "/federation/statistics"})
	body := strings.Join(strings.Fields(string(res.body)), "")
	for _, want := range []string{
		"<tr><td>ah</td><td>340100</td><td>1</td><td>4.20</td></tr>",
		"<tr><td>js</td><td>320100</td><td>5</td><td>175.00</td></tr>", // two actions summed
		">6</td><td>179.20</td></tr></tfoot>",                          // the total row
	} {
		if !strings.Contains(body, want) {
			t.Errorf("statistics page lacks %s", want)
		}
	}
	if strings.Index(body, "<td>ah</td>") > strings.Index(body, "<td>js</td>") {
		t.Error("rows not sorted by publisher")
	}
}
