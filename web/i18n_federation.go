package web

func init() { addMessages(federationMessages) }

// federationMessages are the centre's national statistics page's strings
// (issue 12).
var federationMessages = map[string][2]string{
	"fedstats.title":       {"全国政府购买服务统计", "National statistics of government purchase of services"},
	"fedstats.lead":        {"本实例从其信任的各地实例收到的已公开事件，按发布实例和地区汇总。金额单位：万元。", "Published events this instance received from the instances it trusts, per publishing instance and region. Amounts in 10,000 yuan."},
	"fedstats.caption":     {"按发布实例和地区", "Per publishing instance and region"},
	"fedstats.publisher":   {"发布实例", "Publishing instance"},
	"fedstats.region":      {"地区代码", "Region code"},
	"fedstats.n":           {"事件数", "Events"},
	"fedstats.wan":         {"金额（万元）", "Amount (10,000 yuan)"},
	"fedstats.total":       {"合计", "Total"},
	"fedstats.none":        {"尚未收到其他实例的数据。", "Nothing received from other instances yet."},
	"fedstats.forks":       {"被拒绝的检查点（分叉）", "Refused checkpoints (forks)"},
	"fedstats.forks_hint":  {"受信任实例发布的已签名检查点，若不是此前已验证历史的延续（一致性证明不成立），即视为篡改历史，本实例拒绝接收并在此公开留证。", "A signed checkpoint from a trusted instance that does not extend the history already verified (its consistency proof fails) means the publisher rewrote its history: this instance refuses it and keeps it here as public evidence."},
	"fedstats.forks_none":  {"没有被拒绝的检查点。", "No checkpoint has been refused."},
	"fedstats.fork_seen":   {"发现时间", "Seen at"},
	"fedstats.fork_old":    {"已验证的树（大小、根）", "Verified tree (size, root)"},
	"fedstats.fork_new":    {"被拒绝的树（大小、根）", "Refused tree (size, root)"},
	"fedstats.fork_reason": {"原因", "Reason"},
	"fedstats.api":         {"同样的数据（JSON，按地区和事件类型）", "the same figures as JSON, per region and action"},
}
