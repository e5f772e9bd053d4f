package xlsx

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func TestTokenLimiter(t *testing.T) {
	many := func(s string, n int) string { return strings.Repeat(s, n) }
	for _, c := range []struct {
		name string
		in   string
		want error
	}{
		{"text and tags", `<a x="1">0123456789</a><b/>`, nil},
		{"long text", `<a>` + many("x", 30), errLongToken},
		{"long tag", `<a ` + many(`x="1" `, 6) + `>`, errLongToken},
		{"short comment holding <", `<!--<<-->` + `<a>`, nil},
		{"long comment holding <", `<!--` + many("<a>", 10) + `-->`, errLongToken},
		{"a comment does not end at ]]>", `<!--]]>` + many("<aaa", 8) + `-->`, errLongToken},
		{"a comment does not end at its own opening", `<!-->` + many("<aaa", 8) + `-->`, errLongToken},
		{"short CDATA holding <", `<![CDATA[<<]]><a>`, nil},
		{"long CDATA holding <", `<![CDATA[` + many("<aaa", 8) + `]]>`, errLongToken},
		{"CDATA does not end at -->", `<![CDATA[-->` + many("<aaa", 8) + `]]>`, errLongToken},
		{"declaration", `<?xml version="1.0"?><a/>`, nil},
		{"long processing instruction holding <", `<?pi ` + many("<aaa", 8) + `?>`, errLongToken},
		{"tokens after a section start afresh", `<!--01234567890123-->01234567890123456789<a/>`, nil},
		{"DOCTYPE", `<!DOCTYPE a>`, errDirective},
		{"ENTITY", `<!ENTITY a "b">`, errDirective},
		{"half a comment opener", `<!-x`, errDirective},
	} {
		for name, wrap := range map[string]func(io.Reader) io.Reader{"whole": func(r io.Reader) io.Reader { return r }, "byte by byte": iotest.OneByteReader} {
			t.Run(c.name+"/"+name, func(t *testing.T) {
				got, err := io.ReadAll(&tokenLimiter{r: wrap(strings.NewReader(c.in)), max: 32})
				if err != c.want {
					t.Fatalf("%v, want %v", err, c.want)
				}
				if err == nil && string(got) != c.in {
					t.Errorf("read %q, want %q", got, c.in)
				}
			})
		}
	}
}

func TestColumn(t *testing.T) {
	for _, c := range []struct {
		ref  string
		n    int
		ok   bool
		name string
	}{
		{"A1", 1, true, "A"}, {"Z9", 26, true, "Z"}, {"AA10", 27, true, "AA"}, {"XFD1048576", 16384, true, "XFD"},
		{"XFE1", 16385, true, "XFE"}, {"ZZZZZZZZZZZZZZ1", 20000, true, ""}, {"1", 0, false, ""}, {"a1", 0, false, ""},
	} {
		if n, ok := column(c.ref, 20000); n != c.n || ok != c.ok {
			t.Errorf("column(%q) = %d, %v; want %d, %v", c.ref, n, ok, c.n, c.ok)
		}
		if c.name != "" && columnName(c.n) != c.name {
			t.Errorf("columnName(%d) = %q, want %q", c.n, columnName(c.n), c.name)
		}
	}
}
