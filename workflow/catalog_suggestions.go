package workflow

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// publicActor is who records a suggestion from someone without an account: it
// cannot collide with a username (parentheses are not allowed in those).
var publicActor = goumai.Actor{Username: "(public)", Name: "公众"}

// SuggestionInput is a suggestion from the public (倾听群众呼声): no account is
// needed; the name may be a pseudonym; the contact is never published.
type SuggestionInput struct {
	Region    string `json:"region"`    // the tier whose catalogue it concerns
	ItemCode  string `json:"item_code"` // the catalogue item concerned, or "" for a new item
	Title     string `json:"title"`
	Body      string `json:"body"`
	Submitter string `json:"submitter"`
	Contact   string `json:"contact"`
}

func boundText(f goumai.Fields, field, value string, max int, zhName, enName string) {
	switch n := utf8.RuneCountInString(value); {
	case n == 0:
		f.Add(field, "请填写"+zhName, enName+" is required")
	case n > max:
		f.Add(field, fmt.Sprintf("%s不能超过%d个字", zhName, max), fmt.Sprintf("%s must be at most %d characters", enName, max))
	}
}

func (s *Service) validateSuggestion(in *SuggestionInput) error {
	for _, p := range []*string{&in.Region, &in.ItemCode, &in.Title, &in.Body, &in.Submitter, &in.Contact} {
		*p = strings.TrimSpace(*p)
	}
	in.ItemCode = strings.ToUpper(in.ItemCode)
	f := goumai.Fields{}
	if tier, ok := s.CatalogTier(in.Region); !ok || tier != in.Region {
		f.Add("region", "请选择中央或省级目录", "choose the central or a provincial catalogue")
	}
	if in.ItemCode != "" && !goumai.ValidCatalogCode(in.ItemCode) {
		f.Add("item_code", "目录编码格式不正确（如 A0101），新增事项的建议可不填", "malformed catalogue code (e.g. A0101); leave it empty to suggest a new item")
	}
	boundText(f, "title", in.Title, goumai.MaxSuggestionTitle, "标题", "title")
	boundText(f, "body", in.Body, goumai.MaxSuggestionBody, "建议内容", "suggestion")
	boundText(f, "submitter", in.Submitter, goumai.MaxSuggestionName, "姓名或化名", "name or pseudonym")
	if utf8.RuneCountInString(in.Contact) > goumai.MaxSuggestionMail {
		f.Add("contact", "联系方式不能超过100个字", "contact must be at most 100 characters")
	}
	return f.Err()
}

// SubmitSuggestion records a public suggestion on a tier's catalogue. The
// suggestion is a public event; the contact is stored apart and only its digest
// enters the log.
func (s *Service) SubmitSuggestion(ctx context.Context, in SuggestionInput) (goumai.Suggestion, error) {
	if err := s.validateSuggestion(&in); err != nil {
		return goumai.Suggestion{}, err
	}
	g := goumai.Suggestion{Region: in.Region, ItemCode: in.ItemCode, Title: in.Title, Body: in.Body, Submitter: in.Submitter, Status: goumai.SuggestionOpen}
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if g.ID, err = tx.InsertSuggestion(ctx, g, in.Contact); err != nil {
			return err
		}
		g.CreatedAt = tx.Now()
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: publicActor, Action: "catalog.suggest", Table: "catalog_suggestions", Key: g.ID, Region: g.Region, Public: true}); err != nil {
			return err
		}
		if in.Contact == "" {
			return nil
		}
		_, err = tx.Record(ctx, sqlstore.Change{Actor: publicActor, Action: "catalog.suggest_contact", Table: "catalog_suggestion_contacts", Key: g.ID, Region: g.Region})
		return err
	})
	return g, err
}

// AnswerSuggestion answers a suggestion publicly, in the name of the tier's
// finance department.
func (s *Service) AnswerSuggestion(ctx context.Context, a goumai.Actor, id int64, answer string) (goumai.Suggestion, error) {
	answer = strings.TrimSpace(answer)
	f := goumai.Fields{}
	boundText(f, "answer", answer, goumai.MaxSuggestionReply, "答复", "answer")
	if err := f.Err(); err != nil {
		return goumai.Suggestion{}, err
	}
	var g goumai.Suggestion
	err := s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		var err error
		if g, err = tx.Suggestion(ctx, id); err != nil {
			return err
		}
		if err := s.Policy.Can(a, goumai.ActAnswerSuggestion, goumai.Target{Region: g.Region}); err != nil {
			return err
		}
		if err := tx.AnswerSuggestion(ctx, id, answer, a.Org.Name); err != nil {
			return err
		}
		if _, err := tx.Record(ctx, sqlstore.Change{Actor: a, Action: "catalog.answer", Table: "catalog_suggestions", Key: id, Region: g.Region, Public: true}); err != nil {
			return err
		}
		g, err = tx.Suggestion(ctx, id)
		return err
	})
	return g, err
}

// SuggestionContact returns a suggestion's private contact, for the finance
// staff who may answer it.
func (s *Service) SuggestionContact(ctx context.Context, a goumai.Actor, id int64) (string, error) {
	g, err := s.Store.Suggestion(ctx, id)
	if err != nil {
		return "", err
	}
	if err := s.Policy.Can(a, goumai.ActAnswerSuggestion, goumai.Target{Region: g.Region}); err != nil {
		return "", err
	}
	return s.Store.SuggestionContact(ctx, id)
}

func init() { inboxSources = append(inboxSources, catalogInbox) }

// catalogInbox adds the catalogue's work: open suggestions and versions under
// review for the tier's finance staff; drafts (returned ones in 退回) for those
// who edit them.
func catalogInbox(ctx context.Context, s *Service, a goumai.Actor, in *Inbox) error {
	region := a.Org.Region
	if s.Policy.Can(a, goumai.ActAnswerSuggestion, goumai.Target{Region: region}) == nil {
		open, err := s.Store.FindSuggestions(ctx, sqlstore.SuggestionFilter{Region: region, Status: goumai.SuggestionOpen, Limit: 200})
		if err != nil {
			return err
		}
		for _, g := range open {
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.catalog_suggestion", Title: g.Title, Link: fmt.Sprintf("/staff/catalog/suggestions/%d", g.ID), At: g.CreatedAt})
		}
	}
	tier, ok := s.CatalogTier(region)
	if !ok {
		return nil
	}
	open, err := s.Store.FindCatalogVersions(ctx, sqlstore.VersionFilter{Region: tier, AnyDept: true,
		Statuses: []goumai.CatalogStatus{goumai.CatalogDraft, goumai.CatalogInReview}})
	if err != nil {
		return err
	}
	for _, v := range open {
		t := goumai.Target{OrgID: v.DeptOrgID, Region: v.Region}
		link := fmt.Sprintf("/staff/catalog/versions/%d", v.ID)
		switch {
		case s.CanReviewCatalog(ctx, a, v):
			in.Todo = append(in.Todo, Item{Kind: "todo.kind.catalog_review", Title: v.Title, Link: link, At: v.CreatedAt})
		case v.Status == goumai.CatalogDraft && s.Policy.Can(a, goumai.ActEditCatalog, t) == nil:
			last, err := s.Store.LastCatalogReview(ctx, v.ID)
			if err != nil {
				return err
			}
			if last.Action == "return" {
				in.Returned = append(in.Returned, Item{Kind: "todo.kind.catalog_returned", Title: v.Title + "：" + last.Opinion, Link: link, At: last.At})
			} else {
				in.Todo = append(in.Todo, Item{Kind: "todo.kind.catalog_draft", Title: v.Title, Link: link, At: v.CreatedAt})
			}
		}
	}
	return nil
}
