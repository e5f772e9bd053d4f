package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// The API journeys (issue 9, "How it will be checked"): whole procedures
// driven through the JSON API with each role's own bearer token, as a new
// user's client would, on the demo world over SQLite and, when
// GOUMAI_TEST_POSTGRES is set, PostgreSQL. No browser is needed. What is not
// an HTTP action — the scheduler's tick at a deadline, the checkpoint goumai
// serve signs every few seconds, the clock — the test does itself, as the
// server would.

// apiEachDB runs journey on a sealed demo site over each database.
func apiEachDB(t *testing.T, journey func(t *testing.T, s site)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		clock := goumai.NewFakeClock(sqltest.Start)
		journey(t, startSiteOn(t, sqltest.SQLite(t, clock), clock, sealed))
	})
	t.Run("postgres", func(t *testing.T) {
		clock := goumai.NewFakeClock(sqltest.Start)
		journey(t, startSiteOn(t, sqltest.Postgres(t, clock), clock, sealed))
	})
}

// apiUser is a demo account signed in to the JSON API (or, with no token,
// the anonymous public).
type apiUser struct {
	s     site
	name  string
	token *string // shared by the copies: a new sign-in renews it for all
}

// apiLogin signs username in through POST /api/v1/auth/login.
func apiLogin(t *testing.T, s site, username string) apiUser {
	t.Helper()
	var out struct {
		Token string `json:"token"`
	}
	status, body := apiPublic(s).send(t, "POST", "/api/v1/auth/login",
		map[string]string{"username": username, "password": demo.Password})
	if status != http.StatusOK {
		t.Fatalf("API sign-in of %s: %d %s", username, status, body)
	}
	if err := json.Unmarshal(body, &out); err != nil || out.Token == "" {
		t.Fatalf("API sign-in of %s: %v %s", username, err, body)
	}
	return apiUser{s: s, name: username, token: &out.Token}
}

// apiPublic is the anonymous public.
func apiPublic(s site) apiUser { return apiUser{s: s, name: "the public", token: new(string)} }

// send sends one request with the user's token; body is sent as JSON (a POST
// without one sends {}). It returns the status and the body. A token expired
// while the clock ran (workflow.APITokenTTL) is renewed by signing in again,
// as a client does, and the request sent once more.
func (u apiUser) send(t *testing.T, method, path string, body any) (int, []byte) {
	t.Helper()
	status, b := u.sendOnce(t, method, path, body)
	if status == http.StatusUnauthorized && *u.token != "" {
		*u.token = *apiLogin(t, u.s, u.name).token
		status, b = u.sendOnce(t, method, path, body)
	}
	return status, b
}

func (u apiUser) sendOnce(t *testing.T, method, path string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body == nil && method != "GET" {
		body = struct{}{}
	}
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, u.s.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if *u.token != "" {
		req.Header.Set("Authorization", "Bearer "+*u.token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s as %s: %v", method, path, u.name, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s as %s: %v", method, path, u.name, err)
	}
	return resp.StatusCode, b
}

// apiOK sends a request that must answer want, and decodes the answer's
// member key (the whole answer when key is "") into a T.
func apiOK[T any](t *testing.T, u apiUser, method, path string, body any, want int, key string) T {
	t.Helper()
	var out T
	status, b := u.send(t, method, path, body)
	if status != want {
		t.Fatalf("%s %s as %s: %d, want %d: %s", method, path, u.name, status, want, b)
	}
	if key == "" {
		if err := json.Unmarshal(b, &out); err != nil {
			t.Fatalf("%s %s as %s: %v: %s", method, path, u.name, err, b)
		}
		return out
	}
	var env map[string]json.RawMessage
	if err := json.Unmarshal(b, &env); err != nil {
		t.Fatalf("%s %s as %s: %v: %s", method, path, u.name, err, b)
	}
	raw, ok := env[key]
	if !ok {
		t.Fatalf("%s %s as %s: no %q in %s", method, path, u.name, key, b)
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s as %s: %q: %v: %s", method, path, u.name, key, err, raw)
	}
	return out
}

// apiRefused sends a request that must be refused with want, naming rule
// (when not "") in the error, and returns the answer's text.
func apiRefused(t *testing.T, u apiUser, method, path string, body any, want int, rule string) string {
	t.Helper()
	status, b := u.send(t, method, path, body)
	if status != want {
		t.Errorf("%s %s as %s: %d, want %d refused: %s", method, path, u.name, status, want, b)
	}
	var e struct {
		Rule    string `json:"rule"`
		Message string `json:"message"`
	}
	if err := json.Unmarshal(b, &e); rule != "" && (err != nil || e.Rule != rule || !strings.Contains(e.Message, rule)) {
		t.Errorf("%s %s as %s: the refusal does not name %s in code and message: %s", method, path, u.name, rule, b)
	}
	return string(b)
}

// apiStep runs one step of a journey as a subtest; the journey stops at the
// first failed step, whose successors would only repeat it.
func apiStep(t *testing.T, name string, fn func(t *testing.T)) {
	t.Helper()
	if !t.Run(name, fn) {
		t.FailNow()
	}
}

// apiAt is the day's wall-clock time in Shanghai.
func apiAt(day time.Time, hour, minute int) time.Time {
	d := day.In(goumai.Shanghai)
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, 0, 0, goumai.Shanghai)
}

// apiWorkingDays is the working day n working days after now, at 09:30.
func apiWorkingDays(t *testing.T, s site, n int) time.Time {
	t.Helper()
	cal, err := s.Store.Calendar(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return apiAt(cal.AddWorkingDays(s.Clock.Now(), n), 9, 30)
}

// apiProject is the set-up not part of issue 9: a new project of
// 西湖区民政局, applied for and approved by the demo accounts.
func apiProject(t *testing.T, s site, title string, amount goumai.Fen) goumai.Project {
	t.Helper()
	p, err := demo.ApproveProject(context.Background(), s.Svc, demo.NewProject{Title: title, Content: "为辖区老年人提供" + title + "（端到端测试）。",
		Amount: amount, Quantity: 1000, Unit: "人次"})
	if err != nil {
		t.Fatalf("set-up: %v", err)
	}
	return p
}

// apiPublish starts a procedure of the project through the API as the
// organiser, writes its documents (the demo's, 综合评分法), its periods up to
// the deadline and its one lot, publishes it, and returns it as the public
// reads it: taking bids, under its one notice of the kind.
func apiPublish(t *testing.T, org apiUser, in workflow.ProcurementInput, deadline time.Time, kind goumai.NoticeKind) workflow.ProcurementView {
	t.Helper()
	p := apiOK[goumai.Procurement](t, org, "POST", "/api/v1/procurements", in, http.StatusCreated, "procurement")
	path := fmt.Sprintf("/api/v1/procurements/%d", p.ID)
	p = apiOK[goumai.Procurement](t, org, "PUT", path, workflow.ProcurementUpdate{Version: p.Version, Method: p.Method,
		Reason: p.Reason, ReasonDetail: p.ReasonDetail, Documents: demo.ProcurementDocuments(p, goumai.EvalComprehensive),
		Periods: goumai.Periods{DocsUntil: deadline, BidDeadline: deadline}}, http.StatusOK, "procurement")
	apiOK[goumai.Lot](t, org, "PUT", path+"/lots/1", workflow.LotInput{Version: p.Version, Number: 1, Title: p.Title,
		Budget: p.Amount, Ceiling: p.Amount, BidBond: p.Amount / 100}, http.StatusOK, "lot")
	v := apiOK[workflow.ProcurementView](t, org, "GET", path, nil, http.StatusOK, "")
	apiOK[goumai.Procurement](t, org, "POST", path+"/publish", map[string]int{"version": v.Version}, http.StatusOK, "procurement")
	v = apiOK[workflow.ProcurementView](t, apiPublic(org.s), "GET", path, nil, http.StatusOK, "")
	if v.Status != goumai.ProcTendering || len(v.Notices) != 1 || v.Notices[0].Kind != kind || len(v.Lots) != 1 {
		t.Fatalf("published: %s with notices %+v, lots %+v", v.Status, v.Notices, v.Lots)
	}
	return v
}

// apiLetters checks that each bidder finds its letter under the result
// notice: the winner (the first) its award letter, the others their result letters.
func apiLetters(t *testing.T, bidders []apiBidder, procurementID, noticeID int64) {
	t.Helper()
	for i, b := range bidders {
		want := goumai.LetterResult
		if i == 0 {
			want = goumai.LetterAward
		}
		ls := apiOK[[]goumai.AwardLetter](t, b.apiUser, "GET", "/api/v1/letters", nil, http.StatusOK, "letters")
		if !slices.ContainsFunc(ls, func(l goumai.AwardLetter) bool {
			return l.ProcurementID == procurementID && l.Kind == want && l.NoticeID == noticeID
		}) {
			t.Errorf("%s's letters: %+v, want a %s letter", b.name, ls, want)
		}
	}
}

// apiReceipts are the bidders' receipts of their bids, as each downloads its own.
func apiReceipts(t *testing.T, bidders []apiBidder, bids []goumai.Bid) []workflow.BidReceipt {
	t.Helper()
	var out []workflow.BidReceipt
	for i, b := range bidders {
		out = append(out, apiOK[workflow.BidReceipt](t, b.apiUser, "GET", fmt.Sprintf("/api/v1/bids/%d/receipt", bids[i].ID), nil, http.StatusOK, "receipt"))
	}
	return out
}

// apiBidder is a supplier's staff member with a signing key registered
// through the API.
type apiBidder struct {
	apiUser
	org goumai.Org
	key goumai.SigningKey
	kid string
}

// apiNewBidder signs the supplier's administrator in and registers a new
// Ed25519 key on its organisation's profile. With evidence, the
// organisation's profile and the five proofs of GPL-IR Art. 17 are filed
// first through the API, as a supplier new to bidding does.
func apiNewBidder(t *testing.T, s site, username string, evidence bool) apiBidder {
	t.Helper()
	b := apiBidder{apiUser: apiLogin(t, s, username), org: demoActor(t, s, username).Org}
	base := fmt.Sprintf("/api/v1/suppliers/%d", b.org.ID)
	if evidence {
		apiOK[json.RawMessage](t, b.apiUser, "PUT", base+"/profile", goumai.ProfileInput{HeadName: b.org.Name + "负责人",
			HeadID: fmt.Sprintf("E%08X", b.org.ID*7927)}, http.StatusOK, "profile")
		day := func(t time.Time) string { return t.In(goumai.Shanghai).Format("2006-01-02") }
		now := s.Clock.Now()
		for _, k := range goumai.RequiredEvidence {
			ev := map[string]any{"kind": k, "title": k.Label().ZH, "valid_from": day(now.AddDate(-1, 0, 0)),
				"file_name": string(k) + ".pdf", "file": []byte("%PDF-1.4\n% " + string(k) + " of " + username + "\n%%EOF\n")}
			switch k {
			case goumai.EvidenceDeclaration:
				ev["declared_on"], ev["valid_from"] = day(now.AddDate(0, -1, 0)), day(now.AddDate(0, -1, 0))
			case goumai.EvidenceFinancial, goumai.EvidenceTaxSocial:
				ev["valid_until"] = day(now.AddDate(1, 0, 0))
			}
			apiOK[json.RawMessage](t, b.apiUser, "POST", base+"/evidence", ev, http.StatusCreated, "evidence")
		}
	}
	var err error
	if b.key, err = goumai.GenerateSigningKey(goumai.AlgEd25519, nil); err != nil {
		t.Fatal(err)
	}
	pub, err := b.key.Public()
	if err != nil {
		t.Fatal(err)
	}
	b.kid = apiOK[goumai.PublicKey](t, b.apiUser, "POST", base+"/keys", workflow.KeyInput{PublicKey: pub.PEM, Label: "投标签名密钥（API测试）"},
		http.StatusCreated, "key").ID
	return b
}

// seal drafts the bid, signs the draft's commitment with the bidder's key
// and submits it; it returns the submitted bid.
func (b apiBidder) seal(t *testing.T, p, lot int64, price goumai.Fen, plan string) goumai.Bid {
	t.Helper()
	path := fmt.Sprintf("/api/v1/procurements/%d/lots/%d/bid", p, lot)
	draft := apiOK[goumai.Bid](t, b.apiUser, "PUT", path, workflow.BidInput{Price: price,
		Responses: []goumai.BidResponse{{Requirement: "服务方案", Response: plan}},
		SME:       goumai.SMEDeclaration{Size: "small", Statement: "本单位郑重声明，本单位为小型企业（测试）。"}}, http.StatusOK, "bid")
	sig, err := b.key.Sign(goumai.BidSigningMessage(draft.Draft.Commitment))
	if err != nil {
		t.Fatal(err)
	}
	bid := apiOK[goumai.Bid](t, b.apiUser, "POST", path+"/submit", workflow.SubmitInput{Commitment: draft.Draft.Commitment,
		KeyID: b.kid, Signature: hex.EncodeToString(sig)}, http.StatusOK, "bid")
	if bid.Status != goumai.BidSubmitted || bid.Submitted == nil || bid.Submitted.Commitment != draft.Draft.Commitment {
		t.Fatalf("%s's submission: %+v", b.name, bid)
	}
	return bid
}

// apiSecret is a party's fresh 32-byte draw secret, as a client makes it.
func apiSecret(t *testing.T) string {
	t.Helper()
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}

var (
	apiCLIOnce sync.Once
	apiCLIPath string
	apiCLIErr  error
)

// apiCLI runs the goumai binary, built once per test run from this
// checkout, and returns its exit code and output.
func apiCLI(t *testing.T, args ...string) (int, string) {
	t.Helper()
	apiCLIOnce.Do(func() {
		dir, err := os.MkdirTemp("", "goumai-e2e-cli-")
		if err != nil {
			apiCLIErr = err
			return
		}
		apiCLIPath = filepath.Join(dir, "goumai")
		out, err := exec.Command("go", "build", "-o", apiCLIPath, "github.com/goumai/goumai/cmd/goumai").CombinedOutput()
		if err != nil {
			apiCLIErr = fmt.Errorf("go build ./cmd/goumai: %v: %s", err, out)
		}
	})
	if apiCLIErr != nil {
		t.Fatal(apiCLIErr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, apiCLIPath, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), out.String()
	}
	if err != nil {
		t.Fatalf("goumai %s: %v", strings.Join(args, " "), err)
	}
	return 0, out.String()
}

// apiDSN is the store's database as goumai's --db flag takes it.
func apiDSN(s *sqlstore.Store) string {
	d := s.DSN()
	if d.Dialect == sqlstore.Postgres {
		return d.URL
	}
	return d.Path
}

// apiCheckLog runs the independent checks of a procedure from its public
// log: the draw re-run from GET /api/v1/panel-draws/{id}/log, the opening
// from the log's tiles with every bidder's receipt (and a forged receipt
// refused), and goumai log verify on the database.
func apiCheckLog(t *testing.T, s site, procurementID, drawID int64, receipts []workflow.BidReceipt) {
	t.Helper()
	ctx := context.Background()
	if _, err := s.Store.Checkpoint(ctx); err != nil { // goumai serve signs one every few seconds
		t.Fatal(err)
	}
	// The verifier key, from a source the checker trusts: the operator publishes it (README, serve's output).
	vkey := s.Store.VerifierKey()
	if drawID != 0 {
		code, out := apiCLI(t, "log", "check-draw", "--log", s.URL, "--key", vkey, fmt.Sprint(drawID))
		if code != 0 || !strings.Contains(out, "OK") {
			t.Errorf("goumai log check-draw %d: exit %d\n%s", drawID, code, out)
		}
	}
	dir := t.TempDir()
	args := []string{"log", "check-opening", "--log", s.URL + "/log", "--key", vkey}
	for i, rc := range receipts {
		f := filepath.Join(dir, fmt.Sprintf("receipt-%d.json", i))
		b, _ := json.Marshal(map[string]any{"receipt": rc})
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--receipt", f)
	}
	code, out := apiCLI(t, append(args, fmt.Sprint(procurementID))...)
	if code != 0 || !strings.Contains(out, fmt.Sprintf("check-opening OK: procedure %d", procurementID)) {
		t.Errorf("goumai log check-opening %d: exit %d\n%s", procurementID, code, out)
	}
	// A receipt of a bid the opening left out (its commitment altered here): the check fails.
	forged := receipts[0]
	forged.Commitment = strings.Repeat("ab", 32)
	f := filepath.Join(dir, "forged.json")
	b, _ := json.Marshal(forged)
	if err := os.WriteFile(f, b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out = apiCLI(t, append(args, "--receipt", f, fmt.Sprint(procurementID))...)
	if code != 1 || !strings.Contains(out, "was not opened") || !strings.Contains(out, "check-opening FAILED") {
		t.Errorf("goumai log check-opening with a forged receipt: exit %d, want 1\n%s", code, out)
	}
	code, out = apiCLI(t, "log", "verify", "--db", apiDSN(s.Store))
	if code != 0 {
		t.Errorf("goumai log verify: exit %d\n%s", code, out)
	}
}

// apiScore has every expert score one bid on the demo documents' three
// scored items (服务方案, 服务人员持证比例, 应急保障措施) at POST path.
func apiScore(t *testing.T, experts []apiUser, path string, points [3]string) {
	t.Helper()
	for _, x := range experts {
		apiOK[[]goumai.ItemScore](t, x, "POST", path, workflow.ScoreInput{Scores: []workflow.ScoreEntry{
			{Item: "服务方案", Points: points[0], Reason: "对照采购需求逐项评审"},
			{Item: "服务人员持证比例", Points: points[1], Reason: "按所附证书核定"},
			{Item: "应急保障措施", Points: points[2], Reason: "按承诺的到场时间"}}}, http.StatusOK, "scores")
	}
}
