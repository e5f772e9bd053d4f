package web

func init() { addMessages(contractChangeMessages) }

// contractChangeMessages are the strings of the changes to a contract in
// force (issue 10 items 2 and 3).
var contractChangeMessages = map[string][2]string{
	"todo.kind.amendment_sign":     {"待签署的补充合同", "Supplementary contract to sign"},
	"todo.kind.subcontract_decide": {"待决定的分包申请", "Subcontract awaiting your consent"},
	"todo.kind.termination_decide": {"待确认的解除合同提议", "Contract termination to confirm"},
}
