package web

import "github.com/goumai/goumai"

// The catalogue's enumerated values as display labels; each key is spelled out
// so that the message-coverage test sees it.
func init() {
	funcs["catstatus"] = catalogStatusLabel
	funcs["sugstatus"] = suggestionStatusLabel
	funcs["catstep"] = catalogStepLabel
	funcs["catfield"] = catalogFieldLabel
}

func catalogStatusLabel(lang string, st goumai.CatalogStatus) string {
	switch st {
	case goumai.CatalogDraft:
		return tr(lang, "catalog.status.draft")
	case goumai.CatalogInReview:
		return tr(lang, "catalog.status.in_review")
	case goumai.CatalogPublished:
		return tr(lang, "catalog.status.published")
	case goumai.CatalogScheduled:
		return tr(lang, "catalog.status.scheduled")
	case goumai.CatalogSuperseded:
		return tr(lang, "catalog.status.superseded")
	}
	return string(st)
}

func suggestionStatusLabel(lang, st string) string {
	switch st {
	case goumai.SuggestionOpen:
		return tr(lang, "catalog.suggestion.open")
	case goumai.SuggestionAnswered:
		return tr(lang, "catalog.suggestion.answered")
	}
	return st
}

func catalogStepLabel(lang, step string) string {
	switch step {
	case "create":
		return tr(lang, "catalog.step.create")
	case "submit":
		return tr(lang, "catalog.step.submit")
	case "return":
		return tr(lang, "catalog.step.return")
	case "publish":
		return tr(lang, "catalog.step.publish")
	}
	return step
}

func catalogFieldLabel(lang, field string) string {
	switch field {
	case "parent":
		return tr(lang, "catalog.f.parent")
	case "level":
		return tr(lang, "catalog.f.level")
	case "name":
		return tr(lang, "catalog.f.name")
	case "class":
		return tr(lang, "catalog.f.class")
	case "item_code":
		return tr(lang, "catalog.f.item_code")
	case "negative":
		return tr(lang, "catalog.f.negative")
	case "note":
		return tr(lang, "catalog.f.note")
	}
	return field
}
