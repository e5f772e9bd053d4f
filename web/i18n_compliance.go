package web

func init() { addMessages(complianceMessages) }

// complianceMessages are the supervision of lower levels' strings (issue 13 item 4).
var complianceMessages = map[string][2]string{
	"cp.title":          {"下级地区合规排名", "Compliance ranking of the regions below"},
	"cp.lead":           {"按统计数据计算本地区直接下级各地区的合规指标，按综合得分排名。", "The compliance indicators of each region directly below, computed from the statistics, ranked by score."},
	"cp.region":         {"地区", "Region"},
	"cp.period":         {"统计期间", "Period"},
	"cp.period_shown":   {"统计期间：%s 至 %s。", "Period: %s to %s."},
	"cp.submit":         {"排名", "Rank"},
	"cp.table":          {"合规指标和得分", "Indicators and scores"},
	"cp.rank":           {"名次", "Rank"},
	"cp.catalogue":      {"目录内项目占比", "Projects in the catalogue"},
	"cp.disclosure":     {"统计数据按时录入率", "Statistics entered on time"},
	"cp.budget":         {"预算执行率", "Budget execution"},
	"cp.evaluation":     {"绩效评价覆盖率", "Evaluation coverage"},
	"cp.method":         {"采购方式合规率", "Method compliance"},
	"cp.redflags":       {"风险提示办结率", "Red flags closed"},
	"cp.score":          {"综合得分", "Score"},
	"cp.none":           {"没有下级地区", "No regions below"},
	"cp.chart":          {"下级地区综合得分（0–100）", "Scores of the regions below (0-100)"},
	"cp.chart.desc":     {"条形图：%s 至 %s 各下级地区的综合得分，从高到低；数据见下表。", "Bar chart: the score of each region below from %s to %s, best first; the table below has the figures."},
	"cp.hint":           {"综合得分为已计算指标的平均值；“—”表示统计数据尚未覆盖该指标。", "The score is the mean of the indicators computed; a dash marks an indicator the statistics do not cover yet."},
	"cp.publish":        {"发布排名", "Publish the ranking"},
	"cp.publish_hint":   {"发布后排名按当前数据锁定并公开。", "Once published the ranking is frozen as it stands now and public."},
	"cp.published":      {"已发布的排名", "Published rankings"},
	"cp.none_published": {"尚未发布排名", "No ranking published yet"},
	"cp.published_at":   {"发布时间：", "Published at:"},
	"cp.frozen":         {"本排名为发布时的数据，发布后不再变化。", "The figures are those at publication; they do not change afterwards."},
	"done.cp_published": {"排名已发布。", "Ranking published."},
}
