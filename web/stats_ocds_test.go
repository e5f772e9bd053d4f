package web

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/demo"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
)

// The check of issue 13 ("the statistics compared with my own count from the
// OCDS bulk file"), done here the way a reader of the open data would: the
// demo world's year of 浙江 is loaded through the use cases, the bulk file of
// every release is read with encoding/json only (no goumai code: no
// goumai.StatMonth, no region tree, no ocds package), each process compiled
// by ocid and object id taking the latest values, and the figures counted
// from it for 浙江, 杭州市 and 西湖区 over the year are compared with
// /api/v1/stats for the same region and period.
//
// What the statistics count and what OCDS shows (stats.go, sqlstore/stats.go):
//   - procedures by method: the statistics count published procurements
//     (first notice out; one under method approval is not public, and this
//     test found it counted) by the month they were created. OCDS does not
//     show the creation: the count uses the month of the tender's first
//     release (its publication), the same month in the demo year; a
//     procedure drafted in one month and published in the next would count
//     in different months on the two sides. Amount: tender.value.
//     The method is tender.procurementMethodDetails (the Chinese name goumai
//     publishes; procurementMethod alone folds 竞争性谈判/磋商 into "open").
//   - awarded procedures: the stage "procurements:awarded" (count, and the
//     procurement's budget as amount) is a tender whose status is complete
//     with an active award. Awarded amounts themselves (the awards' values)
//     are no statistic; the test checks that each signed contract equals its
//     award's value, so the contract figures stand for them.
//   - contracts: signed contracts by the month signed, at the amount signed
//     (an amendment changes the OCDS value, not the statistic: the amount is
//     read from the release of the signing).
//   - competition: bids opened (bids.details, with their price), lots opened
//     (lots with at least one bid) and lots with a single bidder, by the
//     month the bid was opened; the single-bidder share is their quotient.
//   - payments: paid payments (contracts' implementation.transactions) by the
//     month paid; a private figure, read by 浙江省财政厅.
//
// Regions: a process belongs to its buyer's region (parties[].address.region
// of the party with role buyer), and a subtree is its code prefix (GB/T 2260:
// 33 浙江, 3301 杭州市, 330106 西湖区).
func TestStatsEqualOCDSCount(t *testing.T) {
	now := time.Date(2026, 12, 7, 10, 0, 0, 0, goumai.Shanghai)
	for _, db := range []struct {
		name string
		open func(testing.TB, goumai.Clock) *sqlstore.Store
	}{{"sqlite", sqltest.SQLite}, {"postgres", sqltest.Postgres}} {
		t.Run(db.name, func(t *testing.T) {
			clock := goumai.NewFakeClock(now)
			w := loadedWorld(t, db.open(t, clock), clock)
			// The demo year has no lot with a single bidder: one more
			// procedure of 西湖区 gets one response, opened, and fails.
			one, err := demo.LifeCycle(context.Background(), w.svc, clock, demo.LifeCycleSpec{Title: "2026年西湖区单一响应服务",
				Stop: demo.StageAwarded, Responders: []string{"supplier.kangning"}})
			if one.Procurement.Status != goumai.ProcFailed || !strings.HasPrefix(clock.Now().In(china).Format("2006"), "2026") {
				t.Fatalf("the single-bidder procedure: %s at %s (%v)", one.Procurement.Status, clock.Now(), err)
			}
			w.srv.cfg.BulkDir = t.TempDir()
			res := w.do(t, request{method: "GET", path: "/ocds/releases.jsonl.gz"})
			if res.status != http.StatusOK {
				t.Fatalf("bulk file: %d", res.status)
			}
			procs := compileOCDS(t, res.body)
			token := w.token(t, "zj.admin")
			// The demo year's procedures are all 西湖区's: 宁波市 and 拱墅区
			// (a sibling city and county) must be empty on both sides.
			for _, region := range []struct {
				code, prefix string
				empty        bool
			}{{"330000", "33", false}, {"330100", "3301", false}, {"330106", "330106", false}, {"330200", "3302", true}, {"330105", "330105", true}} {
				t.Run(region.code, func(t *testing.T) {
					want := countOCDS(t, procs, region.prefix, "2026")
					if region.empty && len(want) > 0 {
						t.Fatalf("OCDS has figures for %s: %v", region.code, want)
					}
					res := w.do(t, request{method: "GET", path: "/api/v1/stats?region=" + region.code + "&from=2026-01&to=2026-12", bearer: token})
					if res.status != http.StatusOK {
						t.Fatalf("stats: %d %s", res.status, res.body)
					}
					got := statFigures(t, res.body)
					compareOCDSStats(t, want, got, !region.empty)
				})
			}
		})
	}
}

// ocValue is an OCDS value; the amount is read exactly (yuan with two decimals).
type ocValue struct {
	Amount json.Number `json:"amount"`
}

// fen is the amount in fen.
func (v *ocValue) fen(t *testing.T) int64 {
	if v == nil || v.Amount == "" {
		return 0
	}
	f, err := v.Amount.Float64()
	if err != nil {
		t.Fatalf("amount %q: %v", v.Amount, err)
	}
	return int64(math.Round(f * 100))
}

// ocRelease is what the check reads of a release.
type ocRelease struct {
	OCID    string   `json:"ocid"`
	ID      string   `json:"id"`
	Date    string   `json:"date"`
	Tag     []string `json:"tag"`
	Parties []struct {
		ID      string   `json:"id"`
		Roles   []string `json:"roles"`
		Address *struct {
			Region string `json:"region"`
		} `json:"address"`
	} `json:"parties"`
	Tender *struct {
		ID                       string   `json:"id"`
		Status                   string   `json:"status"`
		ProcurementMethodDetails string   `json:"procurementMethodDetails"`
		Value                    *ocValue `json:"value"`
	} `json:"tender"`
	Bids *struct {
		Details []struct {
			ID          string   `json:"id"`
			Date        string   `json:"date"`
			Value       *ocValue `json:"value"`
			RelatedLots []string `json:"relatedLots"`
		} `json:"details"`
	} `json:"bids"`
	Awards []struct {
		ID     string   `json:"id"`
		Status string   `json:"status"`
		Value  *ocValue `json:"value"`
	} `json:"awards"`
	Contracts []struct {
		ID             string   `json:"id"`
		AwardID        string   `json:"awardID"`
		DateSigned     string   `json:"dateSigned"`
		Value          *ocValue `json:"value"`
		Implementation *struct {
			Transactions []struct {
				ID    string   `json:"id"`
				Date  string   `json:"date"`
				Value *ocValue `json:"value"`
			} `json:"transactions"`
		} `json:"implementation"`
	} `json:"contracts"`
}

// ocProcess is one ocid compiled: its objects with their latest values.
type ocProcess struct {
	region    string
	tenders   map[string]*ocTender
	bids      map[string]*ocBid
	awards    map[string]*ocAward
	contracts map[string]*ocContract
	payments  map[string]*ocPayment
}

type ocTender struct {
	month, method, status string
	amount                int64
}
type ocBid struct {
	month, lot string
	amount     int64
}
type ocAward struct {
	status string
	amount int64
}
type ocContract struct {
	month, award string
	signed       int64 // the value in the release of the signing
}
type ocPayment struct {
	month  string
	amount int64
}

// china is UTC+8, where the statistics' months are.
var china = time.FixedZone("CST", 8*3600)

// ocMonth is the month in China of an OCDS date ("" when absent).
func ocMonth(t *testing.T, date string) string {
	if date == "" {
		return ""
	}
	d, err := time.Parse(time.RFC3339Nano, date)
	if err != nil {
		t.Fatalf("date %q: %v", date, err)
	}
	return d.In(china).Format("2006-01")
}

// compileOCDS reads the bulk file's releases (in publication order) into
// processes, the later release's values replacing the earlier's.
func compileOCDS(t *testing.T, body []byte) map[string]*ocProcess {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	procs := map[string]*ocProcess{}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<24)
	n := 0
	for sc.Scan() {
		var r ocRelease
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("release %d: %v", n, err)
		}
		n++
		p := procs[r.OCID]
		if p == nil {
			p = &ocProcess{tenders: map[string]*ocTender{}, bids: map[string]*ocBid{}, awards: map[string]*ocAward{},
				contracts: map[string]*ocContract{}, payments: map[string]*ocPayment{}}
			procs[r.OCID] = p
		}
		for _, party := range r.Parties {
			for _, role := range party.Roles {
				if role == "buyer" && party.Address != nil && party.Address.Region != "" {
					p.region = party.Address.Region
				}
			}
		}
		if tr := r.Tender; tr != nil && tr.ID != "" {
			x := p.tenders[tr.ID]
			if x == nil {
				x = &ocTender{month: ocMonth(t, r.Date)} // first published
				p.tenders[tr.ID] = x
			}
			latest(&x.status, tr.Status)
			latest(&x.method, tr.ProcurementMethodDetails)
			latestFen(t, &x.amount, tr.Value)
		}
		if r.Bids != nil {
			for _, b := range r.Bids.Details {
				x := entry(p.bids, b.ID)
				latest(&x.month, ocMonth(t, b.Date))
				latestFen(t, &x.amount, b.Value)
				if len(b.RelatedLots) > 0 {
					x.lot = b.RelatedLots[0]
				}
			}
		}
		for _, a := range r.Awards {
			x := entry(p.awards, a.ID)
			latest(&x.status, a.Status)
			latestFen(t, &x.amount, a.Value)
		}
		signing := false
		for _, tag := range r.Tag {
			signing = signing || tag == "contract"
		}
		for _, c := range r.Contracts {
			x := entry(p.contracts, c.ID)
			latest(&x.award, c.AwardID)
			latest(&x.month, ocMonth(t, c.DateSigned))
			if signing {
				latestFen(t, &x.signed, c.Value)
			}
			if c.Implementation != nil {
				for _, tx := range c.Implementation.Transactions {
					y := entry(p.payments, tx.ID)
					latest(&y.month, ocMonth(t, tx.Date))
					latestFen(t, &y.amount, tx.Value)
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 10 {
		t.Fatalf("the bulk file has %d releases", n)
	}
	return procs
}

// entry is the object of an id, created empty on its first release.
func entry[T any](m map[string]*T, id string) *T {
	x := m[id]
	if x == nil {
		x = new(T)
		m[id] = x
	}
	return x
}

// latest keeps a release's value of a field, when it states one.
func latest(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

// latestFen keeps a release's amount, when it states one.
func latestFen(t *testing.T, dst *int64, v *ocValue) {
	if v != nil {
		*dst = v.fen(t)
	}
}

// ocMethods are the methods' published names and the statistics' keys.
var ocMethods = map[string]string{"公开招标": "open_tender", "邀请招标": "invited_tender", "竞争性谈判": "competitive_negotiation",
	"竞争性磋商": "competitive_consultation", "单一来源": "single_source"}

// figure is a count and an amount in fen, keyed "dim/key" as the statistics.
type figure struct{ N, Amount int64 }

// countOCDS counts the figures of the processes of a region subtree (code
// prefix) dated in year.
func countOCDS(t *testing.T, procs map[string]*ocProcess, prefix, year string) map[string]figure {
	t.Helper()
	out := map[string]figure{}
	add := func(k, month string, n, amount int64) {
		if !strings.HasPrefix(month, year+"-") {
			return
		}
		f := out[k]
		f.N += n
		f.Amount += amount
		out[k] = f
	}
	for ocid, p := range procs {
		if !strings.HasPrefix(p.region, prefix) {
			continue
		}
		active := false
		for _, a := range p.awards {
			active = active || a.status == "active"
		}
		for id, x := range p.tenders {
			m, ok := ocMethods[x.method]
			if !ok {
				t.Errorf("%s tender %s: method %q is not one goumai publishes", ocid, id, x.method)
			}
			add("method/"+m, x.month, 1, x.amount)
			if x.status == "complete" && active {
				add("stage/procurements:awarded", x.month, 1, x.amount)
			}
		}
		lots := map[string][]*ocBid{}
		for _, b := range p.bids {
			if b.month == "" {
				t.Errorf("%s: bid without its opening date", ocid)
				continue
			}
			lots[b.lot] = append(lots[b.lot], b)
			add("competition/bids", b.month, 1, b.amount)
		}
		for _, bs := range lots {
			sort.Slice(bs, func(i, j int) bool { return bs[i].month < bs[j].month })
			add("competition/lots", bs[0].month, 1, 0) // opened with its first bid
			if len(bs) == 1 {
				add("competition/single_bidder", bs[0].month, 1, 0)
			}
		}
		for id, c := range p.contracts {
			if c.month == "" {
				continue // not signed
			}
			add("total/contracts", c.month, 1, c.signed)
			if a := p.awards[c.award]; a == nil || a.amount != c.signed {
				t.Errorf("%s contract %s: signed for %d fen, its award %s is %+v", ocid, id, c.signed, c.award, a)
			}
		}
		for _, y := range p.payments {
			add("total/payments", y.month, 1, y.amount)
		}
	}
	return out
}

// statFigures reads the statistics API's figures for the period.
func statFigures(t *testing.T, body []byte) map[string]figure {
	t.Helper()
	var rep struct {
		Tables []struct {
			Dim  string `json:"dim"`
			Rows []struct {
				Key string `json:"key"`
				Now figure `json:"now"`
			} `json:"rows"`
		} `json:"tables"`
	}
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatal(err)
	}
	out := map[string]figure{}
	for _, tb := range rep.Tables {
		for _, r := range tb.Rows {
			out[tb.Dim+"/"+r.Key] = r.Now
		}
	}
	return out
}

// compareOCDSStats compares the counted figures with the statistics'.
func compareOCDSStats(t *testing.T, want, got map[string]figure, some bool) {
	t.Helper()
	keys := []string{"total/contracts", "total/payments", "competition/bids", "competition/lots", "competition/single_bidder",
		"stage/procurements:awarded"}
	for _, m := range ocMethods {
		keys = append(keys, "method/"+m)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w, g := want[k], got[k]
		if w != g {
			t.Errorf("%s: OCDS %+v, statistics %+v", k, w, g)
		}
	}
	if some && (want["total/contracts"].N == 0 || want["competition/single_bidder"].N == 0 || want["total/payments"].N == 0) {
		t.Errorf("nothing to compare: %v", want)
	}
	share := func(f map[string]figure) string {
		if f["competition/lots"].N == 0 {
			return "-"
		}
		return fmt.Sprintf("%.1f%%", float64(f["competition/single_bidder"].N)*100/float64(f["competition/lots"].N))
	}
	t.Logf("single-bidder share: OCDS %s, statistics %s; figures %v", share(want), share(got), want)
}
