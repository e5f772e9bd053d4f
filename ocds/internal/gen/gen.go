// Package gen generates realistic OCDS releases for benchmarks and tests: contracting processes
// of government purchase of services with parties, tender items, awards, contracts and payments,
// about 4 KB per release, deterministic for a given seed.
package gen

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/goumai/goumai/ocds"
)

// Prefix is the ocid prefix of generated releases.
const Prefix = "ocds-goumai-"

// PerOCID is the number of releases generated for each contracting process: planning, tender,
// tender amendment, award, contract and implementation.
const PerOCID = 6

var (
	services = []string{"社区居家养老服务", "城市公共区域保洁服务", "残疾人康复辅助服务", "青少年心理健康辅导",
		"农村公路养护服务", "政务热线运营服务", "社区矫正社会工作服务", "公共法律服务"}
	cities    = []string{"杭州市", "成都市", "武汉市", "西安市", "南京市", "长沙市", "郑州市", "合肥市"}
	suppliers = []string{"仁和社会工作服务中心", "安康物业管理有限公司", "启明康复服务中心", "同心公益发展中心",
		"绿城环境服务有限公司", "汇智信息技术有限公司"}
	units = []string{"人次", "平方米", "小时", "公里", "项"}
	tags  = [PerOCID][]string{{"planning"}, {"tender"}, {"tenderAmendment"}, {"award"}, {"contract"}, {"implementation"}}
)

// Process returns the PerOCID releases of contracting process n, in date order.
func Process(seed uint64, n int) []*ocds.Release {
	r := rand.New(rand.NewPCG(seed, uint64(n)))
	ocid := fmt.Sprintf("%s%08d", Prefix, n)
	start := time.Date(2024, 1, 1, 8, 0, 0, 0, time.UTC).Add(time.Duration(r.IntN(300*24)) * time.Hour)
	city := cities[r.IntN(len(cities))]
	service := services[r.IntN(len(services))]
	buyer := ocds.Organization{
		ID: "CN-USCC-11" + digits(r, 16), Name: city + "民政局",
		Identifier:   &ocds.Identifier{Scheme: "CN-USCC", ID: "11" + digits(r, 16), LegalName: city + "民政局"},
		Address:      &ocds.Address{StreetAddress: fmt.Sprintf("人民路%d号", 1+r.IntN(400)), Locality: city, Region: city, PostalCode: digits(r, 6), CountryName: "中国"},
		ContactPoint: &ocds.ContactPoint{Name: "采购办公室", Email: "cg@example.gov.cn", Telephone: "0571-" + digits(r, 8)},
		Roles:        []string{"buyer", "procuringEntity"},
	}
	var bidders []ocds.Organization
	for i := range 2 {
		name := suppliers[(n+i)%len(suppliers)]
		bidders = append(bidders, ocds.Organization{
			ID: "CN-USCC-52" + digits(r, 16), Name: city + name,
			Identifier:   &ocds.Identifier{Scheme: "CN-USCC", ID: "52" + digits(r, 16), LegalName: city + name},
			Address:      &ocds.Address{StreetAddress: fmt.Sprintf("建设路%d号", 1+r.IntN(900)), Locality: city, CountryName: "中国"},
			ContactPoint: &ocds.ContactPoint{Name: "联系人" + digits(r, 2), Telephone: "138" + digits(r, 8)},
			Roles:        []string{"tenderer"},
		})
	}
	var items []ocds.Item
	for i := range 2 + r.IntN(3) {
		q := float64(10 + r.IntN(5000))
		items = append(items, ocds.Item{
			ID: fmt.Sprint(i + 1), Description: fmt.Sprintf("%s（第%d包）：按照服务规范提供上门服务并建立服务台账", service, i+1),
			Classification:            &ocds.Classification{Scheme: "CN-GPS", ID: "C" + digits(r, 7), Description: service},
			AdditionalClassifications: []ocds.Classification{{Scheme: "CN-GBT4754", ID: "Q" + digits(r, 4), Description: "社会工作"}},
			Quantity:                  &q,
			Unit:                      &ocds.Unit{Scheme: "UNCEFACT", ID: "E48", Name: units[r.IntN(len(units))], Value: ocds.Yuan(int64(100 + r.IntN(90000)))},
		})
	}
	budget := int64(100000+r.IntN(5000000)) * 100
	var out []*ocds.Release
	for k := range PerOCID {
		date := start.Add(time.Duration(k*(72+r.IntN(200))) * time.Hour)
		rel := ocds.NewRelease(ocid, fmt.Sprintf("%s-%02d", ocid, k+1), date, tags[k]...)
		rel.Language = "zh"
		rel.Buyer = &ocds.OrganizationReference{ID: buyer.ID, Name: buyer.Name}
		rel.Parties = append([]ocds.Organization{buyer}, bidders...)
		rel.Planning = &ocds.Planning{Rationale: "根据年度政府购买服务指导性目录安排", Budget: &ocds.Budget{ID: "B" + digits(r, 6), Description: city + "财政预算资金", Amount: ocds.Yuan(budget)}}
		if k >= 1 {
			rel.Tender = tender(r, ocid, service, city, buyer, bidders, items, budget, k, start)
		}
		if k >= 3 {
			rel.Awards = []ocds.Award{award(r, bidders[0], items, budget, date)}
		}
		if k >= 4 {
			rel.Contracts = []ocds.Contract{contract(r, ocid, buyer, bidders[0], budget, date, k)}
		}
		if k == 0 {
			rel.Extensions = map[string]jsontext.Value{"goumaiCatalogue": jsontext.Value(`{"code":"A0501","name":"基本公共服务"}`)}
		}
		out = append(out, rel)
	}
	return out
}

// Releases returns the releases of processes [0, n) as JSON values, sorted by ocid, each
// process's releases in date order.
func Releases(seed uint64, n int) ([][]byte, error) {
	var out [][]byte
	for i := range n {
		for _, rel := range Process(seed, i) {
			b, err := rel.MarshalJSON()
			if err != nil {
				return nil, fmt.Errorf("generate release %s: %w", rel.ID, err)
			}
			out = append(out, b)
		}
	}
	return out, nil
}
