package workflow_test

import (
	"bytes"
	"context"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"

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

// BenchmarkParseBudgetXLSX parses a 1,000-line budget file with the bounded
// reader (ParseBudgetXLSX) and, in the same run, reads the same file the way
// the parse did before it was bounded (excelize: open the whole workbook,
// GetRows), the reading that dominated its cost.
func BenchmarkParseBudgetXLSX(b *testing.B) {
	data := [][]any{headerEN}
	for i := range 1000 {
		data = append(data, row(fmt.Sprintf("L%04d", i), fmt.Sprintf("第%d项服务：居家养老上门服务", i), "12345.67", ""))
	}
	file := sheet(b, data)
	b.Run("bounded", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if rs, err := workflow.ParseBudgetXLSX(bytes.NewReader(file)); err != nil || len(rs) != 1000 {
				b.Fatalf("%d rows, %v", len(rs), err)
			}
		}
	})
	b.Run("excelize-GetRows", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			f, err := excelize.OpenReader(bytes.NewReader(file), excelize.Options{RawCellValue: true, UnzipSizeLimit: 200 << 20, UnzipXMLSizeLimit: 40 << 20})
			if err != nil {
				b.Fatal(err)
			}
			rows, err := f.GetRows(f.GetSheetList()[0], excelize.Options{RawCellValue: true})
			if err != nil || len(rows) != 1001 {
				b.Fatalf("%d rows, %v", len(rows), err)
			}
			if err := f.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func benchCode(region, body string) string {
	c, _ := goumai.CreditCheckChar("11" + region + body)
	return "11" + region + body + string(c)
}
