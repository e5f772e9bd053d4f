package workflow

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// CatalogTier returns the catalogue tier of a region (O102 Art. 12: central and
// provincial tiers): the national region itself, or the province containing it.
func (s *Service) CatalogTier(region string) (string, bool) {
	if region == goumai.NationalCode {
		return region, true
	}
	prov := sqlstore.ProvinceOf(region)
	g, ok := s.Store.Regions().Get(prov)
	return prov, ok && g.Level == goumai.LevelProvince
}

// CatalogDraftInput starts a new version of a tier's or a department's catalogue.
type CatalogDraftInput struct {
	Region        string `json:"region"`      // the tier: 100000 or a province
	DeptOrgID     int64  `json:"dept_org_id"` // 0 for the tier's own catalogue
	Title         string `json:"title"`
	Note          string `json:"note"`
	EffectiveFrom string `json:"effective_from"` // YYYY-MM-DD (Asia/Shanghai); "" for the day of publication
}

// parseEffective reads a YYYY-MM-DD date as the start of that day in Shanghai;
// "" means now (in force from publication).
func parseEffective(s string, now time.Time) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return now, true
	}
	t, err := time.ParseInLocation("2006-01-02", s, goumai.Shanghai)
	return t.UTC(), err == nil
}

func (in *CatalogDraftInput) validate(s *Service) (time.Time, error) {
	in.Title, in.Note = strings.TrimSpace(in.Title), strings.TrimSpace(in.Note)
	f := goumai.Fields{}
	if _, ok := s.CatalogTier(in.Region); !ok || in.Region != goumai.NationalCode && sqlstore.ProvinceOf(in.Region) != in.Region {
		f.Add("region", "目录层级须为中央（100000）或省级区划（《政府购买服务管理办法》第十二条）", "the tier must be central (100000) or a province (O102 Art. 12)")
	}
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		f.Add("title", "请填写版本标题", "title is required")
	case n > goumai.MaxCatalogTitle:
		f.Add("title", "标题不能超过100个字", "title must be at most 100 characters")
	}
	if utf8.RuneCountInString(in.Note) > goumai.MaxCatalogNote {
		f.Add("note", "说明不能超过500个字", "note must be at most 500 characters")
	}
	from, ok := parseEffective(in.EffectiveFrom, s.Clock.Now().UTC())
	if !ok {
		f.Add("effective_from", "生效日期须为 YYYY-MM-DD", "effective date must be YYYY-MM-DD")
	}
	return from, f.Err()
}

// CreateCatalogDraft starts a draft version, copied from the newest published
// version of the same tier or department; a department's first version is
// copied from its tier's version in force, to be narrowed or extended.
func (s *Service) CreateCatalogDraft(ctx context.Context, a goumai.Actor, in CatalogDraftInput) (sqlstore.CatalogVersionRow, error) {
	from, err := in.validate(s)
	if err != nil {
		return sqlstore.CatalogVersionRow{}, err
	}
	if err := s.Policy.Can(a, goumai.ActEditCatalog, goumai.Target{OrgID: in.DeptOrgID, Region: in.Region}); err != nil {
		return sqlstore.CatalogVersionRow{}, err
	}
	v := sqlstore.CatalogVersionRow{CatalogVersion: goumai.CatalogVersion{Region: in.Region, DeptOrgID: in.DeptOrgID,
		Title: in.Title, Note: in.Note, Status: goumai.CatalogDraft, EffectiveFrom: from}}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if in.DeptOrgID != 0 {
			if err := s.checkDepartment(ctx, tx, in.DeptOrgID, in.Region); err != nil {
				return err
			}
		}
		all, err := tx.FindCatalogVersions(ctx, sqlstore.VersionFilter{Region: in.Region, DeptOrgID: in.DeptOrgID})
		if err != nil {
			return err
		}
		v.Number = 1
		for _, o := range all { // newest first
			v.Number = max(v.Number, o.Number+1)
			if v.BasedOn == 0 && (o.Status == goumai.CatalogPublished || o.Status == goumai.CatalogSuperseded) {
				v.BasedOn = o.ID
			}
		}
		if v.BasedOn == 0 && in.DeptOrgID != 0 {
			tier, err := tierVersion(ctx, tx, in.Region, from)
			if err != nil {
				return goumai.Fields{"dept_org_id": goumai.M("本级尚无现行指导性目录，部门目录无从编制", "the tier has no catalogue in force to derive a department catalogue from")}.Err()
			}
			v.BasedOn, v.TierVersionID = tier.ID, tier.ID
		}
		id, err := tx.InsertCatalogVersion(ctx, v)
		if err != nil {
			return err
		}
		if v, err = tx.CatalogVersion(ctx, id); err != nil { // the stored row, with its created_at
			return err
		}
		if err := s.recordVersion(ctx, tx, a, "catalog.draft", v); err != nil {
			return err
		}
		if err := tx.AddDrafter(ctx, a, "catalog_versions", v.ID, v.Region); err != nil {
			return err
		}
		if v.BasedOn != 0 {
			ids, err := tx.CopyCatalogItems(ctx, v.BasedOn, v.ID)
			if err != nil {
				return err
			}
			for _, id := range ids {
				if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "catalog.item_copy", Table: "catalog_items", Key: id, Region: v.Region}); err != nil {
					return err
				}
			}
		}
		return s.trail(ctx, tx, a, v, "create", "")
	})
	return v, err
}

// checkDepartment requires a purchaser-eligible organisation whose catalogue tier is region.
func (s *Service) checkDepartment(ctx context.Context, tx *sqlstore.Tx, id int64, region string) error {
	o, err := tx.Org(ctx, id)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Fields{"dept_org_id": goumai.M("部门不存在", "department not found")}.Err()
	}
	if err != nil {
		return err
	}
	if tier, _ := s.CatalogTier(o.Region); tier != region || !o.CanPurchase() || o.FinanceDept {
		return goumai.Fields{"dept_org_id": goumai.M("部门须是本级目录范围内可作为购买主体的单位", "the department must be a purchasing organisation within this tier")}.Err()
	}
	return nil
}

// recordVersion records a version's event: public once published.
func (s *Service) recordVersion(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, action string, v sqlstore.CatalogVersionRow) error {
	public := v.Public()
	_, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: action, Table: "catalog_versions", Key: v.ID, Region: v.Region, Public: public})
	return err
}

// trail appends a step to the version's approval trail (REQ-C2); the
// publication step is public like the version.
func (s *Service) trail(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, v sqlstore.CatalogVersionRow, action, opinion string) error {
	name := a.Name
	if name == "" {
		name = a.Username
	}
	id, err := tx.InsertCatalogReview(ctx, sqlstore.CatalogReview{VersionID: v.ID, Action: action, Actor: a.Username, ActorName: name, OrgName: a.Org.Name, Opinion: opinion})
	if err != nil {
		return err
	}
	_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "catalog.review_" + action, Table: "catalog_reviews", Key: id, Region: v.Region, Public: action == "publish"})
	return err
}

// draftFor loads a version for editing: it must be a draft the actor may edit.
func (s *Service) draftFor(ctx context.Context, tx *sqlstore.Tx, a goumai.Actor, id int64) (sqlstore.CatalogVersionRow, error) {
	v, err := tx.CatalogVersion(ctx, id)
	if err != nil {
		return v, err
	}
	if err := s.Policy.Can(a, goumai.ActEditCatalog, goumai.Target{OrgID: v.DeptOrgID, Region: v.Region}); err != nil {
		if s.Policy.Can(a, goumai.ActViewCatalogDraft, goumai.Target{OrgID: v.DeptOrgID, Region: v.Region}) != nil && !v.Public() {
			return v, goumai.ErrNotFound("目录版本", "catalogue version")
		}
		return v, err
	}
	if v.Status != goumai.CatalogDraft {
		return v, goumai.Errorf(goumai.EConflict, "只有草稿状态的版本可以修改", "only a draft version can be changed")
	}
	// Whoever edits a draft (its items included) is one of its drafters, who
	// never publish or return it (separation of duties).
	return v, tx.AddDrafter(ctx, a, "catalog_versions", v.ID, v.Region)
}

// catalogTarget is the policy target of a decision (publish or return) on a
// version: its tier or department, and who drafted it.
func catalogTarget(v sqlstore.CatalogVersionRow, item *goumai.Involvement) goumai.Target {
	return goumai.Target{OrgID: v.DeptOrgID, Region: v.Region, Item: item, Step: "publish"}
}

// CanReviewCatalog reports whether the actor may publish or return a version under review now.
func (s *Service) CanReviewCatalog(ctx context.Context, a goumai.Actor, v sqlstore.CatalogVersionRow) bool {
	if v.Status != goumai.CatalogInReview {
		return false
	}
	item, err := s.Store.Drafters(ctx, "catalog_versions", v.ID)
	return err == nil && s.Policy.Can(a, goumai.ActPublishCatalog, catalogTarget(v, item)) == nil
}

// UpdateCatalogDraft changes a draft's title, note and effective date.
func (s *Service) UpdateCatalogDraft(ctx context.Context, a goumai.Actor, id int64, in CatalogDraftInput) (sqlstore.CatalogVersionRow, error) {
	var v sqlstore.CatalogVersionRow
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if v, err = s.draftFor(ctx, tx, a, id); err != nil {
			return err
		}
		in.Region, in.DeptOrgID = v.Region, v.DeptOrgID
		from, err := in.validate(s)
		if err != nil {
			return err
		}
		v.Title, v.Note, v.EffectiveFrom = in.Title, in.Note, from
		if err := tx.UpdateCatalogVersion(ctx, v); err != nil {
			return err
		}
		return s.recordVersion(ctx, tx, a, "catalog.draft_update", v)
	})
	return v, err
}
