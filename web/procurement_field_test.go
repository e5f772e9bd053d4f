package web

import "testing"

func TestProcurementFieldLabel(t *testing.T) {
	for _, c := range []struct{ field, zh, en string }{
		{"documents.scoring", "评审因素", "Scoring items"},
		{"documents.scoring.1.ranges.0", "评审因素 2 区间条件 1", "Scoring items 2 Range 1"},
		{"documents.qualifications.0", "供应商资格条件 1", "Qualification conditions 1"},
		{"lots.0.bid_bond", "采购包 1 投标保证金", "Lot 1 Bid bond"},
		{"periods.bid_deadline", "投标（响应）截止时间", "Bid (response) deadline"},
		{"method", "采购方式", "Method"},
		{"something.else", "something.else", "something.else"},
	} {
		if got := procurementFieldLabel("zh", c.field); got != c.zh {
			t.Errorf("%s in Chinese: %q, want %q", c.field, got, c.zh)
		}
		if got := procurementFieldLabel("en", c.field); got != c.en {
			t.Errorf("%s in English: %q, want %q", c.field, got, c.en)
		}
	}
}
