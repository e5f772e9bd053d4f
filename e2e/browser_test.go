package e2e

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/web"
	"github.com/goumai/goumai/workflow"
)

const (
	// envBrowser names the Chromium binary; setting it makes a missing browser a failure.
	envBrowser = "GOUMAI_TEST_BROWSER"
	// envScreenshots names a directory for screenshots; unset means none are written.
	envScreenshots = "GOUMAI_TEST_SCREENSHOTS"
	// stepTimeout bounds each step so that a stuck page fails the test, not the
	// whole go test run; generous, for a loaded 2-core CI machine.
	stepTimeout = 60 * time.Second
)

// browserPath finds the Chromium binary, or skips the test when there is none
// and nobody asked for browser tests (neither GOUMAI_TEST_BROWSER nor CI is set).
func browserPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv(envBrowser); p != "" {
		path, err := exec.LookPath(p)
		if err != nil {
			t.Fatalf("%s=%s: %v", envBrowser, p, err)
		}
		return path
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	const how = "install Debian's chromium (apt-get install chromium fonts-noto-cjk) or set " +
		envBrowser + "=/path/to/chromium; .ci/run does both"
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but no Chromium was found: %s", how)
	}
	t.Skipf("browser tests skipped: no Chromium found; %s", how)
	return ""
}

// newBrowser starts a headless Chromium with a fresh profile and returns the
// context of its first tab; the browser stops when the test ends.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	path := browserPath(t)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox cannot start
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), // /dev/shm is small in containers
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	// The first call starts the browser and binds it to ctx, which has no
	// deadline; later steps get their own deadlines (see chromedp.NewContext).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start %s: %v", path, err)
	}
	return ctx
}

// site is goumai's web layer on a test server with the demo world loaded.
type site struct {
	URL   string
	Store *sqlstore.Store
	Clock *goumai.FakeClock // the store's clock: a test moves it to drive deadlines
	Svc   *workflow.Service // the server's service: its scheduler (Tick) is the test's to run
}

// startSite loads the demo world into a fresh SQLite database, signs a
// checkpoint as goumai serve does, and serves the web layer on a local port.
// Each setup function configures the service before the demo loads (a seal
// key, say, as goumai serve --demo loads one).
func startSite(t *testing.T, setup ...func(*workflow.Service)) site {
	t.Helper()
	clock := goumai.NewFakeClock(sqltest.Start)
	return startSiteOn(t, sqltest.SQLite(t, clock), clock, setup...)
}

// startSiteOn is startSite on a given fresh store (PostgreSQL, say) and its clock.
func startSiteOn(t *testing.T, store *sqlstore.Store, clock *goumai.FakeClock, setup ...func(*workflow.Service)) site {
	t.Helper()
	ctx := context.Background()
	svc := workflow.New(store)
	for _, f := range setup {
		f(svc)
	}
	accounts, err := demo.Load(ctx, svc)
	if err != nil {
		t.Fatalf("load demo: %v", err)
	}
	if _, err := store.Checkpoint(ctx); err != nil {
		t.Fatalf("sign checkpoint: %v", err)
	}
	cfg := web.Config{DemoPassword: demo.Password}
	for _, a := range accounts {
		cfg.DemoAccounts = append(cfg.DemoAccounts, web.DemoAccount{Username: a.Username, Name: a.DisplayName, Org: a.Org, Roles: a.Roles})
	}
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv, err := web.New(svc, logger, cfg)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return site{URL: ts.URL, Store: store, Clock: clock, Svc: svc}
}

// do runs steps with a deadline and fails the test with what it was doing.
func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(sctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// run runs one action that returns a value, with a deadline.
func run[T any](t *testing.T, ctx context.Context, what string, a chromedp.Action[T]) T {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(sctx, a)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// follow runs steps that trigger a navigation (a click on a link or a submit
// button), waits for the new page and returns its HTTP status.
func follow(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) int64 {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, stepTimeout)
	defer cancel()
	resp, err := chromedp.RunResponse(sctx, steps...)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return resp.Status
}

// click clicks the element and checks that the page it leads to answers 200.
func click(t *testing.T, ctx context.Context, what, css string) {
	t.Helper()
	if status := follow(t, ctx, what, chromedp.Click(chromedp.CSS(css))); status != 200 {
		t.Fatalf("%s: status %d, want 200", what, status)
	}
}

// open navigates to path on the site and checks for a 200.
func open(t *testing.T, ctx context.Context, s site, path string) {
	t.Helper()
	if resp := run(t, ctx, "open "+path, chromedp.NavigateResponse(s.URL+path)); resp.Status != 200 {
		t.Fatalf("open %s: status %d, want 200", path, resp.Status)
	}
}

// screenshot saves the whole page as name.png under GOUMAI_TEST_SCREENSHOTS,
// for a person to look at; without the variable it does nothing.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv(envScreenshots)
	if dir == "" {
		return
	}
	png := run(t, ctx, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	t.Logf("screenshot: %s", path)
}

// text returns the visible text of the first element matching the CSS selector.
func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	return strings.TrimSpace(run(t, ctx, "read "+css, chromedp.Text(chromedp.CSS(css))))
}

// eval evaluates a JavaScript expression in the page and decodes its result.
func eval[T any](t *testing.T, ctx context.Context, what, js string) T {
	t.Helper()
	return run(t, ctx, what, chromedp.Evaluate[T](js))
}
