package demo

import (
	"bytes"
	"context"
	"embed"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
	"github.com/goumai/goumai/workflow"
)

// Demo catalogue: an illustrative central catalogue, a 浙江省 catalogue in two
// versions (2025, superseded, and 2026, in force), 浙江省民政厅's department
// catalogue narrowing the province's and adding a fourth level, and public
// suggestions, one answered. The data and its provenance are in
// testdata/catalog_*.csv and testdata/catalog_SOURCE.md.

//go:embed testdata/catalog_central.csv testdata/catalog_zhejiang.csv testdata/catalog_zjmz.csv
var catalogFS embed.FS

// catalogRow is one line of a catalogue CSV file.
type catalogRow struct {
	in       workflow.CatalogItemInput
	in2025   bool
	name2025 string
}

// readCSV reads a CSV file into maps by header name.
func readCSV(name string) ([]map[string]string, error) {
	b, err := catalogFS.ReadFile("testdata/" + name)
	if err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty", name)
	}
	var out []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, h := range recs[0] {
			m[h] = strings.TrimSpace(r[i])
		}
		out = append(out, m)
	}
	return out, nil
}

func catalogRows(name string) ([]catalogRow, error) {
	recs, err := readCSV(name)
	if err != nil {
		return nil, err
	}
	out := make([]catalogRow, 0, len(recs))
	for _, m := range recs {
		in := workflow.CatalogItemInput{Code: m["code"], Parent: m["parent"], Name: m["name"], Class: goumai.ServiceClass(m["class"]),
			ItemCode: m["item_code"], Note: m["note"]}
		if m["negative"] != "" {
			for _, f := range strings.Split(m["negative"], "|") {
				in.Negative = append(in.Negative, goumai.NegativeFlag(f))
			}
		}
		out = append(out, catalogRow{in: in, in2025: m["in2025"] != "n", name2025: m["name2025"]})
	}
	return out, nil
}

// demoActor signs in a demo account for its first organisation and roles there.
func demoActor(ctx context.Context, s *sqlstore.Store, username string) (goumai.Actor, error) {
	u, _, err := s.Credentials(ctx, username)
	if err != nil {
		return goumai.Actor{}, fmt.Errorf("demo account %s: %w", username, err)
	}
	ms, err := s.Memberships(ctx, u.ID)
	if err != nil || len(ms) == 0 {
		return goumai.Actor{}, fmt.Errorf("memberships of %s: %v", username, err)
	}
	a := goumai.Actor{UserID: u.ID, Username: u.Username, Name: u.DisplayName, Org: ms[0].Org}
	for _, m := range ms {
		if m.Org.ID == a.Org.ID {
			a.Roles = append(a.Roles, m.Role)
		}
	}
	return a, nil
}

// catalogLoader publishes the demo catalogues through the use cases.
type catalogLoader struct {
	svc    *workflow.Service
	actors map[string]goumai.Actor
}

// LoadCatalog creates the demo catalogues and suggestions in a loaded demo
// world; Load calls it. It does nothing when the central catalogue exists.
func LoadCatalog(ctx context.Context, svc *workflow.Service) error {
	if vs, err := svc.Store.FindCatalogVersions(ctx, sqlstore.VersionFilter{Region: goumai.NationalCode}); err != nil || len(vs) > 0 {
		return err
	}
	l := catalogLoader{svc: svc, actors: map[string]goumai.Actor{}}
	for _, u := range []string{"mof.reviewer", "mof.approver", "zj.reviewer", "zj.approver", "zj.minzheng"} {
		a, err := demoActor(ctx, svc.Store, u)
		if err != nil {
			return fmt.Errorf("load demo catalogue: %w", err)
		}
		l.actors[u] = a
	}
	for _, step := range []func(context.Context) error{l.central, l.zhejiang, l.department, l.suggestions} {
		if err := step(ctx); err != nil {
			return fmt.Errorf("load demo catalogue: %w", err)
		}
	}
	return nil
}

// publish drafts a version with the given items, submits and publishes it.
func (l *catalogLoader) publish(ctx context.Context, prefix string, in workflow.CatalogDraftInput, edit func(v int64) error) (int64, error) {
	rev, appr := l.actors[prefix+".reviewer"], l.actors[prefix+".approver"]
	v, err := l.svc.CreateCatalogDraft(ctx, rev, in)
	if err != nil {
		return 0, fmt.Errorf("draft %s: %w", in.Title, err)
	}
	if err := edit(v.ID); err != nil {
		return 0, fmt.Errorf("edit %s: %w", in.Title, err)
	}
	if _, err := l.svc.SubmitCatalog(ctx, rev, v.ID, "请审核"); err != nil {
		return 0, fmt.Errorf("submit %s: %w", in.Title, err)
	}
	if _, err := l.svc.PublishCatalog(ctx, appr, v.ID, "同意发布"); err != nil {
		return 0, fmt.Errorf("publish %s: %w", in.Title, err)
	}
	return v.ID, nil
}

func (l *catalogLoader) addAll(ctx context.Context, a goumai.Actor, v int64, rows []catalogRow, keep func(catalogRow) (workflow.CatalogItemInput, bool)) error {
	for _, r := range rows {
		in, ok := keep(r)
		if !ok {
			continue
		}
		if _, err := l.svc.AddCatalogItem(ctx, a, v, in); err != nil {
			return fmt.Errorf("item %s: %w", in.Code, err)
		}
	}
	return nil
}

func (l *catalogLoader) central(ctx context.Context) error {
	rows, err := catalogRows("catalog_central.csv")
	if err != nil {
		return err
	}
	_, err = l.publish(ctx, "mof", workflow.CatalogDraftInput{Region: goumai.NationalCode, Title: "政府购买服务指导性目录（示例）",
		Note: "演示数据：结构依据《政府购买服务管理办法》第九条，事项与品目编码为示例，非官方目录。"}, func(v int64) error {
		return l.addAll(ctx, l.actors["mof.reviewer"], v, rows, func(r catalogRow) (workflow.CatalogItemInput, bool) { return r.in, true })
	})
	return err
}

// zhejiang publishes the 2025 version, then the 2026 version as its revision.
func (l *catalogLoader) zhejiang(ctx context.Context) error {
	rows, err := catalogRows("catalog_zhejiang.csv")
	if err != nil {
		return err
	}
	rev := l.actors["zj.reviewer"]
	_, err = l.publish(ctx, "zj", workflow.CatalogDraftInput{Region: RegionZhejiang, Title: "浙江省政府购买服务指导性目录（2025年版，示例）",
		Note: "演示数据，非官方目录。"}, func(v int64) error {
		return l.addAll(ctx, rev, v, rows, func(r catalogRow) (workflow.CatalogItemInput, bool) {
			in := r.in
			if r.name2025 != "" {
				in.Name = r.name2025
			}
			return in, r.in2025
		})
	})
	if err != nil {
		return err
	}
	_, err = l.publish(ctx, "zj", workflow.CatalogDraftInput{Region: RegionZhejiang, Title: "浙江省政府购买服务指导性目录（2026年版，示例）",
		Note: "演示数据，非官方目录。2026年版新增社会工作服务、社区志愿服务组织运营和数字化改革技术服务。"}, func(v int64) error {
		for _, r := range rows {
			if r.in2025 && r.name2025 != "" {
				in := r.in
				in.Class = "" // the parent's
				if _, err := l.svc.UpdateCatalogItem(ctx, rev, v, in.Code, in); err != nil {
					return fmt.Errorf("rename %s: %w", in.Code, err)
				}
			}
		}
		return l.addAll(ctx, rev, v, rows, func(r catalogRow) (workflow.CatalogItemInput, bool) { return r.in, !r.in2025 })
	})
	return err
}

// department has 浙江省民政厅 derive its catalogue: keep the subtrees it buys
// in, add its fourth level, and file it with 浙江省财政厅.
func (l *catalogLoader) department(ctx context.Context) error {
	recs, err := readCSV("catalog_zjmz.csv")
	if err != nil {
		return err
	}
	staff := l.actors["zj.minzheng"]
	v, err := l.svc.CreateCatalogDraft(ctx, staff, workflow.CatalogDraftInput{Region: RegionZhejiang, DeptOrgID: staff.Org.ID,
		Title: "浙江省民政厅政府购买服务指导性目录（2026年，示例）", Note: "在省级目录范围内选取本部门事项，并增设第四级目录。"})
	if err != nil {
		return fmt.Errorf("department draft: %w", err)
	}
	_, items, err := l.svc.CatalogItems(ctx, staff, v.ID)
	if err != nil {
		return err
	}
	keep := map[string]bool{}
	for _, m := range recs {
		if m["action"] == "keep" {
			keep[m["code"]] = true
		}
	}
	for _, it := range items {
		if it.Level == 2 && !keep[it.Code] {
			if err := l.svc.DeleteCatalogItem(ctx, staff, v.ID, it.Code); err != nil {
				return fmt.Errorf("narrow %s: %w", it.Code, err)
			}
		}
	}
	for _, m := range recs {
		if m["action"] != "add" {
			continue
		}
		in := workflow.CatalogItemInput{Code: m["code"], Parent: m["parent"], Name: m["name"], ItemCode: m["item_code"]}
		if _, err := l.svc.AddCatalogItem(ctx, staff, v.ID, in); err != nil {
			return fmt.Errorf("extend %s: %w", in.Code, err)
		}
	}
	if _, err := l.svc.SubmitCatalog(ctx, staff, v.ID, "报财政厅备案"); err != nil {
		return fmt.Errorf("department submit: %w", err)
	}
	if _, err := l.svc.PublishCatalog(ctx, l.actors["zj.approver"], v.ID, "同意备案"); err != nil {
		return fmt.Errorf("department publish: %w", err)
	}
	return nil
}

// suggestions adds public suggestions; 浙江省财政厅 answers the first.
func (l *catalogLoader) suggestions(ctx context.Context) error {
	ins := []workflow.SuggestionInput{
		{Region: RegionZhejiang, ItemCode: "A0101", Title: "建议将老年人能力评估纳入居家养老服务", Body: "居家养老服务对象的确定需要专业的能力评估，建议在目录中明确可以购买老年人能力评估服务。", Submitter: "西湖区居民", Contact: "13800000001"},
		{Region: RegionZhejiang, Title: "建议增加社区托育服务", Body: "双职工家庭对三岁以下婴幼儿托育需求大，建议将社区普惠托育服务纳入目录。", Submitter: "宁波家长"},
		{Region: goumai.NationalCode, ItemCode: "A0102", Title: "课后服务的分类建议", Body: "建议说明课后服务属于基本公共教育还是其他公共服务，便于各地编制目录。", Submitter: "一名教师"},
	}
	var first goumai.Suggestion
	for i, in := range ins {
		g, err := l.svc.SubmitSuggestion(ctx, in)
		if err != nil {
			return fmt.Errorf("suggestion %q: %w", in.Title, err)
		}
		if i == 0 {
			first = g
		}
	}
	_, err := l.svc.AnswerSuggestion(ctx, l.actors["zj.reviewer"], first.ID,
		"感谢您的建议。浙江省民政厅部门目录已在“居家养老服务”下增设“老年人能力评估服务”（A010103），省级目录修订时将一并研究。")
	return err
}

// Actor returns a demo account as an actor (its first organisation's
// memberships): what a tool acting for a demo user needs (goumai federation-demo).
func Actor(ctx context.Context, s *sqlstore.Store, username string) (goumai.Actor, error) {
	return demoActor(ctx, s, username)
}
