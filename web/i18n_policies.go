package web

func init() { addMessages(policyMessages) }

// policyMessages are the policy library's strings (issue 13 item 5).
var policyMessages = map[string][2]string{
	"nav.policies":           {"政策文件", "Policies"},
	"policy.title":           {"政策文件库", "Policy library"},
	"policy.lead":            {"政府购买服务的政策文件：财政部《关于做好政府购买服务工作有关问题的通知》（财综〔2013〕111号）以来的规章和规范性文件，以及各地财政部门发布的文件。可按全文检索，并查看每份文件的历次版本和替代关系。", "The documents that govern government purchase of services, from the Ministry of Finance's founding notice (Cai Zong [2013] No. 111) to what finance departments issue: search their full text, and see each one's versions and which documents replace which."},
	"policy.new":             {"新增政策文件", "Add a document"},
	"policy.new_version":     {"发布新版本", "Publish a new version"},
	"policy.list":            {"政策文件（按发布日期从新到旧）", "Documents, latest issued first"},
	"policy.doc_title":       {"文件名称", "Title"},
	"policy.title_zh":        {"文件名称（中文）", "Title (Chinese)"},
	"policy.title_en":        {"文件名称（英文）", "Title (English)"},
	"policy.number":          {"文号", "Document number"},
	"policy.number_hint":     {"如：财综〔2013〕111号", "e.g. Cai Zong [2013] No. 111"},
	"policy.authority":       {"发文机关", "Issuing authority"},
	"policy.issued_on":       {"发布日期", "Issued"},
	"policy.effective_on":    {"施行日期", "In force from"},
	"policy.status":          {"效力状态", "Status"},
	"policy.year":            {"发布年份", "Year of issue"},
	"policy.version":         {"版本", "Version"},
	"policy.versions":        {"历次版本", "All versions"},
	"policy.supersedes":      {"替代文件", "Supersedes"},
	"policy.superseded_by":   {"被以下文件替代", "Superseded by"},
	"policy.supersedes_id":   {"所替代文件的编号", "Id of the document it supersedes"},
	"policy.supersedes_hint": {"可留空；所替代的现行文件将标为“已被替代”。", "Optional; a document in force that it supersedes becomes superseded."},
	"policy.source":          {"来源网址", "Source"},
	"policy.licence":         {"来源与版权说明", "Provenance and licence"},
	"policy.text":            {"正文", "Text"},
	"policy.note":            {"修改说明", "What changed"},
	"policy.back":            {"返回政策文件库", "Back to the policy library"},
	"policy.back_to_doc":     {"返回文件", "Back to the document"},
}

func init() { addMessages(aboutMessages) }

// aboutMessages are the public section's strings: written here, citing the
// founding notice (财综〔2013〕111号) and Order No. 102 (RULES.md §1, §3).
var aboutMessages = map[string][2]string{
	"nav.about":   {"了解政府购买服务", "About"},
	"about.title": {"什么是政府购买服务", "What is government purchase of services"},
	"about.what":  {"政府购买服务是什么", "What it is"},
	"about.what.1": {"政府购买服务，是指各级国家机关把属于自身职责范围、适合通过市场化方式提供的服务事项，按照政府采购方式和程序，交给符合条件的服务供应商承担，并根据服务数量和质量向其付费（《政府购买服务管理办法》财政部令第102号第二条）。例如居家养老上门服务、社区矫正辅助、困境儿童关爱，由社会组织或企业提供，政府按合同付费、按绩效评价。",
		"Government purchase of services means that state organs hand services that are part of their duties and suited to the market to qualified suppliers, through the procedures of government procurement, and pay them by the quantity and quality of the service (MOF Order No. 102, Art. 2). Home care for the elderly, help with community corrections or care for children in difficulty are provided by social organisations or enterprises; the government pays by contract and evaluates the results."},
	"about.what.2": {"财政部《关于做好政府购买服务工作有关问题的通知》（财综〔2013〕111号）要求建立项目申报、项目评审、组织采购、资质审核、合同签订、项目监管、绩效评估、经费兑付的规范化流程，公开项目内容、承接主体条件和绩效评价标准，严禁层层转包、豪华购买和暗箱操作，并坚持费随事转，防止“两头占”。",
		"The Ministry of Finance's founding notice (Cai Zong [2013] No. 111) asks for one orderly chain — application, review, procurement, qualification, contract, supervision, performance evaluation, payment — with the content of each project, the conditions for suppliers and the evaluation criteria made public; it bans onward subcontracting, extravagant purchases and back-room deals, and asks that funds follow the tasks moved out (funding follows the task) so that no one is paid twice (funded at both ends)."},
	"about.what.3": {"本平台把这一流程的每一步记录在公开的透明日志中：任何人都可以查看已公开的项目、公告、合同和评价，并核验记录未被篡改。",
		"This platform records every step of that chain in a public transparency log: anyone can read the published projects, notices, contracts and evaluations, and check that the records were not altered."},
	"about.how": {"如何成为承接主体", "How to take part as a supplier"},
	"about.how.1": {"确认资格：依法成立的企业、社会组织，公益二类和从事生产经营活动的事业单位，农村集体经济组织，基层群众性自治组织，以及具备条件的个人可以承接（第102号令第六条）；公益一类事业单位不能承接（第八条）。",
		"Check that you may: enterprises, social organisations, public institutions of the second public-welfare class and business-type public institutions, rural collective economic organisations, grassroots self-governing organisations and qualified individuals may supply (Order No. 102, Art. 6); public institutions of the first public-welfare class may not (Art. 8)."},
	"about.how.2":           {"在本平台注册单位账号，经所在地财政部门审核通过。", "Register your organisation on this platform; the finance department of your region approves it."},
	"about.how.3":           {"关注采购公告，按公告要求在截止时间前递交响应文件；对采购过程有疑问可依法询问、质疑和投诉。", "Follow the procurement notices and bid before their deadlines; you may ask, challenge and complain as the law provides."},
	"about.how.4":           {"中标（成交）后签订书面合同，按合同提供服务、建立履约台账，不得转包，并接受绩效评价。", "Once awarded, sign the written contract, deliver the service, keep the project ledger, never pass the work on, and be evaluated."},
	"about.register":        {"注册承接主体", "Register as a supplier"},
	"about.notices":         {"采购公告", "Procurement notices"},
	"about.figures":         {"平台数据", "The platform in figures"},
	"about.figures_caption": {"本平台已公开的数据（实时统计）", "What this platform has published (live)"},
	"about.col.what":        {"类别", "What"},
	"about.col.count":       {"数量", "Count"},
	"about.col.amount":      {"金额（万元）", "Amount (10,000 yuan)"},
	"about.figure.project":  {"已公开的项目", "Published projects"},
	"about.figure.notice":   {"采购公告", "Notices"},
	"about.figure.supplier": {"承接主体", "Suppliers"},
	"about.figure.contract": {"已公开的合同", "Published contracts"},
	"about.figure.policy":   {"现行有效的政策文件", "Policy documents in force"},
	"about.policies":        {"最新政策文件", "Latest policy documents"},
	"about.all_policies":    {"全部政策文件", "All policy documents"},
}

func init() { addMessages(staffNoticeMessages) }

// staffNoticeMessages are the notices to staff's strings.
var staffNoticeMessages = map[string][2]string{
	"todo.kind.staff_notice":    {"工作通知待阅", "Notice to staff to read"},
	"staffnotice.title":         {"工作通知", "Notices to staff"},
	"staffnotice.unread":        {"未读通知", "Unread notices"},
	"staffnotice.sent":          {"本单位已发布的通知", "Notices your department published"},
	"staffnotice.new":           {"发布通知", "Publish a notice"},
	"staffnotice.col.title":     {"标题", "Title"},
	"staffnotice.col.published": {"发布时间", "Published"},
	"staffnotice.col.reads":     {"已阅人数", "Read by"},
	"staffnotice.body":          {"正文", "Text"},
	"staffnotice.body_hint":     {"发送给本行政区及下级行政区所有单位的工作人员。", "Sent to the staff of every organisation of your region and the regions under it."},
	"staffnotice.publish":       {"发布", "Publish"},
	"staffnotice.back":          {"返回工作通知", "Back to notices to staff"},
	"staffnotice.mark_read":     {"我已阅读", "Mark as read"},
	"staffnotice.is_read":       {"您已阅读此通知。", "You have read this notice."},
}
