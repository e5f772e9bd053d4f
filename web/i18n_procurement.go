package web

// procurementMessages are the procurement pages' strings.
var procurementMessages = map[string][2]string{
	"todo.kind.method_approval":   {"待审批的采购方式", "Procurement method to approve"},
	"todo.kind.procurement_draft": {"待发布的采购项目", "Procurement to prepare and publish"},
	"todo.kind.prequal_judge":     {"待审查的资格预审申请", "Prequalification applications to judge"},
	"todo.kind.entrusted":         {"受托组织采购的项目", "Project entrusted to your agency"},
	"todo.kind.objection":         {"待答复的单一来源公示异议", "Objection to a single-source publicity to answer"},
}

func init() { addMessages(procurementMessages) }
