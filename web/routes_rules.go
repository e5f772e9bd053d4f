package web

import (
	"net/http"

	"github.com/goumai/goumai"
)

// configureRules is the gate of the parameter sets' changes.
const configureRules = goumai.ActConfigureRules

// rulesRoutes registers the procurement rule parameters (RULES.md §14): the
// values in force for everyone, their sets for finance administrators.
func (s *Server) rulesRoutes(rt *router) {
	// Public: the parameters in force in a region, in both languages.
	rt.page("/rules", Public, s.rulesPortal)

	// Staff: a finance department's administrators set, end and replace sets.
	rt.page("/staff/rules", configureRules, s.staffRules)
	rt.form("/staff/rules/sets", configureRules, s.staffRulesAdd)
	rt.form("/staff/rules/sets/{id}/end", configureRules, s.staffRulesEnd)
	rt.form("/staff/rules/sets/{id}/replace", configureRules, s.staffRulesReplace)

	rt.read("/api/v1/rules/params", Public, s.apiRulesParams)
	rt.read("/api/v1/rules/param-sets", Public, s.apiParamSets)
	rt.api("POST", "/api/v1/rules/param-sets", configureRules, action(http.StatusCreated, "set", s.apiParamSetAdd))
	rt.api("POST", "/api/v1/rules/param-sets/{id}/end", configureRules, action(http.StatusOK, "set", s.apiParamSetEnd))
	rt.api("POST", "/api/v1/rules/param-sets/{id}/replace", configureRules, action(http.StatusCreated, "", s.apiParamSetReplace))
}
