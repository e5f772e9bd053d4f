package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
)

// trap is a request body that counts what was read of it: a huge upload that
// must not be touched before the policy has been asked.
type trap struct{ read int64 }

func (b *trap) Read(p []byte) (int, error) {
	b.read += int64(len(p))
	for i := range p {
		p[i] = 'A'
	}
	return len(p), nil
}

func (b *trap) Close() error { return nil }

// TestUploadsAskThePolicyFirst: an account that may not import (a supplier, a
// purchaser, an auditor) is refused before a byte of the body is read, on the
// API and on the staff page; the finance department's import reads it.
func TestUploadsAskThePolicyFirst(t *testing.T) {
	w := demoWorld(t)
	f := fixture{w: w, t: t, seq: new(int)}
	pending := f.pending("330106") // a self-registered supplier, not yet approved
	ms, err := w.store.OrgMembers(t.Context(), pending.ID)
	if err != nil || len(ms) == 0 {
		t.Fatalf("members of the pending supplier: %v %v", ms, err)
	}
	passwords := map[string]string{ms[0].User.Username: "Test-2026-pass"}
	for _, who := range []string{ms[0].User.Username, supplier, purchaser, auditor} {
		pw := passwords[who]
		if pw == "" {
			pw = demo.Password
		}
		for _, c := range []struct {
			path, ctype string
			bearer      bool
		}{
			{"/api/v1/budget/import", "application/json", true},
			{"/staff/budget/import", "multipart/form-data; boundary=x", false},
		} {
			body := &trap{}
			req := httptest.NewRequest("POST", c.path, nil)
			req.Body, req.ContentLength = body, 500<<20
			req.Header.Set("Content-Type", c.ctype)
			if c.bearer {
				req.Header.Set("Authorization", "Bearer "+w.tokenFor(t, who, pw))
			} else {
				req.AddCookie(&http.Cookie{Name: sessionCookie, Value: w.loginAs(t, who, pw).token})
			}
			rec := httptest.NewRecorder()
			w.srv.ServeHTTP(rec, req)
			if rec.Code != statusOf(goumai.EForbidden) || body.read != 0 {
				t.Errorf("%s POST %s: %d after reading %d bytes, want 403 before reading any", who, c.path, rec.Code, body.read)
			}
		}
	}
	// The finance department may: its oversized body is read up to the limit and refused.
	body := &trap{}
	req := httptest.NewRequest("POST", "/api/v1/budget/import", nil)
	req.Body = body
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+w.token(t, "xihu.reviewer"))
	rec := httptest.NewRecorder()
	w.srv.ServeHTTP(rec, req)
	if rec.Code != statusOf(goumai.EInvalid) || body.read == 0 || body.read > maxImportBody+64<<10 {
		t.Errorf("finance import of an endless body: %d after %d bytes, want 422 within the limit", rec.Code, body.read)
	}
}

// TestGateBeforeBody: for every registered route with a gate, every actor the
// gate refuses gets 401 or 403 without a byte of the body being read, whatever
// the body (permission first, then a strict decode).
func TestGateBeforeBody(t *testing.T) {
	w := demoWorld(t)
	actorsOf := map[string]goumai.Actor{"": {}}
	tokens := map[string]string{}
	for _, u := range []string{supplier, purchaser, auditor, county} {
		tokens[u] = w.token(t, u)
		a, _, _, err := w.svc.AuthenticateWithMemberships(t.Context(), tokens[u])
		if err != nil {
			t.Fatal(err)
		}
		actorsOf[u] = a
	}
	fill := strings.NewReplacer("{id}", "1", "{code}", "A01", "{action}", "submit", "{path...}", "0/000")
	checked := 0
	for _, rt := range w.srv.Routes() {
		if rt.Gate == Public || rt.Method == "GET" {
			continue
		}
		for who, a := range actorsOf {
			if w.svc.Policy.Gate(a, rt.Gate) == nil {
				continue
			}
			body := &trap{}
			req := httptest.NewRequest(rt.Method, fill.Replace(rt.Path), nil)
			req.Body, req.ContentLength = body, 1<<30
			if rt.Kind == KindAPI {
				req.Header.Set("Content-Type", "application/json")
				if who != "" {
					req.Header.Set("Authorization", "Bearer "+tokens[who])
				}
			} else {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if who != "" {
					req.AddCookie(&http.Cookie{Name: sessionCookie, Value: w.login(t, who).token})
				}
			}
			rec := httptest.NewRecorder()
			w.srv.ServeHTTP(rec, req)
			want := map[bool]int{true: http.StatusUnauthorized, false: http.StatusForbidden}[who == ""]
			if rec.Code != want || body.read != 0 {
				t.Errorf("%s as %q: %d after reading %d bytes, want %d before reading any", rt.Pattern(), who, rec.Code, body.read, want)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("only %d refusals checked", checked)
	}
}
