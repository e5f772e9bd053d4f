package web

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/translog"
)

// healthz answers 200 when the database answers.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.store.Ping(r.Context()); err != nil {
		s.log.Error("healthz", "err", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// checkpointView is the latest checkpoint for display.
type checkpointView struct {
	Origin  string
	Size    int64
	RootB64 string
	Note    string
}

func (s *Server) latestCheckpoint(r *http.Request) *checkpointView {
	msg, _, err := s.store.LatestCheckpoint(r.Context())
	if err != nil {
		return nil
	}
	vk, err := translog.NewVerifier(s.store.VerifierKey())
	if err != nil {
		return nil
	}
	cp, err := translog.ParseCheckpoint(msg, vk)
	if err != nil {
		s.log.Error("stored checkpoint does not verify", "err", err)
		return nil
	}
	return &checkpointView{Origin: cp.Origin, Size: cp.Size, RootB64: base64.StdEncoding.EncodeToString(cp.Root[:]), Note: string(msg)}
}

func (s *Server) portalHome(w http.ResponseWriter, r *http.Request) {
	evs, err := s.store.FindEvents(r.Context(), sqlstore.EventFilter{PublicOnly: true, Limit: 10})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Region loading is bulk reference data; show business events first when there are any.
	var shown []goumai.Event
	for _, e := range evs {
		if e.Action != "region.load" {
			shown = append(shown, e)
		}
	}
	n := 0
	if orgs, err := s.store.CountOrgs(r.Context()); err == nil {
		n = orgs
	}
	notices, err := s.svc.Notices(r.Context(), sqlstore.NoticeFilter{Limit: 5})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "home", map[string]any{
		"Checkpoint": s.latestCheckpoint(r), "Events": shown, "Regions": s.store.Regions().Len(), "Orgs": n,
		"Notices": notices.Notices,
	})
}

// prefs sets the language or font size cookie and goes back (works without JavaScript).
func (s *Server) prefs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	switch q.Get("lang") {
	case "en", "zh":
		s.setPrefCookie(w, r, langCookie, q.Get("lang"))
	}
	switch q.Get("contrast") {
	case "high":
		s.setPrefCookie(w, r, contrastCookie, "high")
	case "normal":
		s.clearCookie(w, r, contrastCookie)
	}
	if q.Get("care") == "1" { // 关怀版: the senior-friendly view, extra-large text and high contrast
		s.setPrefCookie(w, r, fontCookie, "xlarge")
		s.setPrefCookie(w, r, contrastCookie, "high")
	}
	switch f := q.Get("font"); f {
	case "large", "xlarge":
		s.setPrefCookie(w, r, fontCookie, f)
	case "normal":
		s.clearCookie(w, r, fontCookie)
	}
	http.Redirect(w, r, localPath(q.Get("back"), "/"), http.StatusSeeOther)
}

func (s *Server) setPrefCookie(w http.ResponseWriter, r *http.Request, name, v string) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: v, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		Secure: s.cfg.SecureCookies || r.TLS != nil, SameSite: http.SameSiteLaxMode})
	if sess := infoOf(r).session; sess != nil && name == langCookie {
		sess.Lang = v
		_ = s.store.UpdateSession(r.Context(), *sess)
	}
}

func (s *Server) page(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { s.render(w, r, http.StatusOK, name, nil) }
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, goumai.Errorf(goumai.ENotFound, "页面不存在", "page not found"))
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, rt := range s.registry {
		if rt.Kind == KindAPI && matchPath(rt.Path, r.URL.Path) {
			allow = append(allow, rt.Method)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		m := goumai.M("此接口不支持该请求方法", "method not allowed on this route")
		writeJSON(w, http.StatusMethodNotAllowed, apiError{Code: goumai.EInvalid, Message: m.In(infoOf(r).lang), RequestID: infoOf(r).id})
		return
	}
	s.fail(w, r, goumai.Errorf(goumai.ENotFound, "接口不存在", "no such API route"))
}

// matchPath matches a concrete path against a pattern with {name} segments.
func matchPath(pattern, path string) bool {
	p, q := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(p) != len(q) {
		return false
	}
	for i := range p {
		if !strings.HasPrefix(p[i], "{") && p[i] != q[i] {
			return false
		}
	}
	return true
}

// publicOrgs is the public directory of active organisations (individuals are not listed, REQ-W18).
func (s *Server) publicOrgs(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	after, _ := strconv.ParseInt(q.Get("after"), 10, 64)
	active := true
	list, err := s.store.FindOrgs(r.Context(), sqlstore.OrgFilter{Active: &active, Query: q.Get("q"), AfterID: after, Limit: 51})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var shown []goumai.Org
	var next int64
	for i, o := range list {
		if i == 50 {
			next = list[49].ID
			break
		}
		if directoryShows(o, q.Get("role")) {
			shown = append(shown, o)
		}
	}
	s.render(w, r, http.StatusOK, "orgs", map[string]any{"Orgs": shown, "Next": next, "Query": q.Get("q"), "Role": q.Get("role"),
		"Export": exportLinks("/orgs", q)})
}

// directoryShows is whether the public directory lists o for the role
// filter: never an individual (REQ-W18).
func directoryShows(o goumai.Org, role string) bool {
	switch {
	case o.Kind == goumai.KindIndividual:
		return false
	case role == "supplier":
		return o.CanSupply()
	case role == "purchaser":
		return o.CanPurchase()
	}
	return true
}

// orgExport is the public directory's download: every page, the page's columns.
func (s *Server) orgExport(r *http.Request, lang string) (exportTable, error) {
	t := exportTable{Header: []string{tr(lang, "org.name"), tr(lang, "org.kind"), tr(lang, "org.credit_code"), tr(lang, "org.region")}}
	q := r.URL.Query()
	active := true
	f := sqlstore.OrgFilter{Active: &active, Query: q.Get("q"), Limit: 200}
	for {
		list, err := s.store.FindOrgs(r.Context(), f)
		if err != nil {
			return t, err
		}
		for _, o := range list {
			if !directoryShows(o, q.Get("role")) {
				continue
			}
			if len(t.Rows) == listExportMax {
				t.Cut = true
				return t, nil
			}
			kind := o.Kind.Label().In(lang)
			if o.Class != "" {
				kind += " · " + o.Class.Label().In(lang)
			}
			t.Rows = append(t.Rows, []string{o.Name, kind, o.CreditCode, o.Region})
		}
		if len(list) < f.Limit {
			return t, nil
		}
		f.AfterID = list[len(list)-1].ID
	}
}
