package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strconv"
	"testing"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// BenchmarkWorkReportProvince (issue 13, "report generation for a
// province"): 50,000 projects (GOUMAI_REPORT_PROJECTS says otherwise) of
// 浙江's 90 counties in its 11 prefectures over 2025 and 2026, their
// statistics cells written at every level as the statistics hook would have
// (fillStats) and the same projects into a plain source table. 浙江省财政厅
// drafts its 2026 annual report and files it 20 times through the use case
// (workflow.FileWorkReport: the subtree's statistics for 2026 against 2025
// with the drill-down to the prefectures read and frozen in the report, in
// one transaction with its event and log leaf), the Ministry returning it
// (untimed) between filings. The baseline in the same run is a full
// recompute of the same figures from the source rows (one GROUP BY per
// dimension and the prefectures' drill-down, for each period). The fill is
// done once per database, whatever b.N: run with -benchtime 1x.
//
//	GOUMAI_TEST_POSTGRES=... go test ./sqlstore -run '^$' -bench WorkReportProvince -benchtime 1x -timeout 30m
func BenchmarkWorkReportProvince(b *testing.B) {
	n := 50_000
	if v := os.Getenv("GOUMAI_REPORT_PROJECTS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	const province = "330000"
	sqltest.EachBench(b, func(b *testing.B, s *sqlstore.Store, clock *goumai.FakeClock) {
		ctx := context.Background()
		start := time.Now()
		cells := fillStats(b, s, n, province)
		fmt.Printf("%s: %d projects of 浙江 in %d cells and %d source rows, filled in %s; load %s\n", s.Dialect(), n, cells, n, time.Since(start).Round(time.Second), loadavg())
		svc := workflow.New(s)
		svc.PasswordParams = workflow.FastPasswordParams
		staff := func(name, region, code, username string, role goumai.Role) goumai.Actor {
			o := goumai.Org{Name: name, Kind: goumai.KindStateOrgan, Region: region, CreditCode: code, FinanceDept: true, Active: true}
			o.ID = mustOrg(b, s, o)
			u, err := svc.CreateUser(ctx, goumai.System, goumai.NewUser{Username: username, DisplayName: username, Password: "Bench-2026-report"}, o.ID, role)
			if err != nil {
				b.Fatal(err)
			}
			return goumai.Actor{UserID: u.ID, Username: username, Name: username, Org: o, Roles: []goumai.Role{role}}
		}
		filer := staff("浙江省财政厅", province, "11330000002482017X", "zj.bench", goumai.RoleFinanceReviewer)
		ministry := staff("中华人民共和国财政部", goumai.NationalCode, "11100000000013127X", "mof.bench", goumai.RoleFinanceApprover)
		clock.Set(time.Date(2027, 1, 12, 10, 0, 0, 0, goumai.Shanghai))
		r, err := svc.DraftWorkReport(ctx, filer, workflow.WorkReportInput{Region: province, Kind: goumai.ReportAnnual, Period: "2026",
			WorkReportText: workflow.WorkReportText{NewSituations: "全省推进政府购买服务。", MajorProblems: "无", Suggestions: "加强培训。"}})
		if err != nil {
			b.Fatal(err)
		}
		var files []time.Duration
		var projects int64
		for i := 0; i < 20; i++ {
			t0 := time.Now()
			if r, err = svc.FileWorkReport(ctx, filer, r.ID, r.Version); err != nil {
				b.Fatal(err)
			}
			files = append(files, time.Since(t0))
			if i == 0 {
				projects = goumai.MetricProjects.Value(*r.Stats)
				if len(r.Stats.Children) < 11 || projects == 0 {
					b.Fatalf("the frozen statistics: %d prefectures, %d projects", len(r.Stats.Children), projects)
				}
			}
			clock.Advance(time.Minute)
			if r, err = svc.ReviewWorkReport(ctx, ministry, r.ID, workflow.WorkReportDecision{Version: r.Version, Action: "return", Opinion: "请重新报送。"}); err != nil {
				b.Fatal(err)
			}
		}
		// The baseline: the same figures recomputed from the source rows.
		var recomputes []time.Duration
		period := goumai.StatPeriod{From: "2026-01", To: "2026-12"}
		for i := 0; i < 3; i++ {
			t0 := time.Now()
			for _, p := range []goumai.StatPeriod{period, period.Previous()} {
				for _, col := range []string{"status", "catalog", "method", "supplier_kind", "substr(region, 1, 4)"} {
					rows, err := s.DB().QueryContext(ctx, `SELECT `+col+`, count(*), SUM(amount) FROM bench_stat_source
						WHERE province = $1 AND month >= $2 AND month <= $3 GROUP BY `+col, province, p.From, p.To)
					if err != nil {
						b.Fatal(err)
					}
					for rows.Next() {
					}
					rows.Close()
				}
			}
			recomputes = append(recomputes, time.Since(t0))
		}
		median := func(ds []time.Duration) time.Duration {
			sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
			return ds[len(ds)/2]
		}
		f, rc := median(files), median(recomputes)
		b.ReportMetric(float64(f.Microseconds())/1000, "file-ms")
		b.ReportMetric(float64(rc.Microseconds())/1000, "recompute-ms")
		fmt.Printf("%s: 浙江's 2026 annual report (%d approved projects in 2026) filed: median %s of %d (max %s); baseline, the same figures recomputed from %d source rows: median %s of 3; ratio recompute/file %.1f; load %s\n",
			s.Dialect(), projects, f.Round(10*time.Microsecond), len(files), files[len(files)-1].Round(10*time.Microsecond), n, rc.Round(10*time.Microsecond),
			float64(rc)/float64(f), loadavg())
	})
}
