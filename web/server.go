// Package web serves goumai over HTTP: the public portal, the staff area
// (server-rendered html/template, Chinese by default with English), the JSON API
// under /api/v1 (described by an OpenAPI 3 document), the transparency log in the
// C2SP formats, /healthz and /metrics. All routes are in routes.go, each with its
// kind and the policy's gate checked before its body is read; the use cases then
// ask goumai.Policy about the exact target.
package web

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// Config holds the web layer's settings, owned by cmd/goumai.
type Config struct {
	// SecureCookies marks cookies Secure even on plain HTTP (behind a TLS proxy).
	SecureCookies bool
	// PublicURL is the externally visible base URL, e.g. https://goumai.example.gov.cn
	// (used in the log's published URL prefix); empty means "as requested".
	PublicURL string
	// Site identifies the deployment in the footer (REQ-W3).
	SiteName, Organizer, ICP string
	// BulkDir keeps the OCDS bulk files, grown incrementally as releases are
	// published ("": streamed from the database on every request).
	BulkDir string
	// DataLicense is the licence of the published data (default CC BY 4.0).
	DataLicense string
	// DemoAccounts, when set, are shown on the sign-in page of a demo deployment.
	DemoAccounts []DemoAccount
	DemoPassword string
}

// DemoAccount is shown on a demo deployment's sign-in page.
type DemoAccount struct {
	Username, Name, Org string
	Roles               []goumai.Role // named in the page's language
}

// Server is the HTTP layer. Handlers are methods on it.
type Server struct {
	svc      *workflow.Service
	store    *sqlstore.Store
	clock    goumai.Clock
	log      *slog.Logger
	cfg      Config
	pages    *pages
	metrics  *metrics
	handler  http.Handler
	registry []Route // every route, as registered (routes.go)
	started  time.Time

	bulkFiles bulkFiles // the OCDS bulk files grown in cfg.BulkDir (ocds.go)
}

// New builds the server and its routes.
func New(svc *workflow.Service, logger *slog.Logger, cfg Config) (*Server, error) {
	if logger == nil {
		logger = slog.Default()
	}
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	s := &Server{svc: svc, store: svc.Store, clock: svc.Clock, log: logger, cfg: cfg, pages: p,
		metrics: newMetrics(prometheus.NewRegistry(), svc.Store), started: svc.Clock.Now()}
	s.handler = s.routes()
	return s, nil
}

// Routes returns every registered route.
func (s *Server) Routes() []Route { return append([]Route(nil), s.registry...) }

// ServeHTTP makes Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }
