package publish

import (
	"context"
	"fmt"

	"github.com/goumai/goumai/ocds"
)

// procurementTags is the releaseTag of each public procurement action.
var procurementTags = map[string]string{
	"procurement.publish":           "tender",
	"procurement.publish_prequal":   "tender",
	"procurement.publish_publicity": "tender",
	"procurement.clarify":           "tenderAmendment",
	"procurement.open":              "tenderUpdate",
	"procurement.report":            "tenderUpdate",
	"procurement.confirm":           "tenderUpdate",
	"procurement.publish_result":    "tenderUpdate",
	"procurement.rerank":            "tenderUpdate",
	"procurement.close":             "tenderUpdate",
	"procurement.fail":              "tenderCancellation",
	"procurement.terminate":         "tenderCancellation",
}

// noticeTypes maps a notice's kind to its release tag and documentType.
var noticeTypes = map[string][2]string{
	"tender":        {"tender", "tenderNotice"},
	"prequal":       {"tender", "tenderNotice"},
	"non_tender":    {"tender", "tenderNotice"},
	"single_source": {"tender", "tenderNotice"},
	"correction":    {"tenderAmendment", "clarifications"},
	"opening":       {"tenderUpdate", "bidders"},
	"result":        {"tenderUpdate", "awardNotice"},
	"contract":      {"tenderUpdate", "contractNotice"},
	"acceptance":    {"tenderUpdate", "completionCertificate"},
	"failure":       {"tenderCancellation", "cancellationDetails"},
	"termination":   {"tenderCancellation", "cancellationDetails"},
}

func init() {
	for a := range procurementTags {
		register(tenderRelease, a)
	}
	for k := range noticeTypes {
		register(noticeRelease, "notice."+k)
	}
	register(bidRelease, "bid.open", "bid.set_aside", "qualification.qualified")
	register(enquiryRelease, "enquiry.answer")
}

// tenderStatus maps a procedure's status to OCDS's tenderStatus.
var tenderStatus = map[string]string{
	"draft":            "planning",
	"method_approval":  "planning",
	"publicity":        "active",
	"prequalification": "active",
	"tendering":        "active",
	"closed":           "complete",
	"evaluation":       "active",
	"confirmation":     "active",
	"confirmed":        "active",
	"awarded":          "complete",
	"failed":           "unsuccessful",
	"terminated":       "cancelled",
}

// methods maps goumai's methods to OCDS's method codelist, with the Chinese
// name for procurementMethodDetails. A consultation or negotiation announced
// by public notice is open to any supplier; one run by invitation is selective.
var methods = map[string][2]string{
	"open_tender":              {"open", "公开招标"},
	"invited_tender":           {"selective", "邀请招标"},
	"competitive_negotiation":  {"open", "竞争性谈判"},
	"competitive_consultation": {"open", "竞争性磋商"},
	"single_source":            {"direct", "单一来源"},
}

var awardCriteria = map[string]string{"comprehensive": "ratedCriteria", "lowest_price": "priceOnly"}

// tenderRelease is a procedure's public step: the tender as its state stands.
func tenderRelease(ctx context.Context, b *build) (*ocds.Release, error) {
	r, _, err := b.procurement(ctx, b.num("id"), procurementTags[b.e.Action])
	if err != nil || r == nil {
		return nil, err
	}
	t := r.Tender
	t.Title = b.str("title")
	t.Status = tenderStatus[b.str("status")]
	t.Value = ocds.Yuan(b.num("amount"))
	t.MainProcurementCategory = b.str("category")
	m := methods[b.str("method")]
	t.ProcurementMethod, t.ProcurementMethodDetails = m[0], m[1]
	if invited, _ := b.state["invited"].([]any); len(invited) > 0 && m[0] == "open" {
		t.ProcurementMethod = "selective"
	}
	t.ProcurementMethodRationale = b.str("reason_detail")
	docs := sub(b.state, "documents")
	t.Description = strOf(docs, "requirements")
	t.AwardCriteria = awardCriteria[strOf(docs, "evaluation")]
	if from, to := b.when("docs_from"), b.when("bid_deadline"); from != nil || to != nil {
		t.TenderPeriod = &ocds.Period{StartDate: from, EndDate: to}
	}
	if b.e.Action == "procurement.open" {
		setExt(&t.Extensions, "bidOpening", map[string]any{"date": Date(b.e.At)})
	}
	purchaser, err := b.party(ctx, r, b.num("purchaser_org_id"), "buyer")
	if err != nil {
		return nil, err
	}
	r.Buyer = purchaser
	t.ProcuringEntity = purchaser
	if agency := b.num("agency_org_id"); agency != 0 {
		if t.ProcuringEntity, err = b.party(ctx, r, agency, "procuringEntity"); err != nil {
			return nil, err
		}
	} else if _, err := b.party(ctx, r, b.num("purchaser_org_id"), "procuringEntity"); err != nil {
		return nil, err
	}
	return r, nil
}

// lotStatus is the tenderStatus a notice gives the lots it lists, so that
// the lots of a failed procedure stay in the merged tender as unsuccessful
// when the project is procured again.
var lotStatus = map[string]string{
	"tender": "active", "prequal": "active", "non_tender": "active", "single_source": "active",
	"result": "complete", "failure": "unsuccessful", "termination": "cancelled",
}

// noticeRelease is a published notice: a document of the tender (with its
// lots, an amendment for a correction, bid statistics for an opening record).
// Only the notice's public summary is used: never the opening record's
// commitments and salts, nor the acceptance panel's members.
func noticeRelease(ctx context.Context, b *build) (*ocds.Release, error) {
	kind := noticeTypes[b.str("kind")]
	if kind[0] == "" {
		return nil, nil
	}
	r, _, err := b.procurement(ctx, b.num("procurement_id"), kind[0])
	if err != nil || r == nil {
		return nil, err
	}
	id := ref("notice", b.num("id"))
	doc := ocds.Document{ID: id, DocumentType: kind[1], Title: b.str("title"), DatePublished: b.when("published_at"), Language: "zh", Format: "text/html"}
	if b.p.BaseURL != "" {
		doc.URL = fmt.Sprintf("%s/notices/%d", b.p.BaseURL, b.num("id"))
	}
	t := r.Tender
	t.Documents = []ocds.Document{doc}
	body := sub(b.state, "body")
	var lots []map[string]any
	for _, l := range list(body, "lots") {
		lot := map[string]any{"id": ref("lot", int64Of(l["id"])), "value": ocds.Yuan(int64Of(l["budget"]))}
		if s := lotStatus[b.str("kind")]; s != "" {
			lot["status"] = s
		}
		if s := strOf(l, "title"); s != "" {
			lot["title"] = s
		}
		if s := strOf(l, "requirements"); s != "" {
			lot["description"] = s
		}
		lots = append(lots, lot)
	}
	setExt(&t.Extensions, "lots", lots)
	switch b.str("kind") {
	case "correction":
		t.Amendments = []ocds.Amendment{{ID: id, Date: b.when("published_at"), Description: strOf(body, "changes")}}
	case "opening":
		if stats := openingStatistics(body); len(stats) > 0 {
			setExt(&r.Extensions, "bids", map[string]any{"statistics": stats})
		}
	case "result":
		setExt(&t.Extensions, "evaluationPanel", resultPanel(body))
	}
	return r, nil
}

// resultPanel is the evaluation panel as the result notice publishes it
// (names only: experts' other details are never public, REQ-W17): the
// procedure's whole panel, replacing an earlier procedure's (wholeListMerge).
func resultPanel(body map[string]any) []map[string]any {
	var out []map[string]any
	for _, m := range list(body, "panel") {
		name := strOf(m, "name")
		if name == "" {
			continue
		}
		member := map[string]any{"name": name}
		if rep, _ := m["purchaser_rep"].(bool); rep {
			member["purchaserRepresentative"] = true
		}
		out = append(out, member)
	}
	return out
}

// openingStatistics counts the bids opened per lot from an opening record.
func openingStatistics(body map[string]any) []map[string]any {
	count := map[int64]int{}
	var order []int64
	for _, o := range list(body, "opening") {
		lot := int64Of(o["lot_id"])
		if count[lot] == 0 {
			order = append(order, lot)
		}
		count[lot]++
	}
	var stats []map[string]any
	for _, lot := range order {
		stats = append(stats, map[string]any{"id": ref("bids-lot", lot), "measure": "bids", "value": count[lot], "relatedLot": ref("lot", lot)})
	}
	return stats
}

// scales maps a bid's declared enterprise size to the partyDetails scale codelist.
var scales = map[string]string{"micro": "micro", "small": "sme", "medium": "sme", "large": "large"}

// bidRelease is an opened bid (bids extension details: tenderer, price, lot),
// one set aside, or its tenderer found qualified. Bids are public only once
// opened, so no release ever shows a bid before its opening.
func bidRelease(ctx context.Context, b *build) (*ocds.Release, error) {
	r, _, err := b.procurement(ctx, b.num("procurement_id"), "tenderUpdate")
	if err != nil || r == nil {
		return nil, err
	}
	tenderer, err := b.party(ctx, r, b.num("org_id"), "tenderer")
	if err != nil {
		return nil, err
	}
	bid := map[string]any{"status": "valid"}
	switch b.e.Action {
	case "qualification.qualified":
		bid["id"] = ref("bid", b.num("opened_bid_id"))
	default:
		bid["id"] = ref("bid", b.num("id"))
		bid["date"] = b.when("opened_at")
		bid["value"] = ocds.Yuan(b.num("price"))
		bid["relatedLots"] = []string{ref("lot", b.num("lot_id"))}
		if b.str("set_aside") != "" {
			bid["status"] = "disqualified"
		}
		if s := scales[b.str("sme_size")]; s != "" && tenderer != nil {
			for i := range r.Parties {
				if r.Parties[i].ID == tenderer.ID {
					setExt(&r.Parties[i].Extensions, "details", map[string]string{"scale": s})
				}
			}
		}
	}
	if tenderer != nil {
		bid["tenderers"] = []*ocds.OrganizationReference{tenderer}
		r.Tender.Tenderers = []ocds.OrganizationReference{*tenderer}
	}
	setExt(&r.Extensions, "bids", map[string]any{"details": []any{bid}})
	return r, nil
}

// enquiryRelease is an answered enquiry (enquiry extension): the question and
// its answer, anonymous as the portal shows it (who asked is kept apart and
// never published).
func enquiryRelease(ctx context.Context, b *build) (*ocds.Release, error) {
	r, _, err := b.procurement(ctx, b.num("procurement_id"), "tenderUpdate")
	if err != nil || r == nil {
		return nil, err
	}
	yes := true
	r.Tender.HasEnquiries = &yes
	q := map[string]any{"id": ref("enquiry", b.num("id")), "date": b.when("asked_at"), "title": fmt.Sprintf("第%d号询问", b.num("number")),
		"description": b.str("question"), "answer": b.str("answer"), "dateAnswered": b.when("answered_at")}
	setExt(&r.Tender.Extensions, "enquiries", []any{dropEmpty(q)})
	return r, nil
}
