package web

// enquiryMessages are the enquiries' strings.
var enquiryMessages = map[string][2]string{
	"todo.kind.enquiry": {"待答复的供应商询问", "Supplier enquiry to answer"},
}

func init() { addMessages(enquiryMessages) }
