package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/workflow"
)

// leakMarker begins every string planted as unpublished data: no public
// output may contain it.
const leakMarker = "LEAKMARKzq"

// TestNoLeakThroughPublicOutputs plants unpublished data carrying distinctive
// markers in the demo world — a draft application, a sealed bid (a draft and
// a submitted one) before opening with its own price, a supplier's pending
// registration, a payment request's note before payment, a survey answer,
// an expert of the pool — and then walks every public OCDS output: every page
// of the change feed, each process's release and record packages, the bulk
// files (all, per year, per region, records), the search routes when the tree
// has them, and the error responses of those routes to bad input (the draft's
// own ocid among them). No marker, and not the sealed price, appears anywhere.
func TestNoLeakThroughPublicOutputs(t *testing.T) {
	eachDemo(t, leakWalk)
}

func leakWalk(t *testing.T, w *world) {
	w.srv.cfg.BulkDir = t.TempDir()
	f := fixture{w: w, t: t, seq: new(int)}
	ctx := context.Background()
	mark := func(what string) string { return leakMarker + what }
	// A price no demo amount has, in fen, and as OCDS writes it in yuan.
	const sealedPrice = goumai.Fen(59_876_543)
	secrets := []string{leakMarker, "598765.43", "59876543"}

	// A draft application (never submitted, never approved).
	staff := f.account(xihuAccounts.staff)
	draft, err := w.svc.CreateProject(ctx, staff, workflow.ProjectInput{Title: mark("draft") + " 未公开的申报", Content: mark("draftcontent")})
	if err != nil {
		t.Fatalf("draft application: %v", err)
	}

	// 杭州康宁's sealed bid on an open tender, saved then submitted, before
	// the opening; and a draft of 杭州夕阳红 on another lot or the same.
	p := enquiryDemoProcedure(t, w, goumai.ProcTendering, "困境儿童关爱保护服务")
	lots, err := w.store.Lots(ctx, p.ID)
	if err != nil || len(lots) == 0 {
		t.Fatalf("lots: %v", err)
	}
	kang := f.account(supplier)
	b, err := w.svc.SaveBid(ctx, kang, p.ID, lots[0].ID, workflow.BidInput{Price: sealedPrice,
		Responses: []goumai.BidResponse{{Requirement: "服务方案", Response: mark("sealedbid") + " 按采购文件执行。"}}})
	if err != nil {
		t.Fatalf("bid draft: %v", err)
	}
	if _, err := w.svc.AddBidDocument(ctx, kang, p.ID, lots[0].ID, mark("doc")+".pdf", []byte("%PDF-1.7\n% "+mark("doccontent")+"\n%%EOF\n")); err != nil {
		t.Fatalf("bid document: %v", err)
	}
	if b, err = w.svc.Bid(ctx, kang, b.ID); err != nil {
		t.Fatal(err)
	}
	key, err := demo.DemoSigningKey()
	if err != nil {
		t.Fatal(err)
	}
	pub, err := key.Public()
	if err != nil {
		t.Fatal(err)
	}
	sig, err := key.Sign(goumai.BidSigningMessage(b.Draft.Commitment))
	if err != nil {
		t.Fatal(err)
	}
	if _, err = w.svc.SubmitBid(ctx, kang, p.ID, lots[0].ID, workflow.SubmitInput{Commitment: b.Draft.Commitment, KeyID: pub.ID, Signature: hex.EncodeToString(sig)}); err != nil {
		t.Fatalf("submit the sealed bid: %v", err)
	}
	if _, err := w.svc.SaveBid(ctx, w.actor(t, contractWinner), p.ID, lots[0].ID, workflow.BidInput{Price: sealedPrice,
		Responses: []goumai.BidResponse{{Requirement: "服务方案", Response: mark("draftbid")}}}); err != nil {
		t.Fatalf("second bid draft: %v", err)
	}

	// A supplier's registration awaiting the finance department's approval.
	cc, ok := goumai.CreditCheckChar("91330106MA2LEAK01")
	if !ok {
		t.Fatal("credit code")
	}
	if _, _, err := w.svc.RegisterSupplier(ctx, workflow.OrgInput{Name: mark("pendingorg") + "养老服务有限公司", Kind: goumai.KindEnterprise,
		CreditCode: "91330106MA2LEAK01" + string(cc), Region: "330106", Address: mark("address"), Phone: "0571-88776655"},
		goumai.NewUser{Username: "leak.pending", DisplayName: mark("admin"), Password: "Test-2026-goumai"}); err != nil {
		t.Fatalf("register supplier: %v", err)
	}

	// A payment request with its note, not yet paid.
	c := paymentDemoContract(t, w, false)
	acceptDemoMilestone(t, w, c.Milestones[0].ID)
	if _, ok, err := w.store.ContractGrade(ctx, c.ID); err != nil || !ok {
		gradeDemoContract(t, w, c, 9000)
	}
	if _, err := w.svc.RequestPayment(ctx, w.actor(t, contractWinner), c.ID, workflow.PaymentInput{MilestoneID: c.Milestones[0].ID, Amount: 50,
		Note: mark("paymentnote")}); err != nil {
		t.Fatalf("payment request: %v", err)
	}

	// A survey answer with its comment.
	_, code := perfCode(f)
	if _, err := w.svc.SubmitSurvey(ctx, workflow.SurveyInput{Code: code, Ratings: []int{5, 4, 5, 4}, Comment: mark("survey")}, "192.0.2.77"); err != nil {
		t.Fatalf("survey answer: %v", err)
	}

	// An expert of the pool, whose name is never published before a result.
	if _, err := w.svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: "leak.expert", DisplayName: mark("expert"), Password: "Test-2026-goumai"},
		w.org(t, "杭州市西湖区民政局").ID, goumai.RoleExpert); err != nil {
		t.Fatalf("expert account: %v", err)
	}
	if _, err := w.svc.AddExpert(ctx, goumai.System, workflow.ExpertInput{Username: "leak.expert", Region: "330000", Specialities: []string{"A01"}}); err != nil {
		t.Fatalf("add expert: %v", err)
	}

	// The markers are in the database (the log records the private events),
	// so that their absence from the outputs means something.
	var planted int
	if err := w.store.DB().QueryRowContext(ctx, `SELECT COUNT(*) FROM events WHERE state LIKE $1`, "%"+leakMarker+"%").Scan(&planted); err != nil || planted < 4 {
		t.Fatalf("%d events hold a marker (%v): the planting failed", planted, err)
	}

	// The walk.
	walked := 0
	check := func(path string, body []byte) {
		t.Helper()
		walked++
		for _, s := range secrets {
			if i := bytes.Index(body, []byte(s)); i >= 0 {
				t.Errorf("GET %s: unpublished %q leaks: …%s…", path, s, body[max(0, i-120):min(len(body), i+120)])
			}
		}
	}
	get := func(path string, want ...int) []byte {
		t.Helper()
		res := w.do(t, request{method: "GET", path: path})
		ok := len(want) == 0 && res.status == http.StatusOK
		for _, s := range want {
			ok = ok || res.status == s
		}
		if !ok {
			t.Errorf("GET %s: %d, want %v: %.300s", path, res.status, want, res.body)
		}
		body := res.body
		if strings.HasSuffix(strings.SplitN(path, "?", 2)[0], ".gz") && res.status == http.StatusOK {
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
		}
		check(path, body)
		for k, vs := range res.header {
			check(path+" header "+k, []byte(strings.Join(vs, " ")))
		}
		return body
	}

	// Every page of the feed, small pages so that there are many.
	ocids := map[string]bool{}
	years := map[string]bool{}
	regions := map[string]bool{"330106": true, "330100": true, "330000": true, "100000": true}
	path := "/api/v1/ocds/releases?limit=10"
	pages := 0
	for ; pages < 1000; pages++ {
		var page struct {
			Releases []map[string]any `json:"releases"`
			Next     string           `json:"next"`
		}
		if err := json.Unmarshal(get(path), &page); err != nil {
			t.Fatal(err)
		}
		if len(page.Releases) == 0 {
			break
		}
		for _, r := range page.Releases {
			ocids[r["ocid"].(string)] = true
			if d, _ := r["date"].(string); len(d) >= 4 {
				years[d[:4]] = true
			}
			parties, _ := r["parties"].([]any)
			for _, p := range parties {
				if a, _ := p.(map[string]any)["address"].(map[string]any); a != nil {
					if reg, _ := a["region"].(string); reg != "" {
						regions[reg] = true
					}
				}
			}
		}
		path = "/api/v1/ocds/releases?limit=10&after=" + url.QueryEscape(page.Next)
	}
	if pages < 3 || len(ocids) < 5 {
		t.Fatalf("walked %d feed pages and %d processes: the walk checks too little", pages, len(ocids))
	}
	for ocid := range ocids {
		get("/ocds/releases/" + ocid)
		get("/ocds/records/" + ocid)
	}
	get("/ocds/releases.jsonl.gz")
	get("/ocds/records.jsonl.gz")
	for y := range years {
		get("/ocds/years/" + y + "/releases.jsonl.gz")
	}
	for r := range regions {
		get("/ocds/regions/" + r + "/releases.jsonl.gz")
	}

	// Bad input, and the ocids of what is not published.
	prefix := w.store.OCIDPrefix()
	for _, bad := range []struct {
		path string
		want []int
	}{
		{fmt.Sprintf("/ocds/releases/%s-%d", prefix, draft.ID), []int{404}},
		{fmt.Sprintf("/ocds/records/%s-%d", prefix, draft.ID), []int{404}},
		{fmt.Sprintf("/ocds/releases/%s-%d", prefix, p.ProjectID), nil},
		{"/ocds/releases/ocds-zzzzzz-1", []int{404}},
		{"/ocds/records/not-an-ocid", []int{404}},
		{"/ocds/years/1999/releases.jsonl.gz", []int{200, 404, 422}},
		{"/ocds/years/abcd/releases.jsonl.gz", []int{400, 404, 422}},
		{"/ocds/regions/999999/releases.jsonl.gz", []int{400, 404, 422}},
		{"/ocds/regions/x/releases.jsonl.gz", []int{400, 404, 422}},
		{"/api/v1/ocds/releases?after=garbage", []int{400, 422}},
		{"/api/v1/ocds/releases?after=-5&limit=0", []int{200, 400, 422}},
		{"/api/v1/ocds/releases?limit=100000", []int{200, 400, 422}},
		{"/api/v1/ocds/releases?after=99999999", []int{400, 422}},
	} {
		get(bad.path, bad.want...)
	}

	// Search, where the tree has it: words of the planted data that are not
	// the marker, so that an echoed query is no leak.
	for _, s := range []string{"/search?q=" + url.QueryEscape("未公开的申报"), "/api/v1/search?q=" + url.QueryEscape("未公开的申报"),
		"/search?q=" + url.QueryEscape("按采购文件执行"), "/api/v1/search?q=" + url.QueryEscape("养老服务有限公司")} {
		get(s, 200, 404, 405)
	}
	t.Logf("walked %d public outputs (%d feed pages, %d processes)", walked, pages, len(ocids))
}
