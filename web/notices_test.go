package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// pubPage gets a page as a session (nil for the public) and checks its status.
func (w *world) pubPage(t *testing.T, ss *session, path string, want int) string {
	t.Helper()
	res := w.do(t, request{method: "GET", path: path, session: ss})
	if res.status != want {
		t.Fatalf("GET %s: %d, want %d: %s", path, res.status, want, firstLine(res.body))
	}
	return html.UnescapeString(string(res.body))
}

// pubPost sends a form as a session with its CSRF token and checks the status.
func (w *world) pubPost(t *testing.T, ss *session, path string, form url.Values, want int) response {
	t.Helper()
	res := w.do(t, request{method: "POST", path: path, session: ss, csrf: true, form: form})
	if res.status != want {
		t.Fatalf("POST %s: %d, want %d: %s", path, res.status, want, firstLine(res.body))
	}
	return res
}

// wantAll fails for each text missing from the page.
func wantAll(t *testing.T, what, page string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if !strings.Contains(page, s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
}

// disclosed are the disclosure fields of the fixture's documents (procDocs)
// and of a procedure of the spec as the notices and the page print them in
// Chinese: the data (disclosedData) and their labels.
func disclosed(p goumai.Procurement) []string {
	d := procDocs()
	out := append(disclosedData(p), "12 个月", "综合评分法", "30%", "不设最低限价", "以预算金额为最高限价", "不收取", p.Method.Label().ZH)
	for _, s := range d.Scoring {
		for _, r := range s.Ranges {
			out = append(out, fmt.Sprintf("%s：%d 分", r.Condition, r.Points))
		}
	}
	return out
}

// disclosedData are the disclosure fields that read the same in every language.
func disclosedData(p goumai.Procurement) []string {
	d := procDocs()
	out := []string{p.Code, p.Title, d.Requirements, d.QualityStandards, d.ContractTerms, yuanOf(p.Amount), "杭州市西湖区民政局"}
	for _, q := range d.Qualifications {
		out = append(out, q.Name)
		if q.Detail != "" {
			out = append(out, q.Name+"："+q.Detail)
		}
	}
	for _, s := range d.Scoring {
		out = append(out, s.Name, s.Rule)
		for _, r := range s.Ranges {
			out = append(out, r.Condition)
		}
	}
	for _, tg := range d.Targets {
		out = append(out, tg.Indicator, tg.Target+" "+tg.Unit)
	}
	return out
}

func yuanOf(f goumai.Fen) string { return f.Yuan() }

// TestPublicProcurementPages: the list shows published procedures only and
// filters; a procedure's page shows every disclosure field and the lawful
// minimums; a draft is not found for anyone; a procedure drafted again after
// its publicity shows its notices only, never the draft being edited.
func TestPublicProcurementPages(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		f := fixture{w: w, t: t, seq: new(int)}
		open := f.tendering(consultation)
		draft := f.drafted(consultation)

		list := w.pubPage(t, nil, "/procurements?region=330106", http.StatusOK)
		wantAll(t, "the list", list, open.Code, "2026年西湖区困境儿童关爱保护服务", "2026年西湖区失智老人专业照护服务")
		for _, hidden := range []string{draft.Code, "2026年西湖区养老服务人才培训"} {
			if strings.Contains(list, hidden) {
				t.Errorf("the public list shows the draft %s", hidden)
			}
		}
		single := w.pubPage(t, nil, "/procurements?method=single_source", http.StatusOK)
		if !strings.Contains(single, "失智老人专业照护服务") || strings.Contains(single, open.Code) {
			t.Errorf("the single-source filter: %s", single)
		}
		if got := w.pubPage(t, nil, "/procurements?q="+url.QueryEscape(open.Code), http.StatusOK); !strings.Contains(got, open.Code) || strings.Contains(got, "困境儿童") {
			t.Errorf("the keyword filter does not narrow to %s", open.Code)
		}
		if older := w.pubPage(t, nil, idPath("/procurements?before=", open.ID, ""), http.StatusOK); strings.Contains(older, open.Code) || !strings.Contains(older, "2026年西湖区困境儿童关爱保护服务") {
			t.Error("the next page (before=) is not the older procedures")
		}
		if failed := w.pubPage(t, nil, "/procurements?status=failed&region=330106", http.StatusOK); !strings.Contains(failed, "居家养老上门服务") || strings.Contains(failed, open.Code) {
			t.Error("the state filter does not narrow to the failed procedures")
		}
		if got := w.pubPage(t, nil, "/procurements?status=nonsense", http.StatusUnprocessableEntity); !strings.Contains(got, "未知的采购项目状态") {
			t.Errorf("an unknown state: %s", firstLine([]byte(got)))
		}

		pg := w.pubPage(t, nil, idPath("/procurements/", open.ID, ""), http.StatusOK)
		wantAll(t, "the procedure's page", pg, disclosed(open)...)
		wantAll(t, "the procedure's page", pg, "/rules?region=330106&at="+open.ParamsFrom.In(goumai.Shanghai).Format("2006-01-02"),
			open.Periods.BidDeadline.In(goumai.Shanghai).Format("2006-01-02 15:04"), goumai.NoticeNonTender.Label().ZH, "id=\"min-docs\"", "id=\"min-deadline\"")

		// A draft: 404 for the public, its own purchaser and the finance staff of its region alike.
		for _, who := range []string{anon, purchaser, reviewer, supplier} {
			var ss *session
			if who != anon {
				ss = w.login(t, who)
			}
			if got := w.pubPage(t, ss, idPath("/procurements/", draft.ID, ""), http.StatusNotFound); strings.Contains(got, draft.Title) {
				t.Errorf("the 404 of a draft as %q names it", who)
			}
		}

		// Drafted again after its publicity: the notices only.
		p := f.inPublicity(soleSupplier)
		w.clock.Set(p.NextDue.Add(time.Minute))
		if _, err := w.svc.Tick(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := w.svc.DecideMethod(ctx, f.account(hzApprover), p.ID, workflow.MethodDecisionInput{Approve: true, Opinion: "同意"}); err != nil {
			t.Fatalf("approve: %v", err)
		}
		p, err := w.store.Procurement(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		u := f.update(p)
		u.Documents.Requirements = "尚在编制的需求：不公开"
		if _, err := w.svc.UpdateProcurement(ctx, f.account(purchaser), p.ID, u); err != nil {
			t.Fatalf("redraft: %v", err)
		}
		pg = w.pubPage(t, nil, idPath("/procurements/", p.ID, ""), http.StatusOK)
		wantAll(t, "a procedure drafted again", pg, "id=\"redrafted\"", "单一来源采购公示")
		if strings.Contains(pg, "尚在编制的需求") || strings.Contains(pg, "nb-lots") {
			t.Error("the page of a procedure drafted again shows the draft")
		}
	})
}

// TestNoticePages: every demo notice in its template with numbered sections,
// the list filtered by kind, and the print view of a published notice with
// every disclosure field, the print stylesheet, no navigation and a page
// header with the notice's title and number.
func TestNoticePages(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		f := fixture{w: w, t: t, seq: new(int)}
		p := f.tendering(consultation)
		ns, err := w.store.Notices(ctx, p.ID)
		if err != nil || len(ns) != 1 {
			t.Fatalf("notices: %v %v", ns, err)
		}
		n := ns[0]
		for _, path := range []string{"/notices/%d", "/notices/%d/print"} {
			pg := w.pubPage(t, nil, fmt.Sprintf(path, n.ID), http.StatusOK)
			wantAll(t, path, pg, disclosed(p)...)
			wantAll(t, path, pg, n.Title, "一、项目基本情况", "二、申请人的资格要求", "三、获取采购文件", "四、提交投标（响应）文件截止时间、开标时间和地点",
				"五、评审方法和评审标准", "六、公告期限", "七、其他补充事宜", "八、凡对本次公告内容提出询问",
				p.Periods.DocsFrom.In(goumai.Shanghai).Format("2006-01-02 15:04"), p.Periods.BidDeadline.In(goumai.Shanghai).Format("2006-01-02 15:04"))
		}
		if home := w.pubPage(t, nil, "/", http.StatusOK); !strings.Contains(home, fmt.Sprintf(`<a href="/notices/%d">%s</a>`, n.ID, n.Title)) {
			t.Error("the portal's home does not list the newest notice")
		}
		pr := w.pubPage(t, nil, fmt.Sprintf("/notices/%d/print", n.ID), http.StatusOK)
		wantAll(t, "the print view", pr, `href="/static/print.css"`, `id="do-print"`, "font=xlarge", "font=normal")
		header := regexp.MustCompile(`(?s)<div class="print-header" id="print-header">(.*?)</div>`).FindStringSubmatch(pr)
		if header == nil || !strings.Contains(header[1], n.Title) || !strings.Contains(header[1], p.Code+"-1") {
			t.Errorf("the print view's page header: %v", header)
		}
		for _, nav := range []string{`class="masthead"`, `<nav`, `class="site-footer"`, `href="/procurements"`} {
			if strings.Contains(pr, nav) {
				t.Errorf("the print view has navigation: %s", nav)
			}
		}
		res := w.do(t, request{method: "GET", path: "/static/print.css"})
		if res.status != http.StatusOK || !strings.Contains(string(res.body), "size: A4") {
			t.Errorf("print.css: %d", res.status)
		}

		// The demo world's notices, each in its template.
		want := map[goumai.NoticeKind][]string{
			goumai.NoticeTender:       {"一、项目基本情况", "三、获取招标文件", "浙江省杭州市西湖区文三路大华巷8号", "0571-80000102"}, // the purchaser's address and telephone (REQ-C20)
			goumai.NoticeNonTender:    {"一、项目基本情况", "五、评审方法和评审标准"},
			goumai.NoticePrequal:      {"三、领取资格预审文件", "四、资格预审申请文件提交及审查", "六、公告期限"},
			goumai.NoticeCorrection:   {"一、项目基本情况", "原公告的采购项目编号", "首次公告日期", "二、更正信息", "更正内容", "三、其他补充事宜", "四、凡对本次公告内容提出询问"},
			goumai.NoticeTermination:  {"一、项目基本情况", "二、项目终止的原因", "三、其他补充事宜"},
			goumai.NoticeSingleSource: {"一、项目信息", "采用单一来源采购方式的原因及说明", "二、拟定供应商信息", "杭州康宁养老服务有限公司", "三、公告期限"},
		}
		for kind, texts := range want {
			list := w.pubPage(t, nil, "/notices?region=330106&kind="+string(kind), http.StatusOK)
			ids := regexp.MustCompile(`href="/notices/(\d+)"`).FindAllStringSubmatch(list, -1)
			if len(ids) == 0 {
				t.Errorf("no %s notice listed", kind)
				continue
			}
			if kinds := strings.Count(list, "<td>"+kind.Label().ZH+"</td>"); kinds != len(ids) {
				t.Errorf("the list of %s: %d rows of the kind, %d notices", kind, kinds, len(ids))
			}
			pg := w.pubPage(t, nil, "/notices/"+ids[len(ids)-1][1], http.StatusOK)
			wantAll(t, string(kind)+" notice", pg, texts...)
			w.pubPage(t, nil, "/notices/"+ids[len(ids)-1][1]+"/print", http.StatusOK)
		}
	})
}

// TestSupplierForms: a supplier asks an enquiry on a procedure's page, sees
// it with its due date, the organiser answers and the public sees question and
// answer without who asked; a prequalification application and an objection
// to a single-source publicity; each form's field errors in Chinese and
// English, writing nothing.
func TestSupplierForms(t *testing.T) {
	eachDemo(t, func(t *testing.T, w *world) {
		ctx := context.Background()
		f := fixture{w: w, t: t, seq: new(int)}
		ss := w.login(t, supplier)
		asker := f.account(supplier)

		p := f.tendering(consultation)
		path := idPath("/procurements/", p.ID, "")
		if pg := w.pubPage(t, nil, path, http.StatusOK); !strings.Contains(pg, "供应商登录后提出询问") || strings.Contains(pg, `id="enquiry-form"`) {
			t.Error("the public is offered the enquiry form, or no sign-in link")
		}
		if pg := w.pubPage(t, ss, path, http.StatusOK); !strings.Contains(pg, `id="enquiry-form"`) {
			t.Error("the supplier is not offered the enquiry form")
		}

		// An invited method: a supplier not invited is told why, with no form.
		neg := enquiryDemoProcedure(t, w, goumai.ProcTendering, "养老机构消防安全第三方评估")
		if pg := w.pubPage(t, ss, idPath("/procurements/", neg.ID, ""), http.StatusOK); strings.Contains(pg, `id="enquiry-form"`) ||
			!strings.Contains(pg, `id="cannot-ask">本项目采用竞争性谈判方式，只有受邀请的供应商可以提出询问`) {
			t.Error("a supplier not invited is offered the enquiry form, or not told why not")
		}

		// Field errors, in both languages, and nothing written.
		before := w.treeSize(t)
		res := w.pubPost(t, ss, path+"/enquiries", url.Values{"question": {"  "}}, http.StatusUnprocessableEntity)
		if b := html.UnescapeString(string(res.body)); !strings.Contains(b, `<span class="err" id="err-question">请填写询问的问题`) || !strings.Contains(b, `role="alert"`) {
			t.Errorf("the empty question's field error: %s", b)
		}
		en := w.do(t, request{method: "POST", path: path + "/enquiries", csrf: true, session: ss, form: url.Values{"question": {""}},
			header: map[string]string{"Cookie": sessionCookie + "=" + ss.token + "; " + langCookie + "=en"}})
		if en.status != http.StatusUnprocessableEntity || !strings.Contains(string(en.body), `id="err-question">write the question`) {
			t.Errorf("the English field error: %d", en.status)
		}
		if es, err := w.store.Enquiries(ctx, p.ID); err != nil || len(es) != 0 || w.treeSize(t) != before {
			t.Fatalf("a refused enquiry wrote %v (%v)", es, err)
		}

		// Asked: the supplier sees it with its due date (3 working days).
		const question = "第三章评估报告是否需要纸质版？"
		res = w.pubPost(t, ss, path+"/enquiries", url.Values{"question": {question}}, http.StatusSeeOther)
		if loc := res.header.Get("Location"); loc != path+"?done=enquiry_asked#own-enquiries" {
			t.Errorf("after asking: %s", loc)
		}
		es, err := w.store.Enquiries(ctx, p.ID)
		if err != nil || len(es) != 1 || es[0].AskerOrgID != asker.Org.ID {
			t.Fatalf("enquiries: %v %v", es, err)
		}
		mine := w.pubPage(t, ss, path+"?done=enquiry_asked", http.StatusOK)
		wantAll(t, "the asker's page", mine, "询问已提交", question, es[0].DueAt.In(goumai.Shanghai).Format("2006-01-02"), "待答复")
		if pg := w.pubPage(t, nil, path, http.StatusOK); strings.Contains(pg, question) {
			t.Error("an unanswered question is public")
		}

		// Answered: public, without who asked.
		const answer = "只需提交电子版评估报告。"
		if _, err := w.svc.AnswerEnquiry(ctx, f.account(purchaser), es[0].ID, workflow.AnswerInput{Answer: answer}); err != nil {
			t.Fatalf("answer: %v", err)
		}
		for _, who := range []string{anon, reviewer, agency} {
			var s *session
			if who != anon {
				s = w.login(t, who)
			}
			pg := w.pubPage(t, s, path, http.StatusOK)
			wantAll(t, "the public page as "+who, pg, question, answer, "第1号询问")
			for _, secret := range []string{kangningOrg, asker.Name, supplier} {
				if strings.Contains(pg, secret) {
					t.Errorf("the page as %q names the asker: %s", who, secret)
				}
			}
		}

		// A prequalification application.
		pq := f.inPrequal(invited)
		ppath := idPath("/procurements/", pq.ID, "")
		res = w.pubPost(t, ss, ppath+"/applications", url.Values{"statement": {""}}, http.StatusUnprocessableEntity)
		if !strings.Contains(string(res.body), `id="err-statement">请说明本单位如何满足资格条件`) {
			t.Error("the empty statement's field error")
		}
		res = w.pubPost(t, ss, ppath+"/applications", url.Values{"statement": {"已在人社部门备案为职业技能等级认定机构。"}}, http.StatusSeeOther)
		if loc := res.header.Get("Location"); loc != ppath+"?done=prequal_applied#own-applications" {
			t.Errorf("after applying: %s", loc)
		}
		wantAll(t, "the applicant's page", w.pubPage(t, ss, ppath, http.StatusOK), "已在人社部门备案为职业技能等级认定机构。", "待审查")
		if pg := w.pubPage(t, nil, ppath, http.StatusOK); strings.Contains(pg, "已在人社部门备案") {
			t.Error("an application is public")
		}

		// An objection to a single-source publicity.
		pub := f.inPublicity(soleSupplier)
		opath := idPath("/procurements/", pub.ID, "")
		res = w.pubPost(t, ss, opath+"/objections", url.Values{"body": {""}}, http.StatusUnprocessableEntity)
		if !strings.Contains(string(res.body), `id="err-body">请填写异议内容`) {
			t.Error("the empty objection's field error")
		}
		res = w.pubPost(t, ss, opath+"/objections", url.Values{"body": {"本公司同样具备失智照护床位，请改用竞争性方式。"}}, http.StatusSeeOther)
		if loc := res.header.Get("Location"); loc != opath+"?done=objection_filed#own-objections" {
			t.Errorf("after objecting: %s", loc)
		}
		wantAll(t, "the objector's page", w.pubPage(t, ss, opath, http.StatusOK), "本公司同样具备失智照护床位", "已收到异议1件，已答复0件")
		if pg := w.pubPage(t, nil, opath, http.StatusOK); strings.Contains(pg, "本公司同样具备失智照护床位") || !strings.Contains(pg, "已收到异议1件") {
			t.Error("the public sees an objection's text, or not its count")
		}
	})
}

// TestNoticeTemplates renders a notice of every kind, with every field of its
// body set, on its page and in its print view, in Chinese and in English: each
// kind has its template's numbered sections, and every field the kind carries
// is printed.
func TestNoticeTemplates(t *testing.T) {
	pg, err := loadPages()
	if err != nil {
		t.Fatal(err)
	}
	at := func(day, hour int) time.Time { return time.Date(2026, 3, day, hour, 0, 0, 0, goumai.Shanghai) }
	pub, prequal := at(20, 17), at(12, 23)
	p := goumai.Procurement{ID: 7, Code: "CG-330106-2026-0099", Title: "2026年西湖区助餐服务", ProjectID: 3, Amount: 150_000_000, PublishedAt: &[]time.Time{at(2, 10)}[0]}
	body := goumai.NoticeBody{ProjectCode: "GM-330106-2026-0042", ProcurementCode: p.Code, Purchaser: "杭州市西湖区民政局", Agency: "浙江中诚招标代理有限公司",
		Method: goumai.MethodConsultation, Documents: procDocs(), Periods: goumai.Periods{DocsFrom: at(2, 10), DocsUntil: at(9, 17), BidDeadline: at(23, 9)},
		Lots: []goumai.Lot{{Number: 1, Title: "第一包：助餐", Budget: 100_000_000, Ceiling: 95_000_000, BidBond: 1_000_000, Requirements: "中心城区12个助餐点"},
			{Number: 2, Title: "第二包：送餐", Budget: 50_000_000, SMEReserved: true}},
		Invited: []string{"杭州安心居家政服务有限公司", "浙江民生调查评估有限公司"}, SoleSupplier: "杭州康宁养老服务有限公司",
		Reason: "理由：原定场地不再可用。", Changes: "第三章：服务时间改为每日11:00–13:00。", PublicityUntil: &pub, PrequalUntil: &prequal}
	common := []string{body.ProjectCode, p.Code, p.Title, body.Purchaser, body.Agency, "1,000,000.00", "950,000.00", "10,000.00", "500,000.00",
		"中心城区12个助餐点", "第一包：助餐", "第二包：送餐", "2026-03-23 09:00"}
	common = append(common, disclosedData(p)...)
	labels := slices.DeleteFunc(disclosed(goumai.Procurement{Method: body.Method}), func(s string) bool {
		return s == "以预算金额为最高限价" || s == "不收取" || slices.Contains(common, s) || s == ""
	})
	kinds := map[goumai.NoticeKind][]string{
		goumai.NoticeTender:       {"三、获取招标文件", "2026-03-09 17:00", "八、凡对本次公告内容提出询问", body.Invited[0]},
		goumai.NoticeNonTender:    {"三、获取采购文件", "六、公告期限", body.Invited[1]},
		goumai.NoticeInvitation:   {"二、受邀请的供应商", body.Invited[0], body.Invited[1], body.SoleSupplier, "2026-03-09 17:00"},
		goumai.NoticePrequal:      {"三、领取资格预审文件", "四、资格预审申请文件提交及审查", "2026-03-12 23:00", "2026-03-09 17:00"},
		goumai.NoticeCorrection:   {"二、更正信息", body.Changes, body.Reason, "首次公告日期", "2026-03-02 10:00", "2026-03-09 17:00"},
		goumai.NoticeTermination:  {"二、项目终止的原因", body.Reason, "2026-03-09 17:00"},
		goumai.NoticeSingleSource: {"二、拟定供应商信息", body.SoleSupplier, body.Reason, "2026-03-20 17:00", "2026-03-09 17:00"},
	}
	for kind, texts := range kinds {
		n := goumai.Notice{ID: 11, ProcurementID: p.ID, Kind: kind, Number: 2, Title: p.Title + kind.Label().ZH, Body: body, PublishedAt: at(5, 9)}
		d := noticePage{N: n, P: p, Sections: noticeSections(kind), RegionName: "浙江省杭州市西湖区", Siblings: []goumai.Notice{n}}
		for _, page := range []string{"notice", "notice_print"} {
			for _, lang := range []string{"zh", "en"} {
				var buf strings.Builder
				if err := pg.set[page].ExecuteTemplate(&buf, "layout.html", view{Lang: lang, Data: d, Path: "/notices/11"}); err != nil {
					t.Fatalf("%s %s %s: %v", kind, page, lang, err)
				}
				out := html.UnescapeString(buf.String())
				what := fmt.Sprintf("the %s notice's %s in %s", kind, page, lang)
				wantAll(t, what, out, append(slices.Clone(common), n.Title, p.Code+"-2")...)
				if lang == "zh" {
					wantAll(t, what, out, texts...)
					wantAll(t, what, out, labels...)
				}
				if m := regexp.MustCompile(`pub\.[a-z_.]+`).FindString(out); m != "" {
					t.Errorf("%s shows a message key: %s", what, m)
				}
			}
		}
	}
}
