package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
)

// Supervision and acceptance of contracts in force (issue 10 item 4).

// The bounds of supervision's inputs.
const (
	MaxAcceptanceMembers = 25  // members of an acceptance group
	MaxRectifyDays       = 60  // working days a rectification may be given
	MaxSupervisionFiles  = 10  // attachments to one report or response
	MaxUnit              = 20  // characters of a quantity's unit
	MaxMemberName        = 100 // characters of a member's name or unit
)

// dateField requires a YYYY-MM-DD date not after today.
func dateField(ps *Problems, field, v string, now time.Time, rule string) {
	d, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(v), goumai.Shanghai)
	switch {
	case err != nil:
		ps.add(field, rule, "请填写日期（YYYY-MM-DD）", "give the date (YYYY-MM-DD)")
	case d.After(now.In(goumai.Shanghai)):
		ps.add(field, rule, "日期不能晚于今天", "the date cannot be in the future")
	}
}

// filesField bounds a report's attachments.
func filesField(ps *Problems, n int) {
	if n > MaxSupervisionFiles {
		ps.add("files", "", fmt.Sprintf("附件不能超过%d个", MaxSupervisionFiles), fmt.Sprintf("at most %d attachments", MaxSupervisionFiles))
	}
}

// CheckProgressReport applies the rules of a ledger entry (台账, ENG-H8): the
// day delivered (not in the future), what was done, the service quantity
// (not below zero) with its unit — the quantity payment is linked to
// (ENG-H7) — and at most MaxSupervisionFiles attachments.
func CheckProgressReport(r goumai.ProgressReport, now time.Time) error {
	var ps Problems
	dateField(&ps, "report_on", r.ReportOn, now, "ENG-H8")
	textField(&ps, "content", r.Content, goumai.M("履约内容", "what was delivered"), "ENG-H8")
	if r.Quantity < 0 {
		ps.add("quantity", "ENG-H7", "服务数量不能为负数", "the service quantity cannot be negative")
	}
	if n := utf8.RuneCountInString(strings.TrimSpace(r.Unit)); n == 0 || n > MaxUnit {
		ps.add("unit", "ENG-H7", "请填写服务数量的计量单位（如人次、小时，不超过20个字）", "give the quantity's unit (persons served, hours…; at most 20 characters)")
	}
	filesField(&ps, len(r.Files))
	return ps.Err()
}

// CheckInspection applies the rules of an inspection: its date, not in the
// future, and its findings.
func CheckInspection(i goumai.Inspection, now time.Time) error {
	var ps Problems
	dateField(&ps, "inspected_on", i.InspectedOn, now, "")
	textField(&ps, "findings", i.Findings, goumai.M("检查发现的问题或结论", "the findings"), "")
	return ps.Err()
}

// CheckRectification applies the rules of a rectification order: what must
// be put right, and 1 to MaxRectifyDays working days to do it.
func CheckRectification(issue string, days int) error {
	var ps Problems
	textField(&ps, "issue", issue, goumai.M("整改事项和要求", "what must be rectified"), "")
	if days < 1 || days > MaxRectifyDays {
		ps.add("days", "", fmt.Sprintf("整改期限为1至%d个工作日", MaxRectifyDays), fmt.Sprintf("the deadline is 1 to %d working days", MaxRectifyDays))
	}
	return ps.Err()
}

// CheckAcceptanceGroup applies the rules of an acceptance group (验收组): at
// least one member and at most MaxAcceptanceMembers, each named with a known
// standing; for a public service, at least one representative of the
// service's users (ENG-H6; GPL-IR Art. 45: 向社会公众提供的公共服务项目，验收时
// 应当邀请服务对象参与).
func CheckAcceptanceGroup(members []goumai.AcceptanceMember, publicService bool) error {
	var ps Problems
	switch {
	case len(members) == 0:
		ps.add("members", "ENG-H6", "请填写验收组成员", "name the acceptance group's members")
	case len(members) > MaxAcceptanceMembers:
		ps.add("members", "", fmt.Sprintf("验收组成员不能超过%d人", MaxAcceptanceMembers), fmt.Sprintf("at most %d members", MaxAcceptanceMembers))
	}
	users := 0
	for i, m := range members {
		f := fmt.Sprintf("members.%d", i)
		if n := utf8.RuneCountInString(strings.TrimSpace(m.Name)); n == 0 || n > MaxMemberName {
			ps.add(f+".name", "", "请填写成员姓名（不超过100个字）", "give the member's name (at most 100 characters)")
		}
		if utf8.RuneCountInString(m.Unit) > MaxMemberName {
			ps.add(f+".unit", "", "所在单位不能超过100个字", "the unit has at most 100 characters")
		}
		if !slices.Contains(goumai.AcceptanceRoles, m.Role) {
			ps.add(f+".role", "", "请选择成员身份：采购人代表、专家、服务对象代表或其他人员", "choose the member's standing: purchaser, expert, service user or other")
		}
		if m.Role == goumai.MemberServiceUser {
			users++
		}
	}
	if publicService && len(members) > 0 && users == 0 {
		ps.add("members", "ENG-H6", "向社会公众提供的公共服务项目，验收组须有服务对象代表参与（《政府采购法实施条例》第四十五条）",
			"a public service's acceptance group must include at least one service-user representative (ENG-H6; GPL-IR Art. 45)")
	}
	return ps.Err()
}

// CheckAcceptanceDecision applies the rules of an acceptance's result: every
// member has given an opinion, the result is accepted or rejected, and its
// reasons (验收意见) are written.
func CheckAcceptanceDecision(members []goumai.AcceptanceMember, result goumai.AcceptanceStatus, reasons string) error {
	var ps Problems
	for i, m := range members {
		if m.Agrees == nil {
			ps.add("members", "ENG-H6", fmt.Sprintf("验收组成员%s（第%d位）尚未提出意见", m.Name, i+1), fmt.Sprintf("member %d (%s) has not given an opinion", i+1, m.Name))
		}
	}
	if result != goumai.AcceptanceAccepted && result != goumai.AcceptanceRejected {
		ps.add("result", "ENG-H6", "请选择验收结论：合格或不合格", "choose the result: accepted or rejected")
	}
	textField(&ps, "reasons", reasons, goumai.M("验收意见（结论的理由）", "the result's reasons"), "ENG-H6")
	return ps.Err()
}
