package goumai

import "time"

// Grade is a performance evaluation's grade (绩效评价等级, ENG-J2): 优 at 90
// points or more, 良 at 80, 中 at 60, 差 below (the default bounds; a
// region's parameters may set others).
type Grade string

// The grades of ENG-J2.
const (
	GradeExcellent Grade = "excellent" // 优
	GradeGood      Grade = "good"      // 良
	GradeFair      Grade = "fair"      // 中
	GradePoor      Grade = "poor"      // 差
)

// Label returns the grade's name in Chinese and English.
func (g Grade) Label() Msg {
	switch g {
	case GradeExcellent:
		return M("优", "excellent")
	case GradeGood:
		return M("良", "good")
	case GradeFair:
		return M("中", "fair")
	case GradePoor:
		return M("差", "poor")
	}
	return M(string(g), string(g))
}

// GradeFor returns the default grade of a score in hundredths of a point
// (0–10000): ≥ 90 优, ≥ 80 良, ≥ 60 中, < 60 差 (ENG-J2).
func GradeFor(centipoints int) Grade {
	switch {
	case centipoints >= 9000:
		return GradeExcellent
	case centipoints >= 8000:
		return GradeGood
	case centipoints >= 6000:
		return GradeFair
	}
	return GradePoor
}

// ContractGrade is the published result of a contract's performance
// evaluation (ENG-J1), one per contract: what the final payment reads (issue
// 10 item 6) and what later panels and budget planning are shown. The
// evaluation use case writes it when it publishes an evaluation, in the same
// transaction.
type ContractGrade struct {
	ContractID   int64     `json:"contract_id"`
	EvaluationID int64     `json:"evaluation_id"`
	Score        int       `json:"score"` // hundredths of a point, 0–10000
	Grade        Grade     `json:"grade"`
	PublishedAt  time.Time `json:"published_at"`
}

func init() {
	EventActions["contract.grade"] = M("公开绩效评价结果", "Performance grade published")
}
