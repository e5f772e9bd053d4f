package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// enquiryDemoProcedure returns the demo procedure of 杭州市西湖区民政局 in state
// st whose title has part (demo/procurement.go).
func enquiryDemoProcedure(t testing.TB, w *world, st goumai.ProcurementStatus, part string) goumai.Procurement {
	t.Helper()
	f := sqlstore.ProcurementFilter{OrgID: w.org(t, "杭州市西湖区民政局").ID, Statuses: []goumai.ProcurementStatus{st}, Limit: 200}
	for { // other tests' procedures of the purchaser are newer: page back to the demo's
		ps, err := w.store.FindProcurements(context.Background(), f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			if strings.Contains(p.Title, part) {
				return p
			}
		}
		if len(ps) < f.Limit {
			break
		}
		f.BeforeID = ps[len(ps)-1].ID
	}
	t.Fatalf("no demo procedure %s in state %s", part, st)
	return goumai.Procurement{}
}

// TestEnquiryAPI: through the API, on the demo's open tender of 杭州市西湖区民政局:
// a supplier asks; another supplier and the public see nothing until the
// purchaser answers, then question and answer without who asked; the wrong
// people are refused and nothing is written; an answer that amends the
// documents inside the ENG-D2 window moves the deadline and publishes an
// 更正公告; after the deadline nobody asks.
func TestEnquiryAPI(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		p := enquiryDemoProcedure(t, w, goumai.ProcTendering, "困境儿童关爱保护服务")
		path := fmt.Sprintf("/api/v1/procurements/%d/enquiries", p.ID)
		kangning, xiyanghong, staff := w.token(t, "supplier.kangning"), w.token(t, "supplier.xiyanghong"), w.token(t, "xihu.minzheng")
		hzStaff, expert := w.token(t, "hz.minzheng"), w.token(t, "expert.wang")
		question := "第三章要求服务人员持证率不低于90%，是否包括兼职人员？"
		q := map[string]any{"question": question}
		post := func(path, bearer string, body any) response {
			t.Helper()
			return w.do(t, request{method: "POST", path: path, bearer: bearer, body: mustJSON(t, body)})
		}
		refuse := func(what string, res response, status int, part string) {
			t.Helper()
			if res.status != status || !strings.Contains(string(res.body), part) {
				t.Errorf("%s: %d %s, want %d naming %q", what, res.status, res.body, status, part)
			}
		}
		list := func(bearer string) []map[string]any {
			t.Helper()
			res := w.do(t, request{method: "GET", path: path, bearer: bearer})
			if res.status != http.StatusOK {
				t.Fatalf("GET %s: %d %s", path, res.status, res.body)
			}
			var out []map[string]any
			for _, e := range res.json(t)["enquiries"].([]any) {
				out = append(out, e.(map[string]any))
			}
			return out
		}

		tree := w.treeSize(t)
		refuse("the public asking", post(path, "", q), http.StatusUnauthorized, "")
		refuse("the purchaser asking", post(path, staff, q), http.StatusForbidden, "")
		refuse("an expert asking", post(path, expert, q), http.StatusForbidden, "")
		refuse("a number for a question", post(path, kangning, map[string]any{"question": 5}), http.StatusUnprocessableEntity, `"question"`)
		refuse("an unknown field", post(path, kangning, map[string]any{"question": "问", "asker_org_id": 1}), http.StatusUnprocessableEntity, `"asker_org_id"`)
		refuse("an empty question", post(path, kangning, map[string]any{"question": " "}), http.StatusUnprocessableEntity, `"question"`)
		if got := w.treeSize(t); got != tree {
			t.Fatalf("refused questions wrote %d events", got-tree)
		}

		res := post(path, kangning, q)
		if res.status != http.StatusCreated {
			t.Fatalf("ask: %d %s", res.status, res.body)
		}
		e := res.json(t)["enquiry"].(map[string]any)
		id := int64(e["id"].(float64))
		if e["number"] != 1.0 || e["question"] != question || e["due_at"] == nil || e["asker_org_id"] != float64(w.org(t, "杭州康宁养老服务有限公司").ID) {
			t.Fatalf("asked: %v", e)
		}
		for who, bearer := range map[string]string{"another supplier": xiyanghong, "the public": ""} {
			if got := list(bearer); len(got) != 0 {
				t.Errorf("%s sees an unanswered enquiry: %v", who, got)
			}
		}
		for who, bearer := range map[string]string{"the asker": kangning, "the purchaser": staff} {
			if got := list(bearer); len(got) != 1 || got[0]["asker_org_id"] == nil {
				t.Errorf("%s sees the enquiry with its asker: %v", who, got)
			}
		}
		todo := w.do(t, request{method: "GET", path: "/api/v1/todo", bearer: staff})
		if !strings.Contains(string(todo.body), "todo.kind.enquiry") {
			t.Errorf("the purchaser's to-do has no enquiry: %s", todo.body)
		}

		answerPath := fmt.Sprintf("/api/v1/enquiries/%d/answer", id)
		answer := map[string]any{"answer": "持证率按投标文件所列全部服务人员（含兼职）计算。"}
		tree = w.treeSize(t)
		refuse("another purchaser answering", post(answerPath, hzStaff, answer), http.StatusForbidden, "")
		refuse("the asker answering", post(answerPath, kangning, answer), http.StatusForbidden, "")
		refuse("affects_bids without documents", post(answerPath, staff, map[string]any{"answer": "见文件", "affects_bids": true}), http.StatusUnprocessableEntity, `"affects_bids"`)
		if got := w.treeSize(t); got != tree {
			t.Fatalf("refused answers wrote %d events", got-tree)
		}
		res = post(answerPath, staff, answer)
		if res.status != http.StatusOK {
			t.Fatalf("answer: %d %s", res.status, res.body)
		}
		if e := res.json(t)["enquiry"].(map[string]any); e["answered_at"] == nil || e["clarification_notice_id"] != nil {
			t.Errorf("answered: %v", e)
		}
		if got := w.do(t, request{method: "GET", path: path}); !strings.Contains(string(got.body), answer["answer"].(string)) ||
			!strings.Contains(string(got.body), question) || strings.Contains(string(got.body), "asker") {
			t.Errorf("the public sees question and answer, not who asked: %s", got.body)
		}
		refuse("answering twice", post(answerPath, staff, answer), http.StatusConflict, "")

		// Another supplier's question, answered with amended documents 10 days
		// before the deadline: an open tender's clarification needs 15 (ENG-D2).
		res = post(path, xiyanghong, map[string]any{"question": "助浴服务的频次要求是什么？"})
		if res.status != http.StatusCreated {
			t.Fatalf("second question: %d %s", res.status, res.body)
		}
		second := int64(res.json(t)["enquiry"].(map[string]any)["id"].(float64))
		old := p.Periods.BidDeadline
		w.clock.Set(old.AddDate(0, 0, -10))
		staff = w.token(t, "xihu.minzheng") // signed in again, days later
		p, err := w.store.Procurement(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		docs := p.Documents
		docs.Requirements += "助浴服务每人每月不少于2次。"
		res = post(fmt.Sprintf("/api/v1/enquiries/%d/answer", second), staff, map[string]any{"answer": "每人每月不少于2次，已补入采购需求。",
			"documents": docs, "affects_bids": true, "version": p.Version})
		if res.status != http.StatusOK {
			t.Fatalf("answer with documents: %d %s", res.status, res.body)
		}
		notice := int64(res.json(t)["enquiry"].(map[string]any)["clarification_notice_id"].(float64))
		if p, err = w.store.Procurement(context.Background(), p.ID); err != nil {
			t.Fatal(err)
		}
		d, at := w.clock.Now().In(goumai.Shanghai).AddDate(0, 0, 15), old.In(goumai.Shanghai)
		want := time.Date(d.Year(), d.Month(), d.Day(), at.Hour(), at.Minute(), at.Second(), 0, goumai.Shanghai)
		if !p.Periods.BidDeadline.Equal(want) {
			t.Errorf("deadline %v after the clarifying answer at %v (was %v), want %v", p.Periods.BidDeadline, w.clock.Now(), old, want)
		}
		ns, err := w.store.Notices(context.Background(), p.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := ns[len(ns)-1]
		if last.ID != notice || last.Kind != goumai.NoticeCorrection || !strings.Contains(last.Body.Changes, "顺延至"+want.Format("2006年01月02日 15:04")) ||
			!strings.Contains(last.Body.Changes, "助浴服务的频次要求") || !strings.Contains(last.Body.Documents.Requirements, "不少于2次") {
			t.Errorf("the enquiry's notice %d is the procedure's last, an 更正公告 quoting the question and the moved deadline: %+v", notice, last)
		}

		w.clock.Set(p.Periods.BidDeadline)
		kangning = w.token(t, "supplier.kangning")
		tree = w.treeSize(t)
		refuse("asking at the deadline", post(path, kangning, q), http.StatusConflict, "截止前")
		if got := w.treeSize(t); got != tree {
			t.Fatalf("a refused question wrote %d events", got-tree)
		}
	})
}
