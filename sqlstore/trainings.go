package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/goumai/goumai"
)

// Training sessions (migration 0065, goumai.Training) and registrations.

func init() {
	registerTable(table{name: "trainings", key: "id", cols: []column{{"id", colInt}, {"org_id", colInt}, {"region", colText}, {"title", colText},
		{"starts_on", colText}, {"ends_on", colText}, {"place", colText}, {"online", colBool}, {"capacity", colInt}, {"deadline", colText},
		{"materials", colJSON}, {"registered", colInt}, {"created_by", colNullInt}, {"created_at", colText}}})
	registerTable(table{name: "training_registrations", key: "id", cols: []column{{"id", colInt}, {"training_id", colInt}, {"user_id", colInt},
		{"org_id", colInt}, {"registered_at", colText}, {"attended", colBool}}})
}

var (
	trainingWhat     = goumai.M("培训", "training")
	registrationWhat = goumai.M("培训报名", "training registration")
	errTrainingFull  = goumai.Errorf(goumai.EConflict, "培训名额已满", "the training is full")
)

const trainingCols = `id, org_id, region, title, starts_on, ends_on, place, online, capacity, deadline, materials, registered, created_by, created_at`

func scanTraining(sc scanner) (goumai.Training, error) {
	var t goumai.Training
	var materials, created string
	var by sql.NullInt64
	if err := sc.Scan(&t.ID, &t.OrgID, &t.Region, &t.Title, &t.StartsOn, &t.EndsOn, &t.Place, &t.Online, &t.Capacity, &t.Deadline,
		&materials, &t.Registered, &by, &created); err != nil {
		return t, err
	}
	t.CreatedBy = by.Int64
	if err := json.Unmarshal([]byte(materials), &t.Materials); err != nil {
		return t, err
	}
	return t, scanTimes(map[*time.Time]string{&t.CreatedAt: created}, nil)
}

// InsertTraining adds a training and returns its id.
func (tx *Tx) InsertTraining(ctx context.Context, t goumai.Training) (int64, error) {
	files, err := jsonList(t.Materials)
	if err != nil {
		return 0, err
	}
	return tx.insertRow(ctx, "trainings", trainingWhat, `INSERT INTO trainings (org_id, region, title, starts_on, ends_on, place, online, capacity,
		deadline, materials, registered, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 0, $11, $12)`,
		t.OrgID, t.Region, t.Title, t.StartsOn, t.EndsOn, t.Place, t.Online, t.Capacity, t.Deadline, files, nullID(t.CreatedBy), formatTime(tx.now))
}

// Training returns a training inside the transaction.
func (tx *Tx) Training(ctx context.Context, id int64) (goumai.Training, error) {
	t, err := scanTraining(tx.queryRow(ctx, `SELECT `+trainingCols+` FROM trainings WHERE id = $1`, id))
	return t, interpretError(err, trainingWhat)
}

// Training returns a training.
func (s *Store) Training(ctx context.Context, id int64) (goumai.Training, error) {
	t, err := scanTraining(s.r.QueryRowContext(ctx, `SELECT `+trainingCols+` FROM trainings WHERE id = $1`, id))
	return t, interpretError(err, trainingWhat)
}

// InsertRegistration takes a place of a training for a user: the place is
// taken by one conditional UPDATE (so two registrations cannot both take the
// last one), and a second registration of the same user is a conflict.
func (tx *Tx) InsertRegistration(ctx context.Context, r goumai.TrainingRegistration) (int64, error) {
	if _, err := tx.writeRow(ctx, "trainings", `UPDATE trainings SET registered = registered + 1 WHERE id = $1 AND registered < capacity`,
		r.TrainingID); goumai.ErrorCode(err) == goumai.ENotFound {
		return 0, errTrainingFull
	} else if err != nil {
		return 0, err
	}
	var n int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM training_registrations WHERE training_id = $1 AND user_id = $2`, r.TrainingID, r.UserID).Scan(&n); err != nil {
		return 0, err
	}
	if n > 0 {
		return 0, goumai.Errorf(goumai.EConflict, "您已报名参加该培训", "you are registered for this training already")
	}
	return tx.insertRow(ctx, "training_registrations", registrationWhat, `INSERT INTO training_registrations (training_id, user_id, org_id,
		registered_at, attended) VALUES ($1, $2, $3, $4, $5)`, r.TrainingID, r.UserID, r.OrgID, formatTime(tx.now), false)
}

// Registration returns a user's registration for a training (ENotFound if none), inside the transaction.
func (tx *Tx) Registration(ctx context.Context, trainingID, userID int64) (goumai.TrainingRegistration, error) {
	var r goumai.TrainingRegistration
	var at string
	err := tx.queryRow(ctx, `SELECT id, training_id, user_id, org_id, registered_at, attended FROM training_registrations
		WHERE training_id = $1 AND user_id = $2`, trainingID, userID).Scan(&r.ID, &r.TrainingID, &r.UserID, &r.OrgID, &at, &r.Attended)
	if err != nil {
		return r, interpretError(err, registrationWhat)
	}
	return r, scanTimes(map[*time.Time]string{&r.RegisteredAt: at}, nil)
}

// MarkAttended records that a registrant attended.
func (tx *Tx) MarkAttended(ctx context.Context, id int64) error {
	_, err := tx.writeRow(ctx, "training_registrations", `UPDATE training_registrations SET attended = $1 WHERE id = $2`, true, id)
	return interpretError(err, registrationWhat)
}

// TrainingCount is a region's trainings, registrations and attendances.
type TrainingCount struct {
	Trainings     int64 `json:"trainings"`
	Registrations int64 `json:"registrations"`
	Attended      int64 `json:"attended"`
}

// TrainingCounts counts the trainings held for region itself (not its subtree).
func (s *Store) TrainingCounts(ctx context.Context, region string) (TrainingCount, error) {
	var c TrainingCount
	err := s.r.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(registered), 0),
		(SELECT count(*) FROM training_registrations g JOIN trainings t ON t.id = g.training_id WHERE t.region = $1 AND g.attended = $2)
		FROM trainings WHERE region = $1`, region, true).Scan(&c.Trainings, &c.Registrations, &c.Attended)
	return c, err
}

// trainingsForSQL lists the trainings held for any of regions (a reader's
// region, those above it and those below it), newest first.
func trainingsForSQL(regions []string) (string, []any) {
	w := &where{}
	if regions != nil {
		vals := make([]any, len(regions))
		for i, r := range regions {
			vals[i] = r
		}
		w.in("region", vals...)
	}
	limit := w.limit(200, 200, 200)
	return `SELECT ` + trainingCols + ` FROM trainings WHERE ` + w.sql() + ` ORDER BY id DESC LIMIT ` + limit, w.args
}

var listTrainingsFor = registerList("TrainingsFor", func(s *Store) []listSample {
	return []listSample{sample(trainingsForSQL([]string{"330106", "330100", "330000", "100000"})).
		sorted("the trainings of a reader's few regions, merged by id"),
		sample(trainingsForSQL(nil)).wholeTable("the national view: the latest 200 trainings of every region, read backwards by id up to the limit")}
})

// TrainingsFor returns the latest 200 trainings a member of region's staff
// sees: those held for region and the regions above it (which they may
// register for) and those held for the regions below it.
func (s *Store) TrainingsFor(ctx context.Context, region string) ([]goumai.Training, error) {
	if region == "" || region == goumai.NationalCode {
		q, args := trainingsForSQL(nil)
		return queryList(ctx, s.r, listTrainingsFor, scanTraining, q, args...)
	}
	codes := s.Regions().PathCodes(region)
	for _, c := range s.subtreeCodes(region) {
		if c != region {
			codes = append(codes, c)
		}
	}
	q, args := trainingsForSQL(codes)
	return queryList(ctx, s.r, listTrainingsFor, scanTraining, q, args...)
}

const trainingRegistrationsSQL = `SELECT g.id, g.training_id, g.user_id, g.org_id, g.registered_at, g.attended, u.username
	FROM training_registrations g JOIN users u ON u.id = g.user_id WHERE g.training_id = $1 ORDER BY g.training_id, g.user_id LIMIT 10000`

var listTrainingRegistrations = registerList("TrainingRegistrations", func(s *Store) []listSample {
	return []listSample{sample(trainingRegistrationsSQL, []any{1})}
})

// TrainingRegistrant is a registration with the registrant's username.
type TrainingRegistrant struct {
	goumai.TrainingRegistration
	Username string `json:"username"`
}

// TrainingRegistrations returns a training's registrations in order of user.
func (s *Store) TrainingRegistrations(ctx context.Context, trainingID int64) ([]TrainingRegistrant, error) {
	return queryList(ctx, s.r, listTrainingRegistrations, func(sc scanner) (TrainingRegistrant, error) {
		var r TrainingRegistrant
		var at string
		if err := sc.Scan(&r.ID, &r.TrainingID, &r.UserID, &r.OrgID, &at, &r.Attended, &r.Username); err != nil {
			return r, err
		}
		return r, scanTimes(map[*time.Time]string{&r.RegisteredAt: at}, nil)
	}, trainingRegistrationsSQL, trainingID)
}

// Registered reports whether userID is registered for a training.
func (s *Store) Registered(ctx context.Context, trainingID, userID int64) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM training_registrations WHERE training_id = $1 AND user_id = $2`, trainingID, userID).Scan(&n)
	return n > 0, err
}
