package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/goumai/goumai/ocds"
)

func digits(r *rand.Rand, n int) string {
	var b strings.Builder
	for range n {
		b.WriteByte(byte('0' + r.IntN(10)))
	}
	return b.String()
}

func ref(o ocds.Organization) *ocds.OrganizationReference {
	return &ocds.OrganizationReference{ID: o.ID, Name: o.Name}
}

func at(t time.Time) *time.Time { return &t }

func tender(r *rand.Rand, ocid, service, city string, buyer ocds.Organization, bidders []ocds.Organization, items []ocds.Item, budget int64, k int, start time.Time) *ocds.Tender {
	status := "active"
	if k >= 3 {
		status = "complete"
	}
	t := &ocds.Tender{
		ID: ocid + "-T", Title: city + service + "项目", Status: status,
		Description:       fmt.Sprintf("%s面向社会力量购买%s，服务期一年，资金来源为财政性资金。", city, service),
		ProcuringEntity:   ref(buyer),
		Items:             items,
		Value:             ocds.Yuan(budget),
		ProcurementMethod: "open", ProcurementMethodDetails: "公开招标",
		MainProcurementCategory: "services", AwardCriteria: "ratedCriteria",
		SubmissionMethod: []string{"electronicSubmission"},
		TenderPeriod:     &ocds.Period{StartDate: at(start.Add(24 * time.Hour)), EndDate: at(start.Add(24 * 21 * time.Hour))},
		Documents: []ocds.Document{{ID: "D1", DocumentType: "tenderNotice", Title: "招标公告", URL: "https://ccgp.example.gov.cn/notice/" + ocid + ".html", Format: "text/html", Language: "zh"},
			{ID: "D2", DocumentType: "biddingDocuments", Title: "招标文件", URL: "https://ccgp.example.gov.cn/docs/" + ocid + ".pdf", Format: "application/pdf", Language: "zh"}},
	}
	if k >= 2 {
		// The amendment moves the deadline: the versioned release must show both values.
		t.TenderPeriod.EndDate = at(start.Add(24 * 28 * time.Hour))
		t.Amendments = []ocds.Amendment{{ID: "A1", Date: at(start.Add(24 * 10 * time.Hour)), Rationale: "延长投标截止时间"}}
	}
	if k >= 3 {
		n := len(bidders)
		t.NumberOfTenderers = &n
		for _, b := range bidders {
			t.Tenderers = append(t.Tenderers, *ref(b))
		}
	}
	_ = r
	return t
}

func award(r *rand.Rand, winner ocds.Organization, items []ocds.Item, budget int64, date time.Time) ocds.Award {
	return ocds.Award{
		ID: "1", Title: "中标结果", Status: "active", Date: at(date),
		Value:     ocds.Yuan(budget - int64(r.IntN(int(budget/10)))),
		Suppliers: []ocds.OrganizationReference{*ref(winner)},
		Items:     items[:1],
		Documents: []ocds.Document{{ID: "AD1", DocumentType: "awardNotice", Title: "中标公告", URL: "https://ccgp.example.gov.cn/award/" + winner.ID + ".html", Language: "zh"}},
	}
}

func contract(r *rand.Rand, ocid string, buyer, winner ocds.Organization, budget int64, date time.Time, k int) ocds.Contract {
	c := ocds.Contract{
		ID: ocid + "-C1", AwardID: "1", Title: "政府购买服务合同", Status: "active",
		Period:     &ocds.Period{StartDate: at(date), EndDate: at(date.AddDate(1, 0, 0))},
		Value:      ocds.Yuan(budget * 9 / 10),
		DateSigned: at(date),
		Documents:  []ocds.Document{{ID: "CD1", DocumentType: "contractSigned", Title: "合同文本", URL: "https://ccgp.example.gov.cn/contract/" + ocid + ".pdf"}},
	}
	if k >= 5 {
		c.Implementation = &ocds.Implementation{}
		for i := range 2 + r.IntN(3) {
			c.Implementation.Transactions = append(c.Implementation.Transactions, ocds.Transaction{
				ID: fmt.Sprintf("P%d", i+1), Source: "https://czj.example.gov.cn/pay", Date: at(date.AddDate(0, i, 0)),
				Value: ocds.Yuan(budget / 10), Payer: ref(buyer), Payee: ref(winner),
			})
		}
		c.Implementation.Milestones = []ocds.Milestone{{ID: "M1", Title: "中期评估", Type: "reporting", Status: "met", DateMet: at(date.AddDate(0, 6, 0))}}
	}
	return c
}
