package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/federation"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/web"
	"github.com/goumai/goumai/workflow"
)

func init() {
	commands["serve"] = command{summary: "run the web UI, the JSON API and the public portal", run: runServe}
}

// checkpointEvery is how often serve signs a checkpoint when the log grew.
const checkpointEvery = 10 * time.Second

// tickEvery is how often serve applies the due time-driven transitions (the
// scheduler; goumai tick does the same once). A deadline is judged at commit
// by the use cases themselves, so the tick only moves the state along.
const tickEvery = 5 * time.Second

func runServe(e *env) int {
	fs := newFlags(e, "serve")
	addr := fs.String("addr", "127.0.0.1:8080", "listen address HOST:PORT (port 0 picks a free port)")
	db := dbFlag(fs)
	origin := originFlag(fs)
	withDemo := fs.Bool("demo", false, "load the demo data set when the database is empty and print the demo accounts")
	publicURL := fs.String("public-url", "", "externally visible base URL (e.g. https://goumai.example.gov.cn)")
	secure := fs.Bool("secure-cookies", false, "mark cookies Secure (set when behind a TLS proxy)")
	organizer := fs.String("organizer", "", "主办单位 shown in the footer")
	icp := fs.String("icp", "", "ICP备案号 shown in the footer")
	logLevel := fs.String("log-level", "info", "log level: debug, info, warn, error")
	sealKey := sealKeyFlag(fs)
	ocidPrefix := ocidPrefixFlag(fs)
	bulkDir := fs.String("bulk-dir", "", "directory of the OCDS bulk files, grown as releases are published (default: ocds/ beside a SQLite database; none: streamed)")
	license := fs.String("data-license", web.DefaultDataLicense, "licence of the published open data (a URL)")
	natsURL := fs.String("nats", "", "federation: NATS JetStream URL (e.g. nats://127.0.0.1:4222) to publish the public events to and consume the trusted instances' from; off when empty")
	instance := fs.String("instance", "", "federation: this instance's name (the NATS subject goumai.NAME.REGION and stream GOUMAI_NAME); required with --nats")
	trust := fs.String("trust", "", "federation: file listing the trusted instances (JSON: [{\"name\", \"vkey\", \"stream\", \"subjects\"}])")
	if !parseFlags(e, fs, e.args) {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(e.stderr, "goumai serve: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fmt.Fprintf(e.stderr, "goumai serve: --log-level: %v\n", err)
		return 2
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	if _, err := sqlstore.ParseDSN(*db); err != nil {
		fmt.Fprintf(e.stderr, "goumai serve: --db: %v\n", err)
		return 2
	}
	var peers []federation.Peer
	if *natsURL != "" {
		if err := federation.CheckInstanceName(*instance); err != nil {
			fmt.Fprintf(e.stderr, "goumai serve: --instance: %v\n", err)
			return 2
		}
		if *trust != "" {
			var err error
			if peers, err = federation.LoadTrust(*trust); err != nil {
				fmt.Fprintf(e.stderr, "goumai serve: --trust: %v\n", err)
				return 2
			}
		}
	} else if *trust != "" || *instance != "" {
		fmt.Fprintln(e.stderr, "goumai serve: --instance and --trust need --nats")
		return 2
	}
	var clock goumai.Clock // the system clock; the demo loader writes its history on a shift clock
	if *withDemo {
		clock = &goumai.ShiftClock{}
	}
	store, ok := openStoreWith(e, "serve", *db, sqlstore.Options{LogOrigin: *origin, Clock: clock, OCIDPrefix: *ocidPrefix, PublicURL: *publicURL,
		Outbox: *natsURL != ""})
	if !ok {
		return 1
	}
	defer store.Close()
	svc := workflow.New(store)
	if svc.Sealer, ok = loadSealer(e, "serve", *sealKey, *db, *withDemo); !ok {
		return 1
	}
	if *bulkDir == "" {
		if dsn, _ := sqlstore.ParseDSN(*db); dsn.Dialect == sqlstore.SQLite {
			*bulkDir = filepath.Join(filepath.Dir(dsn.Path), "ocds")
		}
	}
	cfg := web.Config{PublicURL: *publicURL, SecureCookies: *secure, Organizer: *organizer, ICP: *icp, BulkDir: *bulkDir, DataLicense: *license}
	if *withDemo {
		accounts, err := ensureDemo(e, store, svc)
		if err != nil {
			fmt.Fprintf(e.stderr, "goumai serve: demo data: %v\n", err)
			return 1
		}
		for _, a := range accounts {
			cfg.DemoAccounts = append(cfg.DemoAccounts, web.DemoAccount{Username: a.Username, Name: a.DisplayName, Org: a.Org, Roles: a.Roles})
		}
		cfg.DemoPassword = demo.Password
		printAccounts(e, accounts)
	}
	if _, err := store.Checkpoint(e.ctx); err != nil {
		fmt.Fprintf(e.stderr, "goumai serve: sign checkpoint: %v\n", err)
		return 1
	}
	srv, err := web.New(svc, logger, cfg)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai serve: %v\n", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai serve: --addr %s: %v\n", *addr, err)
		return 1
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn)}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(e.stdout, "goumai serving on %s (database %s)\n", url, mustDSN(*db))
	fmt.Fprintf(e.stdout, "Transparency log verifier key: %s\n", store.VerifierKey())

	ctx, cancel := context.WithCancel(e.ctx)
	defer cancel()
	go background(ctx, store, svc, logger)
	if *natsURL != "" {
		stop, err := federation.Start(ctx, store, federation.Config{URL: *natsURL, Instance: *instance, Peers: peers, Logger: logger})
		if err != nil {
			fmt.Fprintf(e.stderr, "goumai serve: --nats: %v\n", err)
			return 1
		}
		defer stop()
		fmt.Fprintf(e.stdout, "Federation: instance %s publishing to %s on %s; trusting %d instance(s)\n", *instance, federation.StreamName(*instance), *natsURL, len(peers))
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(e.stderr, "goumai serve: %v\n", err)
			return 1
		}
	case <-e.ctx.Done():
		fmt.Fprintln(e.stdout, "shutting down…")
		sctx, scancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer scancel()
		if err := hs.Shutdown(sctx); err != nil {
			fmt.Fprintf(e.stderr, "goumai serve: shutdown: %v\n", err)
			return 1
		}
	}
	cancel()
	if _, err := store.Checkpoint(context.Background()); err != nil {
		fmt.Fprintf(e.stderr, "goumai serve: final checkpoint: %v\n", err)
	}
	return 0
}

// background signs checkpoints while the log grows, applies the due
// time-driven transitions (at once, so that ticks missed while serve was down
// heal, then every tickEvery), removes expired sessions and forgets stale
// throttle counters.
func background(ctx context.Context, store *sqlstore.Store, svc *workflow.Service, logger *slog.Logger) {
	tick := func() {
		if n, err := svc.Tick(ctx); err != nil && ctx.Err() == nil {
			logger.Error("tick", "moved", n, "err", err)
		} else if n > 0 {
			logger.Info("tick", "moved", n)
		}
	}
	tick()
	cp := time.NewTicker(checkpointEvery)
	defer cp.Stop()
	tk := time.NewTicker(tickEvery)
	defer tk.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tk.C:
			tick()
		case <-cp.C:
			if _, err := store.Checkpoint(ctx); err != nil && ctx.Err() == nil {
				logger.Error("sign checkpoint", "err", err)
			}
			if _, err := store.DeleteExpiredSessions(ctx, svc.Clock.Now()); err != nil && ctx.Err() == nil {
				logger.Error("expire sessions", "err", err)
			}
			if _, err := svc.ForgetStaleThrottle(ctx); err != nil && ctx.Err() == nil {
				logger.Error("forget stale throttle rows", "err", err)
			}
		}
	}
}

func mustDSN(s string) string {
	d, err := sqlstore.ParseDSN(s)
	if err != nil {
		return s
	}
	return d.String()
}

// ensureDemo loads the demo world into an empty database; a database that
// already holds it keeps its data. Other data is left alone and no accounts are shown.
func ensureDemo(e *env, store *sqlstore.Store, svc *workflow.Service) (demo.Accounts, error) {
	loaded, err := demo.Loaded(e.ctx, store)
	if err != nil {
		return nil, err
	}
	if loaded {
		return demo.List(), nil
	}
	empty, err := demo.Empty(e.ctx, store)
	if err != nil {
		return nil, err
	}
	if !empty {
		fmt.Fprintln(e.stderr, "goumai serve: --demo: the database already holds other data; demo data not loaded")
		return nil, nil
	}
	fmt.Fprintln(e.stdout, "Loading the demo data set…")
	return demo.Load(e.ctx, svc)
}

func printAccounts(e *env, accounts demo.Accounts) {
	if len(accounts) == 0 {
		return
	}
	fmt.Fprintf(e.stdout, "\nDemo accounts (password for all: %s):\n", demo.Password)
	if err := accounts.WriteTable(e.stdout); err != nil {
		fmt.Fprintf(e.stderr, "goumai serve: %v\n", err)
	}
	fmt.Fprintln(e.stdout)
}
