package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/goumai/goumai/sqlstore"
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

// A checkpoint refused as a fork (a trusted instance rewrote its history and
// signed it again) is public evidence: on the statistics page and in the API.
func TestFederationForksShown(t *testing.T) {
	w := demoWorld(t)
	res := w.do(t, request{method: "GET", path: "/federation/statistics"})
	if !strings.Contains(string(res.body), `id="fed-forks-none"`) {
		t.Fatalf("no fork yet: the page should say so (%d)", res.status)
	}
	f := sqlstore.Fork{Publisher: "js", OldSize: 12, OldRoot: "oldrootAAAA", NewSize: 15, NewRoot: "forkrootBBBB",
		Checkpoint: "goumai-js\n15\nforkrootBBBB\n", Reason: "consistency proof from size 12 to 15 fails"}
	if err := w.store.RecordFork(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	res = w.do(t, request{method: "GET", path: "/federation/statistics"})
	body := string(res.body)
	for _, want := range []string{`id="fed-forks"`, "<td>js</td>", "oldrootAAAA", "forkrootBBBB", "consistency proof from size 12 to 15 fails"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %s", want)
		}
	}
	res = w.do(t, request{method: "GET", path: "/api/v1/federation/statistics"})
	var out struct {
		Forks []sqlstore.Fork `json:"forks"`
	}
	if err := json.Unmarshal(res.body, &out); err != nil || len(out.Forks) != 1 || out.Forks[0].NewRoot != f.NewRoot || out.Forks[0].OldSize != 12 {
		t.Fatalf("API forks %+v (%v): %s", out.Forks, err, res.body)
	}
}
