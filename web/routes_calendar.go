package web

import (
	"net/http"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

// calendarRoutes registers the working-day calendar: anyone asks it; the
// Ministry of Finance's administrators load a year's holiday arrangement.
func (s *Server) calendarRoutes(rt *router) {
	rt.page("/calendar", Public, s.calendarPage)
	rt.page("/staff/calendar", signedIn, s.staffCalendarPage)
	rt.upload("/staff/calendar", goumai.ActLoadCalendar, s.staffCalendarLoad)

	rt.read("/api/v1/calendar/working-day", Public, s.apiWorkingDay)
	rt.read("/api/v1/calendar/add", Public, s.apiCalendarAdd)
	rt.read("/api/v1/calendar/arrangements", Public, s.apiCalendarArrangements)
	rt.api("POST", "/api/v1/calendar/arrangements", goumai.ActLoadCalendar, actionWithin(rules.MaxArrangementBytes, http.StatusCreated, "", s.apiCalendarLoad))
}
