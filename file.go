package goumai

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strings"
	"unicode/utf8"
)

// Uploaded files (REQ-C8, REQ-C9): stored once by the SHA-256 of their content
// (the same file uploaded twice is one row), within a size limit, and only of
// the types below — PDF, OFD (GB/T 33190-2016), images and office documents —
// where the type is read from the content, never taken from the name or the
// browser's word for it. Evidence items and bid documents refer to files by
// their digest.

// MaxFileBytes is the largest file accepted (REQ-C9: 10 MB, as in the tools
// surveyed; upload forms state it).
const MaxFileBytes = 10 << 20

// MaxFileName bounds an uploaded file's name, in characters.
const MaxFileName = 200

// maxZipEntries bounds the directory of an OFD or office file: each entry costs
// memory to list, and real documents have a few hundred at most.
const maxZipEntries = 5000

// FileType is one accepted type of upload.
type FileType struct {
	MIME  string `json:"mime"`
	Ext   string `json:"ext"` // the extension a file of this type is saved with
	Label string `json:"label"`
}

// FileTypes lists the accepted types, in the order forms show them.
var FileTypes = []FileType{
	{"application/pdf", ".pdf", "PDF"},
	{"application/ofd", ".ofd", "OFD"},
	{"image/png", ".png", "PNG"},
	{"image/jpeg", ".jpg", "JPEG"},
	{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word (.docx)"},
	{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel (.xlsx)"},
	{"application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", "PowerPoint (.pptx)"},
}

// FileAccept is the accept attribute of upload inputs.
func FileAccept() string {
	var exts []string
	for _, t := range FileTypes {
		exts = append(exts, t.Ext)
	}
	return strings.Join(exts, ",") + ",.jpeg"
}

// File is an uploaded file: its content's digest, size and type, and the
// name it was uploaded with (names belong to whoever refers to the file).
type File struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	Type   string `json:"type"`
	Name   string `json:"name"`
}

// FileField is the field of errors about an upload.
const FileField = "file"

func fileError(zh, en string) error { return Fields{FileField: M(zh, en)}.Err() }

// NewFile checks an upload — its size, its name and its type as sniffed from
// the content — and returns its description with the digest.
func NewFile(name string, content []byte) (File, error) {
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/")) // browsers on Windows may send the whole path
	switch {
	case len(content) == 0:
		return File{}, fileError("请选择文件（文件不能为空）", "choose a file (it must not be empty)")
	case len(content) > MaxFileBytes:
		return File{}, fileError(fmt.Sprintf("文件超过%dMB上限", MaxFileBytes>>20), fmt.Sprintf("the file is larger than the %d MB limit", MaxFileBytes>>20))
	case name == "" || name == "." || name == "/":
		return File{}, fileError("文件须有名称", "the file needs a name")
	case utf8.RuneCountInString(name) > MaxFileName:
		return File{}, fileError("文件名不能超过200个字", "the file name has at most 200 characters")
	}
	if m := CheckText(name); m != nil {
		return File{}, Fields{FileField: *m}.Err()
	}
	typ, ok := SniffFileType(content)
	if !ok {
		return File{}, fileError("只接受 PDF、OFD、PNG、JPEG 图片和 Word、Excel、PowerPoint（.docx、.xlsx、.pptx）文件；文件内容不是这些格式",
			"only PDF, OFD, PNG and JPEG images and Word, Excel and PowerPoint (.docx, .xlsx, .pptx) files are accepted; the content is none of these")
	}
	sum := sha256.Sum256(content)
	return File{SHA256: hex.EncodeToString(sum[:]), Size: int64(len(content)), Type: typ, Name: name}, nil
}

// SniffFileType returns the accepted type of content, read from its bytes:
// the PDF header, the PNG and JPEG signatures, and for zip containers the
// part that makes them OFD (OFD.xml at the root, GB/T 33190 §7.2) or an
// Office Open XML document ([Content_Types].xml with word/, xl/ or ppt/).
func SniffFileType(content []byte) (string, bool) {
	switch {
	case bytes.HasPrefix(content, []byte("%PDF-")):
		return "application/pdf", true
	case bytes.HasPrefix(content, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png", true
	case bytes.HasPrefix(content, []byte{0xff, 0xd8, 0xff}):
		return "image/jpeg", true
	case bytes.HasPrefix(content, []byte("PK\x03\x04")):
		return sniffZip(content)
	}
	return "", false
}

// sniffZip tells an OFD from an office document by the names in its
// directory; nothing is decompressed.
func sniffZip(content []byte) (string, bool) {
	if bytes.Count(content, []byte("PK\x01\x02")) > maxZipEntries {
		return "", false
	}
	zr, err := zip.NewReader(bytes.NewReader(content), int64(len(content)))
	if err != nil {
		return "", false
	}
	names := map[string]bool{}
	prefixes := map[string]bool{}
	for _, f := range zr.File {
		n := strings.TrimPrefix(f.Name, "/")
		names[strings.ToLower(n)] = true
		if top, _, ok := strings.Cut(n, "/"); ok {
			prefixes[strings.ToLower(top)] = true
		}
	}
	switch {
	case names["ofd.xml"]:
		return "application/ofd", true
	case !names["[content_types].xml"]:
		return "", false
	case prefixes["word"]:
		return FileTypes[4].MIME, true
	case prefixes["xl"]:
		return FileTypes[5].MIME, true
	case prefixes["ppt"]:
		return FileTypes[6].MIME, true
	}
	return "", false
}

// FileExt returns the extension files of type mime are served with.
func FileExt(mime string) string {
	for _, t := range FileTypes {
		if t.MIME == mime {
			return t.Ext
		}
	}
	return ""
}
