package sqlstore

import (
	"strconv"
	"strings"
)

// scanner is what *sql.Row and *sql.Rows offer.
type scanner interface{ Scan(...any) error }

// likeEscaper escapes LIKE's wildcards and its escape character.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// containsAny returns the condition "one of cols contains q", matching q
// literally: % and _ in q are not wildcards. It appends the pattern to args.
// Every LIKE of the store is built here (both databases accept ESCAPE '\').
func containsAny(args []any, q string, cols ...string) (string, []any) {
	args = append(args, "%"+likeEscaper.Replace(q)+"%")
	n := "$" + strconv.Itoa(len(args))
	conds := make([]string, len(cols))
	for i, c := range cols {
		conds[i] = c + " LIKE " + n + ` ESCAPE '\'`
	}
	return "(" + strings.Join(conds, " OR ") + ")", args
}
