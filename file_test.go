package goumai

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

// zipOf builds a zip archive with the named (empty) parts.
func zipOf(t *testing.T, names ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, n := range names {
		if _, err := w.Create(n); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestNewFileSniffsTheContent(t *testing.T) {
	for _, c := range []struct {
		name    string
		file    string
		content []byte
		want    string // "" when refused
	}{
		{"pdf", "营业执照.pdf", []byte("%PDF-1.7\n..."), "application/pdf"},
		{"pdf named .png", "scan.png", []byte("%PDF-1.4\n"), "application/pdf"},
		{"png", "scan.png", []byte("\x89PNG\r\n\x1a\n\x00\x00"), "image/png"},
		{"jpeg", "scan.jpg", []byte{0xff, 0xd8, 0xff, 0xe0, 0, 0x10}, "image/jpeg"},
		{"ofd", "报告.ofd", zipOf(t, "OFD.xml", "Doc_0/Document.xml"), "application/ofd"},
		{"docx", "声明.docx", zipOf(t, "[Content_Types].xml", "word/document.xml"), FileTypes[4].MIME},
		{"xlsx", "报表.xlsx", zipOf(t, "[Content_Types].xml", "xl/workbook.xml"), FileTypes[5].MIME},
		{"pptx", "介绍.pptx", zipOf(t, "[Content_Types].xml", "ppt/presentation.xml"), FileTypes[6].MIME},
		{"other zip named .docx", "x.docx", zipOf(t, "a.txt"), ""},
		{"html named .pdf", "x.pdf", []byte("<html><script>alert(1)</script>"), ""},
		{"executable", "x.pdf", []byte("MZ\x90\x00"), ""},
		{"broken zip", "x.ofd", []byte("PK\x03\x04garbage"), ""},
		{"empty", "x.pdf", nil, ""},
		{"too large", "x.pdf", append([]byte("%PDF-"), make([]byte, MaxFileBytes)...), ""},
		{"control character in the name", "a\x01.pdf", []byte("%PDF-1.7"), ""},
		{"name too long", strings.Repeat("文", MaxFileName) + ".pdf", []byte("%PDF-1.7"), ""},
	} {
		f, err := NewFile(c.file, c.content)
		switch {
		case c.want == "" && err == nil:
			t.Errorf("%s: accepted as %s", c.name, f.Type)
		case c.want == "" && (ErrorCode(err) != EInvalid || AsError(err).Fields[FileField].ZH == ""):
			t.Errorf("%s: %v, want invalid on the file field", c.name, err)
		case c.want != "" && (err != nil || f.Type != c.want || len(f.SHA256) != 64 || f.Size != int64(len(c.content))):
			t.Errorf("%s: %+v %v, want %s", c.name, f, err, c.want)
		}
	}
	if f, err := NewFile(`C:\Users\王\Desktop\执照.pdf`, []byte("%PDF-1.7")); err != nil || f.Name != "执照.pdf" {
		t.Errorf("a Windows path keeps the base name: %q %v", f.Name, err)
	}
}
