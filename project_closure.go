package goumai

import "time"

// Project closure (结项, issue 10 item 7; ENG-I2): a project closes when
// every contract of it is delivered (each milestone accepted), evaluated (its
// performance grade published) and paid (the ledger's payments equal the
// contracts' totals less the deductions recorded). Closed, its records — the
// project, its procedures and contracts — are read-only and kept: every
// write use case refuses to change them, and nothing is deleted.

// ProjectClosure is the record of a project's closure.
type ProjectClosure struct {
	ProjectID int64     `json:"project_id"`
	ClosedBy  int64     `json:"closed_by,omitempty"` // the purchaser's staff; 0 when the platform closed it
	Automatic bool      `json:"automatic"`           // closed by the platform when the last condition was met
	Contracts int       `json:"contracts"`           // the contracts it closed with
	Total     Fen       `json:"total"`               // their totals less deductions
	Paid      Fen       `json:"paid"`                // what the ledger paid
	ClosedAt  time.Time `json:"closed_at"`
}

// ErrProjectClosed is the refusal of any change to a closed project's
// records (ENG-I2).
func ErrProjectClosed() *Error {
	e := Errorf(EConflict, "项目已结项关闭，其记录只读并依法保存（ENG-I2），不能再修改", "the project is closed: its records are read-only and kept (ENG-I2)")
	e.Rule = "ENG-I2"
	return e
}

func init() {
	EventActions["project.close"] = M("项目结项关闭", "Project closed")
}
