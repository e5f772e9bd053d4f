package web

import (
	"net/http"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// Credit lists and bans (ENG-A4, ENG-A5): finance staff import them and read
// the versions; the bans in force are public.

// creditListsData is the import page's data.
func (s *Server) creditListsData(r *http.Request) (map[string]any, error) {
	lists, err := s.svc.CreditLists(r.Context(), actorOf(r), sqlstore.CreditListFilter{Limit: 100})
	if err != nil {
		return nil, err
	}
	help := map[goumai.ListKind][2][]string{}
	for _, k := range goumai.ListKinds {
		req, opt := workflow.ListColumnHelp(k)
		help[k] = [2][]string{req, opt}
	}
	return map[string]any{"Lists": lists, "Kinds": goumai.ListKinds, "Help": help, "MaxMB": workflow.MaxImportBytes >> 20,
		"MaxRows": workflow.MaxListRows, "Form": map[string]string{}}, nil
}

func (s *Server) creditListsPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.creditListsData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "credit_lists", d)
}

func (s *Server) creditListImport(w http.ResponseWriter, r *http.Request) {
	in := workflow.ListImport{Kind: goumai.ListKind(r.PostFormValue("kind")), Source: r.PostFormValue("source")}
	var l goumai.CreditList
	_, content, err := uploadedFile(r, "file")
	if err == nil {
		l, err = s.svc.ImportCreditList(r.Context(), actorOf(r), in, content)
	}
	if err == nil {
		http.Redirect(w, r, "/staff/credit-lists/"+strconv.FormatInt(l.ID, 10)+"?done=list_imported", http.StatusSeeOther)
		return
	}
	d, derr := s.creditListsData(r)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	e := goumai.AsError(err)
	d["Error"], d["Problems"] = e, sortedProblems(e, infoOf(r).lang)
	d["Form"] = map[string]string{"kind": string(in.Kind), "source": in.Source}
	s.formError(w, r, "credit_lists", d, err)
}

func (s *Server) creditListPage(w http.ResponseWriter, r *http.Request) {
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	l, es, err := s.svc.CreditList(r.Context(), actorOf(r), pathID(r), after, 200)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var next int64
	if len(es) == 200 {
		next = es[len(es)-1].ID
	}
	s.render(w, r, http.StatusOK, "credit_list", map[string]any{"L": l, "Entries": es, "Next": next})
}

// bansPage lists the procurement bans in force, nationwide (public).
func (s *Server) bansPage(w http.ResponseWriter, r *http.Request) {
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	bans, err := s.svc.ActiveBans(r.Context(), after, 100)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var next int64
	if len(bans) == 100 {
		next = bans[len(bans)-1].ID
	}
	s.render(w, r, http.StatusOK, "bans", map[string]any{"Bans": bans, "Next": next})
}
