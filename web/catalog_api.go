package web

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// apiCatalogVersions lists the readable versions of a tier (?region=, default
// central) or of a department (?dept=).
func (s *Server) apiCatalogVersions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	region, err := s.listRegion(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if region == "" {
		region = goumai.NationalCode
	}
	dept, _ := strconv.ParseInt(q.Get("dept"), 10, 64)
	vs, err := s.svc.CatalogVersions(r.Context(), actorOf(r), region, dept)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if vs == nil {
		vs = []sqlstore.CatalogVersionRow{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"versions": vs})
}

// apiCatalogVersion returns a version with its items in code order.
func (s *Server) apiCatalogVersion(w http.ResponseWriter, r *http.Request) {
	v, items, err := s.svc.CatalogItems(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if items == nil {
		items = []goumai.CatalogItem{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"version": v, "items": items})
}

func (s *Server) apiCatalogItemAdd(c call[workflow.CatalogItemInput]) (goumai.CatalogItem, error) {
	return s.svc.AddCatalogItem(c.ctx(), c.a, c.id(), c.in)
}

func (s *Server) apiCatalogItemUpdate(c call[workflow.CatalogItemInput]) (goumai.CatalogItem, error) {
	return s.svc.UpdateCatalogItem(c.ctx(), c.a, c.id(), c.r.PathValue("code"), c.in)
}

func (s *Server) apiCatalogItemDelete(c call[noBody]) (struct{}, error) {
	return struct{}{}, s.svc.DeleteCatalogItem(c.ctx(), c.a, c.id(), c.r.PathValue("code"))
}

// opinionBody is the body of a review step.
type opinionBody struct {
	Opinion string `json:"opinion"`
}

// catalogStep adapts submit, return and publish, which take an opinion.
func catalogStep(uc func(context.Context, goumai.Actor, int64, string) (sqlstore.CatalogVersionRow, error)) endpoint {
	return action(http.StatusOK, "version", func(c call[opinionBody]) (sqlstore.CatalogVersionRow, error) {
		return uc(c.ctx(), c.a, c.id(), c.in.Opinion)
	})
}

func (s *Server) apiCatalogTrail(w http.ResponseWriter, r *http.Request) {
	trail, err := s.svc.CatalogTrail(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if trail == nil {
		trail = []sqlstore.CatalogReview{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"trail": trail})
}

func (s *Server) apiCatalogDiff(w http.ResponseWriter, r *http.Request) {
	from, err1 := strconv.ParseInt(r.URL.Query().Get("from"), 10, 64)
	to, err2 := strconv.ParseInt(r.URL.Query().Get("to"), 10, 64)
	if err1 != nil || err2 != nil {
		s.fail(w, r, goumai.Fields{"from": goumai.M("请给出两个版本编号 from 和 to", "give two version ids, from and to")}.Err())
		return
	}
	d, err := s.svc.CatalogDiff(r.Context(), actorOf(r), from, to)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, l := range []*[]goumai.CatalogItem{&d.Added, &d.Removed} {
		if *l == nil {
			*l = []goumai.CatalogItem{}
		}
	}
	if d.Changed == nil {
		d.Changed = []goumai.CatalogChange{}
	}
	writeJSON(w, http.StatusOK, d)
}

// apiCatalogLookup resolves a code for a purchaser (region, optional
// department) at a time (default now) by the rule of CatalogItemInForce.
func (s *Server) apiCatalogLookup(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := goumai.Fields{}
	region, code := q.Get("region"), q.Get("code")
	if _, ok := s.store.Regions().Get(region); !ok {
		f.Add("region", "区划代码不存在", "unknown region code")
	}
	if !goumai.ValidCatalogCode(code) {
		f.Add("code", "目录编码格式不正确", "malformed catalogue code")
	}
	dept, err := strconv.ParseInt(q.Get("dept"), 10, 64)
	if q.Get("dept") != "" && err != nil {
		f.Add("dept", "部门编号须为整数", "dept must be an integer")
	}
	at := s.clock.Now()
	if v := q.Get("at"); v != "" {
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			f.Add("at", "时间须为 RFC 3339 格式", "at must be an RFC 3339 time")
		}
		at = t
	}
	if err := f.Err(); err != nil {
		s.fail(w, r, err)
		return
	}
	it, leaf, v, err := s.store.CatalogItemInForce(r.Context(), region, dept, code, at)
	found := err == nil
	if err != nil && goumai.ErrorCode(err) != goumai.ENotFound {
		s.fail(w, r, err)
		return
	}
	if v.ID == 0 {
		s.fail(w, r, goumai.ErrNotFound("现行目录版本", "catalogue version in force"))
		return
	}
	row, err := s.svc.CatalogVersion(r.Context(), goumai.Actor{}, v.ID) // in force at "at", so public; its status is now's
	if err != nil {
		s.fail(w, r, err)
		return
	}
	out := map[string]any{"version": row, "found": found, "leaf": leaf, "purchasable": found && it.Purchasable(leaf)}
	if found {
		out["item"] = it
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiSuggestions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	region, err := s.listRegion(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if region == "" {
		region = goumai.NationalCode
	}
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	status := q.Get("status")
	if status != "" && status != goumai.SuggestionOpen && status != goumai.SuggestionAnswered {
		s.fail(w, r, goumai.Fields{"status": goumai.M("状态须为 open 或 answered", "status must be open or answered")}.Err())
		return
	}
	list, err := s.store.FindSuggestions(r.Context(), sqlstore.SuggestionFilter{Region: region, Status: status, BeforeID: before, Limit: 50})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var next int64
	if len(list) == 50 {
		next = list[len(list)-1].ID
	}
	if list == nil {
		list = []goumai.Suggestion{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"suggestions": list, "next_before": next})
}

func (s *Server) apiSuggest(c call[workflow.SuggestionInput]) (goumai.Suggestion, error) {
	return s.svc.SubmitSuggestion(c.ctx(), c.in)
}

// answerBody is the body of an answer (to a suggestion, to an objection).
type answerBody struct {
	Answer string `json:"answer"`
}

func (s *Server) apiSuggestionAnswer(c call[answerBody]) (goumai.Suggestion, error) {
	return s.svc.AnswerSuggestion(c.ctx(), c.a, c.id(), c.in.Answer)
}
