package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// TestSealKeyAndReceipt: `goumai seal-key new` makes a key file once; the
// demo loader makes one next to its database and seals its bids with it;
// 杭州康宁's receipt for its demo bid verifies offline with the log's key
// (`log verify-receipt`), a tampered one or another key does not, the
// database dump holds none of the bid's text, and `log verify` passes.
func TestSealKeyAndReceipt(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "keys", "seal.key")
	if code, out, errs := runCmd(t, nil, "seal-key", "new", keyFile); code != 0 || !strings.Contains(out, keyFile) {
		t.Fatalf("seal-key new: %d %s %s", code, out, errs)
	}
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	if code, _, errs := runCmd(t, nil, "seal-key", "new", keyFile); code != 1 || !strings.Contains(errs, "exists") {
		t.Fatalf("seal-key overwrote its file: %d %s", code, errs)
	}

	db := filepath.Join(dir, "demo.db")
	if code, _, errs := runCmd(t, nil, "demo", "--db", db); code != 0 {
		t.Fatalf("demo: %d %s", code, errs)
	}
	text, err := os.ReadFile(filepath.Join(dir, "seal.key"))
	if err != nil {
		t.Fatalf("the demo's seal key: %v", err)
	}
	key, err := goumai.ParseSealKey(text)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	s := openSQLite(t, db)
	svc := workflow.New(s)
	if svc.Sealer, err = goumai.NewSealer(key); err != nil {
		t.Fatal(err)
	}
	u, _, err := s.Credentials(ctx, "supplier.kangning")
	if err != nil {
		t.Fatal(err)
	}
	ms, err := s.Memberships(ctx, u.ID)
	if err != nil || len(ms) == 0 {
		t.Fatal(err)
	}
	kang := goumai.Actor{UserID: u.ID, Username: u.Username, Org: ms[0].Org}
	for _, m := range ms {
		kang.Roles = append(kang.Roles, m.Role)
	}
	// 杭州康宁's sealed bid on the tender still open (its other bids, on the
	// demo's two awarded 磋商 and, loaded late in the year, the year's
	// projects (demo/year.go), were opened in the history).
	all, err := svc.MyBids(ctx, kang)
	if err != nil {
		t.Fatal(err)
	}
	var bids []goumai.Bid
	for _, b := range all {
		if p, err := s.Procurement(ctx, b.ProcurementID); err == nil && p.Status == goumai.ProcTendering {
			bids = append(bids, b)
		}
	}
	if len(bids) != 1 || bids[0].Submitted == nil || len(all) < 3 {
		t.Fatalf("杭州康宁's demo bids: %+v %v", all, err)
	}
	r, err := svc.BidReceipt(ctx, kang, bids[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	vkey := s.VerifierKey()
	digest := bids[0].Submitted.Content.Documents[0].SHA256
	s.Close()
	// The database's bytes, WAL included, hold nothing of the bid.
	for _, f := range []string{db, db + "-wal"} {
		raw, err := os.ReadFile(f)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"康宁投标技术方案", "组建12人社工团队", digest, bids[0].Submitted.Salt} {
			if strings.Contains(string(raw), secret) {
				t.Errorf("%s holds %q", filepath.Base(f), secret)
			}
		}
	}

	write := func(name string, r workflow.BidReceipt) string {
		t.Helper()
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("receipt.json", r)
	if code, out, errs := runCmd(t, nil, "log", "verify-receipt", "--key", vkey, good); code != 0 || !strings.HasPrefix(out, "OK: commitment "+r.Commitment) {
		t.Fatalf("verify-receipt: %d %s %s", code, out, errs)
	}
	if code, out, _ := runCmd(t, nil, "log", "verify-receipt", good); code != 0 || !strings.Contains(out, "key inside the receipt") {
		t.Errorf("verify-receipt without --key: %d %s", code, out)
	}
	// The API's answer, {"receipt": …}, as saved from GET /api/v1/bids/{id}/receipt.
	api, err := json.Marshal(map[string]any{"receipt": r})
	if err != nil {
		t.Fatal(err)
	}
	apiFile := filepath.Join(dir, "api-receipt.json")
	if err := os.WriteFile(apiFile, api, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := runCmd(t, nil, "log", "verify-receipt", "--key", vkey, apiFile); code != 0 || !strings.HasPrefix(out, "OK: commitment "+r.Commitment) {
		t.Errorf("verify-receipt of the API's answer: %d %s %s", code, out, errs)
	}
	bad := r
	bad.Commitment = strings.Repeat("1", 64)
	if code, _, errs := runCmd(t, nil, "log", "verify-receipt", "--key", vkey, write("bad.json", bad)); code != 1 || !strings.Contains(errs, "BAD") {
		t.Errorf("a tampered receipt: %d %s", code, errs)
	}
	other := addOrgKey(t)
	if code, _, errs := runCmd(t, nil, "log", "verify-receipt", "--key", other, good); code != 1 || !strings.Contains(errs, "BAD") {
		t.Errorf("another log's key: %d %s", code, errs)
	}
	if code, out, errs := runCmd(t, nil, "log", "verify", "--db", db); code != 0 || !strings.Contains(out, "log verify OK") {
		t.Errorf("log verify after the bids: %d %s %s", code, out, errs)
	}
	checkOpening(t, db, key, bids[0].ProcurementID, good)
}

// checkOpening opens the demo tender at its deadline (two bids: 废标) and
// checks the opening from the log alone: `goumai log check-opening` passes,
// with 杭州康宁's receipt among the opened; a leaf changed in the database
// (an opened price) fails it; a receipt whose bid was not opened fails it.
func checkOpening(t *testing.T, db string, key []byte, id int64, receipt string) {
	t.Helper()
	ctx := context.Background()
	s := openSQLite(t, db)
	p, err := s.Procurement(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if code, _, _ := runCmd(t, nil, "log", "check-opening", "--db", db, strconv.FormatInt(id, 10)); code != 1 {
		t.Errorf("check-opening before the opening: %d, want 1 (no close in the log)", code)
	}
	clock := goumai.NewFakeClock(p.Periods.BidDeadline.Add(time.Minute))
	s, err = sqlstore.Open(ctx, sqlstore.DSN{Dialect: sqlstore.SQLite, Path: db}, sqlstore.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil { // loads the regions
		t.Fatal(err)
	}
	svc := workflow.New(s)
	if svc.Sealer, err = goumai.NewSealer(key); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Tick(ctx); err != nil {
		t.Fatal(err)
	}
	if p, err = s.Procurement(ctx, id); err != nil || p.Status != goumai.ProcFailed {
		t.Fatalf("the demo tender after its deadline: %s %v", p.Status, err)
	}
	s.Close()
	code, out, errs := runCmd(t, nil, "log", "check-opening", "--db", db, "--receipt", receipt, strconv.FormatInt(id, 10))
	if code != 0 || !strings.Contains(out, "check-opening OK") || !strings.Contains(out, "2 bid(s) opened") || !strings.Contains(out, "杭州康宁养老服务有限公司") {
		t.Fatalf("check-opening: %d %s %s", code, out, errs)
	}
	// Another procedure's opening does not hold this receipt's bid.
	other := filepath.Join(filepath.Dir(db), "other-receipt.json")
	b, err := os.ReadFile(receipt)
	if err != nil {
		t.Fatal(err)
	}
	var r map[string]any
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	r["commitment"] = strings.Repeat("2", 64)
	b, _ = json.Marshal(r)
	if err := os.WriteFile(other, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := runCmd(t, nil, "log", "check-opening", "--db", db, "--receipt", other, strconv.FormatInt(id, 10)); code != 1 || !strings.Contains(out, "was not opened") {
		t.Errorf("check-opening with a receipt of a bid not opened: %d %s", code, out)
	}
	// A published price changed in the log's own copy of the leaf.
	s = openSQLite(t, db)
	if _, err := s.DB().ExecContext(ctx, `UPDATE events SET state = replace(state, '"price":', '"price":1') WHERE object_type = 'opened_bids'`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if code, out, _ := runCmd(t, nil, "log", "check-opening", "--db", db, strconv.FormatInt(id, 10)); code != 1 || !strings.Contains(out, "FAIL") {
		t.Errorf("check-opening of a changed opening record: %d %s", code, out)
	}
}

// addOrgKey returns the verifier key of a fresh log.
func addOrgKey(t *testing.T) string {
	t.Helper()
	return addOrg(t, filepath.Join(t.TempDir(), "other.db"), "乙")
}
