package web

import (
	"net/http"
	"strconv"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// publishStaffNotice is the gate of publishing a notice to staff.
const publishStaffNotice = goumai.ActPublishStaffNotice

// staffNoticeRoutes registers the notices to staff (通知, issue 13 item 5):
// the list (unread ones, and those the department sent with their read
// counts), a notice, marking it read, and publishing one.
func (s *Server) staffNoticeRoutes(rt *router) {
	rt.page("/staff/notices-to-staff", signedIn, s.staffNoticesPage)
	rt.form("/staff/notices-to-staff", publishStaffNotice, s.staffNoticePublish)
	rt.page("/staff/notices-to-staff/{id}", signedIn, s.staffNoticePage)
	rt.form("/staff/notices-to-staff/{id}/read", signedIn, s.staffNoticeRead)

	rt.api("POST", "/api/v1/staff-notices", publishStaffNotice, act(http.StatusCreated, "notice", s.svc.PublishStaffNotice))
	rt.api("POST", "/api/v1/staff-notices/{id}/read", signedIn, on(http.StatusOK, "notice", s.svc.ReadStaffNotice))
}

// staffNoticesData is the list page's data: the actor's unread notices, and
// for a department's finance staff the notices it sent and the form.
func (s *Server) staffNoticesData(r *http.Request, a goumai.Actor, form workflow.StaffNoticeInput, err error) (map[string]any, error) {
	unread, lerr := s.store.UnreadStaffNotices(r.Context(), s.svc.Policy.Regions.PathCodes(a.Org.Region), a.UserID)
	if lerr != nil {
		return nil, lerr
	}
	d := map[string]any{"Unread": unread, "Form": form}
	if s.svc.Policy.Can(a, publishStaffNotice, goumai.Target{Region: a.Org.Region}) == nil {
		sent, serr := s.svc.SentStaffNotices(r.Context(), a)
		if serr != nil {
			return nil, serr
		}
		d["Sent"], d["CanPublish"] = sent, true
	}
	if err != nil {
		d["Error"] = goumai.AsError(err)
	}
	return d, nil
}

func (s *Server) staffNoticesPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.staffNoticesData(r, actorOf(r), workflow.StaffNoticeInput{}, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "staff_notices", d)
}

func (s *Server) staffNoticePublish(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	in := workflow.StaffNoticeInput{Title: r.PostFormValue("title"), Body: r.PostFormValue("body")}
	n, err := s.svc.PublishStaffNotice(r.Context(), a, in)
	if err != nil {
		d, derr := s.staffNoticesData(r, a, in, err)
		if derr != nil {
			s.fail(w, r, derr)
			return
		}
		s.formError(w, r, "staff_notices", d, err)
		return
	}
	http.Redirect(w, r, "/staff/notices-to-staff/"+strconv.FormatInt(n.ID, 10)+"?done=saved", http.StatusSeeOther)
}

func (s *Server) staffNoticePage(w http.ResponseWriter, r *http.Request) {
	n, err := s.svc.StaffNotice(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "staff_notice", map[string]any{"N": n, "Sender": n.OrgID == actorOf(r).Org.ID})
}

func (s *Server) staffNoticeRead(w http.ResponseWriter, r *http.Request) {
	n, err := s.svc.ReadStaffNotice(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/staff/notices-to-staff/"+strconv.FormatInt(n.ID, 10), http.StatusSeeOther)
}
