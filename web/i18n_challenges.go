package web

// challengeMessages are the challenges' and complaints' strings.
var challengeMessages = map[string][2]string{
	"todo.kind.challenge": {"质疑待答复", "Challenge to answer"},
	"todo.kind.complaint": {"投诉待处理", "Complaint to decide"},
}

func init() { addMessages(challengeMessages) }
