package rules

import (
	"testing"

	"github.com/goumai/goumai"
)

func TestEnoughSuppliers(t *testing.T) {
	cases := []struct {
		name      string
		m         goumai.ProcurementMethod
		reason    goumai.MethodReason
		service   bool
		n         int
		goOn, two bool
		negotiate bool
		rule      string
	}{
		{"open tender with three goes on (ENG-E2)", goumai.MethodOpenTender, "", true, 3, true, false, false, "ENG-E2"},
		{"open tender with two fails, negotiation may follow (ENG-E2)", goumai.MethodOpenTender, "", true, 2, false, false, true, "ENG-E2"},
		{"open tender with one fails, no negotiation (ENG-E2)", goumai.MethodOpenTender, "", true, 1, false, false, false, "ENG-E2"},
		{"invited tender with none fails (ENG-E2)", goumai.MethodInvitedTender, "", true, 0, false, false, false, "ENG-E2"},
		{"consultation with three goes on (ENG-E3)", goumai.MethodConsultation, goumai.ReasonPurchaseOfServices, true, 3, true, false, false, "ENG-E3"},
		{"consultation for services goes on with two (ENG-E3)", goumai.MethodConsultation, goumai.ReasonPurchaseOfServices, true, 2, true, true, false, "ENG-E3"},
		{"consultation not for services fails with two (ENG-E3)", goumai.MethodConsultation, goumai.ReasonCannotSpecify, false, 2, false, false, false, "ENG-E3"},
		{"consultation with one fails (ENG-E3)", goumai.MethodConsultation, goumai.ReasonPurchaseOfServices, true, 1, false, false, false, "ENG-E3"},
		{"negotiation with three goes on (ENG-E1)", goumai.MethodCompetitiveNeg, goumai.ReasonUrgency, true, 3, true, false, false, "ENG-E1"},
		{"negotiation after a failed tender goes on with two (O74 Art. 27)", goumai.MethodCompetitiveNeg, goumai.ReasonFailedTender, true, 2, true, true, false, "ENG-E1"},
		{"negotiation with two otherwise fails (ENG-E1)", goumai.MethodCompetitiveNeg, goumai.ReasonUrgency, true, 2, false, false, false, "ENG-E1"},
		{"single source with its supplier goes on", goumai.MethodSingleSource, goumai.ReasonSoleSupplier, true, 1, true, false, false, "ENG-C5"},
		{"single source without a response fails", goumai.MethodSingleSource, goumai.ReasonSoleSupplier, true, 0, false, false, false, "ENG-C5"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := EnoughSuppliers(c.m, c.reason, c.service, c.n)
			if e.Go != c.goOn || e.WithTwo != c.two || e.Negotiate != c.negotiate || e.Rule != c.rule {
				t.Errorf("EnoughSuppliers(%s, %s, %v, %d) = %+v; want go %v, with two %v, negotiate %v, rule %s", c.m, c.reason, c.service, c.n, e, c.goOn, c.two, c.negotiate, c.rule)
			}
			if !e.Go && e.Reason.ZH == "" {
				t.Error("a failure must say why")
			}
		})
	}
}
