package web

func init() { addMessages(historyMessages) }

// historyMessages are the strings of a project's public history (issue 10 item 7).
var historyMessages = map[string][2]string{
	"history.title":   {"项目全过程公开记录", "Public history of the project"},
	"history.project": {"项目公开信息", "The project"},
	"history.hint": {"以下是本项目从申报到结项的每一项公开事件，均为透明日志的叶子：可用日志公钥和树大小为 %d 的已签名检查点逐项核验（goumai log verify，或任何 RFC 6962 工具）。检查点之后的事件在下一个检查点签发后可核验。",
		"Every public event of this project from application to closure, each a leaf of the transparency log: check each against the signed checkpoint of tree size %d with the log's key (goumai log verify, or any RFC 6962 tool). Events after the checkpoint can be checked once the next one is signed."},
	"history.leaf":    {"日志叶子（哈希）", "Log leaf (hash)"},
	"history.proof":   {"包含证明", "Inclusion proof"},
	"history.proven":  {"已纳入检查点（树大小 %d）", "In the checkpoint (tree size %d)"},
	"history.pending": {"待下一个检查点", "Awaiting the next checkpoint"},
	"history.back":    {"返回公开记录", "Back to the history"},
	"history.link":    {"全过程公开记录", "Public history"},
}
