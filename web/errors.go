package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// errorCodes is the one table from error codes to HTTP statuses, with what
// each means to a client; the API description's Error.code enum is generated
// from it, so a new code cannot go undocumented.
var errorCodes = []struct {
	code   goumai.Code
	status int
	doc    string
}{
	{goumai.EInvalid, http.StatusUnprocessableEntity, "Bad input; `fields` names each wrong field (also malformed JSON, unknown fields, wrong types, trailing data, text that is not valid UTF-8 or holds control characters, an empty or oversized body, a missing `Content-Type: application/json`)."},
	{goumai.ENotFound, http.StatusNotFound, "No such object, or not visible to the caller."},
	{goumai.EConflict, http.StatusConflict, "Duplicate (username, credit code, membership, a second finance department in a region) or the object is not in a state that allows the action."},
	{goumai.EStale, http.StatusConflict, "The object changed since the caller read it (optimistic concurrency: its `version` moved on, or someone else acted at the step first). Reload and decide again."},
	{goumai.EFunds, http.StatusConflict, "The budget line cannot cover the amount (ENG-B2): `fields.amount` says what is available."},
	{goumai.EUnauthorized, http.StatusUnauthorized, "Not signed in, wrong credentials, or an invalid or expired token."},
	{goumai.EForbidden, http.StatusForbidden, "Signed in but not allowed (goumai.Policy), including separation of duties: who drafted or submitted an item never decides on it, and one person decides at most one step of it."},
	{goumai.ERateLimited, http.StatusTooManyRequests, "Too many attempts (sign-in, registration, suggestions); `Retry-After` says when to try again."},
	{goumai.EBusy, http.StatusServiceUnavailable, "Contention outlasted the store's retries; nothing changed. Retry after `Retry-After` seconds."},
	{goumai.EInternal, http.StatusInternalServerError, "A bug or an unavailable dependency; quote `request_id`."},
}

// statusOf maps an error code to its HTTP status.
func statusOf(c goumai.Code) int {
	for _, e := range errorCodes {
		if e.code == c {
			return e.status
		}
	}
	return http.StatusInternalServerError
}

// apiError is the JSON error body: {code, message, fields, rule, request_id}.
type apiError struct {
	Code      goumai.Code       `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	Rule      string            `json:"rule,omitempty"`
	RequestID string            `json:"request_id"`
}

// fail reports err to the client as JSON (API routes) or as an HTML page. Only
// internal errors are logged; users see a short message and the request id.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	e := goumai.AsError(err)
	info := infoOf(r)
	if e.Code == goumai.EInternal {
		s.log.Error("internal error", "request_id", info.id, "method", r.Method, "path", r.URL.Path, "err", err)
	}
	status := statusOf(e.Code)
	s.retryAfter(w, err)
	if isAPI(r) {
		body := apiError{Code: e.Code, Message: e.Message.In(info.lang), Rule: e.Rule, RequestID: info.id}
		if len(e.Fields) > 0 {
			body.Fields = map[string]string{}
			for k, v := range e.Fields {
				body.Fields[k] = v.In(info.lang)
			}
		}
		if e.Code == goumai.EUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="goumai"`)
		}
		writeJSON(w, status, body)
		return
	}
	if e.Code == goumai.EUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	s.render(w, r, status, "error", map[string]any{"Error": e, "Status": status})
}

// retryAfter tells the client when to try again after a refusal for too many
// attempts (the throttle's wait) or for contention (a second).
func (s *Server) retryAfter(w http.ResponseWriter, err error) {
	if d, ok := workflow.RetryAfter(err, s.clock.Now()); ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(d/time.Second)))
	} else if goumai.ErrorCode(err) == goumai.EBusy {
		w.Header().Set("Retry-After", "1")
	}
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}
