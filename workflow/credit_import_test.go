package workflow_test

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// TestParseCreditListXLSX: a workbook is read through the bounded reader, its
// dates as the serial numbers cells hold, its errors by row and column.
func TestParseCreditListXLSX(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"统一社会信用代码", "名称", "决定机关", "文号", "起始日期", "截止日期"},
		{"91330106MA27XK0Q1" + string(mustCheck(t, "91330106MA27XK0Q1")), "杭州康宁养老服务有限公司", "浙江省财政厅", "浙财采监〔2026〕5号", 46023, "2027-12-31"}, // 46023 is 2026-01-01
		{"", "", "", "", "", ""},
		{"91330106MA27XK0Q1", "某公司", "浙江省财政厅", "浙财采监〔2026〕6号", "2026-02-30", "2027-01-01"},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	_, err := workflow.ParseCreditList(goumai.ListBan, b.Bytes())
	e := goumai.AsError(err)
	if e.Code != goumai.EInvalid || len(e.Fields) != 2 || e.Fields["4.CREDIT_CODE"].ZH == "" || e.Fields["4.STARTS_ON"].ZH == "" {
		t.Fatalf("errors %v", err)
	}
	// Without the bad row the file imports, the serial read as its date.
	if err := f.RemoveRow("Sheet1", 4); err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	es, err := workflow.ParseCreditList(goumai.ListBan, b.Bytes())
	if err != nil || len(es) != 1 || es[0].StartsOn.Format("2006-01-02") != "2026-01-01" || es[0].Row != 2 {
		t.Fatalf("entries %+v %v", es, err)
	}
	// A required column missing is named on the header row.
	_, err = workflow.ParseCreditList(goumai.ListViolation, []byte("CREDIT_CODE,NAME,AUTHORITY,PENALTY\n"))
	if e := goumai.AsError(err); e.Fields["1.DECIDED_ON"].ZH == "" {
		t.Fatalf("missing column: %v", err)
	}
}

func mustCheck(t *testing.T, first17 string) byte {
	t.Helper()
	c, ok := goumai.CreditCheckChar(first17)
	if !ok {
		t.Fatal(first17)
	}
	return c
}
