package web

import (
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/translog"
)

// logPrefix is the log's public URL prefix (C2SP tlog-tiles).
func (s *Server) logPrefix(r *http.Request) string {
	if s.cfg.PublicURL != "" {
		return strings.TrimSuffix(s.cfg.PublicURL, "/") + "/log"
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host + "/log"
}

func (s *Server) logPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "log", map[string]any{
		"Prefix": s.logPrefix(r), "VKey": s.store.VerifierKey(), "Origin": s.store.LogOrigin(), "Checkpoint": s.latestCheckpoint(r),
	})
}

// logCheckpoint serves the latest signed checkpoint (C2SP tlog-checkpoint).
func (s *Server) logCheckpoint(w http.ResponseWriter, r *http.Request) {
	msg, _, err := s.store.LatestCheckpoint(r.Context())
	if err != nil {
		http.Error(w, "no checkpoint yet", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(msg)
}

// logTile serves hash tiles and entry bundles (C2SP tlog-tiles) up to the latest
// checkpoint's tree size; full tiles are immutable and cacheable for long.
func (s *Server) logTile(w http.ResponseWriter, r *http.Request) {
	p, err := translog.ParseTilePath("tile/" + r.PathValue("path"))
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	_, size, err := s.store.LatestCheckpoint(r.Context())
	if err != nil {
		http.Error(w, "no checkpoint yet", http.StatusNotFound)
		return
	}
	b, err := translog.ReadTile(r.Context(), s.store, size, p)
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	if p.Partial() {
		w.Header().Set("Cache-Control", "no-cache")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	w.Write(b)
}

func (s *Server) apiCheckpoint(w http.ResponseWriter, r *http.Request) {
	cp := s.latestCheckpoint(r)
	if cp == nil {
		s.fail(w, r, goumai.ErrNotFound("检查点", "checkpoint"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"origin": cp.Origin, "tree_size": cp.Size, "root_hash": cp.RootB64,
		"note": cp.Note, "verifier_key": s.store.VerifierKey(), "prefix": s.logPrefix(r)})
}

func queryInt(r *http.Request, name string) (int64, error) {
	v, err := strconv.ParseInt(r.URL.Query().Get(name), 10, 64)
	if err != nil || v < 0 {
		return 0, goumai.Fields{name: goumai.M("须为非负整数", "must be a non-negative integer")}.Err()
	}
	return v, nil
}

// apiInclusion proves that leaf is in the tree of the given size (default: the latest checkpoint).
func (s *Server) apiInclusion(w http.ResponseWriter, r *http.Request) {
	leaf, err := queryInt(r, "leaf")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	size, err := s.proofSize(r, "size")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if leaf >= size {
		s.fail(w, r, goumai.Fields{"leaf": goumai.M("叶子序号须小于树大小", "leaf must be below the tree size")}.Err())
		return
	}
	p, err := translog.InclusionProof(r.Context(), s.store, leaf, size)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	ev, err := s.store.Event(r.Context(), leaf)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	h := translog.LeafHash(ev.LeafData())
	writeJSON(w, http.StatusOK, map[string]any{"proof": translog.NewInclusion(leaf, size, p), "leaf_hash": base64.StdEncoding.EncodeToString(h[:])})
}

func (s *Server) apiConsistency(w http.ResponseWriter, r *http.Request) {
	old, err := queryInt(r, "old")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	size, err := s.proofSize(r, "new")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if old == 0 || old > size {
		s.fail(w, r, goumai.Fields{"old": goumai.M("须在 1 与新树大小之间", "must be between 1 and the new size")}.Err())
		return
	}
	p, err := translog.ConsistencyProof(r.Context(), s.store, old, size)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"proof": translog.NewConsistency(old, size, p)})
}

// proofSize reads a tree size that must not exceed the latest signed checkpoint.
func (s *Server) proofSize(r *http.Request, name string) (int64, error) {
	_, latest, err := s.store.LatestCheckpoint(r.Context())
	if err != nil {
		return 0, err
	}
	if r.URL.Query().Get(name) == "" {
		return latest, nil
	}
	size, err := queryInt(r, name)
	if err != nil {
		return 0, err
	}
	if size > latest || size == 0 {
		return 0, goumai.Fields{name: goumai.M("须在 1 与最新检查点的树大小之间", "must be between 1 and the latest checkpoint's size")}.Err()
	}
	return size, nil
}

// eventView is an event as the API shows it: private events only to those who may see them.
func (s *Server) canSeeEvent(a goumai.Actor, e goumai.Event) bool {
	if e.Public {
		return true
	}
	return s.svc.Policy.Can(a, goumai.ActViewPrivate, goumai.Target{Region: e.Region, OrgID: e.OrgID, UserID: e.ActorUserID}) == nil
}

// eventPage shows one event, its leaf and how to check it (public events, or
// private ones to those who may see them).
func (s *Server) eventPage(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, goumai.ErrNotFound("事件", "event"))
		return
	}
	e, err := s.store.Event(r.Context(), id)
	if err != nil || !s.canSeeEvent(actorOf(r), e) {
		s.fail(w, r, goumai.ErrNotFound("事件", "event"))
		return
	}
	h := translog.LeafHash(e.LeafData())
	s.render(w, r, http.StatusOK, "event", map[string]any{"Event": e, "Leaf": string(e.LeafData()), "LeafHash": base64.StdEncoding.EncodeToString(h[:])})
}

func (s *Server) apiEvent(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.fail(w, r, goumai.ErrNotFound("事件", "event"))
		return
	}
	e, err := s.store.Event(r.Context(), id)
	if err != nil || !s.canSeeEvent(actorOf(r), e) {
		s.fail(w, r, goumai.ErrNotFound("事件", "event"))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"event": e, "leaf": string(e.LeafData())})
}

// apiEvents lists public events, or for auditors the events of their region subtree.
func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) {
	f, _, err := s.eventFilter(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	evs, err := s.store.FindEvents(r.Context(), f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var next int64
	if len(evs) == f.Limit && len(evs) > 0 {
		next = evs[len(evs)-1].ID
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": evs, "next_before": next})
}

// eventFilter reads an event list's parameters: public events (of ?region=
// if given), or for those who see private data every event of their region
// subtree (narrowed by ?region=, which must lie in it); private says which.
func (s *Server) eventFilter(r *http.Request) (f sqlstore.EventFilter, private bool, err error) {
	q := r.URL.Query()
	before, _ := strconv.ParseInt(q.Get("before"), 10, 64)
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	f = sqlstore.EventFilter{PublicOnly: true, ObjectType: q.Get("object_type"), ObjectID: q.Get("object_id"), Before: before, Limit: limit}
	a := actorOf(r)
	if root := s.svc.Policy.VisibleRegion(a); root != "" && s.svc.Policy.Can(a, goumai.ActViewPrivate, goumai.Target{Region: root}) == nil {
		f.PublicOnly = false
		f.Region, err = s.scopedRegion(r, root)
		return f, true, err
	}
	f.Region, err = s.listRegion(r)
	return f, false, err
}
