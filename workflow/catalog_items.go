package workflow

import (
	"context"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// CatalogItemInput is an item's editable content. Code is fixed once an item
// exists (it is what projects and budget lines cite); Level follows from Parent.
type CatalogItemInput struct {
	Code     string                `json:"code"`
	Parent   string                `json:"parent"`
	Name     string                `json:"name"`
	Class    goumai.ServiceClass   `json:"class"` // "" for the parent's class
	ItemCode string                `json:"item_code"`
	Negative []goumai.NegativeFlag `json:"negative"`
	Note     string                `json:"note"`
}

// versionTree is a draft's items in memory (a few thousand at most), for the
// edits that concern a subtree.
type versionTree struct {
	by       map[string]goumai.CatalogItem
	children map[string][]string
}

func loadTree(ctx context.Context, tx *sqlstore.Tx, version int64) (versionTree, error) {
	items, err := tx.CatalogItems(ctx, version)
	t := versionTree{by: make(map[string]goumai.CatalogItem, len(items)), children: map[string][]string{}}
	for _, it := range items {
		t.by[it.Code] = it
		t.children[it.Parent] = append(t.children[it.Parent], it.Code)
	}
	return t, err
}

// subtree returns code and its descendants, parents before children.
func (t versionTree) subtree(code string) []string {
	out := []string{code}
	for i := 0; i < len(out); i++ {
		out = append(out, t.children[out[i]]...)
	}
	return out
}

// place sets an item's level and class from its parent in the tree, or reports
// which field is wrong.
func (t versionTree) place(it *goumai.CatalogItem) error {
	if it.Parent == "" {
		it.Level = 1
		return nil
	}
	p, ok := t.by[it.Parent]
	if !ok {
		return goumai.Fields{"parent": goumai.M("上级事项 "+it.Parent+" 不存在", "parent item "+it.Parent+" does not exist")}.Err()
	}
	it.Level = p.Level + 1
	if it.Level > goumai.MaxCatalogLevel {
		return goumai.Fields{"parent": goumai.M("目录最多四级（财综〔2020〕57号）", "the catalogue has at most four levels (财综〔2020〕57号)")}.Err()
	}
	if it.Class == "" {
		it.Class = p.Class
	}
	if it.Class != p.Class {
		return goumai.Fields{"class": goumai.M("分类须与上级事项一致", "the class must be the parent's")}.Err()
	}
	return nil
}

func (in CatalogItemInput) item(version int64) goumai.CatalogItem {
	return goumai.CatalogItem{VersionID: version, Code: in.Code, Parent: in.Parent, Name: in.Name, Class: in.Class,
		ItemCode: in.ItemCode, Negative: in.Negative, Note: in.Note}
}

// validateItem runs the item's own checks, tolerating an empty class (taken from the parent).
func validateItem(it *goumai.CatalogItem) error {
	inherit := it.Class == "" && it.Parent != ""
	if inherit {
		it.Class = goumai.ClassPublicService // placeholder so Validate checks the other fields
	}
	err := it.Validate()
	if inherit {
		it.Class = ""
	}
	return err
}

// deptExtension checks a department's own item: a level-4 child of a level-3
// leaf of the tier's version in force on the department version's effective
// date (财综〔2020〕57号).
func (s *Service) deptExtension(ctx context.Context, tx *sqlstore.Tx, v sqlstore.CatalogVersionRow, it goumai.CatalogItem) error {
	tier, err := tierVersion(ctx, tx, v.Region, v.EffectiveFrom)
	if err != nil {
		return err
	}
	if _, inTier, _ := tx.CatalogItem(ctx, tier.ID, it.Code); inTier {
		return goumai.Fields{"code": goumai.M("部门目录不能修改本级目录的事项，只能选取或删除", "a department may select or remove its tier's items, not change them")}.Err()
	}
	p, leaf, err := tx.CatalogItem(ctx, tier.ID, it.Parent)
	if it.Level != goumai.MaxCatalogLevel || err != nil || !leaf || p.Level != 3 {
		e := goumai.AsError(goumai.Fields{"parent": goumai.M("部门只能在本级目录第三级末级事项下增设第四级（财综〔2020〕57号）",
			"a department may only add level-4 items under its tier's level-3 leaves (财综〔2020〕57号)")}.Err())
		e.Rule = "O102-12"
		return e
	}
	return nil
}

// AddCatalogItem adds an item to a draft.
func (s *Service) AddCatalogItem(ctx context.Context, a goumai.Actor, version int64, in CatalogItemInput) (goumai.CatalogItem, error) {
	it := in.item(version)
	if err := validateItem(&it); err != nil {
		return it, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		v, err := s.draftFor(ctx, tx, a, version)
		if err != nil {
			return err
		}
		t, err := loadTree(ctx, tx, version)
		if err != nil {
			return err
		}
		if _, dup := t.by[it.Code]; dup {
			return goumai.Fields{"code": goumai.M("本版本已有编码 "+it.Code, "this version already has code "+it.Code)}.Err()
		}
		if err := t.place(&it); err != nil {
			return err
		}
		if v.DeptOrgID != 0 {
			if err := s.deptExtension(ctx, tx, v, it); err != nil {
				return err
			}
		}
		if it.ID, err = tx.InsertCatalogItem(ctx, it); err != nil {
			return err
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: a, Action: "catalog.item_add", Table: "catalog_items", Key: it.ID, Region: v.Region})
		return err
	})
	return it, err
}

// UpdateCatalogItem renames, moves (a new parent: the subtree moves with it and
// its levels follow), reclassifies, flags or annotates an item of a draft.
func (s *Service) UpdateCatalogItem(ctx context.Context, a goumai.Actor, version int64, code string, in CatalogItemInput) (goumai.CatalogItem, error) {
	in.Code = code
	it := in.item(version)
	if err := validateItem(&it); err != nil {
		return it, err
	}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		v, err := s.draftFor(ctx, tx, a, version)
		if err != nil {
			return err
		}
		t, err := loadTree(ctx, tx, version)
		if err != nil {
			return err
		}
		old, ok := t.by[it.Code]
		if !ok {
			return goumai.ErrNotFound("目录事项", "catalogue item")
		}
		it.ID = old.ID
		sub := t.subtree(it.Code)
		for _, c := range sub {
			if c == it.Parent {
				return goumai.Fields{"parent": goumai.M("不能移到本事项或其下级之下", "an item cannot move under itself or its descendants")}.Err()
			}
		}
		if err := t.place(&it); err != nil {
			return err
		}
		if v.DeptOrgID != 0 {
			if err := s.deptExtension(ctx, tx, v, it); err != nil {
				return err
			}
		}
		depth := 0
		for _, c := range sub {
			depth = max(depth, t.by[c].Level-old.Level)
		}
		if it.Level+depth > goumai.MaxCatalogLevel {
			return goumai.Fields{"parent": goumai.M("移动后下级事项将超过四级", "after the move the subtree would exceed four levels")}.Err()
		}
		t.by[it.Code] = it
		changed := []goumai.CatalogItem{it}
		for _, c := range sub[1:] { // parents first, so each child takes its new parent's level and class
			x := t.by[c]
			p := t.by[x.Parent]
			if x.Level == p.Level+1 && x.Class == p.Class {
				continue
			}
			x.Level, x.Class = p.Level+1, p.Class
			t.by[c] = x
			changed = append(changed, x)
		}
		for _, x := range changed {
			if err := tx.UpdateCatalogItem(ctx, x); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "catalog.item_update", Table: "catalog_items", Key: x.ID, Region: v.Region}); err != nil {
				return err
			}
		}
		return nil
	})
	return it, err
}

// DeleteCatalogItem removes an item and everything under it from a draft (a
// department narrowing its tier's catalogue removes the items it does not buy).
func (s *Service) DeleteCatalogItem(ctx context.Context, a goumai.Actor, version int64, code string) error {
	return s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		v, err := s.draftFor(ctx, tx, a, version)
		if err != nil {
			return err
		}
		t, err := loadTree(ctx, tx, version)
		if err != nil {
			return err
		}
		if _, ok := t.by[code]; !ok {
			return goumai.ErrNotFound("目录事项", "catalogue item")
		}
		sub := t.subtree(code)
		for i := len(sub) - 1; i >= 0; i-- { // children first
			id := t.by[sub[i]].ID
			if err := tx.DeleteCatalogItem(ctx, id); err != nil {
				return err
			}
			if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "catalog.item_delete", Table: "catalog_items", Key: id, Region: v.Region}); err != nil {
				return err
			}
		}
		return nil
	})
}
