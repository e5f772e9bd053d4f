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
	return nil
}
