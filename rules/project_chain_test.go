package rules

import (
	"testing"

	"github.com/goumai/goumai"
)

func TestSelectChain(t *testing.T) {
	step := func(name string) []goumai.ReviewStep {
		return []goumai.ReviewStep{{Name: name, Role: goumai.RoleFinanceApprover, Where: goumai.WhereFinance}}
	}
	chains := []goumai.ReviewChain{
		{Region: "330000", MinAmount: 0, Steps: step("province-all")},
		{Region: "330000", MinAmount: 500_000_00, Steps: step("province-large")},
		{Region: "330106", MinAmount: 1_000_000_00, Steps: step("xihu-large")},
	}
	path := []string{"100000", "330000", "330100", "330106"}
	for _, c := range []struct {
		path   []string
		amount goumai.Fen
		want   string
	}{
		{path, 100, "province-all"},
		{path, 600_000_00, "province-large"},
		{path, 1_000_000_00, "xihu-large"},
		{[]string{"100000", "110000"}, 1_000_000_00, "单位内部审核"},
	} {
		if got := SelectChain(chains, c.path, c.amount)[0].Name; got != c.want {
			t.Errorf("amount %d: got %s, want %s", c.amount, got, c.want)
		}
	}
}

func TestCheckChain(t *testing.T) {
	regions, err := goumai.NewRegions([]goumai.Region{{Code: "100000", Level: goumai.LevelNational}, {Code: "330000", Level: goumai.LevelProvince, Parent: "100000"}})
	if err != nil {
		t.Fatal(err)
	}
	ok := goumai.ReviewStep{Name: "财政审批", Role: goumai.RoleFinanceApprover, Where: goumai.WhereFinance}
	for _, c := range []struct {
		name  string
		chain goumai.ReviewChain
		field string
	}{
		{"valid", goumai.ReviewChain{Region: "330000", Steps: []goumai.ReviewStep{ok}}, ""},
		{"unknown region", goumai.ReviewChain{Region: "999999", Steps: []goumai.ReviewStep{ok}}, "region"},
		{"negative amount", goumai.ReviewChain{Region: "330000", MinAmount: -1, Steps: []goumai.ReviewStep{ok}}, "min_amount"},
		{"no steps", goumai.ReviewChain{Region: "330000"}, "steps"},
		{"too many", goumai.ReviewChain{Region: "330000", Steps: make([]goumai.ReviewStep, 9)}, "steps"},
		{"unnamed", goumai.ReviewChain{Region: "330000", Steps: []goumai.ReviewStep{{Role: goumai.RoleFinanceApprover, Where: goumai.WhereFinance}}}, "steps"},
		{"wrong role", goumai.ReviewChain{Region: "330000", Steps: []goumai.ReviewStep{{Name: "x", Role: goumai.RoleSupplier, Where: goumai.WhereFinance}}}, "steps"},
		{"purchaser last", goumai.ReviewChain{Region: "330000", Steps: []goumai.ReviewStep{ok, {Name: "x", Role: goumai.RolePurchaserApprover, Where: goumai.WherePurchaser}}}, "steps"},
	} {
		err := CheckChain(c.chain, regions)
		_, got := goumai.AsError(err).Fields[c.field]
		if c.field == "" && err != nil || c.field != "" && !got {
			t.Errorf("%s: got %v, want a problem on %q", c.name, err, c.field)
		}
	}
}
