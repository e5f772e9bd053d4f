package workflow_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/federation"
	"github.com/goumai/goumai/federation/natstest"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// TestFederationThreeInstances runs a country of three instances on one
// NATS JetStream server (its own nats-server process): the centre, Jiangsu
// and Zhejiang, each with its own store. Both provinces write while NATS is
// killed and restarted, and the centre is down meanwhile; Jiangsu bans a supplier while NATS is down; once the
// ban reaches Zhejiang, the supplier's bid there is refused (ENG-A5), the
// refusal naming Jiangsu and the ban's leaf index in Jiangsu's log. Then
// every outbox drains, nothing is lost or duplicated (each stream holds
// exactly the outbox's events, each applied once), the centre's statistics
// equal the sum of the provinces' own, and every log verifies.
func TestFederationThreeInstances(t *testing.T) {
	srv := natstest.Start(t)
	sqltest.Each(t, func(t *testing.T, zj *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		dialect := t.Name()[strings.LastIndex(t.Name(), "/")+1:][:2]
		another := sqltest.SQLite
		if dialect == "po" {
			another = sqltest.Postgres
		}
		centre, js := another(t, clock), another(t, clock)
		cName, jsName, zjName := "centre-"+dialect, "js-"+dialect, "zj-"+dialect
		peer := func(s *sqlstore.Store, name string) federation.Peer {
			return federation.Peer{Name: name, VerifierKey: s.VerifierKey()}
		}
		for _, s := range []*sqlstore.Store{centre, js, zj} {
			s.EnableOutbox()
		}
		// Zhejiang: a tender open for bids.
		w, p, lot := tenderScene(t, zj, clock)
		banned := w.bidders[2]
		// Jiangsu: its finance department.
		jsSvc := workflow.New(js)
		jsSvc.PasswordParams = workflow.FastPasswordParams
		jsFin := must[goumai.Org](t, "jiangsu finance")(jsSvc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: "江苏省财政厅", Kind: goumai.KindStateOrgan,
			CreditCode: projCode(t, "320000", "00400001X"), Region: "320000", FinanceDept: true}))
		u := must[goumai.User](t, "jiangsu reviewer")(jsSvc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: "js.reviewer", DisplayName: "审核员",
			Password: "Test-2026-goumai"}, jsFin.ID, goumai.RoleFinanceReviewer))
		jsReviewer := goumai.Actor{UserID: u.ID, Username: u.Username, Org: jsFin, Roles: []goumai.Role{goumai.RoleFinanceReviewer}}

		fctx, cancel := context.WithCancel(ctx)
		defer cancel()
		start := func(s *sqlstore.Store, name string, peers ...federation.Peer) func() {
			t.Helper()
			stop, err := federation.Start(fctx, s, federation.Config{URL: srv.URL, Instance: name, Peers: peers})
			if err != nil {
				t.Fatal(err)
			}
			return stop
		}
		stopCentre := start(centre, cName, peer(js, jsName), peer(zj, zjName))
		defer func() { stopCentre() }()
		defer start(js, jsName, peer(zj, zjName))()
		defer start(zj, zjName, peer(js, jsName))()
		// Before the ban the supplier may bid in Zhejiang.
		w.submitAt(t, banned, p, lot, 45_000_000)

		load := func(from, n int) {
			t.Helper()
			for i := from; i < from+n; i++ {
				must[goumai.Org](t, "js load")(jsSvc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: fmt.Sprintf("江苏测试服务公司%03d", i), Kind: goumai.KindEnterprise,
					CreditCode: projCode(t, "320100", fmt.Sprintf("MA%06dX", i)), Region: "320100"}))
				must[goumai.Org](t, "zj load")(w.svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: fmt.Sprintf("浙江测试服务公司%03d", i), Kind: goumai.KindEnterprise,
					CreditCode: projCode(t, "330106", fmt.Sprintf("MB%06dX", i)), Region: "330106"}))
			}
		}
		load(0, 20)
		stopCentre() // the centre is down a while: its durable consumers resume where they were
		srv.Stop()   // NATS killed mid-load: local writes go on
		load(20, 20)
		csv := "CREDIT_CODE,NAME,AUTHORITY,DOC_NO,STARTS_ON,ENDS_ON\n" + banned.Org.CreditCode + "," + banned.Org.Name + ",江苏省财政厅,苏财购〔2026〕7号,2026-01-01,2027-12-31\n"
		must[goumai.CreditList](t, "ban in Jiangsu")(jsSvc.ImportCreditList(ctx, jsReviewer, workflow.ListImport{Kind: goumai.ListBan, Source: "江苏省财政厅处罚决定"}, []byte(csv)))
		if n := must[int64](t, "pending")(js.OutboxPending(ctx)); n == 0 {
			t.Fatal("NATS is down but Jiangsu's outbox is empty")
		}
		srv.Restart()
		load(40, 20)
		stopCentre = start(centre, cName, peer(js, jsName), peer(zj, zjName))

		// The ban reaches Zhejiang; the banned supplier's next bid is refused there.
		entries := must[[]goumai.Event](t, "ban event")(js.FindEvents(ctx, sqlstore.EventFilter{ObjectType: "credit_list_entries", Limit: 1}))
		banIndex := entries[0].ID
		waitFor(t, "the ban at Zhejiang", func() bool { return must[sqlstore.Peer](t, "peer")(zj.FedPeer(ctx, jsName)).Applied >= banIndex })
		d := must[goumai.Bid](t, "save")(w.svc.SaveBid(ctx, banned.Actor, p.ID, lot.ID, bidInput(44_000_000)))
		_, err := w.svc.SubmitBid(ctx, banned.Actor, p.ID, lot.ID, banned.sign(t, d))
		wantRule(t, "a bid by a supplier banned in another province", err, goumai.EForbidden, "ENG-A5")
		checks := must[[]goumai.SupplierCheck](t, "checks")(zj.FindSupplierChecks(ctx, sqlstore.CheckFilter{OrgID: banned.Org.ID, Result: goumai.CheckRefused, Limit: 1}))
		if len(checks) != 1 || checks[0].Hits[0].Source != jsName || checks[0].Hits[0].LogIndex != banIndex {
			t.Fatalf("the refusal's evidence: %+v, want %s's log entry %d", checks, jsName, banIndex)
		}

		// Everything drains; the centre has every province event once.
		for _, pr := range []struct {
			s    *sqlstore.Store
			name string
		}{{js, jsName}, {zj, zjName}} {
			waitFor(t, "the centre has all of "+pr.name, func() bool {
				last := maxOutbox(t, pr.s)
				return must[int64](t, "pending")(pr.s.OutboxPending(ctx)) == 0 &&
					must[sqlstore.Peer](t, "peer")(centre.FedPeer(ctx, pr.name)).Applied == last && maxOutbox(t, pr.s) == last
			})
			rows := countRows(t, pr.s, `SELECT COUNT(*) FROM fed_outbox`)
			if got := countRows(t, centre, `SELECT COUNT(*) FROM fed_inbox WHERE publisher = $1`, pr.name); got != rows {
				t.Errorf("centre received %d events of %s, which published %d", got, pr.name, rows)
			}
			if got := streamMsgs(t, srv.URL, pr.name); got != uint64(rows) {
				t.Errorf("%s's stream holds %d messages for %d outbox events: lost or duplicated", pr.name, got, rows)
			}
		}
		// The centre's statistics are the sum of the provinces' own.
		want := map[string]sqlstore.FedStat{}
		for _, s := range []*sqlstore.Store{js, zj} {
			for k, v := range ownStats(t, s) {
				x := want[k]
				x.N += v.N
				x.Amount += v.Amount
				want[k] = x
			}
		}
		got := map[string]sqlstore.FedStat{}
		for _, f := range must[[]sqlstore.FedStat](t, "stats")(centre.FedStats(ctx)) {
			got[f.Region+" "+f.Action] = sqlstore.FedStat{N: f.N, Amount: f.Amount}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) || len(got) == 0 {
			t.Errorf("centre's statistics\n%v\nwant the provinces' sum\n%v", got, want)
		}
		cancel()
		for _, s := range []*sqlstore.Store{centre, js, zj} {
			verify(t, s)
		}
	})
}

// waitFor polls cond for up to 60 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func countRows(t testing.TB, s *sqlstore.Store, q string, args ...any) int64 {
	t.Helper()
	var n int64
	sqltest.Must(t, s.DB().QueryRowContext(context.Background(), q, args...).Scan(&n))
	return n
}

func maxOutbox(t testing.TB, s *sqlstore.Store) int64 {
	return countRows(t, s, `SELECT COALESCE(MAX(log_index), -1) FROM fed_outbox`)
}

// ownStats is an instance's statistics computed from its own log, as the
// centre computes them from what it receives: every federated event.
func ownStats(t testing.TB, s *sqlstore.Store) map[string]sqlstore.FedStat {
	t.Helper()
	out := map[string]sqlstore.FedStat{}
	for _, f := range must[[]sqlstore.FedStat](t, "own statistics")(s.PublishedStats(context.Background())) {
		out[f.Region+" "+f.Action] = sqlstore.FedStat{N: f.N, Amount: f.Amount}
	}
	return out
}

func streamMsgs(t testing.TB, url, instance string) uint64 {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	jsc, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	st, err := jsc.Stream(context.Background(), federation.StreamName(instance))
	if err != nil {
		t.Fatal(err)
	}
	info, err := st.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}
