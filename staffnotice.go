package goumai

import (
	"time"
	"unicode/utf8"
)

// StaffNotice is a notice a finance department publishes to the staff of its
// region subtree (通知, issue 13 item 5: the founding notice's 加强培训宣传).
// It stays on each recipient's to-do list until they mark it read.
type StaffNotice struct {
	ID          int64     `json:"id"`
	OrgID       int64     `json:"org_id"` // the finance department that published it
	Region      string    `json:"region"` // the root of the subtree it is sent to
	Title       string    `json:"title"`
	Body        string    `json:"body"`
	CreatedBy   int64     `json:"created_by,omitempty"`
	PublishedAt time.Time `json:"published_at"`
	Reads       int64     `json:"reads"` // read receipts (for the sender)
	Read        bool      `json:"read"`  // whether the reader has read it
}

// Bounds of a staff notice.
const (
	MaxStaffNoticeTitle = 200
	MaxStaffNoticeBody  = 10000
)

// CheckStaffNotice returns a field error for every bad part of a notice.
func CheckStaffNotice(n StaffNotice) error {
	f := Fields{}
	for _, c := range []struct {
		name, v string
		max     int
	}{{"title", n.Title, MaxStaffNoticeTitle}, {"body", n.Body, MaxStaffNoticeBody}} {
		switch l := utf8.RuneCountInString(c.v); {
		case CheckText(c.v) != nil:
			f[c.name] = *CheckText(c.v)
		case l == 0:
			f[c.name] = M("必填", "is required")
		case l > c.max:
			f[c.name] = tooLong(c.max)
		}
	}
	return f.Err()
}

func init() {
	EventActions["staff_notice.publish"] = M("发布工作通知", "Notice to staff published")
	EventActions["staff_notice.read"] = M("阅读工作通知", "Notice to staff read")
}
