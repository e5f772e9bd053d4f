package rules

import (
	"strings"
	"testing"

	"github.com/goumai/goumai"
)

// TestNegativeQuestions: one question per ground, in the grounds' order, each
// with its clause and a source naming O102 Art. 10 or CY87.
func TestNegativeQuestions(t *testing.T) {
	if len(NegativeQuestions) != len(goumai.NegativeFlags) {
		t.Fatalf("%d questions for %d grounds", len(NegativeQuestions), len(goumai.NegativeFlags))
	}
	for i, q := range NegativeQuestions {
		if q.Flag != goumai.NegativeFlags[i] {
			t.Errorf("question %d asks about %s, want %s", i, q.Flag, goumai.NegativeFlags[i])
		}
		for _, m := range []goumai.Msg{q.Question, q.Clause, q.Source} {
			if m.ZH == "" || m.EN == "" {
				t.Errorf("%s: a text is missing: %+v", q.Flag, q)
			}
		}
		if !strings.Contains(q.Source.ZH, "第十条") && !strings.Contains(q.Source.ZH, "87号") {
			t.Errorf("%s: source %q is neither O102 Art. 10 nor CY87", q.Flag, q.Source.ZH)
		}
	}
}

// TestNegativeAnswers: clause by clause, a "yes" refuses submission with the
// field of that answer, ENG-B3 and the clause with its source; an unanswered
// question refuses too; in the catalogue or outside it with a filing record.
func TestNegativeAnswers(t *testing.T) {
	outside := func(p *goumai.Project, f *Facts) {
		f.CatalogFound, f.CatalogItem = false, goumai.CatalogItem{}
		p.CatalogCode, p.FilingRef, p.Class, p.Consultation = "", "西财购备〔2026〕7号", goumai.ClassAuxiliaryService, nil
	}
	for _, where := range []struct {
		name string
		edit func(p *goumai.Project, f *Facts)
	}{{"in the catalogue", func(*goumai.Project, *Facts) {}}, {"outside the catalogue, with a filing record", outside}} {
		p, f := validProject(), validFacts()
		where.edit(&p, &f)
		if ps := CheckProject(p, f); len(ps) != 0 {
			t.Fatalf("%s, all answered no: %+v", where.name, ps)
		}
		for _, q := range NegativeQuestions {
			for _, c := range []struct {
				name string
				set  func(a goumai.NegativeAnswers)
				want string
			}{
				{"yes", func(a goumai.NegativeAnswers) { a[q.Flag] = true }, q.Clause.ZH},
				{"unanswered", func(a goumai.NegativeAnswers) { delete(a, q.Flag) }, q.Question.ZH},
			} {
				p.NegativeAnswers = NoneApply()
				c.set(p.NegativeAnswers)
				ps := CheckProject(p, f)
				if len(ps) != 1 {
					t.Errorf("%s, %s %s: %d problems %+v, want 1", where.name, q.Flag, c.name, len(ps), ps)
					continue
				}
				got := ps[0]
				if got.Field != NegativeField(q.Flag) || got.Rule != "ENG-B3" || !strings.Contains(got.Msg.ZH, c.want) ||
					!strings.Contains(got.Msg.ZH, q.Source.ZH) || !strings.Contains(got.Msg.EN, q.Source.EN) {
					t.Errorf("%s, %s %s: got %s %s %q", where.name, q.Flag, c.name, got.Field, got.Rule, got.Msg.ZH)
				}
				e := goumai.AsError(ps.Err())
				if e.Rule != "ENG-B3" || strings.Count(e.Fields[got.Field].EN, "[ENG-B3]") != 1 {
					t.Errorf("%s, %s %s: error rule %q, field %q", where.name, q.Flag, c.name, e.Rule, e.Fields[got.Field].EN)
				}
			}
		}
	}
	// The case: labour dispatch outside the catalogue with a filing record.
	p, f := validProject(), validFacts()
	outside(&p, &f)
	p.Title, p.Content = "街道综合执法辅助人员劳务派遣", "通过劳务派遣方式为街道配备执法辅助人员20名。"
	p.NegativeAnswers[goumai.NegStaffHiring] = true
	if ps := CheckProject(p, f); len(ps) != 1 || ps[0].Field != "negative_answers."+string(goumai.NegStaffHiring) {
		t.Errorf("labour dispatch answered yes: %+v", ps)
	}
}

// TestNegativeDraft: a draft may leave questions unanswered, but not answer
// questions that do not exist.
func TestNegativeDraft(t *testing.T) {
	if ps := CheckDraft(goumai.Project{NegativeAnswers: goumai.NegativeAnswers{goumai.NegFinancing: false}}); len(ps) != 0 {
		t.Errorf("partly answered draft: %+v", ps)
	}
	ps := CheckDraft(goumai.Project{NegativeAnswers: goumai.NegativeAnswers{"luck": false}})
	if len(ps) != 1 || ps[0].Field != "negative_answers" || ps[0].Rule != "ENG-B3" {
		t.Errorf("unknown question: %+v", ps)
	}
}

// TestNegativeHints: each keyword hints at its ground; the demo's services do not.
func TestNegativeHints(t *testing.T) {
	for _, k := range NegativeKeywords {
		found := false
		for _, h := range NegativeHints(goumai.Project{Title: "2026年服务项目", Content: "本项目内容包括" + k.Word + "等。"}) {
			found = found || h.Flag == k.Flag && strings.Contains(strings.Join(h.Words, " "), k.Word)
		}
		if !found {
			t.Errorf("%s does not hint at %s", k.Word, k.Flag)
		}
	}
	hs := NegativeHints(goumai.Project{Title: "劳务派遣服务", Content: "购买设备并负责工程施工"})
	if len(hs) != 2 || hs[0].Flag != goumai.NegGoodsOrWorks || hs[1].Flag != goumai.NegStaffHiring ||
		strings.Join(hs[1].Words, " ") != "劳务派遣 派遣" {
		t.Errorf("two grounds: %+v", hs)
	}
	for _, text := range []string{"为辖区失能、半失能及80周岁以上独居老人提供助洁、助浴、助医、精神慰藉等上门服务。",
		"在11个街道社会工作服务站开展个案、小组和社区工作。", "对居家养老上门服务项目开展第三方绩效评价。"} {
		if hs := NegativeHints(goumai.Project{Content: text}); len(hs) != 0 {
			t.Errorf("%s: hints %+v", text, hs)
		}
	}
}

// TestNegativeChecks: the reviewer sees the answers in the negative-list check,
// which fails on a yes or a missing answer; keywords are a warning only.
func TestNegativeChecks(t *testing.T) {
	p, f := validProject(), validFacts()
	byKey := func(p goumai.Project) map[string]Check {
		out := map[string]Check{}
		for _, c := range AutoChecks(p, f, nil, PriceCheck{}) {
			out[c.Key] = c
		}
		return out
	}
	cs := byKey(p)
	if c := cs["negative_list"]; c.Status != CheckPass || strings.Count(c.Detail.ZH, "：否") != len(NegativeQuestions) {
		t.Errorf("all no: %+v", c)
	}
	if c := cs["negative_keywords"]; c.Status != CheckPass {
		t.Errorf("no keywords: %+v", c)
	}
	p.NegativeAnswers = NoneApply()
	p.NegativeAnswers[goumai.NegFinancing] = true
	delete(p.NegativeAnswers, goumai.NegOtherLegalBan)
	p.Content = "由承接主体垫资建设"
	cs = byKey(p)
	if c := cs["negative_list"]; c.Status != CheckFail || !strings.Contains(c.Detail.ZH, "融资行为") || !strings.Contains(c.Detail.ZH, "：是") ||
		!strings.Contains(c.Detail.ZH, "：未答") {
		t.Errorf("a yes and a missing answer: %+v", c)
	}
	if c := cs["negative_keywords"]; c.Status != CheckWarn || !strings.Contains(c.Detail.ZH, "垫资") || c.Rule != "ENG-B3" {
		t.Errorf("keyword: %+v", c)
	}
	f.CatalogItem.Negative = []goumai.NegativeFlag{goumai.NegStaffHiring}
	p.NegativeAnswers = NoneApply()
	if c := byKey(p)["negative_list"]; c.Status != CheckFail || !strings.Contains(c.Detail.ZH, "劳务派遣") {
		t.Errorf("flagged catalogue item: %+v", c)
	}
}
