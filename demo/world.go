package demo

import (
	"github.com/goumai/goumai"
)

// The demo world: the Ministry of Finance and the National Audit Office; 浙江省
// with 杭州市 (西湖区, 余杭区) and 宁波市 (海曙区, 鄞州区); a finance
// department in each of those eight regions; auditors; thirteen purchasers;
// thirty suppliers of every eligible kind; a purchasing agency; and three organisations that may be
// neither (公益一类 units and a budget-funded mass organisation on 事业编制).
// The suppliers and people are invented; the public bodies are named as they
// are in reality, but their credit codes are generated, not their real ones.

// The regions of the demo world (GB/T 2260 codes).
const (
	RegionNational = goumai.NationalCode
	RegionZhejiang = "330000"
	RegionHangzhou = "330100"
	RegionNingbo   = "330200"
	RegionXihu     = "330106"
	RegionYuhang   = "330110"
	RegionHaishu   = "330203"
	RegionYinzhou  = "330212"
)

// entry says how an organisation comes into the world.
type entry int

const (
	created  entry = iota // CreateOrg by goumai.System
	approved              // RegisterSupplier, then ActivateOrg by 浙江省财政厅's administrator
	pending               // RegisterSupplier, left for the administrator's to-do list
)

// orgSpec is one organisation of the demo world.
type orgSpec struct {
	key      string // handle used by userSpec.org
	name     string
	kind     goumai.OrgKind
	class    goumai.InstitutionClass
	staffing goumai.MassOrgStaffing
	region   string
	prefix   string // credit-code prefix; DefaultPrefix when empty
	finance  bool
	entry    entry
}

func organ(key, name, region string) orgSpec {
	return orgSpec{key: key, name: name, kind: goumai.KindStateOrgan, region: region}
}

func financeDept(key, name, region string) orgSpec {
	return orgSpec{key: key, name: name, kind: goumai.KindStateOrgan, region: region, finance: true}
}

func institution(key, name, region string, c goumai.InstitutionClass) orgSpec {
	return orgSpec{key: key, name: name, kind: goumai.KindInstitution, class: c, region: region}
}

func supplier(key, name string, kind goumai.OrgKind, region, prefix string, e entry) orgSpec {
	return orgSpec{key: key, name: name, kind: kind, region: region, prefix: prefix, entry: e}
}

// worldOrgs lists the organisations in creation order.
var worldOrgs = []orgSpec{
	// Finance departments (财政部门), one per region.
	financeDept("mof", "中华人民共和国财政部", RegionNational),
	financeDept("zj.fin", "浙江省财政厅", RegionZhejiang),
	financeDept("hz.fin", "杭州市财政局", RegionHangzhou),
	financeDept("nb.fin", "宁波市财政局", RegionNingbo),
	financeDept("xihu.fin", "杭州市西湖区财政局", RegionXihu),
	financeDept("yuhang.fin", "杭州市余杭区财政局", RegionYuhang),
	financeDept("haishu.fin", "宁波市海曙区财政局", RegionHaishu),
	financeDept("yinzhou.fin", "宁波市鄞州区财政局", RegionYinzhou),

	// Audit offices (审计机关).
	organ("nao", "中华人民共和国审计署", RegionNational),
	organ("zj.audit", "浙江省审计厅", RegionZhejiang),
	organ("hz.audit", "杭州市审计局", RegionHangzhou),

	// Purchasers (购买主体): state organs, and by analogy (O102 Art. 33) a party
	// organ, a 参公 事业单位 and a mass organisation on administrative establishment.
	organ("zj.minzheng", "浙江省民政厅", RegionZhejiang),
	organ("zj.weijian", "浙江省卫生健康委员会", RegionZhejiang),
	organ("hz.minzheng", "杭州市民政局", RegionHangzhou),
	organ("hz.renshe", "杭州市人力资源和社会保障局", RegionHangzhou),
	institution("hz.gongjijin", "杭州住房公积金管理中心", RegionHangzhou, goumai.ClassCivil),
	{key: "hz.fulian", name: "杭州市妇女联合会", kind: goumai.KindMassOrg, staffing: goumai.StaffingAdmin, region: RegionHangzhou},
	organ("nb.wenlv", "宁波市文化广电旅游局", RegionNingbo),
	organ("nb.sifa", "宁波市司法局", RegionNingbo),
	organ("xihu.minzheng", "杭州市西湖区民政局", RegionXihu),
	organ("yuhang.jiaoyu", "杭州市余杭区教育局", RegionYuhang),
	organ("haishu.weijian", "宁波市海曙区卫生健康局", RegionHaishu),
	organ("yinzhou.sifa", "宁波市鄞州区司法局", RegionYinzhou),
	{key: "yinzhou.xuanchuan", name: "中共宁波市鄞州区委宣传部", kind: goumai.KindPartyOrgan, region: RegionYinzhou},

	// Neither purchaser nor supplier (O102 Art. 8).
	institution("xihu.cdc", "杭州市西湖区疾病预防控制中心", RegionXihu, goumai.ClassPublicI),
	institution("haishu.kangfu", "宁波市海曙区精神康复医院", RegionHaishu, goumai.ClassPublicI),
	{key: "hz.kexie", name: "杭州市科学技术协会", kind: goumai.KindMassOrg, staffing: goumai.StaffingInstFunded, region: RegionHangzhou},

	// Suppliers (承接主体) of every eligible kind (O102 Art. 6).
	supplier("kangning", "杭州康宁养老服务有限公司", goumai.KindEnterprise, RegionXihu, PrefixEnterprise, approved),
	supplier("zhijiang", "浙江之江数据科技有限公司", goumai.KindEnterprise, RegionYuhang, PrefixEnterprise, approved),
	supplier("xixi", "杭州西溪物业管理有限公司", goumai.KindEnterprise, RegionXihu, PrefixEnterprise, created),
	supplier("yongcheng", "宁波甬城保洁服务有限公司", goumai.KindEnterprise, RegionHaishu, PrefixEnterprise, created),
	supplier("siming", "宁波四明会计师事务所有限公司", goumai.KindEnterprise, RegionYinzhou, PrefixEnterprise, created),
	supplier("qiantang", "浙江钱塘公共事务咨询有限公司", goumai.KindEnterprise, RegionZhejiang, PrefixEnterprise, created),
	supplier("hetian", "杭州禾田绿化养护有限公司", goumai.KindEnterprise, RegionYuhang, PrefixEnterprise, created),
	supplier("dongqianhu", "宁波东钱湖文旅发展有限公司", goumai.KindEnterprise, RegionYinzhou, PrefixEnterprise, created),
	supplier("minsheng", "浙江民生调查评估有限公司", goumai.KindEnterprise, RegionHangzhou, PrefixEnterprise, created),
	supplier("anxinju", "杭州安心居家政服务有限公司", goumai.KindEnterprise, RegionXihu, PrefixEnterprise, pending),
	supplier("lvyuan", "杭州市余杭区绿源农机服务专业合作社", goumai.KindEnterprise, RegionYuhang, PrefixCooperative, created),
	supplier("mingli", "浙江明理律师事务所", goumai.KindEnterprise, RegionHangzhou, PrefixLawFirm, created),
	supplier("yangguang", "杭州市西湖区阳光社会工作服务中心", goumai.KindSocialOrg, RegionXihu, PrefixSocialServ, created),
	supplier("xiyanghong", "宁波市鄞州区夕阳红养老服务中心", goumai.KindSocialOrg, RegionYinzhou, PrefixSocialServ, approved),
	supplier("tongxin", "杭州市余杭区同心社会工作服务社", goumai.KindSocialOrg, RegionYuhang, PrefixSocialServ, pending),
	supplier("xinqiao", "宁波市海曙区心桥心理健康服务中心", goumai.KindSocialOrg, RegionHaishu, PrefixSocialServ, approved),
	supplier("gongguan", "浙江省公共管理研究会", goumai.KindSocialOrg, RegionZhejiang, PrefixSocialGroup, created),
	supplier("cujinhui", "杭州市社会组织发展促进会", goumai.KindSocialOrg, RegionHangzhou, PrefixSocialGroup, created),
	supplier("zhuxue", "宁波市慈善助学基金会", goumai.KindSocialOrg, RegionNingbo, PrefixFoundation, created),
	supplier("qingshaonian", "杭州市西湖区青少年发展基金会", goumai.KindSocialOrg, RegionXihu, PrefixFoundation, created),
	{key: "college", name: "浙江公共服务职业学院", kind: goumai.KindInstitution, class: goumai.ClassPublicII, region: RegionZhejiang},
	{key: "guihua", name: "杭州市城市规划设计研究院", kind: goumai.KindInstitution, class: goumai.ClassPublicII, region: RegionHangzhou},
	{key: "wuye", name: "宁波市鄞州区物业管理服务所", kind: goumai.KindInstitution, class: goumai.ClassBusiness, region: RegionYinzhou},
	supplier("jingshan", "杭州市余杭区径山镇径山村股份经济合作社", goumai.KindRuralCollect, RegionYuhang, PrefixVillageColl, created),
	supplier("dongwu", "宁波市鄞州区东吴镇股份经济联合社", goumai.KindRuralCollect, RegionYinzhou, PrefixTownshipColl, created),
	supplier("shuangxi", "杭州市西湖区转塘街道双溪社区居民委员会", goumai.KindGrassroots, RegionXihu, PrefixGrassroots, created),
	supplier("zoumatang", "宁波市鄞州区姜山镇走马塘村村民委员会", goumai.KindGrassroots, RegionYinzhou, PrefixGrassroots, created),
	{key: "gonghui", name: "杭州市余杭区新就业形态劳动者联合工会", kind: goumai.KindMassOrg, staffing: goumai.StaffingSelfFunded, region: RegionYuhang, prefix: PrefixTradeUnion},
	supplier("liji", "宁波市海曙区李记心理咨询工作室", goumai.KindIndividual, RegionHaishu, PrefixIndividual, approved),
	supplier("wangming", "宁波市鄞州区王明家庭教育咨询服务部", goumai.KindIndividual, RegionYinzhou, PrefixIndividual, pending),

	// A purchasing agency (采购代理机构, GPL Art. 19): a company entrusted by purchasers.
	supplier("zhongcheng", "浙江中诚招标代理有限公司", goumai.KindEnterprise, RegionHangzhou, PrefixEnterprise, created),
}

// worldContacts are the addresses and telephones of the organisations the
// demo's notices name (REQ-C20). They are illustrative: the streets are
// real, the house numbers and telephone numbers made up.
var worldContacts = map[string]goumai.OrgContact{
	"xihu.fin":       {Address: "浙江省杭州市西湖区文三路大华巷1号", Phone: "0571-80000101"},
	"xihu.minzheng":  {Address: "浙江省杭州市西湖区文三路大华巷8号", Phone: "0571-80000102"},
	"hz.minzheng":    {Address: "浙江省杭州市上城区解放东路18号", Phone: "0571-80000201"},
	"zhongcheng":     {Address: "浙江省杭州市拱墅区环城北路208号", Phone: "0571-80000301转8"},
	"kangning":       {Address: "浙江省杭州市西湖区文一西路98号", Phone: "0571-80000401"},
	"zhijiang":       {Address: "浙江省杭州市余杭区文一西路1500号", Phone: "0571-80000402"},
	"xiyanghong":     {Address: "浙江省宁波市鄞州区天童南路588号", Phone: "0574-80000501"},
	"xinqiao":        {Address: "浙江省宁波市海曙区中山西路138号", Phone: "0574-80000502"},
	"yangguang":      {Address: "浙江省杭州市西湖区文二路128号", Phone: "0571-80000403"},
	"yinzhou.sifa":   {Address: "浙江省宁波市鄞州区惠风东路568号", Phone: "0574-80000601"},
	"haishu.weijian": {Address: "浙江省宁波市海曙区西河街116号", Phone: "0574-80000602"},
}

// userSpec is one account. The first role comes with CreateUser (or, for the
// registrant of a self-registered supplier, with RegisterSupplier, which grants
// admin and supplier); further roles with AddMembership.
type userSpec struct {
	username string
	name     string
	org      string // orgSpec.key
	roles    []goumai.Role
}

// worldUsers lists the accounts. Usernames are the region or organisation in
// pinyin plus the role, so that they can be guessed from the table.
var worldUsers = func() []userSpec {
	var us []userSpec
	add := func(username, name, org string, roles ...goumai.Role) {
		us = append(us, userSpec{username: username, name: name, org: org, roles: roles})
	}
	finance := []struct{ prefix, org, admin, reviewer, approver string }{
		{"mof", "mof", "周文博", "孙丽华", "郑国强"},
		{"zj", "zj.fin", "陈建华", "林晓红", "黄志明"},
		{"hz", "hz.fin", "吴海燕", "徐立新", "朱永刚"},
		{"nb", "nb.fin", "胡晓东", "潘美玲", "应伟平"},
		{"xihu", "xihu.fin", "沈佳怡", "蒋文杰", "方建国"},
		{"yuhang", "yuhang.fin", "俞晓峰", "金雅琴", "章国华"},
		{"haishu", "haishu.fin", "邵丽君", "钱宇航", "屠家明"},
		{"yinzhou", "yinzhou.fin", "戴静怡", "史振华", "毛伟军"},
	}
	for _, f := range finance {
		add(f.prefix+".admin", f.admin, f.org, goumai.RoleAdmin)
		add(f.prefix+".reviewer", f.reviewer, f.org, goumai.RoleFinanceReviewer)
		add(f.prefix+".approver", f.approver, f.org, goumai.RoleFinanceApprover)
	}
	// The Ministry's 监督评价局 staff audit as members of the Ministry.
	add("auditor.mof", "高文静", "mof", goumai.RoleAuditor)
	add("auditor.nao", "韩立军", "nao", goumai.RoleAuditor)
	add("auditor.zj", "冯雪梅", "zj.audit", goumai.RoleAuditor)
	add("auditor.hz", "曹志远", "hz.audit", goumai.RoleAuditor)

	purchasers := []struct{ org, staff, approver string }{
		{"zj.minzheng", "杨帆", "许国平"},
		{"zj.weijian", "何思远", "罗建新"},
		{"hz.minzheng", "宋佳", "唐振宇"},
		{"hz.renshe", "谢婷婷", "董卫东"},
		{"hz.gongjijin", "袁梦", "彭志刚"},
		{"hz.fulian", "苏敏", "蔡丽萍"},
		{"nb.wenlv", "严子涵", "傅建明"},
		{"nb.sifa", "魏晨", "夏国庆"},
		{"xihu.minzheng", "田甜", "任志坚"},
		{"yuhang.jiaoyu", "范思琪", "汪海波"},
		{"haishu.weijian", "卢晓燕", "石建平"},
		{"yinzhou.sifa", "龚一鸣", "程立华"},
		{"yinzhou.xuanchuan", "乐佳琪", "竺国良"},
	}
	for _, p := range purchasers {
		add(p.org, p.staff, p.org, goumai.RolePurchaserStaff)
		add(p.org+".approver", p.approver, p.org, goumai.RolePurchaserApprover)
	}
	add("xihu.minzheng.admin", "姜丽", "xihu.minzheng", goumai.RoleAdmin)

	// Registrants of self-registered suppliers get admin and supplier.
	for _, r := range []struct{ org, name string }{
		{"kangning", "王美华"}, {"zhijiang", "刘子轩"}, {"xinqiao", "张晓琳"}, {"xiyanghong", "李秀英"},
		{"liji", "李明辉"}, {"anxinju", "赵丽娟"}, {"tongxin", "孙浩然"}, {"wangming", "王明"},
	} {
		add("supplier."+r.org, r.name, r.org, goumai.RoleAdmin, goumai.RoleSupplier)
	}
	add("supplier.yangguang", "陈思", "yangguang", goumai.RoleSupplier, goumai.RoleAdmin)
	add("supplier.jingshan", "俞根发", "jingshan", goumai.RoleSupplier)
	add("supplier.shuangxi", "马小芳", "shuangxi", goumai.RoleSupplier)
	add("supplier.gonghui", "叶建军", "gonghui", goumai.RoleSupplier)

	add("agency.zhongcheng", "周敏", "zhongcheng", goumai.RoleAgency)
	add("agency.zhongcheng.admin", "郑凯", "zhongcheng", goumai.RoleAdmin)

	add("expert.wang", "王建国", "college", goumai.RoleExpert)
	add("expert.li", "李静", "siming", goumai.RoleExpert)
	add("expert.chen", "陈晓燕", "mingli", goumai.RoleExpert)
	add("expert.zhao", "赵志强", "gongguan", goumai.RoleExpert)
	return us
}()
