package goumai

// ActEvaluate is a panel member's work on a procedure (issue 9 item 3):
// review compliance, query abnormal prices, call final offers, score,
// dissent. Anyone signed in may hold a seat (an expert, the purchaser's
// representative); the use case names the seat's user in Target.UserID, so
// only the member seated on the procedure acts in that seat.
const ActEvaluate Action = "evaluation.panel"

func init() {
	policyRules[ActEvaluate] = policyRule{who: func(a Actor) bool { return len(a.Roles) > 0 },
		on: func(p Policy, a Actor, t Target) bool { return t.UserID != 0 && t.UserID == a.UserID }}
}
