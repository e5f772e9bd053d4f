package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The suppliers' JSON API: profiles, evidence, keys and checks; credit-list
// imports; the public list of bans and suppliers' public keys.

func (s *Server) apiSupplierProfile(w http.ResponseWriter, r *http.Request) {
	p, err := s.svc.SupplierProfile(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if p.ManagedBy == nil {
		p.ManagedBy = []goumai.Party{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"profile": p})
}

func (s *Server) apiSupplierEvidence(w http.ResponseWriter, r *http.Request) {
	current := r.URL.Query().Get("current") == "true"
	es, err := s.svc.SupplierEvidence(r.Context(), actorOf(r), pathID(r), current)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if es == nil {
		es = []goumai.Evidence{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"evidence": es})
}

// evidenceBody is the body of POST /api/v1/suppliers/{id}/evidence: the
// item's fields (dates as YYYY-MM-DD) and the file as base64.
type evidenceBody struct {
	Kind       string `json:"kind"`
	Title      string `json:"title"`
	ValidFrom  string `json:"valid_from"`
	ValidUntil string `json:"valid_until"`
	DeclaredOn string `json:"declared_on"`
	Supersedes int64  `json:"supersedes"`
	FileName   string `json:"file_name"`
	File       []byte `json:"file"`
}

// maxEvidenceBody bounds the JSON body of an upload: the file's limit in base64 and the fields.
const maxEvidenceBody = goumai.MaxFileBytes*4/3 + 8192

func (s *Server) apiEvidenceAdd(c call[evidenceBody]) (goumai.Evidence, error) {
	b := c.in
	sup := ""
	if b.Supersedes != 0 {
		sup = strconv.FormatInt(b.Supersedes, 10)
	}
	in, err := evidenceForm(b.Kind, b.Title, b.ValidFrom, b.ValidUntil, b.DeclaredOn, sup)
	if err != nil {
		return goumai.Evidence{}, err
	}
	return s.svc.AddEvidence(c.ctx(), c.a, c.id(), in, b.FileName, b.File)
}

func (s *Server) apiSupplierKeys(w http.ResponseWriter, r *http.Request) {
	ks, err := s.svc.SigningKeys(r.Context(), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ks == nil {
		ks = []goumai.PublicKey{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"keys": ks})
}

func (s *Server) apiKeyRevoke(c call[noBody]) (goumai.PublicKey, error) {
	return s.svc.RevokeKey(c.ctx(), c.a, c.id(), c.r.PathValue("key"))
}

// checkBody is the body of POST /api/v1/suppliers/{id}/checks.
type checkBody struct {
	Ref string     `json:"ref"`
	At  *time.Time `json:"at"` // the time to judge; now when absent
}

func (s *Server) apiSupplierCheckRun(c call[checkBody]) (goumai.SupplierCheck, error) {
	var at time.Time
	if c.in.At != nil {
		at = *c.in.At
	}
	return s.svc.RunSupplierCheck(c.ctx(), c.a, c.id(), c.in.Ref, at)
}

// apiSupplierChecks lists one supplier's checks (the path's), or with no
// path id every supplier's for finance staff (one's own otherwise).
func (s *Server) apiSupplierChecks(w http.ResponseWriter, r *http.Request) {
	f, err := checkFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if id := pathID(r); id != 0 {
		f.OrgID = id
	}
	f.Limit = 100
	list, err := s.svc.SupplierChecks(r.Context(), actorOf(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if list == nil {
		list = []goumai.SupplierCheck{}
	}
	var next int64
	if len(list) == f.Limit {
		next = list[len(list)-1].ID
	}
	writeJSON(w, http.StatusOK, map[string]any{"checks": list, "next_before": next})
}

func (s *Server) apiCreditLists(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := sqlstore.CreditListFilter{Kind: goumai.ListKind(q.Get("kind")), CurrentOnly: q.Get("current") == "true", Limit: 100}
	if v := q.Get("before"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			s.fail(w, r, goumai.Fields{"before": goumai.M("须为正整数", "must be a positive whole number")}.Err())
			return
		}
		f.BeforeID = n
	}
	list, err := s.svc.CreditLists(r.Context(), actorOf(r), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if list == nil {
		list = []goumai.CreditList{}
	}
	var next int64
	if len(list) == f.Limit {
		next = list[len(list)-1].ID
	}
	writeJSON(w, http.StatusOK, map[string]any{"lists": list, "next_before": next})
}

func (s *Server) apiCreditList(w http.ResponseWriter, r *http.Request) {
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	l, es, err := s.svc.CreditList(r.Context(), actorOf(r), pathID(r), after, 500)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if es == nil {
		es = []goumai.CreditEntry{}
	}
	var next int64
	if len(es) == 500 {
		next = es[len(es)-1].ID
	}
	writeJSON(w, http.StatusOK, map[string]any{"list": l, "entries": es, "next_after": next})
}

// listBody is the body of POST /api/v1/credit-lists: the file (CSV or .xlsx) as base64.
type listBody struct {
	Kind   string `json:"kind"`
	Source string `json:"source"`
	File   []byte `json:"file"`
}

func (s *Server) apiCreditListImport(c call[listBody]) (goumai.CreditList, error) {
	return s.svc.ImportCreditList(c.ctx(), c.a, workflow.ListImport{Kind: goumai.ListKind(strings.TrimSpace(c.in.Kind)), Source: c.in.Source}, c.in.File)
}

func (s *Server) apiBans(w http.ResponseWriter, r *http.Request) {
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	bans, err := s.svc.ActiveBans(r.Context(), after, 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if bans == nil {
		bans = []workflow.BanEntry{}
	}
	var next int64
	if len(bans) == 100 {
		next = bans[len(bans)-1].ID
	}
	writeJSON(w, http.StatusOK, map[string]any{"bans": bans, "next_after": next})
}
