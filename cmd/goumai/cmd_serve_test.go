package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// runCmd runs a command with the given environment variables.
func runCmd(t *testing.T, environ map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(&env{ctx: context.Background(), args: args, stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
		getenv: func(k string) string { return environ[k] }})
	return code, out.String(), errOut.String()
}

func TestBadFlagsAndDSN(t *testing.T) {
	for _, c := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"serve", "--nope"}, nil, "flag provided but not defined"},
		{[]string{"serve", "--db", "mysql://x/y"}, nil, "unsupported database DSN"},
		{[]string{"migrate", "--db", ""}, nil, "empty database DSN"},
		{[]string{"serve"}, map[string]string{"GOUMAI_DB": "oracle://x"}, "unsupported database DSN"},
		{[]string{"log", "verify", "--db", "postgres://"}, nil, "invalid PostgreSQL URL"},
		{[]string{"frobnicate"}, nil, "unknown command"},
	} {
		code, _, stderr := runCmd(t, c.env, c.args...)
		if code == 0 || !strings.Contains(stderr, c.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("%v: exit %d, stderr %q; want one line containing %q", c.args, code, stderr, c.want)
		}
	}
}

func TestUnaudited(t *testing.T) {
	code, out, _ := runCmd(t, nil, "log", "verify", "--unaudited")
	if code != 0 || out != "schema_migrations\nsessions\nthrottle\nsupplier_data_version\nfed_peers\nfed_inbox\nfed_credit_lists\nfed_credit_entries\nfed_stats\nfed_grades\nfed_forks\n" {
		t.Errorf("exit %d, output %q", code, out)
	}
}

// TestServe starts the whole system on a fresh SQLite file with demo data, checks
// /healthz and the Chinese portal, and shuts it down gracefully.
func TestServe(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the demo world")
	}
	db := filepath.Join(t.TempDir(), "serve.db")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var errOut bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(&env{ctx: ctx, args: []string{"serve", "--addr", "127.0.0.1:0", "--demo"}, stdin: strings.NewReader(""),
			stdout: pw, stderr: &errOut, getenv: func(k string) string {
				if k == "GOUMAI_DB" {
					return db // flags may come from the environment
				}
				return ""
			}})
		pw.Close()
	}()
	addrRE := regexp.MustCompile(`serving on (http://\S+)`)
	sc := bufio.NewScanner(pr)
	var base string
	var sawAccounts bool
	for sc.Scan() {
		if strings.Contains(sc.Text(), "zj.admin") {
			sawAccounts = true
		}
		if m := addrRE.FindStringSubmatch(sc.Text()); m != nil {
			base = strings.TrimSuffix(m[1], "/")
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" {
		cancel()
		t.Fatalf("serve did not start: %s", errOut.String())
	}
	if !sawAccounts {
		t.Error("serve --demo did not print the demo accounts")
	}
	get := func(path string) (int, string) {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Errorf("/healthz: %d %s", code, body)
	}
	if code, body := get("/"); code != 200 || !strings.Contains(body, `lang="zh-CN"`) || !strings.Contains(body, "政府购买服务") || !strings.Contains(body, "最新签名检查点") {
		t.Errorf("portal: %d", code)
	}
	if code, body := get("/log/checkpoint"); code != 200 || !strings.HasPrefix(body, "goumai.local/log\n") {
		t.Errorf("/log/checkpoint: %d %q", code, body)
	}
	// The demo's failed 磋商 was opened at its deadline: its opening checks
	// out over HTTP from the public log alone, with the key the log page shows.
	_, logPage := get("/log")
	vkey := html.UnescapeString(regexp.MustCompile(`id="log-vkey" class="hash">([^<]+)<`).FindStringSubmatch(logPage)[1])
	_, list := get("/api/v1/procurements?status=failed")
	var failed struct {
		Procurements []struct {
			ID int64 `json:"id"`
		} `json:"procurements"`
	}
	if err := json.Unmarshal([]byte(list), &failed); err != nil || len(failed.Procurements) != 1 {
		t.Fatalf("the demo's failed procedures: %v %s", err, list)
	}
	id := strconv.FormatInt(failed.Procurements[0].ID, 10)
	if code, out, errs := runCmd(t, nil, "log", "check-opening", "--log", base+"/log", "--key", vkey, id); code != 0 || !strings.Contains(out, "check-opening OK") {
		t.Errorf("check-opening over HTTP: %d %s %s", code, out, errs)
	}
	if code, _, errs := runCmd(t, nil, "log", "check-opening", "--log", base+"/log", "--key", addOrgKey(t), id); code != 1 || !strings.Contains(errs, "verif") {
		t.Errorf("check-opening with another log's key: %d %s", code, errs)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, errOut.String())
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not shut down")
	}

	// The database it leaves verifies; tampering with any table makes verify fail.
	if code, out, errs := runCmd(t, nil, "log", "verify", "--db", db); code != 0 {
		t.Fatalf("verify after serve: %d %s %s", code, out, errs)
	}
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var pwHash string
	if err := raw.QueryRow(`SELECT password_hash FROM credentials WHERE user_id = 1`).Scan(&pwHash); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		do, undo, want string
		args           []any
	}{
		{`UPDATE orgs SET name = name || 'X' WHERE id = 3`, `UPDATE orgs SET name = substr(name, 1, length(name) - 1) WHERE id = 3`, "orgs 3: row differs", nil},
		{`UPDATE memberships SET org_id = 1 WHERE id = 40`, `UPDATE memberships SET org_id = (SELECT json_extract(state, '$.org_id') FROM events WHERE object_type = 'memberships' AND object_id = '40' ORDER BY id DESC LIMIT 1) WHERE id = 40`, "memberships 40", nil},
		{`UPDATE credentials SET password_hash = 'x' WHERE user_id = 1`, `UPDATE credentials SET password_hash = $1 WHERE user_id = 1`, "credentials 1", []any{pwHash}},
		{`INSERT INTO regions (code, name, level, parent) VALUES ('330199', '假区', 3, '330100')`, `DELETE FROM regions WHERE code = '330199'`, "regions 330199", nil},
		{`UPDATE events SET actor = 'someone' WHERE id = 3000`, `UPDATE events SET actor = (SELECT actor FROM events WHERE id = 2999) WHERE id = 3000`, "event 3000 does not match its leaf hash", nil},
		{`DELETE FROM memberships WHERE id = (SELECT max(id) FROM memberships)`, ``, "deleted behind", nil},
	} {
		if _, err := raw.Exec(c.do); err != nil {
			t.Fatalf("%s: %v", c.do, err)
		}
		code, out, _ := runCmd(t, nil, "log", "verify", "--db", db)
		if code == 0 || !strings.Contains(out, c.want) {
			t.Errorf("after %q: exit %d, output lacks %q:\n%s", c.do, code, c.want, out)
		}
		if c.undo == "" {
			continue
		}
		if _, err := raw.Exec(c.undo, c.args...); err != nil {
			t.Fatalf("%s: %v", c.undo, err)
		}
		if code, out, _ := runCmd(t, nil, "log", "verify", "--db", db); code != 0 {
			t.Fatalf("after undoing %q: %s", c.do, out)
		}
	}
}
