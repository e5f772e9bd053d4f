package federation_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/federation"
	"github.com/goumai/goumai/federation/natstest"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/translog"
	"github.com/goumai/goumai/workflow"
)

// creditCode makes a valid 统一社会信用代码 from a region and a 9-character body.
func creditCode(t testing.TB, region, body string) string {
	t.Helper()
	c, ok := goumai.CreditCheckChar("91" + region + body)
	if !ok {
		t.Fatalf("bad code body %s", body)
	}
	return "91" + region + body + string(c)
}

// orgs creates n public organisations (each a public event).
func orgs(t testing.TB, s *sqlstore.Store, from, n int) {
	t.Helper()
	svc := workflow.New(s)
	for i := from; i < from+n; i++ {
		if _, err := svc.CreateOrg(context.Background(), goumai.System, workflow.OrgInput{Name: fmt.Sprintf("测试服务公司%04d", i), Kind: goumai.KindEnterprise,
			CreditCode: creditCode(t, "330106", fmt.Sprintf("MA%06dX", i)), Region: "330106"}); err != nil {
			t.Fatal(err)
		}
	}
}

func count(t testing.TB, s *sqlstore.Store, q string, args ...any) int64 {
	t.Helper()
	var n int64
	sqltest.Must(t, s.DB().QueryRowContext(context.Background(), q, args...).Scan(&n))
	return n
}

// TestOutbox: with the outbox on, every public event — and no private one —
// gets its outbox row in its own transaction; a transaction that fails leaves
// none; the pending rows come in log order, each naming the previous one.
func TestOutbox(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		orgs(t, s, 0, 1) // before the outbox: not federated
		s.EnableOutbox()
		orgs(t, s, 1, 3)
		err := s.Update(ctx, func(tx *sqlstore.Tx) error {
			if _, err := workflow.New(s).CreateOrg(ctx, goumai.System, workflow.OrgInput{}); err == nil {
				t.Error("an invalid org was created")
			}
			return errors.New("rolled back")
		})
		if err == nil {
			t.Fatal("no rollback")
		}
		// A user's creation is a private event: no outbox row.
		if _, err := workflow.New(s).CreateUser(ctx, goumai.System, goumai.NewUser{Username: "fed.user", DisplayName: "用户", Password: "Test-2026-goumai"}, 1, goumai.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		if n := count(t, s, `SELECT COUNT(*) FROM events WHERE public = FALSE AND id > (SELECT MIN(log_index) FROM fed_outbox)`); n == 0 {
			t.Fatal("no private event to leave out")
		}
		items, err := s.PendingOutbox(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		public := count(t, s, `SELECT COUNT(*) FROM events WHERE public = TRUE AND id > (SELECT MIN(log_index) FROM fed_outbox) - 1`)
		if len(items) != 3 || int64(len(items)) != public || items[0].Prev != -1 {
			t.Fatalf("outbox %d rows (first prev %d), want the 3 public events since enabled (%d)", len(items), items[0].Prev, public)
		}
		for i, it := range items {
			if !it.Event.Public || i > 0 && it.Prev != items[i-1].Event.ID {
				t.Fatalf("row %d: %+v", i, it)
			}
		}
		if err := s.MarkSent(ctx, items[0].Event.ID, items[1].Event.ID); err != nil {
			t.Fatal(err)
		}
		rest, err := s.PendingOutbox(ctx, 100)
		if err != nil || len(rest) != 1 || rest[0].Prev != items[1].Event.ID {
			t.Fatalf("after marking two sent: %+v %v", rest, err)
		}
		rep, err := s.Verify(ctx, nil)
		if err != nil || !rep.OK() {
			t.Fatalf("verify: %v %v", err, rep.Problems)
		}
	})
}

// peerOf is the trust entry for a store publishing as name.
func peerOf(s *sqlstore.Store, name string) federation.Peer {
	return federation.Peer{Name: name, VerifierKey: s.VerifierKey()}
}

// consumeUntil fetches from peer's stream until the consumer store applied index want.
func consumeUntil(t testing.TB, c *federation.Consumer, p federation.Peer, want int64) {
	t.Helper()
	ctx := context.Background()
	v, err := translog.NewVerifier(p.VerifierKey)
	if err != nil {
		t.Fatal(err)
	}
	cons, err := c.JS.CreateOrUpdateConsumer(ctx, p.StreamOrDefault(), jetstream.ConsumerConfig{Durable: federation.DurableName(c.Self), AckPolicy: jetstream.AckExplicitPolicy})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		got, err := c.Store.FedPeer(ctx, p.Name)
		if err != nil {
			t.Fatal(err)
		}
		if got.Applied >= want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("applied %d of %s, want %d", got.Applied, p.Name, want)
		}
		if _, err := c.FetchOnce(ctx, cons, p, v); err != nil {
			t.Fatal(err)
		}
	}
}

// TestAttacks publishes forged, altered, replayed and reordered messages on
// a trusted instance's stream: a bad signature, a leaf not in the signed
// log, a leaf index beyond the signed tree, a message naming an untrusted
// publisher are refused and never applied; a replay is applied once; a
// reordered pair is applied in log order. A signed tree forked from the one
// seen is refused too.
func TestAttacks(t *testing.T) {
	srv := natstest.Start(t)
	sqltest.Each(t, func(t *testing.T, pub *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sub := sqltest.SQLite(t, clock)
		if strings.HasSuffix(t.Name(), "postgres") {
			sub = sqltest.Postgres(t, clock)
		}
		name := "pa" + strings.ToLower(strings.TrimPrefix(t.Name(), "TestAttacks/"))[:2]
		pub.EnableOutbox()
		orgs(t, pub, 0, 3)
		items, err := pub.PendingOutbox(ctx, 100)
		if err != nil || len(items) != 3 {
			t.Fatalf("outbox %d %v", len(items), err)
		}
		msgs, err := federation.BuildMessages(ctx, pub, name, items)
		if err != nil {
			t.Fatal(err)
		}
		_, js := streamOf(t, srv, name)
		n := 0
		send := func(m federation.Message) {
			t.Helper()
			n++
			b, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			// A fresh message id each time: a replay beyond the dedupe window.
			if _, err := js.Publish(ctx, federation.Subject(name, "330106"), b, jetstream.WithMsgID(fmt.Sprintf("%s-%d", t.Name(), n))); err != nil {
				t.Fatal(err)
			}
		}
		// Forgeries of the third event.
		evil, _, err := translog.GenerateKey("goumai.test/log")
		if err != nil {
			t.Fatal(err)
		}
		evilSigner, _ := translog.NewSigner(evil)
		forged := msgs[2]
		cp, err := translog.ParseCheckpoint([]byte(forged.Checkpoint), mustVerifier(t, pub.VerifierKey()))
		if err != nil {
			t.Fatal(err)
		}
		sig, err := translog.SignCheckpoint(cp.Origin, cp.Size, cp.Root, evilSigner)
		if err != nil {
			t.Fatal(err)
		}
		forged.Checkpoint = string(sig)
		altered := msgs[2]
		altered.Leaf = strings.Replace(altered.Leaf, "测试服务公司", "假冒服务公司", 1)
		beyond := msgs[2]
		beyond.Index = cp.Size + 5
		untrusted := msgs[2]
		untrusted.Publisher = "evil"
		forkedRoot := msgs[2] // a checkpoint of the same size with another root, properly signed: a forked log
		signer, err := translog.NewSigner(skeyOf(t, pub))
		if err != nil {
			t.Fatal(err)
		}
		fork, err := translog.SignCheckpoint(cp.Origin, cp.Size, tlog.Hash{1}, signer)
		if err != nil {
			t.Fatal(err)
		}
		forkedRoot.Checkpoint = string(fork)

		send(msgs[1]) // reordered: the second before the first
		send(msgs[0])
		send(msgs[0]) // replayed
		send(msgs[1]) // replayed
		send(forged)
		send(altered)
		send(beyond)
		send(untrusted)
		send(forkedRoot) // refused: its root does not match the tree the proof climbs to
		send(msgs[2])
		send(msgs[2]) // replayed
		c := &federation.Consumer{Store: sub, JS: js, Self: "sub", Batch: 4, Wait: 200 * time.Millisecond}
		peer := peerOf(pub, name)
		consumeUntil(t, c, peer, msgs[2].Index)
		if got := c.Refused(); got != 5 {
			t.Errorf("refused %d messages, want 5 (bad signature, altered leaf, beyond the tree, untrusted publisher, forked root)", got)
		}
		if n := count(t, sub, `SELECT COUNT(*) FROM fed_inbox WHERE publisher = $1`, name); n != 3 {
			t.Errorf("inbox holds %d events, want 3 (each once)", n)
		}
		if n := count(t, sub, `SELECT COALESCE(SUM(n), 0) FROM fed_stats WHERE publisher = $1`, name); n != 3 {
			t.Errorf("statistics count %d events, want 3", n)
		}
		if n := count(t, sub, `SELECT COUNT(*) FROM fed_inbox WHERE publisher = $1 AND state LIKE '%假冒%'`, name); n != 0 {
			t.Error("the altered event was applied")
		}
		// A signed checkpoint of the size already seen with another root: the
		// log forked (a second history). Its inclusion proof cannot check,
		// but a store seeing it directly refuses it too.
		r, err := federation.Verify(peer, mustVerifier(t, pub.VerifierKey()), mustJSON(t, msgs[2]))
		if err != nil {
			t.Fatal(err)
		}
		r.CheckpointRoot = tlog.Hash{1}.String()
		r.Event.ID, r.Prev = msgs[2].Index+1, msgs[2].Index
		if _, err := sub.ApplyReceived(ctx, r); !errors.Is(err, sqlstore.ErrForked) {
			t.Errorf("a forked checkpoint: %v, want ErrForked", err)
		}
		rep, err := sub.Verify(ctx, nil)
		if err != nil || !rep.OK() {
			t.Fatalf("verify: %v %v", err, rep.Problems)
		}
	})
}

// streamOf connects to NATS (until the test ends) and makes the stream of instance name.
func streamOf(t testing.TB, srv *natstest.Server, name string) (*nats.Conn, jetstream.JetStream) {
	t.Helper()
	nc, err := nats.Connect(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	if err := federation.EnsureStream(context.Background(), js, name); err != nil {
		t.Fatal(err)
	}
	return nc, js
}

func mustVerifier(t testing.TB, vkey string) note.Verifier {
	t.Helper()
	v, err := translog.NewVerifier(vkey)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// skeyOf reads the store's log signing key (a test forging its own fork).
func skeyOf(t testing.TB, s *sqlstore.Store) string {
	t.Helper()
	var k string
	sqltest.Must(t, s.DB().QueryRowContext(context.Background(), `SELECT skey FROM log_key WHERE id = 1`).Scan(&k))
	return k
}

// TestReceivedData applies received events directly (as verified ones) and
// reads what they mean here: a ban from a current list refuses, and no more
// once its list is superseded; a performance grade is kept under the
// supplier's credit code, found through the received contract and supplier;
// events apply in order and once.
func TestReceivedData(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		code := creditCode(t, "320100", "MA0000001")
		idx := int64(100)
		prev := int64(-1)
		apply := func(objectType, objectID, action, state string) sqlstore.ApplyOutcome {
			t.Helper()
			e := goumai.Event{ID: idx, At: clock.Now(), Actor: "system", Region: "320100", Action: action, ObjectType: objectType,
				ObjectID: objectID, Public: true, State: json.RawMessage(state)}
			out, err := s.ApplyReceived(ctx, sqlstore.Received{Publisher: "js", Prev: prev, Event: e, CheckpointSize: idx + 1, CheckpointRoot: "r" + fmt.Sprint(idx)})
			if err != nil {
				t.Fatal(err)
			}
			if out == sqlstore.Applied {
				prev = idx
			}
			idx += 3
			return out
		}
		apply("orgs", "7", "org.create", `{"id":7,"name":"南京某服务公司","credit_code":"`+code+`"}`)
		apply("credit_lists", "4", "credit.list_import", `{"id":4,"kind":"ban","superseded_by":null}`)
		banAt := idx
		apply("credit_list_entries", "9", "credit.entry", `{"id":9,"list_id":4,"row_no":2,"credit_code":"`+code+`","name":"南京某服务公司","authority":"江苏省财政厅","doc_no":"苏财购〔2026〕3号","starts_on":"2026-01-01T00:00:00.000000Z","ends_on":"2027-12-31T00:00:00.000000Z","penalty":"","reason":""}`)
		apply("contracts", "12", "contract.signed", `{"id":12,"supplier_org_id":7,"amount":150000000}`)
		apply("contract_grades", "12", "contract.grade", `{"contract_id":12,"grade":"poor","score":55}`)
		var got []goumai.ReceivedEntry
		sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) error {
			var err error
			got, err = tx.ReceivedCreditEntries(ctx, code)
			return err
		}))
		if len(got) != 1 || got[0].Source != "js" || got[0].LogIndex != banAt || got[0].Kind != goumai.ListBan || got[0].Entry.EndsOn == nil ||
			got[0].Entry.EndsOn.Format("2006-01-02") != "2027-12-31" || got[0].Entry.DocNo != "苏财购〔2026〕3号" {
			t.Fatalf("received ban %+v", got)
		}
		grades, err := s.ReceivedGrades(ctx, code)
		if err != nil || len(grades) != 1 || grades[0].Grade != "poor" || grades[0].Score != 55 || grades[0].SupplierName != "南京某服务公司" || grades[0].ContractID != "12" {
			t.Fatalf("received grades %+v %v", grades, err)
		}
		st, err := s.FedStats(ctx)
		if err != nil || len(st) != 5 {
			t.Fatalf("statistics %+v %v", st, err)
		}
		for _, f := range st {
			if f.Action == "contract.signed" && (f.N != 1 || f.Amount != 150000000) {
				t.Errorf("contract statistics %+v", f)
			}
		}
		// A replay and an event ahead of a missing one change nothing.
		idx, prev = 103, -1
		if out := apply("orgs", "7", "org.update", `{"id":7}`); out != sqlstore.Duplicate {
			t.Errorf("replay: %v", out)
		}
		idx, prev = 500, 400
		if out := apply("orgs", "7", "org.update", `{"id":7}`); out != sqlstore.Gap {
			t.Errorf("ahead of a missing event: %v", out)
		}
		// The list superseded: the ban is no longer current.
		p, err := s.FedPeer(ctx, "js")
		if err != nil {
			t.Fatal(err)
		}
		idx, prev = p.Applied+3, p.Applied
		apply("credit_lists", "4", "credit.list_supersede", `{"id":4,"kind":"ban","superseded_by":5}`)
		sqltest.Must(t, s.Update(ctx, func(tx *sqlstore.Tx) error {
			var err error
			got, err = tx.ReceivedCreditEntries(ctx, code)
			return err
		}))
		if len(got) != 0 {
			t.Fatalf("a superseded list's ban still counts: %+v", got)
		}
	})
}

// TestCheckpointConsistency: the consumer keeps the publisher's last verified
// checkpoint and applies a message bringing a newer one only once the RFC
// 6962 consistency proof between them (fetched from the publisher) checks. A
// publisher that rewrote its history and signed it again with its own key —
// every message individually valid: signature, inclusion — is refused,
// nothing of it applied, the fork recorded with both trees; a local write is
// not blocked, and the honest history goes on being applied afterwards.
func TestCheckpointConsistency(t *testing.T) {
	srv := natstest.Start(t)
	sqltest.Each(t, func(t *testing.T, pub *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sub, evil := sqltest.SQLite(t, clock), sqltest.SQLite(t, clock)
		if strings.HasSuffix(t.Name(), "postgres") {
			sub = sqltest.Postgres(t, clock)
		}
		name := "pc" + strings.ToLower(strings.TrimPrefix(t.Name(), "TestCheckpointConsistency/"))[:2]
		nc, js := streamOf(t, srv, name)
		n := 0
		send := func(ms ...federation.Message) {
			t.Helper()
			for _, m := range ms {
				n++
				if _, err := js.Publish(ctx, federation.Subject(name, "330106"), mustJSON(t, m), jetstream.WithMsgID(fmt.Sprintf("%s-%d", t.Name(), n))); err != nil {
					t.Fatal(err)
				}
			}
		}
		// build publishes the pending outbox events (a new checkpoint covering them) and marks them sent.
		build := func(s *sqlstore.Store) []federation.Message {
			t.Helper()
			items, err := s.PendingOutbox(ctx, 100)
			if err != nil || len(items) == 0 {
				t.Fatalf("outbox %d %v", len(items), err)
			}
			msgs, err := federation.BuildMessages(ctx, s, name, items)
			if err != nil {
				t.Fatal(err)
			}
			sqltest.Must(t, s.MarkSent(ctx, items[0].Event.ID, items[len(items)-1].Event.ID))
			return msgs
		}
		honest, err := federation.ServeProofs(nc, pub, name)
		if err != nil {
			t.Fatal(err)
		}
		c := &federation.Consumer{Store: sub, JS: js, Self: "sub", Batch: 8, Wait: 200 * time.Millisecond, ProofTimeout: 2 * time.Second}
		peer := peerOf(pub, name)
		pub.EnableOutbox()
		orgs(t, pub, 0, 3)
		first := build(pub)
		send(first...)
		consumeUntil(t, c, peer, first[2].Index)
		orgs(t, pub, 3, 2) // a newer checkpoint: proven consistent with the first
		second := build(pub)
		if second[0].Checkpoint == first[0].Checkpoint {
			t.Fatal("no new checkpoint")
		}
		send(second...)
		consumeUntil(t, c, peer, second[1].Index)
		if got := c.Refused(); got != 0 {
			t.Fatalf("refused %d honest messages", got)
		}
		before := must[sqlstore.Peer](t)(sub.FedPeer(ctx, name))
		oldCP, err := translog.ParseCheckpoint([]byte(second[0].Checkpoint), mustVerifier(t, pub.VerifierKey()))
		if err != nil || before.CPSize != oldCP.Size || before.CPRoot != oldCP.Root.String() {
			t.Fatalf("kept checkpoint %d %s, want the second one %d %s (%v)", before.CPSize, before.CPRoot, oldCP.Size, oldCP.Root, err)
		}
		inbox := count(t, sub, `SELECT COUNT(*) FROM fed_inbox WHERE publisher = $1`, name)

		// The rewritten history: another log, longer, its checkpoint signed
		// with the publisher's own key; the next message names the last one
		// applied as its predecessor. The rewriter answers the proof requests.
		evil.EnableOutbox()
		orgs(t, evil, 100, 3*int(before.Applied)+10)
		rewritten := build(evil)
		var forged federation.Message
		for _, m := range rewritten {
			if m.Index > before.Applied {
				forged = m
				break
			}
		}
		evilCP, err := translog.ParseCheckpoint([]byte(forged.Checkpoint), mustVerifier(t, evil.VerifierKey()))
		if err != nil || evilCP.Size <= oldCP.Size {
			t.Fatalf("rewritten tree of %d leaves (%v), want more than %d", evilCP.Size, err, oldCP.Size)
		}
		signer, err := translog.NewSigner(skeyOf(t, pub))
		if err != nil {
			t.Fatal(err)
		}
		resigned, err := translog.SignCheckpoint(oldCP.Origin, evilCP.Size, evilCP.Root, signer)
		if err != nil {
			t.Fatal(err)
		}
		forged.Checkpoint, forged.Prev = string(resigned), before.Applied
		if _, err := federation.Verify(peer, mustVerifier(t, pub.VerifierKey()), mustJSON(t, forged)); err != nil {
			t.Fatalf("the forged message does not pass the per-message checks, so it tests nothing: %v", err)
		}
		sqltest.Must(t, honest.Unsubscribe())
		rewriter, err := federation.ServeProofs(nc, evil, name)
		if err != nil {
			t.Fatal(err)
		}
		send(forged)
		cons, err := js.CreateOrUpdateConsumer(ctx, peer.StreamOrDefault(), jetstream.ConsumerConfig{Durable: federation.DurableName(c.Self), AckPolicy: jetstream.AckExplicitPolicy})
		if err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(20 * time.Second); c.Refused() == 0; {
			if time.Now().After(deadline) {
				t.Fatal("the rewritten history was not refused")
			}
			if _, err := c.FetchOnce(ctx, cons, peer, mustVerifier(t, pub.VerifierKey())); err != nil {
				t.Fatal(err)
			}
		}
		if got := must[sqlstore.Peer](t)(sub.FedPeer(ctx, name)); got != before {
			t.Errorf("after the rewritten history: %+v, want %+v (nothing applied)", got, before)
		}
		if got := count(t, sub, `SELECT COUNT(*) FROM fed_inbox WHERE publisher = $1`, name); got != inbox {
			t.Errorf("inbox %d events, want %d", got, inbox)
		}
		forks := must[[]sqlstore.Fork](t)(sub.FedForks(ctx, name))
		if len(forks) != 1 || forks[0].OldSize != oldCP.Size || forks[0].OldRoot != oldCP.Root.String() ||
			forks[0].NewSize != evilCP.Size || forks[0].NewRoot != evilCP.Root.String() || forks[0].Checkpoint != string(resigned) {
			t.Errorf("forks recorded %+v, want the one from %d to %d", forks, oldCP.Size, evilCP.Size)
		}
		// A local write is not blocked.
		orgs(t, sub, 200, 1)
		// The honest history goes on.
		sqltest.Must(t, rewriter.Unsubscribe())
		honest, err = federation.ServeProofs(nc, pub, name)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = honest.Unsubscribe() }()
		orgs(t, pub, 5, 1)
		third := build(pub)
		send(third...)
		consumeUntil(t, c, peer, third[0].Index)
		if got := c.Refused(); got != 1 {
			t.Errorf("refused %d messages, want only the forged one", got)
		}
		for _, s := range []*sqlstore.Store{pub, sub} {
			rep, err := s.Verify(ctx, nil)
			if err != nil || !rep.OK() {
				t.Fatalf("verify: %v %v", err, rep.Problems)
			}
		}
	})
}

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}
