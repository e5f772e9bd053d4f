package web

func init() { addMessages(paymentMessages) }

// paymentMessages are the payment's strings (经费兑付, issue 10 item 6).
var paymentMessages = map[string][2]string{
	"todo.kind.payment_approve": {"待审核的支付申请", "Payment request to approve"},
	"todo.kind.payment_finance": {"待财政部门审核的支付申请（达到审核金额）", "Payment request for the finance department's approval (at or above the threshold)"},
	"todo.kind.payment_pay":     {"已审核待支付的款项", "Approved payment to make"},
	"todo.kind.payment_overdue": {"逾期未付的合同款项（红色预警）", "Overdue contract payment (red flag)"},
}
