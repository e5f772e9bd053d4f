package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goumai/goumai"
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
	bids, err := svc.MyBids(ctx, kang)
	if err != nil || len(bids) != 1 || bids[0].Submitted == nil {
		t.Fatalf("杭州康宁's demo bid: %+v %v", bids, err)
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
}

// addOrgKey returns the verifier key of a fresh log.
func addOrgKey(t *testing.T) string {
	t.Helper()
	return addOrg(t, filepath.Join(t.TempDir(), "other.db"), "乙")
}
