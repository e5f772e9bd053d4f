package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/goumai/goumai"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pages holds one parsed template set per page (the layout plus the page).
type pages struct{ set map[string]*template.Template }

func loadPages() (*pages, error) {
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{set: map[string]*template.Template{}}
	for _, n := range names {
		base := strings.TrimSuffix(path.Base(n), ".html")
		if base == "layout" || strings.HasPrefix(base, "_") {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/_*.html", n)
		if err != nil {
			return nil, fmt.Errorf("template %s: %w", n, err)
		}
		p.set[base] = t
	}
	return p, nil
}

// funcs are available in every template. Functions needing the language take it
// as their first argument ($.Lang).
var funcs = template.FuncMap{
	"t":        func(lang, key string) string { return tr(lang, key) },
	"msg":      func(lang string, m goumai.Msg) string { return m.In(lang) },
	"kind":     func(lang string, k goumai.OrgKind) string { return k.Label().In(lang) },
	"class":    func(lang string, c goumai.InstitutionClass) string { return c.Label().In(lang) },
	"staffing": func(lang string, s goumai.MassOrgStaffing) string { return s.Label().In(lang) },
	"role":     func(lang string, r goumai.Role) string { return r.Label().In(lang) },
	"level":    func(lang string, l goumai.RegionLevel) string { return l.Name().In(lang) },
	"time": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(goumai.Shanghai).Format("2006-01-02 15:04")
	},
	"field": func(e *goumai.Error, lang, name string) string {
		if e == nil {
			return ""
		}
		if m, ok := e.Fields[name]; ok {
			return m.In(lang)
		}
		return ""
	},
	"eq": func(a, b any) bool { return fmt.Sprint(a) == fmt.Sprint(b) },
	// object names the kind of an event's object, falling back to the table name.
	"object": func(lang, typ string) string {
		if _, ok := messages["object."+typ]; ok {
			return tr(lang, "object."+typ)
		}
		return typ
	},
	// eventName is the human name of an event's object, from its recorded state.
	"eventName": func(e goumai.Event) string {
		if t := e.Title(); t != e.ObjectType+" "+e.ObjectID {
			return t
		}
		return ""
	},
}

// view is the data every page gets; Data is the page's own.
type view struct {
	Lang     string
	Font     string
	Contrast bool
	Path     string
	Query    string
	Actor    goumai.Actor
	CSRF     string
	Title    string
	Site     Config
	Orgs     []orgChoice // organisations the user may act for
	Data     any
	Flash    string
	Now      time.Time
	Version  string
}

type orgChoice struct {
	ID      int64
	Name    string
	Current bool
}

// render writes a page with the layout. Template errors never reach users half-written.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	info := infoOf(r)
	t, ok := s.pages.set[name]
	if !ok {
		s.log.Error("no such page", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	v := view{Lang: info.lang, Font: info.font, Contrast: info.contrast, Path: r.URL.Path, Query: r.URL.RawQuery, Actor: info.actor, Site: s.cfg, Data: data,
		Flash: r.URL.Query().Get("done"), Now: s.clock.Now()}
	if _, ok := messages["done."+v.Flash]; !ok {
		v.Flash = "" // only known confirmations, never text from the URL
	}
	if info.session != nil {
		v.CSRF = info.session.CSRF
		seen := map[int64]bool{}
		for _, m := range info.members {
			if !seen[m.Org.ID] && m.Org.Active {
				seen[m.Org.ID] = true
				v.Orgs = append(v.Orgs, orgChoice{ID: m.Org.ID, Name: m.Org.Name, Current: m.Org.ID == info.actor.Org.ID})
			}
		}
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Language", map[string]string{"zh": "zh-CN", "en": "en"}[info.lang])
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
