package goumai

import "time"

// HolidayArrangement is the State Council's arrangement of one year's public
// holidays (国务院办公厅关于某年部分节假日安排的通知) as a finance administrator of
// the Ministry of Finance loads it: the notice's document number and date, and
// every day it departs from the weekly rule. It is the file of `goumai calendar
// load` and the body of POST /api/v1/calendar/arrangements (README, "Calendar").
type HolidayArrangement struct {
	Year   int    `json:"year"`   // the year arranged
	Notice string `json:"notice"` // the document number, e.g. 国办发明电〔2025〕7号
	Issued string `json:"issued"` // the notice's date, YYYY-MM-DD
	// Reason says why a load changes days of a year already arranged (a later
	// notice of the State Council, a transcription error corrected); required then.
	Reason string       `json:"reason,omitempty"`
	Days   []HolidayDay `json:"days"`
}

// HolidayDay is one day of an arrangement: a day off or a make-up working day.
type HolidayDay struct {
	Date    string  `json:"date"`    // YYYY-MM-DD, in the year or in the December before (New Year's make-up days)
	Holiday string  `json:"holiday"` // the holiday it belongs to, e.g. 春节
	Kind    DayKind `json:"kind"`
}

// DayKind says whether an arranged day is off or worked.
type DayKind string

// The kinds of arranged day.
const (
	DayOff  DayKind = "off"  // a day of rest (放假), usually a weekday
	DayWork DayKind = "work" // a Saturday or Sunday worked (调休上班)
)

// NoticeStatus is where a loaded version of a year's arrangement stands.
type NoticeStatus string

// A year has at most one current version; loading another supersedes it, and
// the superseded one stays on record (what deadlines were counted with).
const (
	NoticeCurrent    NoticeStatus = "current"    // set when loaded; → superseded when the year is loaded again
	NoticeSuperseded NoticeStatus = "superseded" // final
)

// CalendarNotice is one loaded version of a year's arrangement.
type CalendarNotice struct {
	ID int64 `json:"id"`
	HolidayArrangement
	Status   NoticeStatus `json:"status"`
	Replaces *int64       `json:"replaces"`  // the version it superseded, if any
	LoadedBy string       `json:"loaded_by"` // the username, or "system" for the command line
	LoadedAt time.Time    `json:"loaded_at"`
}
