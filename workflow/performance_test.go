package workflow_test

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// perfScene is a contract in force with its scene.
type perfScene struct {
	*contractScene
	c goumai.Contract
}

func newPerfScene(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) perfScene {
	t.Helper()
	ctx := context.Background()
	sc := newContractScene(t, s, clock)
	c := sc.draft(t)
	c = must[goumai.Contract](t, "supplier signs")(sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, signWith(t, sc.winner, c.Hash)))
	c = must[goumai.Contract](t, "purchaser signs")(sc.svc.SignContract(ctx, sc.staff, c.ID, signWith(t, sc.buyerSigner, c.Hash)))
	if c.Status != goumai.ContractSigned {
		t.Fatalf("contract %s", c.Status)
	}
	return perfScene{contractScene: sc, c: c}
}

// acceptAll accepts every milestone of the contract (the acceptance use
// case belongs to another area: written here directly, recorded).
func (ps perfScene) acceptAll(t *testing.T, s *sqlstore.Store) {
	t.Helper()
	ctx := context.Background()
	if err := s.Update(ctx, func(tx *sqlstore.Tx) error {
		ms, err := tx.Milestones(ctx, ps.c.ID)
		if err != nil {
			return err
		}
		for _, m := range ms {
			now := tx.Now()
			m.Status, m.SubmittedAt, m.AcceptedAt = goumai.MilestoneAccepted, &now, &now
			if _, err := tx.UpdateMilestone(ctx, m); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: ps.staff, Action: "milestone.set", Table: "contract_milestones", Key: m.ID, Region: ps.c.Region}); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

func score(inds []goumai.Indicator, scores ...int) []goumai.Indicator {
	out := slices.Clone(inds)
	for i := range out {
		if i < len(scores) && scores[i] >= 0 {
			v := scores[i]
			out[i].Score = &v
		}
		out[i].Evidence = "台账抽查记录"
	}
	return out
}

func refusedEvents(t *testing.T, s *sqlstore.Store, contractID int64) int {
	t.Helper()
	es := must[[]goumai.Event](t, "events")(s.FindEvents(context.Background(), sqlstore.EventFilter{ObjectType: "contracts", ObjectID: strconv.FormatInt(contractID, 10), Limit: 100}))
	n := 0
	for _, e := range es {
		if e.Action == "performance.refused" {
			n++
		}
	}
	return n
}

// TestPerformanceEvaluation: the self-evaluation seeded from the project's
// targets, ENG-J2's weights (sum 100; external: output+benefit ≥ 60 %), the
// supplier refused and recorded, a third-party evaluator scoring its own
// evaluation only, the survey (one-time codes, once per code, rate limits,
// flood flags reviewed before publishing, REQ-W19 pseudonymised answers), and
// publishing: the weighted result and grade become the contract's grade in
// the same transaction, with public events; the supplier's record and the
// regional summary (ENG-J1); the to-do items.
func TestPerformanceEvaluation(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		ps := newPerfScene(t, s, clock)
		svc, c := ps.svc, ps.c
		if hasTodo(t, svc, ps.staff, "todo.kind.performance_due") {
			t.Error("an evaluation due before the milestones are accepted")
		}
		ps.acceptAll(t, s)
		if !hasTodo(t, svc, ps.staff, "todo.kind.performance_due") {
			t.Error("no evaluation due after the last milestone is accepted")
		}

		// The supplier cannot evaluate itself: refused and recorded.
		if _, err := svc.StartEvaluation(ctx, ps.winner.Actor, c.ID, workflow.EvaluationInput{Kind: goumai.EvalSelf}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("the supplier starting: %v", err)
		}
		if n := refusedEvents(t, s, c.ID); n != 1 {
			t.Errorf("refusals recorded: %d", n)
		}
		bad := goumai.DefaultIndicators()
		bad[0].Weight = 40
		if _, err := svc.StartEvaluation(ctx, ps.staff, c.ID, workflow.EvaluationInput{Kind: goumai.EvalSelf, Indicators: bad}); goumai.AsError(err).Fields["indicators"].ZH == "" {
			t.Fatalf("weights summing to 90: %v", err)
		}
		self := must[goumai.PerformanceEvaluation](t, "start")(svc.StartEvaluation(ctx, ps.staff, c.ID, workflow.EvaluationInput{Kind: goumai.EvalSelf}))
		if self.Status != goumai.EvalDraft || self.Indicators[0].Name != "服务人次" || self.Indicators[0].Weight != 50 ||
			!slices.ContainsFunc(self.Indicators, func(i goumai.Indicator) bool { return i.Name == "服务对象满意度" && i.Weight == 10 }) {
			t.Fatalf("seeded from the targets: %+v", self.Indicators)
		}
		if _, err := svc.StartEvaluation(ctx, ps.staff, c.ID, workflow.EvaluationInput{Kind: goumai.EvalSelf}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("a second self-evaluation in progress: %v", err)
		}

		// A third-party evaluator: output+benefit must weigh ≥ 60 %.
		evalOrg := must[goumai.Org](t, "evaluator")(svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: "浙江绩效评价事务所", Kind: goumai.KindEnterprise,
			CreditCode: projCode(t, "330106", "00700077X"), Region: "330106"}))
		evaluator := ps.member(t, evalOrg, "perf.evaluator", goumai.RoleSupplier)
		low := goumai.DefaultIndicators()
		low[0].Weight, low[1].Weight, low[2].Weight, low[3].Weight = 30, 20, 25, 25
		if _, err := svc.StartEvaluation(ctx, ps.staff, c.ID, workflow.EvaluationInput{Kind: goumai.EvalThirdParty, EvaluatorOrgID: evalOrg.ID, Indicators: low}); goumai.AsError(err).Fields["indicators"].ZH == "" {
			t.Fatalf("external with output+benefit 50 %%: %v", err)
		}
		if _, err := svc.StartEvaluation(ctx, ps.staff, c.ID, workflow.EvaluationInput{Kind: goumai.EvalThirdParty, EvaluatorOrgID: c.SupplierOrgID}); goumai.AsError(err).Fields["evaluator_org_id"].ZH == "" {
			t.Fatalf("the supplier as its evaluator: %v", err)
		}
		third := must[goumai.PerformanceEvaluation](t, "third party")(svc.StartEvaluation(ctx, ps.staff, c.ID, workflow.EvaluationInput{Kind: goumai.EvalThirdParty, EvaluatorOrgID: evalOrg.ID}))
		if _, err := svc.UpdateEvaluation(ctx, ps.staff, third.ID, workflow.EvaluationInput{Version: third.Version, Indicators: score(third.Indicators, 90, 90, 90)}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Errorf("the purchaser scoring the third party's evaluation: %v", err)
		}
		third = must[goumai.PerformanceEvaluation](t, "third party scores")(svc.UpdateEvaluation(ctx, evaluator, third.ID,
			workflow.EvaluationInput{Version: third.Version, Indicators: score(third.Indicators, 80, 80, 80, 80), Summary: "总体良好"}))
		if third.Score != 8000 || third.Grade != goumai.GradeGood {
			t.Errorf("third party's running result: %d %s", third.Score, third.Grade)
		}

		// The survey.
		codes := must[[]string](t, "codes")(svc.IssueSurveyCodes(ctx, ps.staff, c.ID, 12))
		if len(codes) != 12 || len(codes[0]) != 11 {
			t.Fatalf("codes %v", codes)
		}
		if _, err := svc.IssueSurveyCodes(ctx, ps.winner.Actor, c.ID, 3); err == nil {
			t.Error("the supplier issued survey codes")
		}
		if _, err := svc.IssueSurveyCodes(ctx, ps.staff, c.ID, 0); goumai.AsError(err).Fields["count"].ZH == "" {
			t.Errorf("zero codes: %v", err)
		}
		rc := must[workflow.SurveyReceipt](t, "answer")(svc.SubmitSurvey(ctx, workflow.SurveyInput{Code: " " + codes[0] + " ", Ratings: []int{5, 4, 5, 4},
			Comment: "服务很好，电话13812345678"}, "198.51.100.1"))
		if rc.ContractID != c.ID {
			t.Errorf("receipt %+v", rc)
		}
		if _, err := svc.SubmitSurvey(ctx, workflow.SurveyInput{Code: codes[0], Ratings: []int{1, 1, 1, 1}}, "198.51.100.2"); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("a code reused: %v", err)
		}
		if _, err := svc.SubmitSurvey(ctx, workflow.SurveyInput{Code: "AAAAA-BBBBB", Ratings: []int{5, 5, 5, 5}}, "198.51.100.3"); goumai.AsError(err).Fields["code"].ZH == "" {
			t.Errorf("an unknown code: %v", err)
		}
		if _, err := svc.SubmitSurvey(ctx, workflow.SurveyInput{Code: codes[1], Ratings: []int{5, 9}}, "198.51.100.3"); goumai.AsError(err).Fields["ratings"].ZH == "" {
			t.Errorf("a bad answer: %v", err)
		}
		// A guessed code: five tries per code, from any addresses.
		for i := range workflow.SurveyCodeLimit.N + 1 {
			_, err := svc.SubmitSurvey(ctx, workflow.SurveyInput{Code: "ZZZZZ-ZZZZZ", Ratings: []int{5, 5, 5, 5}}, fmt.Sprintf("203.0.113.%d", i))
			if want := i >= workflow.SurveyCodeLimit.N; (goumai.ErrorCode(err) == goumai.ERateLimited) != want {
				t.Fatalf("try %d of one code: %v", i, err)
			}
		}
		// A flood: five identical answers within minutes.
		for _, code := range codes[2:7] {
			must[workflow.SurveyReceipt](t, "flood")(svc.SubmitSurvey(ctx, workflow.SurveyInput{Code: code, Ratings: []int{1, 1, 1, 1}}, "192.0.2.7"))
		}
		for _, code := range codes[7:10] {
			must[workflow.SurveyReceipt](t, "answer")(svc.SubmitSurvey(ctx, workflow.SurveyInput{Code: code, Ratings: []int{4, 5, 4, 5}}, "192.0.2.8"))
		}
		rs := must[[]goumai.SurveyResponse](t, "responses")(s.SurveyResponses(ctx, c.ID))
		if len(rs) != 9 || rs[0].Comment != "服务很好，电话***" || rs[0].Satisfaction != 88 || len(rs[0].Pseudonym) != 24 {
			t.Fatalf("stored answers: %+v", rs)
		}
		for _, code := range codes {
			for _, r := range rs {
				if r.Pseudonym == code || r.Comment == code {
					t.Fatal("a code stored with an answer")
				}
			}
		}
		v := must[workflow.PerformanceView](t, "view")(svc.ContractPerformance(ctx, ps.staff, c.ID))
		if v.Survey.Flagged != 5 || !hasTodo(t, svc, ps.staff, "todo.kind.survey_flags") {
			t.Fatalf("flags: %+v", v.Survey)
		}
		fin := must[workflow.PerformanceView](t, "finance view")(svc.ContractPerformance(ctx, ps.reviewer, c.ID))
		if len(fin.Responses) != 9 || fin.Survey.Flagged != 5 {
			t.Errorf("finance sees the flags: %d %+v", len(fin.Responses), fin.Survey)
		}

		// Publishing waits for the review of the flags.
		self = must[goumai.PerformanceEvaluation](t, "score")(svc.UpdateEvaluation(ctx, ps.staff, self.ID, workflow.EvaluationInput{Version: self.Version,
			Indicators: score(self.Indicators, 95, 90, -1, 100), Summary: "按合同完成服务。"}))
		if _, err := svc.PublishEvaluation(ctx, ps.staff, self.ID, self.Version); goumai.ErrorCode(err) != goumai.EConflict {
			t.Fatalf("publishing with flags unreviewed: %v", err)
		}
		for _, r := range v.Responses {
			if len(r.Flags) > 0 {
				must[goumai.SurveyResponse](t, "review")(svc.ReviewSurveyResponse(ctx, ps.staff, r.ID, workflow.SurveyReviewInput{Exclude: true, Note: "同一时间集中提交"}))
			}
		}
		if _, err := svc.ReviewSurveyResponse(ctx, ps.winner.Actor, rs[0].ID, workflow.SurveyReviewInput{}); err == nil {
			t.Error("the supplier reviewed an answer")
		}
		// The supplier cannot edit its evaluation: refused and recorded.
		if _, err := svc.UpdateEvaluation(ctx, ps.winner.Actor, self.ID, workflow.EvaluationInput{Version: self.Version, Indicators: score(self.Indicators, 100, 100, 100, 100)}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("the supplier editing: %v", err)
		}
		if n := refusedEvents(t, s, c.ID); n != 2 {
			t.Errorf("refusals recorded: %d", n)
		}
		self = must[goumai.PerformanceEvaluation](t, "publish")(svc.PublishEvaluation(ctx, ps.staff, self.ID, self.Version))
		sat, _ := rules.SurveyScore(must[[]goumai.SurveyResponse](t, "responses")(s.SurveyResponses(ctx, c.ID)))
		want := rules.WeightedScore(score(self.Indicators, 95, 90, sat, 100))
		if self.Status != goumai.EvalPublished || self.Score != want || self.Grade != goumai.GradeFor(want) || self.PublishedAt == nil {
			t.Fatalf("published %+v, want score %d (satisfaction %d)", self, want, sat)
		}
		g, ok, err := s.ContractGrade(ctx, c.ID)
		if err != nil || !ok || g.EvaluationID != self.ID || g.Score != want || g.Grade != self.Grade {
			t.Fatalf("the contract's grade: %+v %v %v", g, ok, err)
		}
		es := must[[]goumai.Event](t, "events")(s.FindEvents(ctx, sqlstore.EventFilter{PublicOnly: true, Limit: 20}))
		if !slices.ContainsFunc(es, func(e goumai.Event) bool { return e.Action == "contract.grade" }) ||
			!slices.ContainsFunc(es, func(e goumai.Event) bool { return e.Action == "performance.publish" }) {
			t.Error("no public grade events")
		}
		if _, err := svc.UpdateEvaluation(ctx, ps.staff, self.ID, workflow.EvaluationInput{Version: self.Version, Indicators: self.Indicators}); goumai.ErrorCode(err) != goumai.EConflict {
			t.Errorf("editing a published evaluation: %v", err)
		}
		if hasTodo(t, svc, ps.staff, "todo.kind.performance_due") || hasTodo(t, svc, ps.staff, "todo.kind.survey_flags") {
			t.Error("to-do items left after publishing")
		}

		// The public: published evaluations and aggregates only (REQ-W19).
		pub := must[workflow.PerformanceView](t, "public view")(svc.ContractPerformance(ctx, goumai.Actor{}, c.ID))
		if len(pub.Evaluations) != 1 || pub.Responses != nil || pub.Suggested != nil || pub.Grade == nil || pub.Survey.Counted != 4 || pub.Survey.Responses != 9 {
			t.Errorf("public view %+v", pub)
		}
		// The supplier's record and the regional summary (ENG-J1).
		rec := must[[]goumai.SupplierGrade](t, "record")(svc.SupplierRecord(ctx, c.SupplierOrgID))
		if len(rec) != 1 || rec[0].Score != want || rec[0].ContractID != c.ID {
			t.Errorf("supplier record %+v", rec)
		}
		sum := must[[]workflow.GradeSummary](t, "summary")(svc.PerformanceSummary(ctx, goumai.NationalCode))
		if len(sum) != 1 || sum[0].Contracts != 1 || sum[0].MeanScore != want || sum[0].Grades[self.Grade] != 1 {
			t.Errorf("summary %+v", sum)
		}
		// The log holds every write of this area (the bid fixture sets a lot's bond behind its back).
		for _, p := range must[sqlstore.VerifyReport](t, "verify")(s.Verify(ctx, nil)).Problems {
			for _, table := range []string{"performance_", "survey_", "contract_grades", "contracts "} {
				if strings.HasPrefix(p, table) {
					t.Errorf("the log: %s", p)
				}
			}
		}
	})
}

// TestIndicatorTemplate: a region's finance department sets a dated
// template for a catalogue category; a new evaluation is seeded from it;
// weights not summing to 100 are refused.
func TestIndicatorTemplate(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		ps := newPerfScene(t, s, clock)
		inds := []goumai.Indicator{
			{Level: goumai.LevelDecision, Category: goumai.CategoryCost, Name: "立项规范性", Weight: 5},
			{Level: goumai.LevelOutput, Category: goumai.CategoryOutput, Name: "服务完成率", Weight: 55},
			{Level: goumai.LevelBenefit, Category: goumai.CategoryBenefit, Name: "群众获得感", Weight: 25},
			{Level: goumai.LevelBenefit, Category: goumai.CategorySatisfaction, Name: "满意度", Weight: 15},
		}
		day := clock.Now().In(goumai.Shanghai).Format("2006-01-02")
		bad := slices.Clone(inds)
		bad[0].Weight = 10
		if _, err := ps.svc.SetIndicatorTemplate(ctx, ps.xihuAdmin, ps.c.Region, workflow.TemplateInput{CatalogCode: "A01", EffectiveFrom: day, Indicators: bad}); goumai.AsError(err).Fields["indicators"].ZH == "" {
			t.Fatalf("weights summing to 105: %v", err)
		}
		if _, err := ps.svc.SetIndicatorTemplate(ctx, ps.staff, ps.c.Region, workflow.TemplateInput{EffectiveFrom: day, Indicators: inds}); goumai.ErrorCode(err) != goumai.EForbidden {
			t.Fatalf("the purchaser setting a template: %v", err)
		}
		tpl := must[goumai.IndicatorTemplate](t, "template")(ps.svc.SetIndicatorTemplate(ctx, ps.xihuAdmin, ps.c.Region, workflow.TemplateInput{CatalogCode: "A01", EffectiveFrom: day, Indicators: inds}))
		if tpl.MinOutputBenefit != 60 {
			t.Errorf("default share %d", tpl.MinOutputBenefit)
		}
		if ts := must[[]goumai.IndicatorTemplate](t, "templates")(ps.svc.IndicatorTemplates(ctx, ps.c.Region)); len(ts) != 1 {
			t.Errorf("templates %+v", ts)
		}
		e := must[goumai.PerformanceEvaluation](t, "start")(ps.svc.StartEvaluation(ctx, ps.staff, ps.c.ID, workflow.EvaluationInput{Kind: goumai.EvalSelf}))
		var names []string
		for _, in := range e.Indicators {
			names = append(names, in.Name)
		}
		// The project's targets (output 服务人次, satisfaction 服务对象满意度) replace the template's of their categories.
		if !slices.Equal(names, []string{"立项规范性", "服务人次", "群众获得感", "服务对象满意度"}) || e.Indicators[1].Weight != 55 {
			t.Errorf("seeded %v %+v", names, e.Indicators)
		}
	})
}
