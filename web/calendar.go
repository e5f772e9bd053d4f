package web

import (
	"cmp"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
	"github.com/goumai/goumai/workflow"
)

// The working-day calendar: the questions anyone may ask it (is a date a
// working day, when does a period end), the arranged years and their notices,
// and the Ministry of Finance's loading of a year's arrangement.

// askDay answers ?date=: is it a working day, and why.
func askDay(c *rules.Calendar, q url.Values) (rules.Day, error) {
	t, err := rules.ParseDay("date", q.Get("date"))
	if err != nil {
		return rules.Day{}, err
	}
	return c.Day(t), nil
}

// askPeriod answers ?from=&n=&unit=: the end of n days (or working days) after from.
func askPeriod(c *rules.Calendar, q url.Values) (rules.Period, error) {
	f := goumai.Fields{}
	from, err := rules.ParseDay("from", q.Get("from"))
	collect(f, err)
	n, err := rules.ParseCount("n", q.Get("n"))
	collect(f, err)
	unit, err := rules.ParseUnit("unit", q.Get("unit"))
	collect(f, err)
	if err := f.Err(); err != nil {
		return rules.Period{}, err
	}
	return c.Count(from, n, unit)
}

// collect adds the field messages of an EInvalid error to f.
func collect(f goumai.Fields, err error) {
	for k, m := range goumai.AsError(err).Fields {
		f[k] = m
	}
}

func (s *Server) apiWorkingDay(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.Calendar(r.Context())
	var d rules.Day
	if err == nil {
		d, err = askDay(c, r.URL.Query())
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (s *Server) apiCalendarAdd(w http.ResponseWriter, r *http.Request) {
	c, err := s.store.Calendar(r.Context())
	var p rules.Period
	if err == nil {
		p, err = askPeriod(c, r.URL.Query())
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiCalendarArrangements(w http.ResponseWriter, r *http.Request) {
	ys, err := s.svc.CalendarArrangements(r.Context(), r.URL.Query().Get("year"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, ys)
}

// apiCalendarLoad is POST /api/v1/calendar/arrangements: the body is the
// arrangement file (routed with the file's size limit).
func (s *Server) apiCalendarLoad(c call[goumai.HolidayArrangement]) (workflow.CalendarLoad, error) {
	return s.svc.LoadCalendar(c.ctx(), c.a, c.in)
}

// yearRow is a line of the arranged years: a run of lunar-go's years, or one loaded year.
type yearRow struct {
	From, To int
	Source   string
	Issued   string
	Loaded   bool
}

func yearRows(ys []rules.YearSource) []yearRow {
	var out []yearRow
	for _, y := range ys {
		if n := len(out); n > 0 && !y.Loaded && !out[n-1].Loaded && out[n-1].To == y.Year-1 && out[n-1].Source == y.Source {
			out[n-1].To = y.Year
			continue
		}
		out = append(out, yearRow{From: y.Year, To: y.Year, Source: y.Source, Issued: y.Issued, Loaded: y.Loaded})
	}
	return out
}

// calendarData is the calendar page: the answers to the questions in the
// query, the arranged years, a year's versions (?year=), and for staff whether
// they may load. The first error of a question is returned with the data.
func (s *Server) calendarData(r *http.Request, a goumai.Actor, staff bool) (map[string]any, error) {
	ctx, q := r.Context(), r.URL.Query()
	c, err := s.store.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	first, last := c.Years()
	d := map[string]any{"Staff": staff, "Query": q, "Years": yearRows(c.ArrangedYears()), "First": first, "Last": last,
		"CanLoad": staff && s.svc.Policy.Gate(a, goumai.ActLoadCalendar) == nil, "MaxKB": rules.MaxArrangementBytes >> 10}
	var asked error
	if q.Has("date") {
		day, err := askDay(c, q)
		d["Day"], d["DayError"] = day, errorOf(err)
		asked = cmp.Or(asked, err)
	}
	if q.Has("from") || q.Has("n") {
		p, err := askPeriod(c, q)
		if err == nil {
			d["Period"], d["PeriodDay"] = p, c.Day(p.End)
		}
		d["PeriodError"] = errorOf(err)
		asked = cmp.Or(asked, err)
	}
	if y := q.Get("year"); y != "" {
		ys, err := s.svc.CalendarArrangements(ctx, y)
		if err != nil {
			return nil, err
		}
		d["Year"], d["Versions"] = y, ys.Notices
	}
	return d, asked
}

// errorOf is err as the templates show it (nil for none).
func errorOf(err error) *goumai.Error {
	if err == nil {
		return nil
	}
	return goumai.AsError(err)
}

// calendarPage is the public calendar: ask it, see the arranged years and their notices.
func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) {
	s.calendarView(w, r, false)
}

// staffCalendarPage is the same for staff, with the loading of a year for the
// Ministry of Finance's administrators.
func (s *Server) staffCalendarPage(w http.ResponseWriter, r *http.Request) {
	s.calendarView(w, r, true)
}

func (s *Server) calendarView(w http.ResponseWriter, r *http.Request, staff bool) {
	a := actorOf(r)
	d, err := s.calendarData(r, a, staff)
	if d == nil {
		s.fail(w, r, err)
		return
	}
	if err != nil {
		s.formError(w, r, "calendar", d, err)
		return
	}
	s.render(w, r, http.StatusOK, "calendar", d)
}

// staffCalendarLoad loads the arrangement uploaded as a file or pasted, and
// shows what changed.
func (s *Server) staffCalendarLoad(w http.ResponseWriter, r *http.Request) {
	a, err := s.requireUser(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var res workflow.CalendarLoad
	arr, err := postedArrangement(r)
	if err == nil {
		res, err = s.svc.LoadCalendar(r.Context(), a, arr)
	}
	d, derr := s.calendarData(r, a, true)
	if d == nil {
		s.fail(w, r, derr)
		return
	}
	if err != nil {
		e := goumai.AsError(err)
		d["LoadError"], d["LoadProblems"], d["LoadText"] = e, problems(e, infoOf(r).lang), r.PostFormValue("text")
		s.formError(w, r, "calendar", d, err)
		return
	}
	d["Loaded"] = res
	s.render(w, r, http.StatusOK, "calendar", d)
}

// postedArrangement reads the arrangement file of the form: an uploaded file,
// or the text pasted (one of the two).
func postedArrangement(r *http.Request) (goumai.HolidayArrangement, error) {
	text := r.PostFormValue("text")
	var b []byte
	file, _, ferr := r.FormFile("file")
	switch {
	case ferr == nil:
		defer file.Close()
		if strings.TrimSpace(text) != "" {
			return goumai.HolidayArrangement{}, goumai.Fields{"text": goumai.M("请上传文件或粘贴内容，二者选一", "upload a file or paste the text, not both")}.Err()
		}
		var err error
		if b, err = io.ReadAll(io.LimitReader(file, rules.MaxArrangementBytes+1)); err != nil {
			return goumai.HolidayArrangement{}, goumai.Fields{"file": goumai.M("无法读取上传的文件", "the uploaded file could not be read")}.Err()
		}
	case strings.TrimSpace(text) != "":
		b = []byte(text)
	default:
		return goumai.HolidayArrangement{}, goumai.Fields{"file": goumai.M("请上传节假日安排文件（JSON），或将其内容粘贴在下方", "upload the arrangement file (JSON), or paste its text below")}.Err()
	}
	return rules.ParseArrangement(b)
}

// problems lists an error's field messages in field order (days.2 before days.10).
func problems(e *goumai.Error, lang string) []string {
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, fieldOrder)
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k + ": " + e.Fields[k].In(lang)
	}
	return out
}

// fieldOrder compares dotted field paths, numbers as numbers.
func fieldOrder(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, xerr := strconv.Atoi(as[i])
		y, yerr := strconv.Atoi(bs[i])
		switch {
		case xerr == nil && yerr == nil && x != y:
			return x - y
		case (xerr != nil || yerr != nil) && as[i] != bs[i]:
			return strings.Compare(as[i], bs[i])
		}
	}
	return len(as) - len(bs)
}

// The calendar page's template functions: the end of a period, the labels of
// a version's status and of a day's kind.
func init() {
	funcs["noticestatus"] = func(lang string, st goumai.NoticeStatus) string {
		return tr(lang, map[goumai.NoticeStatus]string{goumai.NoticeCurrent: "calendar.status.current", goumai.NoticeSuperseded: "calendar.status.superseded"}[st])
	}
	funcs["daykind"] = func(lang string, k goumai.DayKind) string {
		return tr(lang, map[goumai.DayKind]string{goumai.DayOff: "calendar.kind.off", goumai.DayWork: "calendar.kind.work"}[k])
	}
	funcs["deadline"] = func(t time.Time) string { return t.In(goumai.Shanghai).Format("2006-01-02 15:04:05") }
	funcs["deadlinep"] = func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.In(goumai.Shanghai).Format("2006-01-02 15:04:05")
	}
}
