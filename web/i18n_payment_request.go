package web

func init() { addMessages(paymentRequestMessages) }

// paymentRequestMessages are the strings of the supplier's payment request
// page and of the purchaser's signing keys page (issue 10 item 9).
var paymentRequestMessages = map[string][2]string{
	"preq.title":             {"申请支付", "Request payment"},
	"preq.link":              {"申请支付", "Request payment"},
	"preq.contract_page":     {"合同", "The contract"},
	"preq.lead":              {"履约节点验收合格后，可按节点申请支付合同款项（ENG-H7）；采购人审核后按合同约定期限支付，最长不超过验收合格之日起60日。", "Once a milestone is accepted, ask for its payment (ENG-H7); after the purchaser's approval it is due within the contract's payment term, at most 60 days after acceptance."},
	"preq.status":            {"合同状态", "Contract status"},
	"preq.not_in_force":      {"合同签订生效后方可申请支付。", "Only a contract in force is paid."},
	"preq.requested":         {"已申请", "Requested"},
	"preq.left":              {"可申请金额（元）", "Left to request (yuan)"},
	"preq.form_title":        {"申请支付：第%d个履约节点", "Request payment: milestone %d"},
	"preq.amount_hint":       {"节点金额 ¥%s，最多还可申请 ¥%s", "the milestone is ¥%s; at most ¥%s is left"},
	"preq.final":             {"本次为合同尾款", "This is the contract's final payment"},
	"preq.final_hint":        {"尾款须在合同绩效评价结果公开后申请，并按评价等级扣减（ENG-J1）。", "The final payment waits for the published performance grade and is reduced by it (ENG-J1)."},
	"preq.last_is_final":     {"这是合同的最后一个履约节点：本次申请即为尾款，须在绩效评价结果公开后申请（ENG-J1）。", "This is the contract's last milestone: its payment is the final one and waits for the published performance grade (ENG-J1)."},
	"preq.note":              {"申请说明（发票号码等，选填）", "Note (invoice number and so on; optional)"},
	"preq.note_hint":         {"随支付信息公开：请勿填写身份证号、手机号或银行账号。", "Published with the payment: no ID, mobile or bank account numbers."},
	"preq.submit":            {"提交支付申请", "Submit the payment request"},
	"preq.nothing":           {"目前没有可申请支付的履约节点：节点验收合格后即可申请。", "No milestone can be requested now: a milestone can be once accepted."},
	"sv.request_payment":     {"申请支付", "Request payment"},
	"done.payment_requested": {"支付申请已提交，待采购人审核。", "The payment request has been submitted for the purchaser's review."},

	"okeys.title":     {"合同签名公钥", "Contract signing keys"},
	"okeys.nav":       {"签名公钥", "Signing keys"},
	"okeys.lead":      {"本单位工作人员签订合同时使用的签名公钥（REQ-C6、C7：任何电子认证服务机构的证书公钥，或用 goumai keygen 生成）。公钥公开，任何人可据此离线验证合同签名；私钥只在签名人手中，不上传本平台。", "The public keys your staff sign contracts with (REQ-C6, C7: any CA's key, or one made with goumai keygen). Public keys are public, so that anyone verifies the signatures offline; the private key stays with the signer and is never uploaded."},
	"okeys.no_revoke": {"吊销采购人公钥的功能尚未提供：如私钥泄露，请联系平台管理员。", "Revoking a purchaser's key is not offered yet: if a private key leaks, contact the platform's administrators."},
	"okeys.register":  {"没有签名公钥？在此登记", "No key yet? Register one"},
}
