package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
)

// The query parameters the lists share. A parameter that is given must be
// valid: a wrong value is refused with an error on its field, never replaced
// silently by a default or by another region.

// listRegion reads a public list's ?region=: "" when absent; an unknown code is invalid.
func (s *Server) listRegion(r *http.Request) (string, error) {
	region := strings.TrimSpace(r.URL.Query().Get("region"))
	return region, s.svc.CheckRegion(region)
}

// scopedRegion reads ?region= for a list of root's subtree: root when absent;
// an unknown code is invalid, one outside the subtree forbidden.
func (s *Server) scopedRegion(r *http.Request, root string) (string, error) {
	return s.svc.ScopeRegion(root, strings.TrimSpace(r.URL.Query().Get("region")))
}

// budgetScope reads the region and fiscal year of the budget and reform lists
// (public data: any region may be asked for): the region given, else the
// actor's region, else the national root; the year given, else 0 for every year.
func (s *Server) budgetScope(r *http.Request) (string, int, error) {
	region, err := s.listRegion(r)
	if err != nil {
		return "", 0, err
	}
	if region == "" {
		region = actorOf(r).Org.Region
	}
	if region == "" {
		region = goumai.NationalCode
	}
	year := 0
	if y := strings.TrimSpace(r.URL.Query().Get("year")); y != "" {
		var err error
		if year, err = strconv.Atoi(y); err != nil || year < 2000 || year > 2100 {
			return "", 0, goumai.Fields{"year": goumai.M("预算年度须为2000至2100之间的年份", "year must be a year from 2000 to 2100")}.Err()
		}
	}
	return region, year, nil
}

// projectStatuses reads ?status=: none, or one project status (which ones
// the actor may list is the use case's to say).
func projectStatuses(r *http.Request) ([]goumai.ProjectStatus, error) {
	st := goumai.ProjectStatus(strings.TrimSpace(r.URL.Query().Get("status")))
	switch {
	case st == "":
		return nil, nil
	case !st.Valid():
		return nil, goumai.Fields{"status": goumai.M("未知的项目状态", "unknown project status")}.Err()
	}
	return []goumai.ProjectStatus{st}, nil
}

// optionalInt reads a non-negative integer query parameter: 0 when absent.
func optionalInt(r *http.Request, name string) (int64, error) {
	v := strings.TrimSpace(r.URL.Query().Get(name))
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, goumai.Fields{name: goumai.M("须为非负整数", "must be a non-negative whole number")}.Err()
	}
	return n, nil
}
