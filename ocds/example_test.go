package ocds_test

import (
	"fmt"
	"log"
	"time"

	"github.com/goumai/goumai/ocds"
)

// Build two releases of one contracting process from Go values and compile them.
func ExampleMerger_Compile() {
	ocid := "ocds-goumai-2025-0001"
	day := func(d int) time.Time { return time.Date(2025, 3, d, 9, 0, 0, 0, time.UTC) }

	tender := ocds.NewRelease(ocid, ocid+"-tender", day(1), "tender")
	tender.Buyer = &ocds.OrganizationReference{ID: "CN-USCC-11330100002489412X", Name: "杭州市民政局"}
	tender.Tender = &ocds.Tender{ID: ocid + "-T", Title: "社区居家养老服务", Status: "active", Value: ocds.Yuan(120000000)}

	award := ocds.NewRelease(ocid, ocid+"-award", day(20), "award")
	award.Tender = &ocds.Tender{ID: ocid + "-T", Status: "complete"}
	award.Awards = []ocds.Award{{ID: "1", Status: "active", Value: ocds.Yuan(118000000),
		Suppliers: []ocds.OrganizationReference{{ID: "CN-USCC-52330100MJ8922301K", Name: "仁和社会工作服务中心"}}}}

	var raws [][]byte
	for _, r := range []*ocds.Release{award, tender} { // any order: merging sorts by date
		b, err := r.MarshalJSON()
		if err != nil {
			log.Fatal(err)
		}
		raws = append(raws, b)
	}
	rules, err := ocds.RulesForVersion("1.1")
	if err != nil {
		log.Fatal(err)
	}
	compiled, err := ocds.NewMerger(rules).Compile(raws...)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(string(compiled))
	// Output:
	// {"tag":["compiled"],"id":"ocds-goumai-2025-0001-2025-03-20T09:00:00Z","date":"2025-03-20T09:00:00Z","ocid":"ocds-goumai-2025-0001","initiationType":"tender","buyer":{"name":"杭州市民政局","id":"CN-USCC-11330100002489412X"},"tender":{"id":"ocds-goumai-2025-0001-T","title":"社区居家养老服务","status":"complete","value":{"amount":1200000,"currency":"CNY"}},"awards":[{"id":"1","status":"active","value":{"amount":1180000,"currency":"CNY"},"suppliers":[{"id":"CN-USCC-52330100MJ8922301K","name":"仁和社会工作服务中心"}]}]}
}
