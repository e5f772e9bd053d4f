package web

func init() { addMessages(federationMessages) }

// federationMessages are the centre's national statistics page's strings
// (issue 12).
var federationMessages = map[string][2]string{
	"fedstats.title":     {"全国政府购买服务统计", "National statistics of government purchase of services"},
	"fedstats.lead":      {"本实例从其信任的各地实例收到的已公开事件，按发布实例和地区汇总。金额单位：万元。", "Published events this instance received from the instances it trusts, per publishing instance and region. Amounts in 10,000 yuan."},
	"fedstats.caption":   {"按发布实例和地区", "Per publishing instance and region"},
	"fedstats.publisher": {"发布实例", "Publishing instance"},
	"fedstats.region":    {"地区代码", "Region code"},
	"fedstats.n":         {"事件数", "Events"},
	"fedstats.wan":       {"金额（万元）", "Amount (10,000 yuan)"},
	"fedstats.total":     {"合计", "Total"},
	"fedstats.none":      {"尚未收到其他实例的数据。", "Nothing received from other instances yet."},
	"fedstats.api":       {"同样的数据（JSON，按地区和事件类型）", "the same figures as JSON, per region and action"},
}
