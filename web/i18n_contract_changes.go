package web

func init() { addMessages(contractChangeMessages) }

// contractChangeMessages are the strings of the changes to a contract in
// force (issue 10 items 2 and 3).
var contractChangeMessages = map[string][2]string{
	"todo.kind.amendment_sign":     {"待签署的补充合同", "Supplementary contract to sign"},
	"todo.kind.subcontract_decide": {"待决定的分包申请", "Subcontract awaiting your consent"},
	"todo.kind.termination_decide": {"待确认的解除合同提议", "Contract termination to confirm"},
	"chg.event":                    {"变更事项", "Change"},
	"chg.event_amendment":          {"签订补充合同", "Supplementary contract signed"},
	"chg.event_termination":        {"解除合同", "Contract terminated"},
	"chg.reasons":                  {"变更（解除）理由", "Reasons"},
	"chg.changes":                  {"变更的合同条款", "Changed terms"},
	"chg.added":                    {"本次增加金额（元）", "Amount added (yuan)"},
	"chg.total":                    {"变更后合同总额（元）", "Contract total after the change (yuan)"},
}
