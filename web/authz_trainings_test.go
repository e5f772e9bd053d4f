package web

import (
	"context"
	"fmt"
	"net/url"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/workflow"
)

// training announces, as username's department, a training that starts today
// (so that attendance may be recorded), with one material and with
// xihu.minzheng registered.
func (f fixture) training(username string) (goumai.Training, goumai.Actor) {
	f.t.Helper()
	ctx := context.Background()
	today := f.w.clock.Now().In(goumai.Shanghai).Format("2006-01-02")
	t, err := f.w.svc.CreateTraining(ctx, f.w.actor(f.t, username), workflow.TrainingInput{Title: fmt.Sprintf("授权测试培训%d", f.next()),
		StartsOn: today, EndsOn: today, Place: "线上", Online: true, Capacity: 100, Deadline: today,
		Materials: []workflow.Upload{{Name: "讲义.pdf", Content: []byte("%PDF-1.4 training")}}})
	if err != nil {
		f.t.Fatal(err)
	}
	registrant := f.w.actor(f.t, purchaser)
	if _, err := f.w.svc.RegisterTraining(ctx, registrant, t.ID); err != nil {
		f.t.Fatal(err)
	}
	return t, registrant
}

// trainingAuthzRows: finance staff announce trainings for their own region;
// the staff of that subtree (and the regions above) see one, register for it
// and, once registered, download its materials; the organisers record attendance.
func trainingAuthzRows() []authzRow {
	page := func(username, suffix string) func(fixture) request {
		return func(f fixture) request {
			t, _ := f.training(username)
			return request{method: "GET", path: idPath("/staff/trainings/", t.ID, suffix)}
		}
	}
	post := func(username, suffix string, body func(goumai.Actor) string) func(fixture) request {
		return func(f fixture) request {
			t, reg := f.training(username)
			return request{method: "POST", path: idPath("/api/v1/trainings/", t.ID, suffix), body: body(reg)}
		}
	}
	signed := func(anonymous, s int) statuses { return expect(anonymous, s, s, s, s, s, s, s, s, s) }
	attendance := func(reg goumai.Actor) string { return fmt.Sprintf(`{"user_id":%d}`, reg.UserID) }
	input := `{"title":"政府购买服务培训","starts_on":"2030-05-10","ends_on":"2030-05-10","place":"线上","online":true,"capacity":30,"deadline":"2030-05-01"}`
	return []authzRow{
		{"GET /staff/trainings", true, func(fixture) request { return request{method: "GET", path: "/staff/trainings"} }, signed(s303, s200)},
		{"GET /staff/trainings/new", true, func(fixture) request { return request{method: "GET", path: "/staff/trainings/new"} },
			expect(s303, s403, s403, s200, s200, s200, s200, s200, s403, s200)},
		{"POST /staff/trainings", true, func(fixture) request {
			return request{method: "POST", path: "/staff/trainings", form: url.Values{"title": {"政府购买服务培训"}, "starts_on": {"2030-05-10"},
				"ends_on": {"2030-05-10"}, "place": {"线上"}, "capacity": {"30"}, "deadline": {"2030-05-01"}}}
		}, expect(s401, s403, s403, s303, s303, s303, s303, s303, s403, s303)},
		{"GET /staff/trainings/{id} 330000", true, page(province, ""), signed(s303, s200)},
		{"GET /staff/trainings/{id} 330106", true, page(county, ""), signed(s303, s200)},
		{"POST /staff/trainings/{id}/register 330100", true, func(f fixture) request {
			t, _ := f.training(prefecture)
			return request{method: "POST", path: idPath("/staff/trainings/", t.ID, "/register"), form: url.Values{}}
		}, expect(s401, s403, s409, s303, s404, s303, s303, s404, s404, s404)},
		{"POST /staff/trainings/{id}/attendance 330106", true, func(f fixture) request {
			t, reg := f.training(county)
			return request{method: "POST", path: idPath("/staff/trainings/", t.ID, "/attendance"), form: url.Values{"user_id": {fmt.Sprint(reg.UserID)}}}
		}, expect(s401, s403, s403, s303, s403, s303, s403, s403, s403, s403)},
		{"GET /staff/trainings/{id}/materials/{sha256} 330106", true, func(f fixture) request {
			t, _ := f.training(county)
			return request{method: "GET", path: idPath("/staff/trainings/", t.ID, "/materials/"+t.Materials[0].SHA256)}
		}, expect(s303, s403, s200, s200, s403, s200, s403, s403, s403, s403)},
		{"GET trainings (API)", false, func(fixture) request { return request{method: "GET", path: "/api/v1/trainings"} }, signed(s401, s200)},
		{"GET training 330106 (API)", false, func(f fixture) request {
			t, _ := f.training(county)
			return request{method: "GET", path: idPath("/api/v1/trainings/", t.ID, "")}
		}, signed(s401, s200)},
		{"GET training material 330106 (API)", false, func(f fixture) request {
			t, _ := f.training(county)
			return request{method: "GET", path: idPath("/api/v1/trainings/", t.ID, "/materials/"+t.Materials[0].SHA256)}
		}, expect(s401, s403, s200, s200, s403, s200, s403, s403, s403, s403)},
		{"POST training (API)", false, func(fixture) request { return request{method: "POST", path: "/api/v1/trainings", body: input} },
			expect(s401, s403, s403, s201, s201, s201, s201, s201, s403, s201)},
		{"POST training bad input (API)", false, func(fixture) request {
			return request{method: "POST", path: "/api/v1/trainings", body: `{"title":"","starts_on":"x","ends_on":"","place":"","capacity":0,"deadline":""}`}
		}, expect(s401, s403, s403, s422, s422, s422, s422, s422, s403, s422)},
		{"POST training registration 330000 (API)", false, post(province, "/registrations", func(goumai.Actor) string { return "" }),
			expect(s401, s403, s409, s201, s201, s201, s201, s201, s201, s404)},
		{"POST training attendance 330106 (API)", false, post(county, "/attendance", attendance),
			expect(s401, s403, s403, s200, s403, s200, s403, s403, s403, s403)},
	}
}
