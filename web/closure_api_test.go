package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// TestProjectCloseAPI: POST /api/v1/projects/{id}/close on the demo's
// awarded project, its contract signed through the pages: refused naming
// what is missing until the contract is delivered, evaluated and paid (the
// acceptance, the grade and the payment written through the store, as their
// use cases would), then the project closes (the response checked against
// openapi.json) and every change to its contract is refused citing ENG-I2.
func TestProjectCloseAPI(t *testing.T) {
	w := demoWorld(t)
	sc := newContractPageScene(t, w)
	ctx := context.Background()
	c, err := w.store.Contract(ctx, sc.id)
	if err != nil {
		t.Fatal(err)
	}
	post := func(s *session, path string, k goumai.SigningKey) {
		t.Helper()
		pub, _ := k.Public()
		sig, _ := k.Sign(goumai.ContractSigningMessage(c.Hash))
		if res := w.do(t, request{method: "POST", path: path, session: s, csrf: true, form: map[string][]string{"hash": {c.Hash}, "key_id": {pub.ID},
			"signature": {fmt.Sprintf("%x", sig)}}}); res.status != 303 {
			t.Fatalf("sign: %d %s", res.status, firstLine(res.body))
		}
	}
	if res := w.do(t, request{method: "POST", path: sc.path, session: sc.buyer, csrf: true, form: contractForm(c)}); res.status != 303 {
		t.Fatalf("complete the draft: %d", res.status)
	}
	c, _ = w.store.Contract(ctx, sc.id)
	post(sc.winner, sc.path+"/sign", sc.key)
	post(sc.buyer, sc.path+"/sign", sc.buyerKey)
	c, _ = w.store.Contract(ctx, sc.id)
	if c.Status != goumai.ContractSigned {
		t.Fatalf("not in force: %s", c.Status)
	}
	buyer := w.token(t, "xihu.minzheng")
	closePath := fmt.Sprintf("/api/v1/projects/%d/close", sc.p.ProjectID)
	res := w.do(t, request{method: "POST", path: closePath, bearer: buyer})
	if res.status != 409 || !strings.Contains(string(res.body), "ENG-I2") || !strings.Contains(string(res.body), "contracts.0.delivered") {
		t.Fatalf("closing an undelivered project: %d %s", res.status, res.body)
	}
	if res := w.do(t, request{method: "POST", path: closePath, bearer: w.token(t, sc.demoContractScene.winner)}); res.status != 403 {
		t.Errorf("the supplier closing: %d", res.status)
	}
	err = w.store.Update(ctx, func(tx *sqlstore.Tx) error {
		for _, m := range c.Milestones {
			now := tx.Now()
			m.Status, m.AcceptedAt = goumai.MilestoneAccepted, &now
			if _, err := tx.UpdateMilestone(ctx, m); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "milestone.set", Table: "contract_milestones", Key: m.ID, Region: c.Region}); err != nil {
				return err
			}
		}
		if err := tx.SetContractGrade(ctx, goumai.ContractGrade{ContractID: c.ID, EvaluationID: 1, Score: 8500, Grade: goumai.GradeGood, PublishedAt: tx.Now()}); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.System, Action: "contract.grade", Table: "contract_grades", Key: c.ID, Region: c.Region, Public: true}); err != nil {
			return err
		}
		pr, err := tx.Project(ctx, sc.p.ProjectID)
		if err != nil {
			return err
		}
		_, _, err = tx.PostLedger(ctx, goumai.System, goumai.LedgerEntry{LineID: pr.BudgetLineID, Kind: goumai.LedgerPay, Amount: c.Amount, ProjectID: pr.ID}, pr.Region)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	res = w.do(t, request{method: "POST", path: closePath, bearer: buyer})
	if res.status != 200 {
		t.Fatalf("close: %d %s", res.status, res.body)
	}
	if cl := res.json(t)["closure"].(map[string]any); cl["automatic"] != false || cl["paid"] != float64(c.Amount) {
		t.Errorf("closure %v", cl)
	}
	if res := w.do(t, request{method: "POST", path: closePath, bearer: buyer}); res.status != 409 || !strings.Contains(string(res.body), "ENG-I2") {
		t.Errorf("closing twice: %d %s", res.status, res.body)
	}
	res = w.do(t, request{method: "POST", path: sc.path + "/statistics", session: sc.buyer, csrf: true})
	if res.status != 409 || !strings.Contains(string(res.body), "ENG-I2") {
		t.Errorf("a form on the closed project's contract: %d", res.status)
	}
	if res := w.do(t, request{method: "GET", path: fmt.Sprintf("/contracts/%d", c.ID)}); res.status != 200 {
		t.Errorf("the closed project's contract is no longer public: %d", res.status)
	}
	if res := w.do(t, request{method: "GET", path: fmt.Sprintf("/projects/%d", sc.p.ProjectID)}); res.status != 200 || !strings.Contains(string(res.body), "已结项（关闭）") {
		t.Errorf("the closed project's public page does not say it is closed: %d", res.status)
	}
	if !w.covered["POST /api/v1/projects/{id}/close"] {
		t.Errorf("no successful close was validated against openapi.json")
	}
}
