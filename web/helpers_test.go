package web

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

func TestMain(m *testing.M) {
	code := m.Run()
	sqltest.DropTemplates()
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	os.Exit(code)
}

// testOrigin is the log origin of the test stores (sqltest uses the same).
const testOrigin = "goumai.test/log"

// world is a web server over a database holding the demo world.
type world struct {
	store *sqlstore.Store
	svc   *workflow.Service
	srv   *Server
	clock *goumai.FakeClock
	orgs  map[string]goumai.Org // every organisation, by name
	// addr gives each request a client address; login rate limits count per address.
	addr int
	// covered records the API routes whose successful responses were validated.
	covered map[string]bool
}

// The demo world takes seconds to load (argon2id for every account), so it is
// loaded once per test binary into a SQLite file that each test copies.
var (
	demoOnce sync.Once
	demoDir  string
	demoPath string
	demoErr  error
)

func demoTemplate() (string, error) {
	demoOnce.Do(func() {
		ctx := context.Background()
		if demoDir, demoErr = os.MkdirTemp("", "goumai-web-demo-"); demoErr != nil {
			return
		}
		demoPath = filepath.Join(demoDir, "demo.db")
		s, err := sqlstore.Open(ctx, sqlstore.DSN{Dialect: sqlstore.SQLite, Path: demoPath},
			sqlstore.Options{Clock: goumai.NewFakeClock(sqltest.Start), LogOrigin: testOrigin})
		if err != nil {
			demoErr = err
			return
		}
		defer s.Close()
		if _, demoErr = s.Migrate(ctx); demoErr != nil {
			return
		}
		if _, demoErr = demo.Load(ctx, demoService(s)); demoErr != nil {
			return
		}
		if _, demoErr = s.Checkpoint(ctx); demoErr != nil {
			return
		}
		_, demoErr = s.DB().ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	})
	return demoPath, demoErr
}

// demoWorld returns a server over a fresh SQLite copy of the demo world.
func demoWorld(t testing.TB) *world {
	t.Helper()
	tpl, err := demoTemplate()
	if err != nil {
		t.Fatalf("demo template: %v", err)
	}
	path := filepath.Join(t.TempDir(), "goumai.db")
	b, err := os.ReadFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	clock := goumai.NewFakeClock(sqltest.Start)
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, sqlstore.DSN{Dialect: sqlstore.SQLite, Path: path}, sqlstore.Options{Clock: clock, LogOrigin: testOrigin})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return newWorld(t, s, clock)
}

// loadedWorld loads the demo world into an empty store (used for PostgreSQL).
func loadedWorld(t testing.TB, s *sqlstore.Store, clock *goumai.FakeClock) *world {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.Load(ctx, demoService(s)); err != nil {
		t.Fatalf("demo.Load: %v", err)
	}
	if _, err := s.Checkpoint(ctx); err != nil {
		t.Fatal(err)
	}
	return newWorld(t, s, clock)
}

// eachDemo runs fn on the demo world in SQLite and, when GOUMAI_TEST_POSTGRES
// is set, in PostgreSQL (the postgres subtest skips and says why otherwise).
func eachDemo(t *testing.T, fn func(t *testing.T, w *world)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, demoWorld(t)) })
	t.Run("postgres", func(t *testing.T) {
		clock := goumai.NewFakeClock(sqltest.Start)
		fn(t, loadedWorld(t, sqltest.Postgres(t, clock), clock))
	})
}

func newWorld(t testing.TB, s *sqlstore.Store, clock *goumai.FakeClock) *world {
	t.Helper()
	svc := workflow.New(s)
	svc.Clock = clock
	svc.PasswordParams = workflow.FastPasswordParams
	svc.Sealer = testSealer
	srv, err := New(svc, slog.New(slog.NewTextHandler(io.Discard, nil)), Config{})
	if err != nil {
		t.Fatal(err)
	}
	w := &world{store: s, svc: svc, srv: srv, clock: clock, orgs: map[string]goumai.Org{}}
	for after := int64(0); ; {
		page, err := s.FindOrgs(context.Background(), sqlstore.OrgFilter{AfterID: after, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, o := range page {
			w.orgs[o.Name] = o
		}
		after = page[len(page)-1].ID
	}
	return w
}

// org returns a demo organisation by name.
func (w *world) org(t testing.TB, name string) goumai.Org {
	t.Helper()
	o, ok := w.orgs[name]
	if !ok {
		t.Fatalf("no organisation %q in the demo world", name)
	}
	return o
}

// user returns a demo account by username.
func (w *world) user(t testing.TB, username string) goumai.User {
	t.Helper()
	u, _, err := w.store.Credentials(context.Background(), username)
	if err != nil {
		t.Fatalf("user %s: %v", username, err)
	}
	return u
}

// request describes one HTTP request of a test.
type request struct {
	method, path string
	body         string // raw body; JSON unless form is set
	form         url.Values
	bearer       string   // Authorization: Bearer
	session      *session // browser session cookie
	csrf         bool     // add the session's _csrf to the form
	header       map[string]string
	remote       string // client address; a fresh one per request when empty
}

// session is a signed-in browser session.
type session struct {
	token, csrf string
}

// response is what the server answered.
type response struct {
	status int
	header http.Header
	body   []byte
}

func (r response) json(t testing.TB) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("response is not a JSON object: %v\n%s", err, r.body)
	}
	return m
}

// do serves one request in process and returns the response.
func (w *world) do(t testing.TB, r request) response {
	t.Helper()
	var body io.Reader
	if r.form != nil || r.csrf {
		f := url.Values{}
		for k, v := range r.form {
			f[k] = v
		}
		if r.csrf && r.session != nil {
			f.Set("_csrf", r.session.csrf)
		}
		body = strings.NewReader(f.Encode())
	} else if r.body != "" {
		body = strings.NewReader(r.body)
	}
	req := httptest.NewRequest(r.method, r.path, body)
	if r.form != nil || r.csrf {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else if r.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if r.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+r.bearer)
	}
	if r.session != nil {
		req.AddCookie(&http.Cookie{Name: sessionCookie, Value: r.session.token})
	}
	for k, v := range r.header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	if r.remote == "" {
		w.addr++
		r.remote = "198.51.100." + strconv.Itoa(w.addr%250+1) + ":" + strconv.Itoa(10000+w.addr)
	}
	req.RemoteAddr = r.remote
	rec := httptest.NewRecorder()
	w.srv.ServeHTTP(rec, req)
	res := response{status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if strings.HasPrefix(req.URL.Path, "/api/v1/") {
		checkContract(t, w, r, req, res)
		checkTimes(t, req, res)
	}
	return res
}

// zeroTime is Go's zero time as JSON encodes it: a time field that was never
// set (e.g. a use case returning the struct it built from the input instead of
// the stored row).
const zeroTime = `"0001-01-01T00:00:00Z"`

// checkTimes fails the test when an API response holds the zero time: every
// recorded response of every web test is checked.
func checkTimes(t testing.TB, req *http.Request, res response) {
	t.Helper()
	if bytes.Contains(res.body, []byte(zeroTime)) {
		t.Errorf("%s %s → %d: the response holds the zero time %s: %s", req.Method, req.URL, res.status, zeroTime, compactJSON(res.body))
	}
}

// token signs in through the API and returns the bearer token.
func (w *world) token(t testing.TB, username string) string {
	t.Helper()
	return w.tokenFor(t, username, demo.Password)
}

// tokenFor signs in through the API with a password.
func (w *world) tokenFor(t testing.TB, username, password string) string {
	t.Helper()
	res := w.do(t, request{method: "POST", path: "/api/v1/auth/login",
		body: mustJSON(t, map[string]string{"username": username, "password": password})})
	if res.status != http.StatusOK {
		t.Fatalf("API sign-in as %s: %d %s", username, res.status, res.body)
	}
	tok, _ := res.json(t)["token"].(string)
	if tok == "" {
		t.Fatalf("API sign-in as %s: no token in %s", username, res.body)
	}
	return tok
}

// login signs in through the web form and returns the browser session.
func (w *world) login(t testing.TB, username string) *session {
	t.Helper()
	return w.loginAs(t, username, demo.Password)
}

// loginAs signs in through the sign-in form with a password.
func (w *world) loginAs(t testing.TB, username, password string) *session {
	t.Helper()
	res := w.do(t, request{method: "POST", path: "/login", form: url.Values{"username": {username}, "password": {password}}})
	if res.status != http.StatusSeeOther {
		t.Fatalf("web sign-in as %s: %d", username, res.status)
	}
	var tok string
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.Name == sessionCookie {
			tok = c.Value
		}
	}
	if tok == "" {
		t.Fatalf("web sign-in as %s: no session cookie", username)
	}
	ss, err := w.store.Session(context.Background(), workflow.TokenID(tok), w.clock.Now())
	if err != nil {
		t.Fatalf("web sign-in as %s: session: %v", username, err)
	}
	return &session{token: tok, csrf: ss.CSRF}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// counts is what a refused request must leave unchanged.
type counts struct {
	tree, orgs, users, memberships int64
}

func (w *world) counts(t testing.TB) counts {
	t.Helper()
	ctx := context.Background()
	var c counts
	var err error
	if c.tree, err = w.store.TreeSize(ctx); err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		sql string
		n   *int64
	}{{"SELECT count(*) FROM orgs", &c.orgs}, {"SELECT count(*) FROM users", &c.users}, {"SELECT count(*) FROM memberships", &c.memberships}} {
		if err := w.store.DB().QueryRowContext(ctx, q.sql).Scan(q.n); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// treeSize returns the size of the transparency log.
func (w *world) treeSize(t testing.TB) int64 {
	t.Helper()
	n, err := w.store.TreeSize(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// compactJSON is a small helper for messages.
func compactJSON(b []byte) string {
	var buf bytes.Buffer
	if json.Compact(&buf, b) != nil {
		return string(b)
	}
	return buf.String()
}

// testSealer is the web tests' seal key: one fixed key, so that the bids the
// demo loader sealed open in every test world made from it.
var testSealer = func() *goumai.Sealer {
	sl, err := goumai.NewSealer([]byte("goumai web tests' seal key, 32 B"))
	if err != nil {
		panic(err) // a constant key of the right size
	}
	return sl
}()

// demoService is the service the demo loader writes with: the tests' seal key.
func demoService(s *sqlstore.Store) *workflow.Service {
	svc := workflow.New(s)
	svc.Sealer = testSealer
	return svc
}
