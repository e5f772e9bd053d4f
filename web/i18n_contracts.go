package web

func init() { addMessages(contractMessages) }

// contractMessages are the contract's strings (issue 10 item 2).
var contractMessages = map[string][2]string{
	"todo.kind.contract_draft": {"待草拟的合同（中标（成交）结果已公告）", "Contract to draw up (the result is published)"},
	"todo.kind.contract_sign":  {"待签署的合同（结果公告后30日内）", "Contract to sign (within 30 days of the result notice)"},
	"todo.kind.contract_stats": {"待录入统计的合同（签订后3个工作日内）", "Contract to enter for statistics (within 3 working days of signing)"},
}
