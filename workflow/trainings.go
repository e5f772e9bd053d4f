package workflow

import (
	"context"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Training sessions (培训, issue 13 item 5): a finance department's staff
// announce a session for the staff of their region subtree, with materials;
// staff of that subtree register (before the deadline, within the capacity,
// once); the organisers record attendance; registrants download materials.

// TrainingInput is a session as announced.
type TrainingInput struct {
	Title     string   `json:"title"`
	StartsOn  string   `json:"starts_on"`
	EndsOn    string   `json:"ends_on"`
	Place     string   `json:"place"`
	Online    bool     `json:"online"`
	Capacity  int      `json:"capacity"`
	Deadline  string   `json:"deadline"`
	Materials []Upload `json:"materials"`
}

func (s *Service) organiser(a goumai.Actor, t goumai.Training) error {
	if err := s.Policy.Can(a, goumai.ActOrganiseTraining, goumai.Target{Region: t.Region}); err != nil {
		return err
	}
	if !a.IsSystem() && a.Org.ID != t.OrgID {
		return goumai.ErrForbidden()
	}
	return nil
}

// CreateTraining announces a training of the actor's department for its subtree.
func (s *Service) CreateTraining(ctx context.Context, a goumai.Actor, in TrainingInput) (goumai.Training, error) {
	t := goumai.Training{OrgID: a.Org.ID, Region: a.Org.Region, Title: strings.TrimSpace(in.Title), StartsOn: strings.TrimSpace(in.StartsOn),
		EndsOn: strings.TrimSpace(in.EndsOn), Place: strings.TrimSpace(in.Place), Online: in.Online, Capacity: in.Capacity,
		Deadline: strings.TrimSpace(in.Deadline), Materials: []goumai.File{}, CreatedBy: a.UserID}
	if err := s.organiser(a, t); err != nil {
		return t, err
	}
	if err := goumai.CheckTraining(t); err != nil {
		return t, err
	}
	if len(in.Materials) > goumai.MaxTrainingFiles {
		return t, goumai.Fields{"materials": goumai.M("附件过多", "too many files")}.Err()
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		for _, u := range in.Materials {
			f, err := s.StoreUpload(ctx, tx, a, t.Region, u.Name, u.Content)
			if err != nil {
				return err
			}
			t.Materials = append(t.Materials, f)
		}
		var err error
		if t.ID, err = tx.InsertTraining(ctx, t); err != nil {
			return err
		}
		t.CreatedAt = tx.Now()
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "training.create", Table: "trainings", Key: t.ID, Region: t.Region})
		return err
	})
	return t, err
}

// RegisterTraining registers the actor for a training of a region above or
// equal to their organisation's, before its deadline and within its capacity.
func (s *Service) RegisterTraining(ctx context.Context, a goumai.Actor, id int64) (goumai.TrainingRegistration, error) {
	r := goumai.TrainingRegistration{TrainingID: id, UserID: a.UserID, OrgID: a.Org.ID}
	if a.Anonymous() || a.UserID == 0 {
		return r, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	if !a.Org.CanPurchase() {
		// Trainings are for the staff of government bodies (财综〔2013〕111号 三:
		// 加强对政府购买服务工作的培训): suppliers learn from the public section.
		return r, goumai.Errorf(goumai.EForbidden, "培训面向机关和参公单位的工作人员，供应商不能报名", "trainings are for the staff of government bodies; suppliers cannot register")
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		t, err := tx.Training(ctx, id)
		if err != nil {
			return err
		}
		if !s.Policy.Regions.Contains(t.Region, a.Org.Region) {
			return goumai.ErrNotFound("培训", "training")
		}
		if today := tx.Now().In(goumai.Shanghai).Format("2006-01-02"); today > t.Deadline {
			return goumai.Errorf(goumai.EConflict, "报名已截止（"+t.Deadline+"）", "registration closed on "+t.Deadline)
		}
		if r.ID, err = tx.InsertRegistration(ctx, r); err != nil {
			return err
		}
		r.RegisteredAt = tx.Now()
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "training.register", Table: "training_registrations", Key: r.ID, Region: t.Region}); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "training.register", Table: "trainings", Key: t.ID, Region: t.Region})
		return err
	})
	return r, err
}

// RecordAttendance records, as an organiser, that a registered user attended.
func (s *Service) RecordAttendance(ctx context.Context, a goumai.Actor, id, userID int64) (goumai.TrainingRegistration, error) {
	var r goumai.TrainingRegistration
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		t, err := tx.Training(ctx, id)
		if err != nil {
			return err
		}
		if err := s.organiser(a, t); err != nil {
			return err
		}
		if today := tx.Now().In(goumai.Shanghai).Format("2006-01-02"); today < t.StartsOn {
			return goumai.Errorf(goumai.EConflict, "培训开始后方可登记出勤（"+t.StartsOn+"）", "attendance is recorded from the first day, "+t.StartsOn)
		}
		if r, err = tx.Registration(ctx, id, userID); err != nil {
			return goumai.Fields{"user_id": goumai.M("该人员未报名此培训", "this person is not registered")}.Err()
		}
		if r.Attended {
			return nil
		}
		if err := tx.MarkAttended(ctx, r.ID); err != nil {
			return err
		}
		r.Attended = true
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "training.attend", Table: "training_registrations", Key: r.ID, Region: t.Region})
		return err
	})
	return r, err
}

// TrainingMaterials returns a training's materials to its registrants and organisers.
func (s *Service) TrainingMaterials(ctx context.Context, a goumai.Actor, id int64) ([]goumai.File, error) {
	var files []goumai.File
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		t, err := tx.Training(ctx, id)
		if err != nil {
			return err
		}
		if s.organiser(a, t) != nil {
			if _, err := tx.Registration(ctx, id, a.UserID); err != nil {
				return goumai.Errorf(goumai.EForbidden, "报名后方可下载培训材料", "register to download the materials")
			}
		}
		files = t.Materials
		return nil
	})
	return files, err
}

// TrainingView is a training as one member of staff sees it.
type TrainingView struct {
	goumai.Training
	Organiser     bool                          `json:"organiser"`     // the actor may record attendance
	Enrolled      bool                          `json:"enrolled"`      // the actor is registered
	CanRegister   bool                          `json:"can_register"`  // the training is for the actor's region or above
	Registrations []sqlstore.TrainingRegistrant `json:"registrations"` // for the organisers only
}

// Training returns a training to the staff of its region subtree and of the
// regions above it (others are told it does not exist).
func (s *Service) Training(ctx context.Context, a goumai.Actor, id int64) (TrainingView, error) {
	t, err := s.Store.Training(ctx, id)
	if err != nil {
		return TrainingView{}, err
	}
	v := TrainingView{Training: t, Registrations: []sqlstore.TrainingRegistrant{}}
	v.CanRegister = !a.Anonymous() && s.Policy.Regions.Contains(t.Region, a.Org.Region)
	if !v.CanRegister && !a.IsSystem() && !s.Policy.Regions.Contains(a.Org.Region, t.Region) {
		return TrainingView{}, goumai.ErrNotFound("培训", "training")
	}
	v.Organiser = s.organiser(a, t) == nil
	if v.Organiser {
		if v.Registrations, err = s.Store.TrainingRegistrations(ctx, id); err != nil {
			return v, err
		}
	}
	if v.Enrolled, err = s.Store.Registered(ctx, id, a.UserID); err != nil {
		return v, err
	}
	return v, nil
}

// TrainingMaterial returns one material of a training to its registrants and organisers.
func (s *Service) TrainingMaterial(ctx context.Context, a goumai.Actor, id int64, digest string) (goumai.File, []byte, error) {
	if _, err := s.Training(ctx, a, id); err != nil {
		return goumai.File{}, nil, err
	}
	files, err := s.TrainingMaterials(ctx, a, id)
	if err != nil {
		return goumai.File{}, nil, err
	}
	for _, f := range files {
		if f.SHA256 == digest {
			_, content, err := s.Store.FileContent(ctx, digest)
			return f, content, err
		}
	}
	return goumai.File{}, nil, goumai.ErrNotFound("培训材料", "training material")
}
