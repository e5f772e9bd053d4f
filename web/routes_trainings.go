package web

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// organiseTraining is the gate of announcing a training and recording attendance.
const organiseTraining = goumai.ActOrganiseTraining

// trainingRoutes registers the trainings (培训, issue 13 item 5): the list of
// the trainings of the actor's region, above and below it, with the counts
// per region; a training with registration, materials and, for its
// organisers, the attendance form; announcing a training with its materials.
func (s *Server) trainingRoutes(rt *router) {
	rt.page("/staff/trainings", signedIn, s.trainingsPage)
	rt.page("/staff/trainings/new", organiseTraining, s.trainingNew)
	rt.upload("/staff/trainings", organiseTraining, s.trainingCreate)
	rt.page("/staff/trainings/{id}", signedIn, s.trainingPage)
	rt.form("/staff/trainings/{id}/register", signedIn, s.trainingRegister)
	rt.form("/staff/trainings/{id}/attendance", organiseTraining, s.trainingAttendance)
	rt.page("/staff/trainings/{id}/materials/{sha256}", signedIn, s.trainingMaterial)

	rt.read("/api/v1/trainings", signedIn, s.apiTrainings)
	rt.read("/api/v1/trainings/{id}", signedIn, s.apiTraining)
	rt.read("/api/v1/trainings/{id}/materials/{sha256}", signedIn, s.trainingMaterial)
	rt.api("POST", "/api/v1/trainings", organiseTraining, actionWithin(maxEvidenceBody, http.StatusCreated, "training",
		func(c call[workflow.TrainingInput]) (goumai.Training, error) {
			return s.svc.CreateTraining(c.ctx(), c.a, c.in)
		}))
	rt.api("POST", "/api/v1/trainings/{id}/registrations", signedIn, on(http.StatusCreated, "registration", s.svc.RegisterTraining))
	rt.api("POST", "/api/v1/trainings/{id}/attendance", organiseTraining, actID(http.StatusOK, "registration",
		func(ctx context.Context, a goumai.Actor, id int64, in attendanceInput) (goumai.TrainingRegistration, error) {
			return s.svc.RecordAttendance(ctx, a, id, in.UserID)
		}))
}

// attendanceInput names the registrant who attended.
type attendanceInput struct {
	UserID int64 `json:"user_id"`
}

// trainingRow is a training as listed.
type trainingRow struct {
	goumai.Training
	URL        string `json:"url"`
	RegionName string `json:"region_name"`
}

// trainingRegionCount is one region's counts on the list page.
type trainingRegionCount struct {
	Region     string `json:"region"`
	RegionName string `json:"region_name"`
	sqlstore.TrainingCount
}

func (s *Server) trainingRow(t goumai.Training) trainingRow {
	return trainingRow{Training: t, URL: "/staff/trainings/" + strconv.FormatInt(t.ID, 10), RegionName: s.store.Regions().FullName(t.Region)}
}

// trainingList is the trainings the actor sees and the counts of their
// region and the regions right below it.
func (s *Server) trainingList(ctx context.Context, a goumai.Actor) ([]trainingRow, []trainingRegionCount, error) {
	ts, err := s.store.TrainingsFor(ctx, a.Org.Region)
	if err != nil {
		return nil, nil, err
	}
	rows := make([]trainingRow, len(ts))
	for i, t := range ts {
		rows[i] = s.trainingRow(t)
	}
	var counts []trainingRegionCount
	for _, code := range append([]string{a.Org.Region}, s.store.Regions().Children(a.Org.Region)...) {
		c, err := s.store.TrainingCounts(ctx, code)
		if err != nil {
			return nil, nil, err
		}
		counts = append(counts, trainingRegionCount{Region: code, RegionName: s.store.Regions().FullName(code), TrainingCount: c})
	}
	return rows, counts, nil
}

func (s *Server) trainingsPage(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	rows, counts, err := s.trainingList(r.Context(), a)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "trainings", map[string]any{"Rows": rows, "Counts": counts,
		"CanOrganise": s.svc.Policy.Can(a, organiseTraining, goumai.Target{Region: a.Org.Region}) == nil})
}

func (s *Server) apiTrainings(w http.ResponseWriter, r *http.Request) {
	rows, counts, err := s.trainingList(r.Context(), actorOf(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"trainings": rows, "counts": counts})
}

// trainingFormOf reads the form of a new training.
func trainingFormOf(r *http.Request) workflow.TrainingInput {
	capacity, _ := strconv.Atoi(strings.TrimSpace(r.PostFormValue("capacity")))
	return workflow.TrainingInput{Title: r.PostFormValue("title"), StartsOn: r.PostFormValue("starts_on"), EndsOn: r.PostFormValue("ends_on"),
		Place: r.PostFormValue("place"), Online: r.PostFormValue("online") == "on", Capacity: capacity, Deadline: r.PostFormValue("deadline")}
}

// trainingUploads reads the materials of the form (none, one or several files).
func trainingUploads(r *http.Request) ([]workflow.Upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []workflow.Upload
	for _, h := range r.MultipartForm.File["materials"] {
		if h.Size == 0 {
			continue
		}
		f, err := h.Open()
		if err != nil {
			return nil, err
		}
		buf, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, goumai.Fields{"materials": goumai.M("无法读取文件", "the file could not be read")}.Err()
		}
		out = append(out, workflow.Upload{Name: h.Filename, Content: buf})
	}
	return out, nil
}

func trainingFormData(f workflow.TrainingInput, err error) map[string]any {
	d := map[string]any{"Form": f}
	if err != nil {
		d["Error"] = goumai.AsError(err)
	}
	return d
}

func (s *Server) trainingNew(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "training_form", trainingFormData(workflow.TrainingInput{Capacity: 50}, nil))
}

func (s *Server) trainingCreate(w http.ResponseWriter, r *http.Request) {
	f := trainingFormOf(r)
	files, err := trainingUploads(r)
	if err == nil {
		f.Materials = files
		var t goumai.Training
		if t, err = s.svc.CreateTraining(r.Context(), actorOf(r), f); err == nil {
			http.Redirect(w, r, "/staff/trainings/"+strconv.FormatInt(t.ID, 10)+"?done=saved", http.StatusSeeOther)
			return
		}
	}
	f.Materials = nil
	s.formError(w, r, "training_form", trainingFormData(f, err), err)
}

// trainingPageData is a training's page: the training, and the error of a refused step.
func (s *Server) trainingPageData(r *http.Request) (map[string]any, error) {
	v, err := s.svc.Training(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		return nil, err
	}
	return map[string]any{"V": v, "RegionName": s.store.Regions().FullName(v.Region), "Full": v.Registered >= v.Capacity}, nil
}

func (s *Server) trainingPage(w http.ResponseWriter, r *http.Request) {
	d, err := s.trainingPageData(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "training", d)
}

// trainingStep shows the training after a step, or again with the step's error.
func (s *Server) trainingStep(w http.ResponseWriter, r *http.Request, flash string, err error) {
	if err == nil {
		http.Redirect(w, r, "/staff/trainings/"+strconv.FormatInt(pathID(r), 10)+flash, http.StatusSeeOther)
		return
	}
	d, derr := s.trainingPageData(r)
	if derr != nil {
		s.fail(w, r, derr)
		return
	}
	d["Error"] = goumai.AsError(err)
	s.formError(w, r, "training", d, err)
}

func (s *Server) trainingRegister(w http.ResponseWriter, r *http.Request) {
	_, err := s.svc.RegisterTraining(r.Context(), actorOf(r), pathID(r))
	s.trainingStep(w, r, "?done=training_registered", err)
}

func (s *Server) trainingAttendance(w http.ResponseWriter, r *http.Request) {
	user, _ := strconv.ParseInt(strings.TrimSpace(r.PostFormValue("user_id")), 10, 64)
	_, err := s.svc.RecordAttendance(r.Context(), actorOf(r), pathID(r), user)
	s.trainingStep(w, r, "?done=training_attended", err)
}

func (s *Server) apiTraining(w http.ResponseWriter, r *http.Request) {
	v, err := s.svc.Training(r.Context(), actorOf(r), pathID(r))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"training": v})
}

// trainingMaterial serves a material to the training's registrants and organisers.
func (s *Server) trainingMaterial(w http.ResponseWriter, r *http.Request) {
	f, content, err := s.svc.TrainingMaterial(r.Context(), actorOf(r), pathID(r), r.PathValue("sha256"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	serveDownload(w, "training-"+f.SHA256[:12]+goumai.FileExt(f.Type), f, content)
}
