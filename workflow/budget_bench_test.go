package workflow_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/sqlstore/sqltest"
	"github.com/goumai/goumai/workflow"
)

// BenchmarkBudgetImport measures parsing and importing a 1,000-row budget
// export (each row a line, its balance and an appropriate entry, all logged, in
// one transaction) and reports rows per second.
func BenchmarkBudgetImport(b *testing.B) {
	const rows = 1000
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			clock := goumai.NewFakeClock(sqltest.Start)
			var s *sqlstore.Store
			if dialect == "sqlite" {
				s = sqltest.SQLite(b, clock)
			} else {
				s = sqltest.Postgres(b, clock)
			}
			ctx := context.Background()
			svc := workflow.New(s)
			org, err := svc.CreateOrg(ctx, goumai.System, workflow.OrgInput{Name: "杭州市西湖区民政局", Kind: goumai.KindStateOrgan, Region: "330106",
				CreditCode: benchCode("330106", "00200003X")})
			if err != nil {
				b.Fatal(err)
			}
			files := make([][]byte, b.N)
			for n := range files {
				data := [][]any{headerEN}
				for i := 0; i < rows; i++ {
					data = append(data, row(fmt.Sprintf("N%dR%d", n, i), fmt.Sprintf("第%d项服务", i), "12345.67", ""))
				}
				files[n] = sheet(b, data)
			}
			b.ResetTimer()
			for n := 0; n < b.N; n++ {
				rs, err := workflow.ParseBudgetXLSX(bytes.NewReader(files[n]))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := svc.ImportBudgetLines(ctx, goumai.System, rs, org.ID); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}

func benchCode(region, body string) string {
	c, _ := goumai.CreditCheckChar("11" + region + body)
	return "11" + region + body + string(c)
}
