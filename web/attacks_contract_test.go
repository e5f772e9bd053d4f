package web

import (
	"context"
	"encoding/base64"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// The attacks of issue 10 ("Bad input and attacks") through the JSON API on
// the demo's awarded 居家养老上门服务: each is refused with the status and
// the rule it names (in Chinese and English), changes nothing — the
// contract, its signatures, payment requests, amendments, subcontracts,
// evaluations, survey answers, complaints and the budget line's balance —
// and is recorded: the log grows by exactly the refusal's one event, on the
// object attacked (or, for the policy's refusals and outsiders, not at all).

// attackScene is the demo contract under attack.
type attackScene struct {
	w      *world
	sc     demoContractScene
	id     int64 // the contract
	path   string
	lineID int64
	bk     goumai.SigningKey // the purchaser's key
}

// state is what a refused attack must leave as it found: the rows of the
// contract's life cycle and the budget line's balance.
func (s attackScene) state(t *testing.T, kept string) string {
	t.Helper()
	ctx := context.Background()
	var b strings.Builder
	for _, table := range []string{"contract_signatures", "payment_requests", "contract_amendments", "amendment_signatures", "subcontracts",
		"performance_evaluations", "survey_responses", "service_complaints", "contract_milestones", "project_closures", "ledger_entries"} {
		if table == kept {
			continue
		}
		var n int64
		if err := s.w.store.DB().QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s=%d ", table, n)
	}
	c, err := s.w.store.Contract(ctx, s.id)
	if err != nil {
		t.Fatal(err)
	}
	bal, err := s.w.store.Balance(ctx, s.lineID)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(&b, "contract=%s/v%d/%s balance=%+v", c.Status, c.Version, c.Hash, bal)
	return b.String()
}

// attack is one refused request.
type attack struct {
	what   string
	r      request
	status int
	rule   string // Error.Rule of the answer ("" when the refusal is the policy's or an outsider's)
	field  string // the field named, if any
	// recorded: the event the refusal writes (action on table/key, key 0:
	// any row of table); "" writes none.
	action, table string
	key           int64
	// kept is a table where the refusal itself is kept as one new row (a
	// blocked subcontract, the finance department's red flag).
	kept string
}

// refuse sends the attack in Chinese and English and checks the three
// things: refused as expected naming the rule in both languages, nothing
// changed, recorded.
func (s attackScene) refuse(t *testing.T, a attack) {
	t.Helper()
	for _, lang := range []string{"zh", "en"} {
		before, tree, keptRows := s.state(t, a.kept), s.w.treeSize(t), s.rows(t, a.kept)
		n := 0
		if a.action != "" {
			n = s.events(t, a.table, a.key, a.action)
		}
		r := a.r
		r.header = map[string]string{"Accept-Language": lang}
		res := s.w.do(t, r)
		if res.status != a.status {
			t.Errorf("%s (%s): %d, want %d: %s", a.what, lang, res.status, a.status, compactJSON(res.body))
			continue
		}
		body := res.json(t)
		msg, _ := body["message"].(string)
		fields, _ := body["fields"].(map[string]any)
		if a.rule != "" && (body["rule"] != a.rule || !strings.Contains(msg, a.rule) && a.rule != goumai.RuleSeparation) { // IC-12 cites its article
			t.Errorf("%s (%s): the answer does not name %s: %s", a.what, lang, a.rule, compactJSON(res.body))
		}
		if a.field != "" && fields[a.field] == nil {
			t.Errorf("%s (%s): no error on the field %s: %s", a.what, lang, a.field, compactJSON(res.body))
		}
		if han := regexp.MustCompile(`\p{Han}`).MatchString(msg); han != (lang == "zh") {
			t.Errorf("%s (%s): the message is not in its language: %q", a.what, lang, msg)
		}
		if got := s.rows(t, a.kept); a.kept != "" && got != keptRows+1 {
			t.Errorf("%s (%s): %d rows kept in %s, want one", a.what, lang, got-keptRows, a.kept)
		}
		if after := s.state(t, a.kept); after != before {
			t.Errorf("%s (%s) changed the state:\n before %s\n after  %s", a.what, lang, before, after)
		}
		want := tree
		if a.action != "" {
			want++
			if got := s.events(t, a.table, a.key, a.action); got != n+1 {
				t.Errorf("%s (%s): %s on %s %d recorded %d times, want once", a.what, lang, a.action, a.table, a.key, got-n)
			}
		}
		if got := s.w.treeSize(t); got != want {
			t.Errorf("%s (%s): the log grew by %d events, want %d", a.what, lang, got-tree, want-tree)
		}
	}
}

// rows counts a table's rows (0 for no table).
func (s attackScene) rows(t *testing.T, table string) int64 {
	t.Helper()
	var n int64
	if table != "" {
		if err := s.w.store.DB().QueryRowContext(context.Background(), "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

// events counts the events of action on one object (key 0: on any of table).
func (s attackScene) events(t *testing.T, table string, key int64, action string) int {
	t.Helper()
	id := ""
	if key != 0 {
		id = strconv.FormatInt(key, 10)
	}
	es, err := s.w.store.FindEvents(context.Background(), sqlstore.EventFilter{ObjectType: table, ObjectID: id, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if e.Action == action {
			n++
		}
	}
	return n
}

// newAttackScene drafts the demo's contract with two milestones (halves)
// and registers the purchaser's key; it is not signed yet.
func newAttackScene(t *testing.T, w *world) attackScene {
	t.Helper()
	ctx := context.Background()
	sc := contractDemo(t, w)
	buyer := w.actor(t, "xihu.minzheng")
	c := okOr[goumai.Contract](t)(w.svc.DraftContract(ctx, buyer, sc.p.ID, sc.award.LotID, workflow.ContractInput{}))
	terms := c.Terms
	terms.Settlement, terms.BreachLiability = "每个履约节点验收合格后15日内支付。", "按合同约定承担违约责任。"
	half := c.Amount / 2
	c = okOr[goumai.Contract](t)(w.svc.UpdateContract(ctx, buyer, c.ID, workflow.ContractInput{Version: c.Version, Title: c.Title, Amount: c.Amount,
		TermMonths: c.TermMonths, LongTerm: c.LongTerm, StartOn: c.StartOn, Terms: terms,
		Milestones: []goumai.MilestoneInput{{Title: "中期", Deliverables: "中期报告", DueOn: c.StartOn, Amount: half},
			{Title: "结项", Deliverables: "结项报告", DueOn: c.EndOn, Amount: c.Amount - half}}}))
	bk, err := goumai.GenerateSigningKey(goumai.AlgEd25519, nil)
	if err != nil {
		t.Fatal(err)
	}
	pub, _ := bk.Public()
	okOr[goumai.PublicKey](t)(w.svc.RegisterPurchaserKey(ctx, buyer, buyer.Org.ID, workflow.KeyInput{PublicKey: pub.PEM, Label: "合同专用"}))
	pr := okOr[goumai.Project](t)(w.store.Project(ctx, sc.p.ProjectID))
	return attackScene{w: w, sc: sc, id: c.ID, path: fmt.Sprintf("/api/v1/contracts/%d", c.ID), lineID: pr.BudgetLineID, bk: bk}
}

// TestAttacksContractSigning: a forged signature, a signature replayed from
// an earlier version of the contract (over its old hash, and sent with the
// new one), signing after the 30 days from the result notice (ENG-D6) and
// while a challenge is open (ENG-D8), each refused naming its rule,
// nothing changed, and recorded on the contract (contract.sign_refused);
// another supplier, the public and another region's finance staff are
// refused and write nothing. The contract is then signed and in force.
func TestAttacksContractSigning(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		s := newAttackScene(t, w)
		winner := w.token(t, s.sc.winner)
		c := okOr[goumai.Contract](t)(w.store.Contract(ctx, s.id))
		recorded := func(what string, r request, status int, rule, field string) attack {
			return attack{what: what, r: r, status: status, rule: rule, field: field, action: "contract.sign_refused", table: "contracts", key: s.id}
		}
		sign := func(bearer, body string) request {
			return request{method: "POST", path: s.path + "/sign", bearer: bearer, body: body}
		}

		forger, err := goumai.GenerateSigningKey(goumai.AlgEd25519, nil)
		if err != nil {
			t.Fatal(err)
		}
		wpub, _ := s.sc.key.Public()
		forged := strings.Replace(signBody(t, forger, c.Hash), mustPubID(t, forger), wpub.ID, 1)
		s.refuse(t, recorded("a forged signature (another key under the winner's key id)", sign(winner, forged), 422, "REQ-C6", "signature"))

		// A signature of the draft before its last change, replayed.
		old := c.Hash
		oldSig := signBody(t, s.sc.key, old)
		in := workflow.ContractInput{Version: c.Version, Title: c.Title + "（修订）", Amount: c.Amount, TermMonths: c.TermMonths, LongTerm: c.LongTerm,
			StartOn: c.StartOn, Terms: c.Terms}
		for _, m := range c.Milestones {
			in.Milestones = append(in.Milestones, goumai.MilestoneInput{Title: m.Title, Deliverables: m.Deliverables, DueOn: m.DueOn, Amount: m.Amount})
		}
		c = okOr[goumai.Contract](t)(w.svc.UpdateContract(ctx, w.actor(t, "xihu.minzheng"), s.id, in))
		s.refuse(t, recorded("a signature of the earlier version replayed", sign(winner, oldSig), 422, "REQ-C6", "hash"))
		s.refuse(t, recorded("a signature of the earlier version sent with the current hash", sign(winner, strings.Replace(oldSig, old, c.Hash, 1)), 422, "REQ-C6", "signature"))

		// Late: the clock past the contract's last day to sign (ENG-D6).
		now := w.clock.Now()
		w.clock.Set(c.SignBy.Add(time.Minute))
		s.refuse(t, recorded("signing after the 30 days (ENG-D6)", sign(w.token(t, s.sc.winner), signBody(t, s.sc.key, c.Hash)), 409, "ENG-D6", ""))
		w.clock.Set(now)
		winner = w.token(t, s.sc.winner)

		// During a challenge of the result notice by another bidder (ENG-D8).
		otherUser, _ := otherDemoSupplier(t, w, s.sc)
		ns := okOr[[]goumai.Notice](t)(w.store.Notices(ctx, s.sc.p.ID))
		var result goumai.Notice
		for _, n := range ns {
			if n.Kind == goumai.NoticeResult {
				result = n
			}
		}
		ch, err := w.svc.FileChallenge(ctx, w.actor(t, otherUser), s.sc.p.ID, workflow.ChallengeInput{NoticeID: result.ID,
			Claims: "中标供应商的报价明显低于成本，请重新评审。", Facts: "见成本测算。"})
		if err != nil {
			t.Fatalf("a challenge of the result notice: %v", err)
		}
		s.refuse(t, recorded("signing while a challenge is open (ENG-D8)", sign(winner, signBody(t, s.sc.key, c.Hash)), 409, "ENG-D8", ""))
		okOr[goumai.Challenge](t)(w.svc.WithdrawChallenge(ctx, w.actor(t, otherUser), ch.ID))

		// Outsiders are refused and write nothing.
		s.refuse(t, attack{what: "another supplier signing", r: sign(w.token(t, otherUser), signBody(t, s.sc.key, c.Hash)), status: 404})
		s.refuse(t, attack{what: "the public signing", r: sign("", signBody(t, s.sc.key, c.Hash)), status: 401})
		s.refuse(t, attack{what: "another region's finance staff signing", r: sign(w.token(t, "yinzhou.reviewer"), signBody(t, s.sc.key, c.Hash)), status: 404})

		for _, r := range []request{sign(winner, signBody(t, s.sc.key, c.Hash)), sign(w.token(t, "xihu.minzheng"), signBody(t, s.bk, c.Hash))} {
			if res := w.do(t, r); res.status != 200 {
				t.Fatalf("signing: %d %s", res.status, res.body)
			}
		}
		if rep, err := w.store.Verify(ctx, nil); err != nil || !rep.OK() {
			t.Errorf("log verify after the attacks: %+v %v", rep.Problems, err)
		}
	})
}

// signAttackScene puts the scene's contract in force (both signatures in-process).
func signAttackScene(t *testing.T, s attackScene) goumai.Contract {
	t.Helper()
	ctx := context.Background()
	c := okOr[goumai.Contract](t)(s.w.store.Contract(ctx, s.id))
	in := func(k goumai.SigningKey) workflow.SignInput {
		pub, _ := k.Public()
		sig, err := k.Sign(goumai.ContractSigningMessage(c.Hash))
		if err != nil {
			t.Fatal(err)
		}
		return workflow.SignInput{Hash: c.Hash, KeyID: pub.ID, Signature: base64.StdEncoding.EncodeToString(sig)}
	}
	okOr[goumai.Contract](t)(s.w.svc.SignContract(ctx, s.w.actor(t, s.sc.winner), s.id, in(s.sc.key)))
	return okOr[goumai.Contract](t)(s.w.svc.SignContract(ctx, s.w.actor(t, "xihu.minzheng"), s.id, in(s.bk)))
}

// TestAttacksPayment: paying an unaccepted milestone, paying past the
// milestone and the contract, paying twice (ENG-H7), each refused naming
// the rule, nothing changed (no request, the ledger unmoved) and recorded
// (payment.request_refused on the contract, payment.refused on the
// request); the finance approver who approved a request recording its
// payment is refused by separation of duties (IC-12); a supplier not party
// to the contract, the public, another region's finance staff and
// purchaser are refused; a note that is not UTF-8 and a body ten times the
// limit are 422, nothing stored.
func TestAttacksPayment(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		s := newAttackScene(t, w)
		c := signAttackScene(t, s)
		setWebPaymentThreshold(t, w, c) // both approval paths: ¥1 and up needs the finance department too
		m1, m2 := c.Milestones[0], c.Milestones[1]
		winner, buyer := w.token(t, s.sc.winner), w.token(t, "xihu.minzheng")
		payer, fin := w.token(t, "xihu.reviewer"), w.token(t, "xihu.approver")
		base := s.path + "/payments"
		ask := func(bearer string, m goumai.Milestone, amount goumai.Fen) request {
			return request{method: "POST", path: base, bearer: bearer, body: mustJSON(t, map[string]any{"milestone_id": m.ID, "amount": amount, "note": "请支付"})}
		}
		refusedRequest := func(what string, r request, status int, field string) attack {
			return attack{what: what, r: r, status: status, rule: "ENG-H7", field: field, action: "payment.request_refused", table: "contracts", key: s.id}
		}
		s.refuse(t, refusedRequest("paying an unaccepted milestone", ask(winner, m1, 50), 409, "milestone_id"))
		acceptDemoMilestone(t, w, m1.ID)
		s.refuse(t, refusedRequest("paying past the milestone", ask(winner, m1, m1.Amount+1), 422, "amount"))
		s.refuse(t, refusedRequest("paying past the contract", ask(winner, m1, c.Amount+1), 422, "amount"))

		other, _ := otherDemoSupplier(t, w, s.sc)
		s.refuse(t, attack{what: "a supplier not party to the contract", r: ask(w.token(t, other), m1, 50), status: 404})
		s.refuse(t, attack{what: "the public", r: ask("", m1, 50), status: 401})
		s.refuse(t, attack{what: "the purchaser asking its own payment", r: ask(buyer, m1, 50), status: 403})
		bad := strings.Replace(mustJSON(t, map[string]any{"milestone_id": m1.ID, "amount": 50, "note": "请支付MARK"}), "MARK", "\xff\xfe", 1)
		s.refuse(t, attack{what: "a note that is not UTF-8", r: request{method: "POST", path: base, bearer: winner, body: bad}, status: 422})
		big := mustJSON(t, map[string]any{"milestone_id": m1.ID, "amount": 50, "note": strings.Repeat("长", 10*maxBody/3)})
		s.refuse(t, attack{what: "a body ten times the limit", r: request{method: "POST", path: base, bearer: winner, body: big}, status: 422})

		step := func(id any, verb, bearer string) request {
			return request{method: "POST", path: fmt.Sprintf("/api/v1/payments/%v/%s", id, verb), bearer: bearer, body: `{"opinion":"同意"}`}
		}
		do := func(r request, want int) map[string]any {
			t.Helper()
			res := w.do(t, r)
			if res.status != want {
				t.Fatalf("%s %s: %d, want %d: %s", r.method, r.path, res.status, want, res.body)
			}
			for _, v := range res.json(t) {
				return v.(map[string]any)
			}
			return nil
		}
		// Under the threshold: approved by the purchaser, paid; paid twice.
		p := do(ask(winner, m1, 50), 201)
		pid := int64(p["id"].(float64))
		s.refuse(t, attack{what: "another region's purchaser approving", r: step(pid, "approve", w.token(t, "yinzhou.sifa")), status: 404})
		do(step(pid, "approve", buyer), 200)
		s.refuse(t, attack{what: "another region's finance staff paying", r: step(pid, "pay", w.token(t, "yinzhou.reviewer")), status: 404})
		s.refuse(t, attack{what: "the supplier paying itself", r: step(pid, "pay", winner), status: 403})
		do(step(pid, "pay", payer), 200)
		s.refuse(t, attack{what: "paying twice", r: step(pid, "pay", payer), status: 409, rule: "ENG-H7", action: "payment.refused", table: "payment_requests", key: pid})

		// At the threshold: whoever approved it for the finance department
		// does not record its payment (IC-12).
		q := do(ask(winner, m1, webPaymentThreshold), 201)
		qid := int64(q["id"].(float64))
		do(step(qid, "approve", buyer), 200)
		s.refuse(t, attack{what: "another region's finance approver approving", r: step(qid, "finance-approve", w.token(t, "yinzhou.approver")), status: 404})
		do(step(qid, "finance-approve", fin), 200)
		s.refuse(t, attack{what: "the finance approver recording the payment it approved", r: step(qid, "pay", fin), status: 403, rule: goumai.RuleSeparation})
		do(step(qid, "pay", payer), 200)

		// The final payment before the grade is published (ENG-J1).
		acceptDemoMilestone(t, w, m2.ID)
		s.refuse(t, attack{what: "the final payment before the grade", r: ask(winner, m2, m2.Amount), status: 409, rule: "ENG-J1", field: "final",
			action: "payment.request_refused", table: "contracts", key: s.id})
		if rep, err := w.store.Verify(context.Background(), nil); err != nil || !rep.OK() {
			t.Errorf("log verify after the attacks: %+v %v", rep.Problems, err)
		}
	})
}

// TestAttacksContractChanges: amending past 10 % (ENG-H3) or with a
// financing guarantee (ENG-H5), refused naming the rule, nothing changed,
// recorded on the contract (contract.amend_refused); a whole-service and a
// second-level subcontract (ENG-H4) refused naming the rule, the contract
// unchanged, each kept as one blocked subcontract (the red flag the finance
// department reads) and its event; outsiders refused, nothing written.
func TestAttacksContractChanges(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		s := newAttackScene(t, w)
		c := signAttackScene(t, s)
		winner, buyer := w.token(t, s.sc.winner), w.token(t, "xihu.minzheng")
		amend := func(bearer string, add goumai.Fen, guarantee bool) request {
			return request{method: "POST", path: s.path + "/amendments", bearer: bearer, body: mustJSON(t, map[string]any{"reasons": "服务对象增加。",
				"terms": "服务数量增加。", "amount": add, "financing_guarantee": guarantee})}
		}
		refusedAmendment := func(what string, r request, rule, field string) attack {
			return attack{what: what, r: r, status: 422, rule: rule, field: field, action: "contract.amend_refused", table: "contracts", key: s.id}
		}
		s.refuse(t, refusedAmendment("amending past 10 %", amend(buyer, c.Amount/10+1, false), "ENG-H3", "amount"))
		s.refuse(t, refusedAmendment("a financing guarantee", amend(buyer, 0, true), "ENG-H5", "financing_guarantee"))
		other, otherOrg := otherDemoSupplier(t, w, s.sc)
		s.refuse(t, attack{what: "the supplier amending", r: amend(winner, 100, false), status: 403})
		s.refuse(t, attack{what: "another supplier amending", r: amend(w.token(t, other), 100, false), status: 403})
		s.refuse(t, attack{what: "another region's purchaser amending", r: amend(w.token(t, "yinzhou.sifa"), 100, false), status: 404})
		s.refuse(t, attack{what: "the public amending", r: amend("", 100, false), status: 401})

		sub := func(bearer string, org int64, amount goumai.Fen) request {
			return request{method: "POST", path: s.path + "/subcontracts", bearer: bearer, body: mustJSON(t, map[string]any{"subcontractor_org_id": org,
				"part": "助浴服务", "amount": amount, "non_core": true, "declared": true})}
		}
		blocked := func(what string, r request, field string) attack {
			return attack{what: what, r: r, status: 422, rule: "ENG-H4", field: field, action: "contract.subcontract_block", table: "subcontracts", kept: "subcontracts"}
		}
		s.refuse(t, blocked("a whole-service subcontract (转包)", sub(winner, otherOrg.ID, c.Amount), "amount"))
		res := w.do(t, sub(winner, otherOrg.ID, c.Amount/5))
		if res.status != 201 {
			t.Fatalf("propose a subcontract: %d %s", res.status, res.body)
		}
		k := res.json(t)["subcontract"].(map[string]any)
		if res := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/subcontracts/%v/decision", k["id"]), bearer: buyer,
			body: mustJSON(t, map[string]any{"version": k["version"], "agree": true, "opinion": "同意。"})}); res.status != 200 {
			t.Fatalf("consent: %d %s", res.status, res.body)
		}
		s.refuse(t, blocked("a second-level subcontract", sub(w.token(t, other), w.org(t, "杭州市西湖区民政局").ID, 100), "subcontractor_org_id"))
		if res := w.do(t, request{method: "GET", path: "/api/v1/subcontracts/blocked?region=330106", bearer: w.token(t, "xihu.reviewer")}); res.status != 200 ||
			len(res.json(t)["subcontracts"].([]any)) < 4 {
			t.Errorf("the red flags the finance department reads: %d %s", res.status, res.body)
		}
		if rep, err := w.store.Verify(context.Background(), nil); err != nil || !rep.OK() {
			t.Errorf("log verify after the attacks: %+v %v", rep.Problems, err)
		}
	})
}

// TestAttacksPerformance: the supplier starting or editing its own
// evaluation (ENG-J1) refused, nothing changed, the attempt recorded on the
// contract (performance.refused); a survey code answered twice refused
// naming REQ-W19 and recorded on the code (survey.code_refused); a flood
// from one address held back (429, REQ-W19) with nothing stored (its
// counter is the throttle's, not the log's).
func TestAttacksPerformance(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		s := newAttackScene(t, w)
		signAttackScene(t, s)
		winner, buyer := w.token(t, s.sc.winner), w.token(t, "xihu.minzheng")
		own := func(r request) attack {
			return attack{what: "the supplier on its own evaluation: " + r.method + " " + r.path, r: r, status: 403, rule: "ENG-J1",
				action: "performance.refused", table: "contracts", key: s.id}
		}
		s.refuse(t, own(request{method: "POST", path: s.path + "/evaluations", bearer: winner, body: `{"kind":"self"}`}))
		res := w.do(t, request{method: "POST", path: s.path + "/evaluations", bearer: buyer, body: `{"kind":"self"}`})
		if res.status != 201 {
			t.Fatalf("the purchaser's self-evaluation: %d %s", res.status, res.body)
		}
		e := res.json(t)["evaluation"].(map[string]any)
		epath := fmt.Sprintf("/api/v1/performance-evaluations/%v", e["id"])
		s.refuse(t, own(request{method: "PUT", path: epath, bearer: winner, body: mustJSON(t, map[string]any{"version": e["version"], "kind": "self",
			"indicators": e["indicators"], "summary": "服务优秀。"})}))
		s.refuse(t, own(request{method: "POST", path: epath + "/publish", bearer: winner, body: mustJSON(t, map[string]any{"version": e["version"]})}))

		res = w.do(t, request{method: "POST", path: s.path + "/survey-codes", bearer: buyer, body: `{"count":2}`})
		if res.status != 201 {
			t.Fatalf("survey codes: %d %s", res.status, res.body)
		}
		codes := res.json(t)["codes"].([]any)
		answer := func(code any, remote string) request {
			return request{method: "POST", path: "/api/v1/survey-responses", body: mustJSON(t, map[string]any{"code": code, "ratings": []int{5, 5, 5, 5}}), remote: remote}
		}
		if res := w.do(t, answer(codes[0], "")); res.status != 201 {
			t.Fatalf("an answer: %d %s", res.status, res.body)
		}
		s.refuse(t, attack{what: "a code answered twice", r: answer(codes[0], ""), status: 409, rule: "REQ-W19", action: "survey.code_refused", table: "survey_codes"})
		flood := "203.0.113.66:4000"
		for i := range workflow.SurveyLimit.N {
			if res := w.do(t, answer(fmt.Sprintf("FLOOD%04d", i), flood)); res.status != 422 {
				t.Fatalf("flood answer %d: %d %s", i, res.status, res.body)
			}
		}
		s.refuse(t, attack{what: "a survey flood from one address", r: answer(codes[1], flood), status: 429, rule: "REQ-W19"})
		if res := w.do(t, answer(codes[1], "")); res.status != 201 {
			t.Errorf("an answer from another address: %d %s", res.status, res.body)
		}
	})
}

// TestAttacksOtherRegion: the staff of another region's organisations (宁波市
// 鄞州区: its finance department's reviewer, approver and administrator, and
// a purchaser there) on every write route of the contract's life cycle —
// contract, signature, statistics, changes, supervision, acceptance,
// performance, survey codes, payment, qualification, closure — are refused
// (403 or 404: the gate is the role's, then the use case asks about the
// exact target; a body whose format a use case checks first is sent well
// formed) and nothing changes, nothing is written to the log.
func TestAttacksOtherRegion(t *testing.T) {
	w := demoWorld(t)
	s := newAttackScene(t, w)
	c := signAttackScene(t, s)
	m := c.Milestones[0].ID
	routes := []struct{ method, path string }{
		{"PUT", s.path}, {"POST", s.path + "/sign"}, {"POST", s.path + "/statistics"},
		{"POST", s.path + "/amendments"}, {"POST", s.path + "/terminations"}, {"POST", s.path + "/subcontracts"},
		{"POST", s.path + "/progress-reports"}, {"POST", s.path + "/inspections"}, {"POST", s.path + "/rectifications"},
		{"POST", fmt.Sprintf("/api/v1/milestones/%d/submit", m)}, {"POST", fmt.Sprintf("/api/v1/milestones/%d/acceptance-group", m)},
		{"POST", fmt.Sprintf("/api/v1/milestones/%d/opinions", m)}, {"POST", fmt.Sprintf("/api/v1/milestones/%d/decision", m)},
		{"POST", s.path + "/evaluations"}, {"POST", s.path + "/survey-codes"}, {"POST", s.path + "/payments"},
		{"POST", fmt.Sprintf("/api/v1/procurements/%d/qualifications", s.sc.p.ID)},
		{"POST", fmt.Sprintf("/api/v1/procurements/%d/lots/%d/contract", s.sc.p.ID, s.sc.award.LotID)},
		{"POST", fmt.Sprintf("/api/v1/projects/%d/close", s.sc.p.ProjectID)},
	}
	// A body of the right shape where the use case checks its format first
	// (what it says is independent of the target); none where none is taken.
	shaped := map[string]string{"/sign": `{"hash":"00","key_id":"k","signature":"AAAA"}`, "/payments": fmt.Sprintf(`{"milestone_id":%d,"amount":1}`, m),
		"/survey-codes": `{"count":1}`, "/qualifications": fmt.Sprintf(`{"lot_id":%d,"opinion":"合格"}`, s.sc.award.LotID), "/statistics": "", "/close": ""}
	for _, user := range []string{"yinzhou.reviewer", "yinzhou.approver", "yinzhou.admin", "yinzhou.sifa"} {
		tok := w.token(t, user)
		for _, rt := range routes {
			before, tree := s.state(t, ""), w.treeSize(t)
			body, ok := shaped[rt.path[strings.LastIndex(rt.path, "/"):]]
			if !ok {
				body = "{}"
			}
			res := w.do(t, request{method: rt.method, path: rt.path, bearer: tok, body: body})
			if res.status != 403 && res.status != 404 {
				t.Errorf("%s %s as %s: %d, want 403 or 404: %s", rt.method, rt.path, user, res.status, compactJSON(res.body))
			}
			if s.state(t, "") != before || w.treeSize(t) != tree {
				t.Errorf("%s %s as %s changed something", rt.method, rt.path, user)
			}
		}
	}
}

// TestAttacksClosedProject: once the project is closed (delivered, graded,
// paid: written through the store as their use cases would), a complaint
// about its service, a survey answer and a payment request are refused
// naming ENG-I2, nothing changed, nothing written.
func TestAttacksClosedProject(t *testing.T) {
	w := demoWorld(t)
	s := newAttackScene(t, w)
	c := signAttackScene(t, s)
	buyer := w.token(t, "xihu.minzheng")
	res := w.do(t, request{method: "POST", path: s.path + "/survey-codes", bearer: buyer, body: `{"count":1}`})
	if res.status != 201 {
		t.Fatalf("survey codes: %d %s", res.status, res.body)
	}
	code := res.json(t)["codes"].([]any)[0]
	for _, m := range c.Milestones {
		acceptDemoMilestone(t, w, m.ID)
	}
	gradeDemoContract(t, w, c, 9000)
	ctx := context.Background()
	if err := w.store.Update(ctx, func(tx *sqlstore.Tx) error {
		_, _, err := tx.PostLedger(ctx, goumai.System, goumai.LedgerEntry{LineID: s.lineID, Kind: goumai.LedgerPay, Amount: c.Amount, ProjectID: s.sc.p.ProjectID}, c.Region)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if res := w.do(t, request{method: "POST", path: fmt.Sprintf("/api/v1/projects/%d/close", s.sc.p.ProjectID), bearer: buyer}); res.status != 200 {
		t.Fatalf("close: %d %s", res.status, res.body)
	}
	s.refuse(t, attack{what: "a complaint about a closed project's service", r: request{method: "POST", path: s.path + "/complaints",
		body: `{"body":"上门服务人员多次迟到。"}`}, status: 409, rule: "ENG-I2"})
	s.refuse(t, attack{what: "a survey answer on a closed project", r: request{method: "POST", path: "/api/v1/survey-responses",
		body: mustJSON(t, map[string]any{"code": code, "ratings": []int{5, 5, 5, 5}})}, status: 409, rule: "ENG-I2"})
	s.refuse(t, attack{what: "a payment request on a closed project", r: request{method: "POST", path: s.path + "/payments", bearer: w.token(t, s.sc.winner),
		body: mustJSON(t, map[string]any{"milestone_id": c.Milestones[0].ID, "amount": 1})}, status: 409, rule: "ENG-I2"})
}
