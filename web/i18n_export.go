package web

func init() { addMessages(exportMessages) }

// exportMessages are the portal lists' download strings (issue 11).
var exportMessages = map[string][2]string{
	"export.downloads": {"下载本列表", "Download this list"},
	"export.csv":       {"下载 CSV", "Download CSV"},
	"export.xlsx":      {"下载 Excel", "Download Excel"},
	"export.max":       {"（按当前筛选条件，最多 %d 条）", "(with the current filters, at most %d rows)"},
	"export.cut":       {"仅列出前 %d 条，请缩小筛选范围。", "Only the first %d rows are listed: narrow the filters."},
}
