package demo

import (
	"context"
	"fmt"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// demoPolicySource marks the demo's own policy documents: illustrative, not
// documents Zhejiang's finance departments issued.
const demoPolicySource = "演示数据（示意，并非真实文件）/ demo data (illustrative, not a real document)"

// LoadPolicies fills the policy library (issue 13 item 5): the national
// documents of package policydata, entered by the Ministry's administrator,
// and illustrative documents of 浙江, 杭州 and 西湖区 entered by their finance
// departments — one of them revised in a second version, and one superseded.
// It skips a library that already holds documents.
func LoadPolicies(ctx context.Context, svc *workflow.Service) error {
	if page, err := svc.Store.Policies(ctx, sqlstore.PolicyQuery{Limit: 1}); err != nil || len(page.Docs) > 0 {
		return err
	}
	mof, err := demoActor(ctx, svc.Store, "mof.admin")
	if err != nil {
		return fmt.Errorf("load demo policies: %w", err)
	}
	if _, err := svc.LoadPolicyLibrary(ctx, mof); err != nil {
		return fmt.Errorf("load demo policies: %w", err)
	}
	today := svc.Clock.Now().In(goumai.Shanghai).Format("2006-01-02")
	add := func(username string, in workflow.PolicyInput) (goumai.PolicyDoc, error) {
		a, err := demoActor(ctx, svc.Store, username)
		if err != nil {
			return goumai.PolicyDoc{}, err
		}
		in.IssuedOn, in.Licence = today, demoPolicySource
		d, err := svc.AddPolicy(ctx, a, in)
		if err != nil {
			return d, fmt.Errorf("load demo policies: %s: %w", in.Number, err)
		}
		return d, nil
	}
	zjOld, err := add("zj.admin", workflow.PolicyInput{TitleZH: "浙江省政府购买服务实施办法（演示·旧版）", TitleEN: "Zhejiang implementing measures (demo, old)",
		Number: "浙财综〔演示〕1号", Authority: "浙江省财政厅", Region: RegionZhejiang,
		Body: "第一条 为贯彻《政府购买服务管理办法》（财政部令第102号），规范本省政府购买服务工作，制定本办法。\n第二条 本省各级行政机关购买服务，应当纳入指导性目录并已安排预算。"})
	if err != nil {
		return err
	}
	zj, err := add("zj.admin", workflow.PolicyInput{TitleZH: "浙江省政府购买服务实施办法（演示）", TitleEN: "Zhejiang implementing measures (demo)",
		Number: "浙财综〔演示〕2号", Authority: "浙江省财政厅", Region: RegionZhejiang, SupersedesID: zjOld.ID,
		Body: "第一条 为贯彻《政府购买服务管理办法》（财政部令第102号），规范本省政府购买服务工作，制定本办法。\n第二条 纳入指导性目录并已安排预算的服务事项，可以实施政府购买服务。\n第三条 各级财政部门应当加强政府购买服务的培训宣传。"})
	if err != nil {
		return err
	}
	admin, err := demoActor(ctx, svc.Store, "zj.admin")
	if err != nil {
		return err
	}
	if _, err := svc.AddPolicyVersion(ctx, admin, zj.ID, workflow.PolicyVersionInput{Version: zj.Version,
		Body: zj.Body + "\n第四条 政府购买服务合同履行期限一般不超过1年。", Note: "增加第四条合同期限 / Art. 4 on contract terms added"}); err != nil {
		return fmt.Errorf("load demo policies: version: %w", err)
	}
	for _, d := range []struct{ user, number, authority, region, title string }{
		{"hz.admin", "杭财综〔演示〕1号", "杭州市财政局", RegionHangzhou, "杭州市政府购买居家养老服务操作指引（演示）"},
		{"nb.admin", "甬财综〔演示〕1号", "宁波市财政局", RegionNingbo, "宁波市政府购买服务绩效评价办法（演示）"},
		{"xihu.admin", "西财〔演示〕1号", "杭州市西湖区财政局", RegionXihu, "西湖区政府购买服务项目公开工作规程（演示）"},
	} {
		if _, err := add(d.user, workflow.PolicyInput{TitleZH: d.title, Number: d.number, Authority: d.authority, Region: d.region,
			Body: d.title + "\n第一条 依据财综〔2013〕111号和财政部令第102号，结合本地实际，制定本规程。"}); err != nil {
			return err
		}
	}
	if err := loadStaffNotices(ctx, svc); err != nil {
		return err
	}
	return loadTrainings(ctx, svc)
}

// loadTrainings announces a year of training sessions — one a quarter by the
// province, and by 杭州, 宁波 and 西湖区 —, each with its slides and
// handbook, and registers staff of the purchasers and finance departments
// of each one's subtree; the organisers record attendance on the first day
// (demo/progress.go).
func loadTrainings(ctx context.Context, svc *workflow.Service) error {
	today := svc.Clock.Now().In(goumai.Shanghai)
	for _, tr := range []struct {
		user, title, place string
		online             bool
		month, capacity    int
		registrants        []string
	}{
		{"zj.admin", "全省政府购买服务政策培训（第一期）", "浙江省财政厅报告厅", false, 0, 200,
			[]string{"xihu.minzheng", "zj.minzheng", "hz.minzheng", "haishu.weijian", "xihu.reviewer", "nb.reviewer"}},
		{"zj.admin", "全省政府购买服务政策培训（第二期）", "线上会议", true, 3, 500, []string{"yuhang.jiaoyu", "yinzhou.sifa", "nb.wenlv", "yuhang.reviewer"}},
		{"zj.admin", "全省政府购买服务绩效评价培训", "浙江省财政厅报告厅", false, 6, 200, []string{"zj.weijian", "hz.renshe", "haishu.weijian"}},
		{"zj.admin", "全省政府购买服务信息公开培训", "线上会议", true, 9, 500, []string{"xihu.minzheng", "nb.sifa", "yinzhou.xuanchuan"}},
		{"hz.admin", "杭州市政府购买居家养老服务操作培训", "杭州市民中心", false, 2, 100, []string{"hz.minzheng", "xihu.minzheng", "yuhang.jiaoyu"}},
		{"nb.admin", "宁波市政府购买服务合同管理培训", "宁波市财政局会议室", false, 5, 80, []string{"nb.wenlv", "haishu.weijian", "yinzhou.sifa"}},
		{"xihu.admin", "西湖区承接主体业务培训", "西湖区财政局三楼会议室", false, 4, 60, []string{"xihu.minzheng", "xihu.reviewer"}},
	} {
		a, err := demoActor(ctx, svc.Store, tr.user)
		if err != nil {
			return fmt.Errorf("load demo trainings: %w", err)
		}
		start := today.AddDate(0, tr.month, 14)
		t, err := svc.CreateTraining(ctx, a, workflow.TrainingInput{Title: tr.title + "（演示）", StartsOn: start.Format("2006-01-02"),
			EndsOn: start.AddDate(0, 0, 1).Format("2006-01-02"), Place: tr.place, Online: tr.online, Capacity: tr.capacity,
			Deadline: start.AddDate(0, 0, -3).Format("2006-01-02"), Materials: []workflow.Upload{
				{Name: tr.title + "（课件）.pdf", Content: demoPDF(tr.title + " 课件 / slides")},
				{Name: tr.title + "（学员手册）.pdf", Content: demoPDF(tr.title + " 学员手册 / handbook")},
			}})
		if err != nil {
			return fmt.Errorf("load demo trainings: %s: %w", tr.title, err)
		}
		for _, username := range tr.registrants {
			staff, err := demoActor(ctx, svc.Store, username)
			if err != nil {
				return fmt.Errorf("load demo trainings: %w", err)
			}
			if _, err := svc.RegisterTraining(ctx, staff, t.ID); err != nil {
				return fmt.Errorf("load demo trainings: register %s for %s: %w", username, tr.title, err)
			}
		}
	}
	return nil
}

// loadStaffNotices publishes notices to staff from the province, its cities
// and counties (all at the time of loading), and has one purchaser read one.
func loadStaffNotices(ctx context.Context, svc *workflow.Service) error {
	var first goumai.StaffNotice
	for i, n := range []struct{ user, title, body string }{
		{"zj.admin", "关于学习贯彻《政府购买服务管理办法》（财政部令第102号）的通知", "各市、县（市、区）财政局：请组织本地区购买主体和承接主体认真学习第102号令，重点掌握指导性目录管理、负面清单和合同期限的规定。（演示数据）"},
		{"zj.admin", "关于做好年度政府购买服务信息公开工作的通知", "请各地按照财预〔2017〕87号要求，在中国政府采购网浙江分网及时公开政府购买服务项目信息。（演示数据）"},
		{"hz.admin", "关于开展政府购买服务政策培训的通知", "市财政局将举办政府购买服务政策培训，请各区县财政局和市级部门派员参加。（演示数据）"},
		{"nb.admin", "关于报送政府购买服务工作进展情况的通知", "请各区县财政局于季度结束后十日内报送工作进展情况、新情况和重大问题。（演示数据）"},
		{"xihu.admin", "关于规范居家养老服务项目绩效评价的通知", "各购买主体应当在合同履行结束后开展绩效评价，并公开评价结果。（演示数据）"},
		{"yuhang.admin", "关于做好费随事转工作的通知", "事业单位改革涉及的服务事项转为购买服务的，相关经费随事转移，防止“两头占”。（演示数据）"},
	} {
		a, err := demoActor(ctx, svc.Store, n.user)
		if err != nil {
			return fmt.Errorf("load demo notices: %w", err)
		}
		sn, err := svc.PublishStaffNotice(ctx, a, workflow.StaffNoticeInput{Title: n.title, Body: n.body})
		if err != nil {
			return fmt.Errorf("load demo notices: %s: %w", n.title, err)
		}
		if i == 0 {
			first = sn
		}
	}
	reader, err := demoActor(ctx, svc.Store, "xihu.minzheng")
	if err != nil {
		return fmt.Errorf("load demo notices: %w", err)
	}
	_, err = svc.ReadStaffNotice(ctx, reader, first.ID)
	return err
}
