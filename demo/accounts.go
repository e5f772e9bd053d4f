package demo

import (
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/width"

	"github.com/goumai/goumai"
)

// Account is one demo account, for printing (its password is Password).
type Account struct {
	Username    string
	DisplayName string
	Org         string // the organisation's name
	Region      string // the organisation's GB/T 2260 code
	Roles       []goumai.Role
	Pending     bool // the organisation's registration awaits the finance department's approval
}

// Accounts is the list of demo accounts, in the order they were created.
type Accounts []Account

// WriteTable prints the accounts as an aligned table (username, name,
// organisation, roles), counting Chinese characters as two columns as a
// terminal shows them, which text/tabwriter does not.
func (as Accounts) WriteTable(w io.Writer) error {
	rows := [][]string{{"username", "name", "organisation", "roles"}}
	for _, a := range as {
		roles := make([]string, len(a.Roles))
		for i, r := range a.Roles {
			roles[i] = string(r)
		}
		org := a.Org
		if a.Pending {
			org += "（注册待审核）"
		}
		rows = append(rows, []string{a.Username, a.DisplayName, org, strings.Join(roles, ",")})
	}
	widths := make([]int, len(rows[0]))
	for _, row := range rows {
		for i, c := range row {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	var b strings.Builder
	for _, row := range rows {
		for i, c := range row {
			b.WriteString(c)
			if i < len(row)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-displayWidth(c)+2))
			}
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	if err != nil {
		return fmt.Errorf("write accounts: %w", err)
	}
	return nil
}

// displayWidth is the number of terminal columns s takes: two for East Asian
// wide and fullwidth characters, one for the rest.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
