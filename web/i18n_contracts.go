package web

func init() { addMessages(contractMessages) }

// contractMessages are the contract's strings (issue 10 item 2).
var contractMessages = map[string][2]string{
	"todo.kind.contract_draft": {"待草拟的合同（中标（成交）结果已公告）", "Contract to draw up (the result is published)"},
	"todo.kind.contract_sign":  {"待签署的合同（结果公告后30日内）", "Contract to sign (within 30 days of the result notice)"},
	"pub.sec.contract":         {"合同信息", "The contract"},
	"pub.sec.contract_items":   {"合同主要信息", "Main items"},
	"con.number":               {"合同编号", "Contract number"},
	"con.title":                {"合同名称", "Contract title"},
	"con.purchaser":            {"采购人（甲方）", "Purchaser (party A)"},
	"con.supplier":             {"供应商（乙方）", "Supplier (party B)"},
	"con.amount":               {"合同金额（元）", "Amount (yuan)"},
	"con.term":                 {"履约期限", "Term"},
	"con.place":                {"履约地点", "Place of performance"},
	"con.signed_on":            {"合同签订日期", "Signed on"},
	"con.published_on":         {"公告日期", "Published on"},
	"con.hash":                 {"合同文本摘要（SHA-256，双方签名的对象）", "Contract digest (SHA-256, what both parties signed)"},
	"con.content":              {"服务内容", "Service content"},
	"todo.kind.contract_stats": {"待录入统计的合同（签订后3个工作日内）", "Contract to enter for statistics (within 3 working days of signing)"},
}
