package web

import "github.com/goumai/goumai"

// messages holds every UI string in Chinese (first) and English. A test checks
// that every key used by a template or by Go code is here in both languages.
var messages = map[string][2]string{
	"site.name": {"政府购买服务平台", "Government Purchase of Services"},

	"a11y.skip":      {"跳到主要内容", "Skip to main content"},
	"a11y.tools":     {"辅助工具", "Accessibility tools"},
	"a11y.main_nav":  {"主导航", "Main navigation"},
	"a11y.staff_nav": {"工作台导航", "Work area navigation"},
	"a11y.title":     {"无障碍说明", "Accessibility"},
	"a11y.statement": {"本平台按照 GB/T 37668-2019 的要求设计，力求让所有人都能使用。", "This platform is designed to GB/T 37668-2019 so that everyone can use it."},
	"a11y.keyboard":  {"全部功能均可仅用键盘操作；按 Tab 键可依次移动焦点，页面顶部有“跳到主要内容”链接。", "Everything works with the keyboard alone; Tab moves the focus, and a skip link leads to the main content."},
	"a11y.font":      {"页面顶部可切换标准、大、特大三种字号（长者模式请选特大）。", "The toolbar switches between normal, large and extra-large text (choose extra-large for the senior-friendly view)."},
	"a11y.captcha":   {"登录不使用图片验证码；以失败次数限制防止暴力破解。", "Sign-in uses no image CAPTCHA; repeated failures are rate-limited instead."},
	"a11y.colour":    {"错误和状态均以文字说明，不只依靠颜色。", "Errors and states are stated in text, never by colour alone."},
	"a11y.print":     {"每个页面都有打印视图（A4）。", "Every page has an A4 print view."},
	"a11y.contrast":  {"可切换高对比度；“关怀版”同时启用特大字体和高对比度，无广告和弹窗。", "A high-contrast mode is available; the senior-friendly view turns on extra-large text and high contrast together, with no ads or pop-ups."},

	"tools.font":         {"字体", "Text size"},
	"tools.font.normal":  {"标准", "Normal"},
	"tools.font.large":   {"大", "Large"},
	"tools.font.xlarge":  {"特大", "Extra large"},
	"tools.print":        {"打印", "Print"},
	"tools.contrast":     {"高对比度", "High contrast"},
	"tools.contrast.off": {"标准配色", "Normal colours"},
	"tools.care":         {"关怀版", "Senior-friendly view"},
	"tools.a11y":         {"无障碍", "Accessibility"},

	"nav.portal":         {"首页", "Home"},
	"nav.directory":      {"单位名录", "Directory"},
	"nav.log":            {"透明日志", "Transparency log"},
	"nav.todo":           {"我的待办", "My to-do list"},
	"nav.admin":          {"机构管理", "Administration"},
	"nav.events":         {"操作记录", "Activity"},
	"nav.register":       {"承接主体注册", "Supplier registration"},
	"nav.catalog":        {"指导性目录", "Guidance catalogue"},
	"nav.staff_projects": {"项目申报与评审", "Applications and review"},
	"nav.budget":         {"预算指标", "Budget"},
	"nav.staff_catalog":  {"目录管理", "Catalogue management"},
	"nav.reform":         {"事业单位改革", "Institution reform"},
	"nav.redflags":       {"风险提示", "Red flags"},
	"nav.review_config":  {"审核流程配置", "Review chains"},

	"account.acting_for": {"当前代表的单位", "Acting for"},
	"account.switch":     {"切换", "Switch"},
	"account.password":   {"修改密码", "Change password"},
	"account.logout":     {"退出", "Sign out"},
	"account.login":      {"登录", "Sign in"},

	"footer.organizer":         {"主办单位", "Organiser"},
	"footer.organizer.default": {"（部署单位在此填写）", "(set by the deploying office)"},
	"footer.icp":               {"ICP备案号", "ICP licence"},
	"footer.not_set":           {"未设置", "not set"},
	"footer.about":             {"本平台的每一次变更都记录在可公开验证的", "Every change on this platform is recorded in the publicly verifiable"},

	"portal.title":         {"政府购买服务", "Government purchase of services"},
	"portal.lead":          {"政府将适合由社会力量承担的公共服务和政府履职所需辅助性服务，通过公开、公平、公正的程序交由符合条件的承接主体提供，按服务数量和质量付费。本平台公开全部流程，任何人都可以核验。", "Government buys public services, and auxiliary services it needs, from qualified providers through open, fair and impartial procedures, and pays by the quantity and quality delivered. This platform runs the whole process in the open, and anyone can verify it."},
	"portal.steps":         {"规范化购买流程", "The standard purchasing process"},
	"portal.basis":         {"依据：《关于做好政府购买服务工作有关问题的通知》（财综〔2013〕111号）、《政府购买服务管理办法》（财政部令第102号）。", "Basis: MOF notice Caizong [2013] No. 111 and the Measures for the Administration of Government Purchase of Services (MOF Order No. 102)."},
	"portal.checkpoint":    {"最新签名检查点", "Latest signed checkpoint"},
	"portal.verify_link":   {"如何核验日志", "How to verify the log"},
	"portal.recent":        {"最近公开记录", "Recent public records"},
	"portal.no_events":     {"暂无公开记录。", "No public records yet."},
	"portal.stats":         {"平台概况", "At a glance"},
	"portal.stats.regions": {"行政区划", "Administrative divisions"},
	"portal.stats.orgs":    {"已登记单位", "Registered organisations"},

	"step.apply":     {"项目申报", "Application"},
	"step.review":    {"项目评审", "Review"},
	"step.procure":   {"组织采购", "Procurement"},
	"step.qualify":   {"资质审核", "Qualification"},
	"step.contract":  {"合同签订", "Contract"},
	"step.supervise": {"项目监管", "Supervision"},
	"step.evaluate":  {"绩效评估", "Performance evaluation"},
	"step.pay":       {"经费兑付", "Payment"},

	"log.title":           {"透明日志", "Transparency log"},
	"data.title":          {"开放数据指南", "Open data guide"},
	"data.intro":          {"本平台按开放合同数据标准（OCDS 1.1）公开每一个政府购买服务项目：项目批准、采购公告、开标、结果、合同、验收、支付和绩效评价，每一项公开事件都生成一条发布（release），与透明日志中的事件一一对应，可以逐条核验。", "This platform publishes every government purchase of services in the Open Contracting Data Standard (OCDS 1.1): approval, notices, bid opening, result, contract, acceptance, payment and performance evaluation. Every public event yields one release, tied to its event in the transparency log, so each can be proved."},
	"data.licence":        {"许可协议", "Licence"},
	"data.licence_text":   {"数据按以下开放许可发布，可自由使用、转载和再加工，请注明来源：", "The data is published under this open licence: use, share and adapt it freely, naming the source:"},
	"data.publisher":      {"发布单位", "Publisher"},
	"data.ocid_prefix":    {"ocid 前缀", "ocid prefix"},
	"data.ocid_hint":      {"部署本平台的财政部门应向开放合同伙伴组织（Open Contracting Partnership）登记自己的前缀，首次启动时以 --ocid-prefix 设定，之后不能更改。", "the deploying finance department registers its own prefix with the Open Contracting Partnership and sets it with --ocid-prefix at the first start; it never changes afterwards."},
	"data.standard":       {"数据标准", "Standard"},
	"data.get":            {"如何获取数据", "How to get the data"},
	"data.files":          {"数据文件和接口", "Files and endpoints"},
	"data.what":           {"内容", "What"},
	"data.where":          {"地址", "Where"},
	"data.bulk_releases":  {"全部发布（JSON Lines，gzip 压缩，按日志顺序，随发布增量增长）", "Every release (JSON Lines, gzip, in log order, grown as releases are published)"},
	"data.bulk_records":   {"全部记录（每个项目的发布和合并后的最新状态）", "Every record (each process's releases and its compiled release)"},
	"data.bulk_year":      {"某一年的发布", "One year's releases"},
	"data.bulk_region":    {"某一地区（含下级）的发布", "One region's releases (with its subtree)"},
	"data.per_ocid":       {"单个项目的发布包和记录包", "One process's release package and record package"},
	"data.feed":           {"变更订阅（游标分页，水位线保证不漏掉迟提交的事务）", "Change feed (cursor paging; a watermark so that a late commit is never skipped)"},
	"data.extensions":     {"使用的扩展（含本平台的 goumai 扩展）", "Extensions used (with goumai's own)"},
	"data.proofs":         {"日志证明：每条发布的 logIndices 是其在签名日志中的位置", "Log proofs: each release's logIndices entry is its position in the signed log"},
	"data.examples":       {"示例", "Examples"},
	"data.ex_bulk":        {"下载全部发布并查看第一条：", "Download every release and look at the first:"},
	"data.ex_feed":        {"按游标跟踪变更：第一页，然后用返回的 next 取下一页，直到 releases 为空；之后定期用最后一个 next 轮询。", "Follow the changes: the first page, then the next one with the returned next, until releases is empty; then poll with the last next."},
	"data.ex_proof":       {"证明某条发布在签名日志中：", "Prove a release is in the signed log:"},
	"data.ex_validate":    {"用平台自带的工具校验和合并：", "Validate and compile with goumai's own tools:"},
	"nav.data":            {"开放数据", "Open data"},
	"log.intro":           {"平台的每一次变更都作为一个叶子写入默克尔树日志，并定期发布签名检查点。任何人（审计机关、媒体、高校）都可以用标准工具核验：记录没有被删除、篡改或对不同的人展示不同的历史。", "Every change on the platform is a leaf of a Merkle-tree log, and signed checkpoints are published regularly. Anyone — an audit office, a newspaper, a university — can check with standard tools that no record was deleted, altered, or shown differently to different people."},
	"log.how":             {"核验方法", "How to verify"},
	"log.prefix":          {"日志地址前缀（C2SP tlog-tiles）", "Log URL prefix (C2SP tlog-tiles)"},
	"log.vkey":            {"验证公钥（note 格式）", "Verifier key (note format)"},
	"log.origin":          {"日志标识", "Origin"},
	"log.size":            {"记录数", "Tree size"},
	"log.root":            {"根哈希", "Root hash"},
	"log.signed_note":     {"签名检查点原文", "Signed checkpoint"},
	"log.no_checkpoint":   {"尚未发布检查点。", "No checkpoint has been published yet."},
	"log.res.checkpoint":  {"最新签名检查点（C2SP tlog-checkpoint）", "the latest signed checkpoint (C2SP tlog-checkpoint)"},
	"log.res.tiles":       {"哈希瓦片", "hash tiles"},
	"log.res.entries":     {"记录包（公开事件全文；非公开事件仅含其哈希承诺）", "entry bundles (public events in full; private events as a hash commitment)"},
	"log.res.inclusion":   {"包含证明", "inclusion proofs"},
	"log.res.consistency": {"一致性证明", "consistency proofs"},
	"log.cli":             {"运维人员可运行以下命令核验整个数据库：", "Operators verify the whole database with:"},

	"login.title":         {"登录", "Sign in"},
	"login.username":      {"用户名", "Username"},
	"login.password":      {"密码", "Password"},
	"login.submit":        {"登录", "Sign in"},
	"login.captcha_note":  {"连续失败5次将暂停登录15分钟。", "After 5 failed attempts, sign-in pauses for 15 minutes."},
	"login.no_account":    {"承接主体还没有账号？", "A supplier without an account?"},
	"login.demo":          {"演示账号", "Demo accounts"},
	"login.demo_password": {"所有演示账号的密码：", "Password of every demo account:"},

	"register.title":  {"承接主体注册", "Supplier registration"},
	"register.intro":  {"企业、社会组织、公益二类和生产经营类事业单位、农村集体经济组织、基层群众性自治组织和个人可以注册为承接主体（《政府购买服务管理办法》第六条）。注册后由所在地财政部门审核。", "Enterprises, social organisations, class-II and business public institutions, rural collectives, grassroots self-governing organisations and individuals may register as suppliers (O102 Art. 6). The local finance department reviews each registration."},
	"register.org":    {"单位信息", "Organisation"},
	"register.admin":  {"管理员账号", "Administrator account"},
	"register.submit": {"提交注册", "Register"},

	"org.org":              {"单位", "Organisation"},
	"org.name":             {"单位名称", "Name"},
	"org.kind":             {"单位类型", "Kind"},
	"org.class":            {"事业单位分类", "Institution class"},
	"org.class_hint":       {"仅事业单位填写", "Public institutions only"},
	"org.staffing":         {"群团组织编制类型", "Mass organisation staffing"},
	"org.staffing_hint":    {"仅群团组织填写", "Mass organisations only"},
	"org.credit_code":      {"统一社会信用代码", "Unified social credit code"},
	"org.address":          {"单位地址", "Address"},
	"org.address_hint":     {"公告中公开的单位地址；个人供应商的地址不公开", "The unit's address, published in notices; an individual's is never published"},
	"org.phone":            {"单位联系电话", "Telephone"},
	"org.phone_hint":       {"单位的办公电话，如 0571-87052000；不要填写个人手机号", "The unit's office number, e.g. 0571-87052000; not a personal mobile"},
	"org.credit_code_hint": {"18位，按 GB 32100-2015 校验；个人可不填", "18 characters, checked per GB 32100-2015; individuals may leave it empty"},
	"org.region":           {"行政区划代码", "Region code"},
	"org.region_hint":      {"6位 GB/T 2260 代码，例如 330106", "6-digit GB/T 2260 code, e.g. 330106"},
	"org.parent":           {"上级单位ID", "Parent organisation ID"},
	"org.finance_dept":     {"本区划财政部门", "Finance department of the region"},
	"org.status":           {"状态", "Status"},
	"org.active":           {"已启用", "Active"},
	"org.pending":          {"待审核", "Awaiting approval"},
	"org.approve":          {"审核通过", "Approve"},
	"org.eligibility":      {"资格", "Eligibility"},
	"org.can_purchase":     {"可作为购买主体", "May purchase"},
	"org.can_supply":       {"可作为承接主体", "May supply"},
	"org.neither":          {"既不能作为购买主体也不能作为承接主体", "May neither purchase nor supply"},

	"user.name":          {"姓名", "Name"},
	"user.role":          {"角色", "Role"},
	"user.roles":         {"角色", "Roles"},
	"user.password_rule": {"10至128位，至少包含字母、数字、符号中的两类", "10–128 characters mixing at least two of letters, digits and symbols"},

	"password.old": {"原密码", "Current password"},
	"password.new": {"新密码", "New password"},

	"admin.orgs":        {"机构管理", "Organisations"},
	"admin.scope":       {"管理范围：", "Scope:"},
	"admin.new_org":     {"新增单位", "New organisation"},
	"admin.edit_org":    {"编辑单位", "Edit organisation"},
	"admin.members":     {"人员与角色", "People and roles"},
	"admin.new_user":    {"新增用户", "New user"},
	"admin.create_user": {"创建用户", "Create user"},
	"admin.add_role":    {"为本单位成员增加角色", "Give a member a further role"},
	"admin.remove_role": {"撤销", "Remove"},

	"directory.title": {"单位名录", "Directory of organisations"},
	"directory.intro": {"已登记并审核通过的购买主体和承接主体（个人不公开列出）。", "Registered and approved purchasers and suppliers (individuals are not listed)."},
	"directory.role":  {"资格", "Eligibility"},

	"todo.title":             {"我的待办", "My to-do list"},
	"todo.todo":              {"待办", "To do"},
	"todo.done":              {"已办", "Done"},
	"todo.returned":          {"退回", "Returned"},
	"todo.item":              {"事项", "Item"},
	"todo.kind":              {"类型", "Kind"},
	"todo.empty":             {"没有事项。", "Nothing here."},
	"todo.acting_as":         {"当前单位：", "Acting for:"},
	"todo.no_org":            {"您的账号尚未在任何已启用的单位担任角色，请联系单位管理员。", "Your account has no role in an active organisation yet; ask your administrator."},
	"todo.kind.registration": {"承接主体注册审核", "Supplier registration to review"},

	"events.title":         {"操作记录", "Activity"},
	"events.private_scope": {"含非公开记录，范围：", "Including private records, for:"},
	"events.public_only":   {"仅显示公开记录。", "Public records only."},
	"event.time":           {"时间", "Time"},
	"event.actor":          {"操作人", "Actor"},
	"event.action":         {"动作", "Action"},
	"event.object":         {"对象", "Object"},
	"event.public":         {"公开", "Public"},
	"event.title":          {"日志记录", "Log record"},
	"event.leaf_hash":      {"叶子哈希", "Leaf hash"},
	"event.proof":          {"包含证明", "Inclusion proof"},
	"event.leaf":           {"日志叶子原文", "Leaf as logged"},
	"event.leaf_hint":      {"公开事件的叶子是其规范 JSON；非公开事件只记录其 SHA-256 承诺。", "A public event's leaf is its canonical JSON; a private event is logged as its SHA-256 commitment."},

	"object.regions":         {"行政区划", "Region"},
	"object.orgs":            {"单位", "Organisation"},
	"object.users":           {"用户", "User"},
	"object.credentials":     {"登录凭据", "Credentials"},
	"object.memberships":     {"角色", "Role"},
	"object.log_key":         {"日志密钥", "Log key"},
	"object.log_checkpoints": {"签名检查点", "Signed checkpoint"},

	"done.saved":        {"已保存。", "Saved."},
	"done.approved":     {"已审核通过。", "Approved."},
	"done.user_created": {"用户已创建。", "User created."},
	"done.role_added":   {"角色已授予。", "Role granted."},
	"done.password":     {"密码已修改；其他登录和 API 令牌均已失效。", "Password changed; your other sessions and API tokens have ended."},
	"done.registered":   {"注册已提交，请等待财政部门审核后登录。", "Registration submitted; sign in once the finance department has approved it."},

	"form.choose":     {"请选择", "Choose"},
	"form.none":       {"不适用", "Not applicable"},
	"form.search":     {"搜索", "Search"},
	"form.filter":     {"筛选", "Filter"},
	"form.all":        {"全部", "All"},
	"form.save":       {"保存", "Save"},
	"form.cancel":     {"取消", "Cancel"},
	"form.actions":    {"操作", "Actions"},
	"form.no_results": {"没有记录。", "No records."},
	"form.next_page":  {"下一页", "Next page"},
	"form.yes":        {"是", "yes"},
	"form.no":         {"否", "no"},

	"error.title": {"出错了", "Something went wrong"},
	"error.rule":  {"依据规则", "Rule"},
	"error.home":  {"返回首页", "Back to the home page"},
}

// addMessages merges an area's strings into messages (called from init in each
// area's i18n file); a key defined twice is a programming error.
func addMessages(m map[string][2]string) {
	for k, v := range m {
		if _, dup := messages[k]; dup {
			panic("i18n: duplicate message key " + k)
		}
		messages[k] = v
	}
}

// The names of event actions live with the actions in the domain (goumai.EventActions).
func init() {
	m := map[string][2]string{}
	for a, msg := range goumai.EventActions {
		m["action."+a] = [2]string{msg.ZH, msg.EN}
	}
	addMessages(m)
}

// tr translates a key; an unknown key shows itself so a missing string is visible.
func tr(lang, key string) string {
	m, ok := messages[key]
	if !ok {
		return key
	}
	if lang == "en" {
		return m[1]
	}
	return m[0]
}
