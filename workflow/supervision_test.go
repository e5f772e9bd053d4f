package workflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// signed is the scene's draft c signed by both parties.
func (sc *contractScene) signBoth(t *testing.T, c goumai.Contract) goumai.Contract {
	t.Helper()
	ctx := context.Background()
	c = must[goumai.Contract](t, "supplier signs")(sc.svc.SignContract(ctx, sc.winner.Actor, c.ID, signWith(t, sc.winner, c.Hash)))
	return must[goumai.Contract](t, "purchaser signs")(sc.svc.SignContract(ctx, sc.staff, c.ID, signWith(t, sc.buyerSigner, c.Hash)))
}

func todoKinds(t *testing.T, svc *workflow.Service, a goumai.Actor) map[string]int {
	t.Helper()
	in := must[workflow.Inbox](t, "inbox")(svc.Inbox(context.Background(), a))
	out := map[string]int{}
	for _, it := range in.Todo {
		out[it.Kind]++
	}
	return out
}

// TestContractSupervision: the supplier of a contract in force keeps its
// ledger (ENG-H8) with attachments, which the purchaser and finance read and
// the public does not; the finance department inspects, the purchaser orders
// a rectification within working days, which the supplier sees to do; once
// past its deadline it is overdue (a to-do item and a red flag), the
// follow-up finds it so, the late response is followed up and closed; the
// public complains (personal data redacted, REQ-C23), the purchaser answers
// once, publicly; the log verifies.
func TestContractSupervision(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sc := newContractScene(t, s, clock)
		draft := sc.draft(t)
		_, err := sc.svc.AddProgressReport(ctx, sc.winner.Actor, draft.ID, workflow.ProgressInput{})
		wantCode(t, "a report on a draft", err, goumai.EConflict, "")
		c := sc.signBoth(t, draft)
		today := clock.Now().In(goumai.Shanghai).Format(time.DateOnly)
		in := workflow.ProgressInput{ReportOn: today, Content: "本周上门服务120人次", Quantity: 120, Unit: "人次",
			Files: []workflow.Upload{{Name: "签到表.png", Content: []byte("\x89PNG\r\n\x1a\nledger")}}}
		_, err = sc.svc.AddProgressReport(ctx, sc.staff, c.ID, in)
		wantCode(t, "the purchaser writing the supplier's ledger", err, goumai.EForbidden, "")
		_, err = sc.svc.AddProgressReport(ctx, sc.loser.Actor, c.ID, in)
		wantCode(t, "another supplier", err, goumai.ENotFound, "")
		bad := in
		bad.Quantity = -1
		_, err = sc.svc.AddProgressReport(ctx, sc.winner.Actor, c.ID, bad)
		wantCode(t, "a negative quantity", err, goumai.EInvalid, "quantity")
		r := must[goumai.ProgressReport](t, "report")(sc.svc.AddProgressReport(ctx, sc.winner.Actor, c.ID, in))
		if r.ID == 0 || len(r.Files) != 1 || r.Files[0].Type != "image/png" {
			t.Fatalf("report %+v", r)
		}
		for who, a := range map[string]goumai.Actor{"purchaser": sc.staff, "finance": sc.reviewer, "auditor": sc.auditor} {
			v := must[workflow.SupervisionView](t, who)(sc.svc.Supervision(ctx, a, c.ID))
			if !v.Insider || len(v.Reports) != 1 || v.Reports[0].Quantity != 120 || !v.PublicService {
				t.Errorf("%s reads %+v", who, v)
			}
			if f, content, err := sc.svc.SupervisionFile(ctx, a, c.ID, r.Files[0].SHA256); err != nil || f.Name != "签到表.png" || len(content) == 0 {
				t.Errorf("%s reading the attachment: %v %v", who, f, err)
			}
		}
		pub := must[workflow.SupervisionView](t, "public")(sc.svc.Supervision(ctx, goumai.Actor{}, c.ID))
		if pub.Insider || len(pub.Reports) != 0 {
			t.Errorf("the public reads the ledger: %+v", pub)
		}
		if _, _, err := sc.svc.SupervisionFile(ctx, goumai.Actor{}, c.ID, r.Files[0].SHA256); goumai.ErrorCode(err) != goumai.ENotFound {
			t.Errorf("the public reading an attachment: %v", err)
		}

		// Inspection and rectification.
		_, err = sc.svc.RecordInspection(ctx, sc.winner.Actor, c.ID, workflow.InspectionInput{InspectedOn: today, Findings: "自查"})
		wantCode(t, "the supplier inspecting", err, goumai.EForbidden, "")
		i := must[goumai.Inspection](t, "inspection")(sc.svc.RecordInspection(ctx, sc.reviewer, c.ID, workflow.InspectionInput{InspectedOn: today, Findings: "台账缺少服务对象签字"}))
		_, err = sc.svc.IssueRectification(ctx, sc.staff, c.ID, workflow.RectifyInput{InspectionID: i.ID, Issue: "补齐签字", Days: 0})
		wantCode(t, "0 days", err, goumai.EInvalid, "days")
		rc := must[goumai.Rectification](t, "rectify")(sc.svc.IssueRectification(ctx, sc.staff, c.ID, workflow.RectifyInput{InspectionID: i.ID, Issue: "补齐签字", Days: 3}))
		if rc.Status != goumai.RectificationOpen || !rc.DueAt.After(clock.Now().Add(72*time.Hour-time.Minute)) {
			t.Fatalf("rectification %+v (now %s)", rc, clock.Now())
		}
		if k := todoKinds(t, sc.svc, sc.winner.Actor); k["todo.kind.rectification_respond"] != 1 {
			t.Errorf("the supplier's to-do list: %v", k)
		}
		_, err = sc.svc.FollowUpRectification(ctx, sc.staff, rc.ID, workflow.RectifyFollowUp{Version: rc.Version, Result: "lapse"})
		wantCode(t, "lapse before the deadline", err, goumai.EConflict, "")
		clock.Set(rc.DueAt.Add(time.Hour))
		if k := todoKinds(t, sc.svc, sc.staff); k["todo.kind.rectification_overdue"] != 1 {
			t.Errorf("the purchaser's to-do list past the deadline: %v", k)
		}
		if v := must[workflow.SupervisionView](t, "flags")(sc.svc.Supervision(ctx, sc.reviewer, c.ID)); len(v.Flags) != 1 || v.Flags[0].ID != rc.ID {
			t.Errorf("red flags %+v", v.Flags)
		}
		rc = must[goumai.Rectification](t, "lapse")(sc.svc.FollowUpRectification(ctx, sc.reviewer, rc.ID, workflow.RectifyFollowUp{Version: rc.Version, Result: "lapse", Note: "逾期"}))
		if rc.Status != goumai.RectificationOverdue {
			t.Fatalf("lapsed %+v", rc)
		}
		_, err = sc.svc.RespondRectification(ctx, sc.winner.Actor, rc.ID, workflow.RectifyResponse{Version: rc.Version - 1, Response: "已补齐"})
		wantCode(t, "a stale response", err, goumai.EStale, "")
		rc = must[goumai.Rectification](t, "respond")(sc.svc.RespondRectification(ctx, sc.winner.Actor, rc.ID, workflow.RectifyResponse{Version: rc.Version, Response: "已补齐签字",
			Files: []workflow.Upload{{Name: "整改.pdf", Content: []byte("%PDF-1.7\n% fixed\n%%EOF\n")}}}))
		if rc.Status != goumai.RectificationResponded || len(rc.Files) != 1 || rc.RespondedAt == nil {
			t.Fatalf("responded %+v", rc)
		}
		_, err = sc.svc.FollowUpRectification(ctx, sc.staff, rc.ID, workflow.RectifyFollowUp{Version: rc.Version, Result: "maybe"})
		wantCode(t, "an unknown follow-up", err, goumai.EInvalid, "result")
		rc = must[goumai.Rectification](t, "close")(sc.svc.FollowUpRectification(ctx, sc.staff, rc.ID, workflow.RectifyFollowUp{Version: rc.Version, Result: "close", Note: "复查合格"}))
		if rc.Status != goumai.RectificationClosed {
			t.Fatalf("closed %+v", rc)
		}
		if k := todoKinds(t, sc.svc, sc.staff); k["todo.kind.rectification_overdue"] != 0 {
			t.Errorf("a closed order still overdue: %v", k)
		}

		// Public complaints.
		_, err = sc.svc.FileServiceComplaint(ctx, goumai.Actor{}, draft.ID+1000, workflow.ServiceComplaintInput{Body: "x"})
		wantCode(t, "a complaint about no contract", err, goumai.ENotFound, "")
		cp := must[goumai.ServiceComplaint](t, "complaint")(sc.svc.FileServiceComplaint(ctx, goumai.Actor{}, c.ID,
			workflow.ServiceComplaintInput{Body: "服务人员迟到，请联系我 13812345678"}))
		if strings.Contains(cp.Body, "13812345678") || !strings.Contains(cp.Body, "[已隐去]") {
			t.Errorf("the complaint is not redacted: %q", cp.Body)
		}
		if k := todoKinds(t, sc.svc, sc.staff); k["todo.kind.service_complaint"] != 1 {
			t.Errorf("the purchaser's to-do list with a complaint: %v", k)
		}
		_, err = sc.svc.AnswerServiceComplaint(ctx, sc.winner.Actor, cp.ID, workflow.ComplaintAnswer{Answer: "好"})
		wantCode(t, "the supplier answering", err, goumai.EForbidden, "")
		cp = must[goumai.ServiceComplaint](t, "answer")(sc.svc.AnswerServiceComplaint(ctx, sc.staff, cp.ID, workflow.ComplaintAnswer{Answer: "已约谈服务机构并整改"}))
		if cp.AnsweredAt == nil || cp.Answer == "" {
			t.Fatalf("answered %+v", cp)
		}
		_, err = sc.svc.AnswerServiceComplaint(ctx, sc.staff, cp.ID, workflow.ComplaintAnswer{Answer: "再答"})
		wantCode(t, "a second answer", err, goumai.EConflict, "")
		pub = must[workflow.SupervisionView](t, "public")(sc.svc.Supervision(ctx, goumai.Actor{}, c.ID))
		if len(pub.Complaints) != 1 || pub.Complaints[0].Answer == "" {
			t.Errorf("the public complaints %+v", pub.Complaints)
		}
		verifiedScene(t, s)
	})
}

// TestMilestoneAcceptance: a milestone not submitted cannot be accepted; the
// supplier submits it with its deliverables; the purchaser's group for this
// public service is refused without a service-user representative (ENG-H6);
// the supplier cannot act as the purchaser; the result waits for every
// member's opinion; a rejection sends the milestone back, a second round
// accepts it: the milestone is accepted (ENG-H7) and the 公共服务项目验收结果
// 公告 is published with the group (REQ-C22); the public reads the result; the
// log verifies.
func TestMilestoneAcceptance(t *testing.T) {
	sqltest.Each(t, func(t *testing.T, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		sc := newContractScene(t, s, clock)
		c := sc.signBoth(t, sc.draft(t))
		m := c.Milestones[0]
		group := workflow.AcceptanceGroupInput{Version: 1, Members: []goumai.AcceptanceMember{{Name: "王科长", Role: goumai.MemberPurchaser, Unit: "西湖区民政局"},
			{Name: "张教授", Role: goumai.MemberExpert}}}
		_, err := sc.svc.FormAcceptanceGroup(ctx, sc.staff, m.ID, group)
		wantCode(t, "a group for a milestone not submitted", err, goumai.EConflict, "")
		_, err = sc.svc.DecideAcceptance(ctx, sc.staff, m.ID, workflow.AcceptanceDecisionInput{Version: 1, Result: goumai.AcceptanceAccepted, Reasons: "好"})
		wantCode(t, "accepting a milestone not submitted", err, goumai.EConflict, "")
		_, err = sc.svc.SubmitMilestone(ctx, sc.staff, m.ID, workflow.MilestoneSubmitInput{Version: m.Version, Report: "全部完成"})
		wantCode(t, "the purchaser submitting", err, goumai.EForbidden, "")
		_, err = sc.svc.SubmitMilestone(ctx, sc.winner.Actor, m.ID, workflow.MilestoneSubmitInput{Version: m.Version})
		wantCode(t, "no deliverables", err, goumai.EInvalid, "report")
		v := must[workflow.AcceptanceView](t, "submit")(sc.svc.SubmitMilestone(ctx, sc.winner.Actor, m.ID, workflow.MilestoneSubmitInput{Version: m.Version,
			Report: "完成全年上门服务12000人次", Files: []workflow.Upload{{Name: "服务报告.pdf", Content: []byte("%PDF-1.7\n% report\n%%EOF\n")}}}))
		if v.Milestone.Status != goumai.MilestoneSubmitted || v.Status != goumai.AcceptanceSubmitted || v.Round != 1 || !v.PublicService || len(v.Files) != 1 {
			t.Fatalf("submitted %+v", v)
		}
		if k := todoKinds(t, sc.svc, sc.staff); k["todo.kind.acceptance"] != 1 {
			t.Errorf("the purchaser's to-do list: %v", k)
		}
		_, err = sc.svc.FormAcceptanceGroup(ctx, sc.winner.Actor, m.ID, group)
		wantCode(t, "the supplier forming the group", err, goumai.EForbidden, "")
		_, err = sc.svc.FormAcceptanceGroup(ctx, sc.staff, m.ID, group)
		wantCode(t, "a public service's group without a service user", err, goumai.EInvalid, "members")
		if !strings.Contains(goumai.AsError(err).Fields["members"].EN, "ENG-H6") {
			t.Errorf("the refusal does not cite ENG-H6: %v", goumai.AsError(err).Fields)
		}
		group.Members = append(group.Members, goumai.AcceptanceMember{Name: "李阿姨", Role: goumai.MemberServiceUser, Unit: "翠苑社区"})
		v = must[workflow.AcceptanceView](t, "group")(sc.svc.FormAcceptanceGroup(ctx, sc.staff, m.ID, group))
		if v.Status != goumai.AcceptanceReviewing || len(v.Members) != 3 {
			t.Fatalf("group %+v", v)
		}
		_, err = sc.svc.DecideAcceptance(ctx, sc.staff, m.ID, workflow.AcceptanceDecisionInput{Version: v.Version, Result: goumai.AcceptanceAccepted, Reasons: "合格"})
		wantCode(t, "a result before the opinions", err, goumai.EInvalid, "members")
		_, err = sc.svc.RecordAcceptanceOpinion(ctx, sc.staff, m.ID, workflow.OpinionInput{Version: v.Version, Member: 3, Agrees: true, Opinion: "好"})
		wantCode(t, "a member out of range", err, goumai.EInvalid, "member")
		for i := range 3 {
			v = must[workflow.AcceptanceView](t, "opinion")(sc.svc.RecordAcceptanceOpinion(ctx, sc.staff, m.ID, workflow.OpinionInput{Version: v.Version, Member: i,
				Agrees: i != 2, Opinion: "意见" + string(rune('A'+i))}))
		}
		_, err = sc.svc.DecideAcceptance(ctx, sc.winner.Actor, m.ID, workflow.AcceptanceDecisionInput{Version: v.Version, Result: goumai.AcceptanceAccepted, Reasons: "合格"})
		wantCode(t, "the supplier accepting its own milestone", err, goumai.EForbidden, "")
		v = must[workflow.AcceptanceView](t, "reject")(sc.svc.DecideAcceptance(ctx, sc.staff, m.ID, workflow.AcceptanceDecisionInput{Version: v.Version,
			Result: goumai.AcceptanceRejected, Reasons: "服务对象代表认为回访记录不全"}))
		if v.Status != goumai.AcceptanceRejected || v.Milestone.Status != goumai.MilestoneRejected || v.NoticeID != 0 {
			t.Fatalf("rejected %+v", v)
		}
		// The second round.
		m = must[goumai.Milestone](t, "milestone")(s.Milestone(ctx, m.ID))
		v = must[workflow.AcceptanceView](t, "resubmit")(sc.svc.SubmitMilestone(ctx, sc.winner.Actor, m.ID, workflow.MilestoneSubmitInput{Version: m.Version, Report: "已补齐回访记录"}))
		if v.Round != 2 {
			t.Fatalf("round %d", v.Round)
		}
		v = must[workflow.AcceptanceView](t, "group 2")(sc.svc.FormAcceptanceGroup(ctx, sc.staff, m.ID, workflow.AcceptanceGroupInput{Version: v.Version, Members: group.Members}))
		for i := range 3 {
			v = must[workflow.AcceptanceView](t, "opinion")(sc.svc.RecordAcceptanceOpinion(ctx, sc.staff, m.ID, workflow.OpinionInput{Version: v.Version, Member: i, Agrees: true, Opinion: "同意"}))
		}
		v = must[workflow.AcceptanceView](t, "accept")(sc.svc.DecideAcceptance(ctx, sc.staff, m.ID, workflow.AcceptanceDecisionInput{Version: v.Version,
			Result: goumai.AcceptanceAccepted, Reasons: "服务达到合同约定的数量和质量标准，联系电话 13912345678"}))
		if v.Status != goumai.AcceptanceAccepted || v.Milestone.Status != goumai.MilestoneAccepted || v.Milestone.AcceptedAt == nil || v.NoticeID == 0 {
			t.Fatalf("accepted %+v", v)
		}
		if got := must[goumai.Milestone](t, "milestone")(s.Milestone(ctx, m.ID)); got.Status != goumai.MilestoneAccepted {
			t.Errorf("stored milestone %+v", got)
		}
		n := must[goumai.Notice](t, "notice")(s.Notice(ctx, v.NoticeID))
		line := n.Body.Acceptance
		if n.Kind != goumai.NoticeAcceptance || line == nil || line.ContractNumber != c.Number || len(line.Members) != 3 ||
			line.Members[2].Role != goumai.MemberServiceUser || line.Opinion == "" || strings.Contains(line.Opinion, "13912345678") || line.AcceptedOn == "" {
			t.Fatalf("acceptance notice %+v %+v", n, line)
		}
		if k := todoKinds(t, sc.svc, sc.staff); k["todo.kind.acceptance"] != 0 {
			t.Errorf("a decided acceptance still to do: %v", k)
		}
		pv := must[workflow.AcceptanceView](t, "public acceptance")(sc.svc.Acceptance(ctx, goumai.Actor{}, v.ID))
		if len(pv.Files) != 0 || pv.Status != goumai.AcceptanceAccepted {
			t.Errorf("the public reads %+v", pv)
		}
		res := must[[]goumai.Acceptance](t, "results")(sc.svc.AcceptanceResults(ctx, 20))
		if len(res) != 2 || res[0].ID != v.ID {
			t.Errorf("results %+v", res)
		}
		_, err = sc.svc.SubmitMilestone(ctx, sc.winner.Actor, m.ID, workflow.MilestoneSubmitInput{Version: v.Milestone.Version, Report: "再交"})
		wantCode(t, "submitting an accepted milestone", err, goumai.EConflict, "")
		verifiedScene(t, s)
	})
}
