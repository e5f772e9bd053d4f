package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// TestPanelRepresentativePage: on the demo's open tender, after a draw
// request for five with one representative, the purchaser's staff see the
// form on the panel page and seat 任志坚 (xihu.minzheng.approver); the page
// then counts one representative for everyone without naming them
// (REQ-C16); the agency sees no form; a second representative is refused
// through the API citing ENG-F1.
func TestPanelRepresentativePage(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		p := enquiryDemoProcedure(t, w, goumai.ProcTendering, "困境儿童关爱保护服务")
		staff, sup := w.actor(t, "xihu.minzheng"), w.actor(t, "xihu.reviewer")
		for party, a := range map[goumai.DrawParty]goumai.Actor{goumai.PartySupervisor: sup, goumai.PartyOrganizer: staff} {
			h := sha256.Sum256([]byte("panel representative test " + string(party)))
			if _, err := w.svc.CommitDraw(ctx, a, p.ID, workflow.CommitInput{Party: party, Hash: hex.EncodeToString(h[:])}); err != nil {
				t.Fatalf("commit %s: %v", party, err)
			}
		}
		var eval time.Time
		if err := w.store.Update(ctx, func(tx *sqlstore.Tx) error {
			cal, err := tx.Calendar(ctx)
			if err == nil {
				eval, err = cal.AddWorkingDaysChecked(tx.Now(), 1)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.RequestDraw(ctx, staff, p.ID, workflow.DrawRequestInput{EvaluationAt: eval.Add(-14 * time.Hour), PanelSize: 5, PurchaserReps: 1, Speciality: "A0101"}); err != nil {
			t.Fatalf("draw request: %v", err)
		}
		path := fmt.Sprintf("/procurements/%d/panel", p.ID)
		purchaser, agent := w.login(t, "xihu.minzheng"), w.login(t, "agency.zhongcheng")
		if page := w.pubPage(t, purchaser, path, http.StatusOK); !strings.Contains(page, `id="representative-form"`) {
			t.Fatal("the purchaser's panel page has no representative form")
		}
		if page := w.pubPage(t, agent, path, http.StatusOK); strings.Contains(page, `id="representative-form"`) {
			t.Fatal("the agency's panel page has the representative form")
		}
		w.post(t, purchaser, path+"/representative", url.Values{"username": {"xihu.minzheng.approver"}}, http.StatusSeeOther, path+"?done=representative")
		rep := w.user(t, "xihu.minzheng.approver")
		for who, ss := range map[string]*session{"the purchaser": purchaser, "the public": nil} {
			page := w.pubPage(t, ss, path, http.StatusOK)
			if !strings.Contains(page, `<dd id="count-reps">1</dd>`) || strings.Contains(page, rep.DisplayName) {
				t.Errorf("%s's panel page: no count of one representative, or the name %s", who, rep.DisplayName)
			}
		}
		tree := w.treeSize(t)
		res := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/procurements/%d/panel/representatives", p.ID), bearer: w.token(t, "xihu.minzheng"),
			body: mustJSON(t, workflow.RepresentativeInput{Username: "xihu.minzheng.admin"})})
		if res.status != http.StatusConflict || !strings.Contains(string(res.body), "ENG-F1") {
			t.Fatalf("a second representative: %d %s, want 409 citing ENG-F1", res.status, res.body)
		}
		if w.treeSize(t) != tree {
			t.Fatal("the refused representative wrote to the log")
		}
	})
}
