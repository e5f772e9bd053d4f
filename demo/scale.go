package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// ScaleOptions tune Scale.
type ScaleOptions struct {
	N     int    // organisations to add, and as many users
	Seed  uint64 // the same seed on the same database gives the same data
	Batch int    // objects per transaction; 500 when zero
	// Progress, if not nil, is called after each transaction with the number of
	// objects (organisations or users) it wrote; the total is 2×N.
	Progress func(n int)
}

// DefaultBatch is the number of objects Scale writes per transaction.
const DefaultBatch = 500

// Scale adds N random organisations across all county-level regions of the
// country and N users, one in each of them with a role the organisation may
// hold, through the batch use cases (workflow.Service.CreateOrgs and
// CreateUsers). Every credit code is valid; every password is Password, hashed
// with workflow.FastPasswordParams since these accounts only exist for load
// tests. The generator is seeded with Seed and the log's size, so rerunning on
// a copy of the same database gives the same data, and running twice adds new,
// non-colliding data.
func Scale(ctx context.Context, svc *workflow.Service, opt ScaleOptions) (orgs, users int, err error) {
	if opt.N <= 0 {
		return 0, 0, nil
	}
	if opt.Batch <= 0 {
		opt.Batch = DefaultBatch
	}
	size, err := svc.Store.TreeSize(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("scale: %w", err)
	}
	d := *svc
	d.PasswordParams = workflow.FastPasswordParams
	g := newGenerator(svc.Store.Regions(), opt.Seed, uint64(size))
	for start := 0; start < opt.N; start += opt.Batch {
		n := min(opt.Batch, opt.N-start)
		ins := make([]workflow.OrgInput, n)
		for i := range ins {
			if ins[i], err = g.org(); err != nil {
				return orgs, users, fmt.Errorf("scale: %w", err)
			}
		}
		created, err := d.CreateOrgs(ctx, goumai.System, ins)
		if err != nil {
			return orgs, users, fmt.Errorf("scale: %w", err)
		}
		orgs += len(created)
		opt.report(len(created))
		members := make([]workflow.NewMember, n)
		for i, o := range created {
			members[i] = g.member(o)
		}
		us, err := d.CreateUsers(ctx, goumai.System, members)
		if err != nil {
			return orgs, users, fmt.Errorf("scale: %w", err)
		}
		users += len(us)
		opt.report(len(us))
	}
	return orgs, users, nil
}

func (opt ScaleOptions) report(n int) {
	if opt.Progress != nil {
		opt.Progress(n)
	}
}

// generator draws random organisations and users.
type generator struct {
	rnd      *rand.Rand
	regions  *goumai.Regions
	counties []string
	codes    map[string]bool // credit codes drawn so far, to draw each once
}

func newGenerator(regions *goumai.Regions, seed, stream uint64) *generator {
	g := &generator{rnd: rand.New(rand.NewPCG(seed, stream)), regions: regions, codes: map[string]bool{}}
	var walk func(code string)
	walk = func(code string) {
		if r, ok := regions.Get(code); ok && r.Level == goumai.LevelCounty {
			g.counties = append(g.counties, code)
		}
		for _, c := range regions.Children(code) {
			walk(c)
		}
	}
	walk(goumai.NationalCode)
	return g
}

// A kindPlan says how to make an organisation of one kind, and how often.
type kindPlan struct {
	weight int
	make   func(g *generator, county string) (workflow.OrgInput, string) // input and credit-code prefix
}

var tradeWords = []string{"安康", "和美", "金穗", "同心", "阳光", "康乐", "新安", "惠民", "长青", "启明",
	"悦享", "邻里", "善达", "明德", "百合", "嘉禾", "润泽", "春晖", "瑞丰", "宏远"}

var kindPlans = []kindPlan{
	{35, func(g *generator, c string) (workflow.OrgInput, string) {
		s := pick(g, "养老服务有限公司", "物业管理有限公司", "信息技术有限公司", "保洁服务有限公司", "管理咨询有限公司", "家政服务有限公司", "人力资源服务有限公司")
		return workflow.OrgInput{Name: g.place(c) + pick(g, tradeWords...) + s, Kind: goumai.KindEnterprise}, PrefixEnterprise
	}},
	{20, func(g *generator, c string) (workflow.OrgInput, string) {
		prefix := pick(g, PrefixSocialServ, PrefixSocialServ, PrefixSocialGroup, PrefixFoundation)
		s := map[string]string{PrefixSocialServ: pick(g, "社会工作服务中心", "养老服务中心", "心理健康服务中心"),
			PrefixSocialGroup: pick(g, "志愿服务协会", "社会工作协会"), PrefixFoundation: "公益基金会"}[prefix]
		return workflow.OrgInput{Name: g.place(c) + pick(g, tradeWords...) + s, Kind: goumai.KindSocialOrg}, prefix
	}},
	{15, func(g *generator, c string) (workflow.OrgInput, string) {
		s := pick(g, "民政局", "教育局", "司法局", "卫生健康局", "人力资源和社会保障局", "文化和旅游局", "农业农村局", "住房和城乡建设局")
		return workflow.OrgInput{Name: g.place(c) + s, Kind: goumai.KindStateOrgan}, PrefixOrgan
	}},
	{2, func(g *generator, c string) (workflow.OrgInput, string) {
		return workflow.OrgInput{Name: "中共" + g.place(c) + "委" + pick(g, "组织部", "宣传部", "政法委员会"), Kind: goumai.KindPartyOrgan}, PrefixOrgan
	}},
	{10, func(g *generator, c string) (workflow.OrgInput, string) {
		class := pick(g, goumai.InstitutionClasses...)
		s := map[goumai.InstitutionClass]string{goumai.ClassPublicI: "疾病预防控制中心", goumai.ClassPublicII: "人民医院",
			goumai.ClassBusiness: "园林工程处", goumai.ClassCivil: "社会保险事业管理中心"}[class]
		return workflow.OrgInput{Name: g.place(c) + s, Kind: goumai.KindInstitution, Class: class}, PrefixInstitution
	}},
	{5, func(g *generator, c string) (workflow.OrgInput, string) {
		s := pick(g, "社区居民委员会", "村村民委员会")
		return workflow.OrgInput{Name: g.place(c) + pick(g, tradeWords...) + s, Kind: goumai.KindGrassroots}, PrefixGrassroots
	}},
	{5, func(g *generator, c string) (workflow.OrgInput, string) {
		return workflow.OrgInput{Name: g.place(c) + pick(g, tradeWords...) + "村股份经济合作社", Kind: goumai.KindRuralCollect}, PrefixVillageColl
	}},
	{5, func(g *generator, c string) (workflow.OrgInput, string) {
		return workflow.OrgInput{Name: g.place(c) + g.person() + pick(g, "家庭服务部", "心理咨询工作室", "法律咨询服务部"), Kind: goumai.KindIndividual}, PrefixIndividual
	}},
	{3, func(g *generator, c string) (workflow.OrgInput, string) {
		if g.rnd.IntN(2) == 0 {
			return workflow.OrgInput{Name: g.place(c) + "妇女联合会", Kind: goumai.KindMassOrg, Staffing: goumai.StaffingAdmin}, PrefixMassOrg
		}
		return workflow.OrgInput{Name: g.place(c) + pick(g, tradeWords...) + "联合工会", Kind: goumai.KindMassOrg, Staffing: goumai.StaffingSelfFunded}, PrefixTradeUnion
	}},
}

var kindWeightSum = func() int {
	n := 0
	for _, p := range kindPlans {
		n += p.weight
	}
	return n
}()

// org draws one organisation in a random county with a fresh valid credit code.
func (g *generator) org() (workflow.OrgInput, error) {
	county := g.counties[g.rnd.IntN(len(g.counties))]
	k := g.rnd.IntN(kindWeightSum)
	var plan kindPlan
	for _, plan = range kindPlans {
		if k < plan.weight {
			break
		}
		k -= plan.weight
	}
	in, prefix := plan.make(g, county)
	in.Region = county
	for {
		seed := make([]byte, 8)
		for i := range seed {
			seed[i] = byte(g.rnd.IntN(256))
		}
		code, err := CreditCode(prefix, county, bodyFor(prefix, seed))
		if err != nil {
			return in, err
		}
		if !g.codes[code] {
			g.codes[code] = true
			in.CreditCode = code
			return in, nil
		}
	}
}

// member draws a user for organisation o, in a role o may hold.
func (g *generator) member(o goumai.Org) workflow.NewMember {
	role := goumai.RoleExpert
	switch {
	case o.CanSupply():
		role = goumai.RoleSupplier
	case o.CanPurchase():
		role = goumai.RolePurchaserStaff
	}
	const alnum = "abcdefghijklmnopqrstuvwxyz0123456789"
	name := make([]byte, 10)
	for i := range name {
		name[i] = alnum[g.rnd.IntN(len(alnum))]
	}
	return workflow.NewMember{
		User:  goumai.NewUser{Username: "load." + string(name), DisplayName: g.person(), Password: Password},
		OrgID: o.ID, Role: role,
	}
}

// place is the county's name, prefixed by its prefecture's for districts, whose
// names repeat across cities (鼓楼区, 城关区…).
func (g *generator) place(county string) string {
	r, _ := g.regions.Get(county)
	if p, ok := g.regions.Get(r.Parent); ok && p.Level == goumai.LevelPrefecture {
		return p.Name + r.Name
	}
	return r.Name
}

var (
	surnames = []string{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗"}
	given    = []string{"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰", "霞", "建国", "晓燕", "志强", "海燕"}
)

func (g *generator) person() string { return pick(g, surnames...) + pick(g, given...) }

func pick[T any](g *generator, xs ...T) T { return xs[g.rnd.IntN(len(xs))] }
