package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// The demo's changed award (另行确定, ENG-D8; 财政部令第94号 Art. 32): the day
// after 居家养老上门服务's result notice, the runner-up 夕阳红 challenges it —
// the winner 康宁's response lacked the staff certificates the documents
// require; the next day 中诚 upholds the challenge and names 康宁, whose bid
// is set aside, its award withdrawn and the letters void; two qualifying
// suppliers remain (a purchase of services, ENG-E3), so the day after the
// purchaser confirms 夕阳红 and 中诚 publishes the result again, replacing the
// first notice.

// rerankDays are when the steps happen, counted in working days from the
// award step's day (its result notice is published on the 2nd): the
// challenge on the 3rd at 14:00, the answer on the 4th and the new
// confirmation and notice on the 5th, at 10:00.
func (l *procLoader) rerankDays(ctx context.Context, awardDay time.Time) ([3]time.Time, error) {
	var out [3]time.Time
	cal, err := l.svc.Store.Calendar(ctx)
	if err != nil {
		return out, err
	}
	for i, n := range []int{3, 4, 5} {
		d := cal.AddWorkingDays(awardDay, n).In(goumai.Shanghai)
		out[i] = time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, goumai.Shanghai)
	}
	out[0] = out[0].Add(4 * time.Hour)
	return out, nil
}

// awarded returns the awarded procedure of pr and its first result notice;
// ok is false when the history did not award it (no seal key).
func (l *procLoader) awarded(ctx context.Context, pr goumai.Project) (p goumai.Procurement, result goumai.Notice, ok bool, err error) {
	if p, err = l.procurementOf(ctx, pr); err != nil {
		return p, result, false, err
	}
	ns, err := l.svc.Store.Notices(ctx, p.ID)
	if err != nil {
		return p, result, false, err
	}
	i := slices.IndexFunc(ns, func(n goumai.Notice) bool { return n.Kind == goumai.NoticeResult })
	if i < 0 {
		return p, result, false, nil
	}
	return p, ns[i], true, nil
}

// challengeResult: 夕阳红, second in the ranking, challenges the result notice.
func (l *procLoader) challengeResult(ctx context.Context, pr goumai.Project) error {
	p, n, ok, err := l.awarded(ctx, pr)
	if err != nil || !ok {
		return err
	}
	_, err = l.svc.FileChallenge(ctx, l.actors["supplier.xiyanghong"], p.ID, workflow.ChallengeInput{NoticeID: n.ID,
		Claims: "成交供应商杭州康宁养老服务有限公司的响应文件未提供磋商文件第二项资格条件要求的拟派服务人员资格证书，资格审查应不予通过；请求认定其响应无效，依法另行确定成交供应商。",
		Facts:  "对照开标记录和成交结果公告，康宁公司拟派的12名服务人员中无一附有养老护理员职业资格证书（演示）。"})
	return err
}

// rerankResult: 中诚 upholds the challenge: 康宁's award falls, the award goes to the next candidate.
func (l *procLoader) rerankResult(ctx context.Context, pr goumai.Project) error {
	p, _, ok, err := l.awarded(ctx, pr)
	if err != nil || !ok {
		return err
	}
	cs, err := l.svc.Store.Challenges(ctx, p.ID)
	if err != nil || len(cs) == 0 {
		return err
	}
	kangning, ok := l.orgs["杭州康宁养老服务有限公司"]
	if !ok {
		return fmt.Errorf("no 杭州康宁养老服务有限公司")
	}
	_, err = l.svc.AnswerChallenge(ctx, l.actors["agency.zhongcheng"], cs[len(cs)-1].ID, workflow.RulingInput{
		Verdict: goumai.VerdictUpheld, Outcome: goumai.OutcomeRerank, SetAsideOrgID: kangning.ID,
		Reasons: "经核查，成交供应商杭州康宁养老服务有限公司的响应文件未提供磋商文件要求的拟派服务人员资格证书，资格审查应不予通过，质疑成立。" +
			"其余合格供应商两家，符合政府购买服务项目竞争性磋商的法定数量，依法从合格的成交候选人中另行确定成交供应商（政府采购质疑和投诉办法第三十二条）。"})
	return err
}

// reconfirm: the purchaser confirms the new rank 1 and 中诚 publishes the result again.
func (l *procLoader) reconfirm(ctx context.Context, pr goumai.Project) error {
	p, err := l.procurementOf(ctx, pr)
	if err != nil || p.Status != goumai.ProcConfirmation {
		return err // not re-ranked (no seal key): nothing to confirm
	}
	return l.confirmAndPublish(ctx, p, l.actors["xihu.minzheng"], l.actors["agency.zhongcheng"])
}
