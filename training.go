package goumai

import (
	"time"
	"unicode/utf8"
)

// Training is a training session (培训, issue 13 item 5) a finance department
// holds for the staff of its region subtree: registration up to a deadline
// and within its capacity, attendance recorded by the organiser, materials
// for the registrants.
type Training struct {
	ID         int64     `json:"id"`
	OrgID      int64     `json:"org_id"` // the organising finance department
	Region     string    `json:"region"` // the subtree whose staff may register
	Title      string    `json:"title"`
	StartsOn   string    `json:"starts_on"` // YYYY-MM-DD
	EndsOn     string    `json:"ends_on"`
	Place      string    `json:"place"` // a place, or the online meeting's address
	Online     bool      `json:"online"`
	Capacity   int       `json:"capacity"`
	Deadline   string    `json:"deadline"` // last day of registration, YYYY-MM-DD
	Materials  []File    `json:"materials"`
	Registered int       `json:"registered"`
	CreatedBy  int64     `json:"created_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// TrainingRegistration is one person's registration and attendance.
type TrainingRegistration struct {
	ID           int64     `json:"id"`
	TrainingID   int64     `json:"training_id"`
	UserID       int64     `json:"user_id"`
	OrgID        int64     `json:"org_id"`
	RegisteredAt time.Time `json:"registered_at"`
	Attended     bool      `json:"attended"`
}

// Bounds of a training.
const (
	MaxTrainingCapacity = 10000
	MaxTrainingFiles    = 10
)

// CheckTraining returns a field error for every bad part of a training.
func CheckTraining(t Training) error {
	f := Fields{}
	for _, c := range []struct {
		name, v string
		max     int
	}{{"title", t.Title, 200}, {"place", t.Place, 200}} {
		switch n := utf8.RuneCountInString(c.v); {
		case CheckText(c.v) != nil:
			f[c.name] = *CheckText(c.v)
		case n == 0:
			f[c.name] = M("必填", "is required")
		case n > c.max:
			f[c.name] = tooLong(c.max)
		}
	}
	for name, v := range map[string]string{"starts_on": t.StartsOn, "ends_on": t.EndsOn, "deadline": t.Deadline} {
		if !CheckPolicyDate(v) {
			f[name] = M("日期格式须为 YYYY-MM-DD", "must be a date YYYY-MM-DD")
		}
	}
	if f["ends_on"].EN == "" && f["starts_on"].EN == "" && t.EndsOn < t.StartsOn {
		f["ends_on"] = M("不能早于开始日期", "must not be before the first day")
	}
	if f["deadline"].EN == "" && f["starts_on"].EN == "" && t.Deadline > t.StartsOn {
		f["deadline"] = M("报名截止日不能晚于开始日期", "registration must close by the first day")
	}
	if t.Capacity < 1 || t.Capacity > MaxTrainingCapacity {
		f["capacity"] = M("名额须在 1 到 10000 之间", "must be between 1 and 10000")
	}
	return f.Err()
}

func init() {
	EventActions["training.create"] = M("发布培训", "Training announced")
	EventActions["training.register"] = M("报名参加培训", "Registered for a training")
	EventActions["training.attend"] = M("登记培训出勤", "Training attendance recorded")
}
