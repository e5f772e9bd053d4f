package web

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/ocds"
	"github.com/goumai/goumai/ocds/extensions"
	"github.com/goumai/goumai/sqlstore"
)

// DefaultDataLicense is the licence of the published data unless the
// deploying department chooses another (Config.DataLicense).
const DefaultDataLicense = "https://creativecommons.org/licenses/by/4.0/"

// Feed page sizes.
const (
	feedDefault = 100
	feedMost    = 1000
)

// baseURL is the site's externally visible base URL.
func (s *Server) baseURL(r *http.Request) string {
	return strings.TrimSuffix(s.logPrefix(r), "/log")
}

// ocdsPackage is the metadata of every package goumai publishes.
func (s *Server) ocdsPackage(r *http.Request) ocds.Package {
	base := s.baseURL(r)
	name := s.cfg.Organizer
	if name == "" {
		name = s.cfg.SiteName
	}
	if name == "" {
		name = "goumai"
	}
	pub, _ := json.Marshal(map[string]string{"name": name, "uri": base + "/"})
	license := s.cfg.DataLicense
	if license == "" {
		license = DefaultDataLicense
	}
	exts := extensions.URLs(base) // the official ones goumai's releases use, and goumai's own
	return ocds.Package{
		URI: base + r.URL.RequestURI(), PublishedDate: s.svc.Clock.Now().In(chinaZone).Format(time.RFC3339),
		Version: "1.1", Publisher: pub, License: license, PublicationPolicy: base + "/data", Extensions: exts,
	}
}

var chinaZone = time.FixedZone("CST", 8*60*60)

// feedInstance names this instance in feed cursors: a cursor of another
// instance's log means nothing here.
func (s *Server) feedInstance() string {
	h := sha256.Sum256([]byte(s.store.VerifierKey()))
	return hex.EncodeToString(h[:4])
}

// parseCursor reads a feed cursor "{instance}.{log index}" ("" is the start).
func (s *Server) parseCursor(c string, watermark int64) (int64, error) {
	if c == "" {
		return -1, nil
	}
	inst, idx, ok := strings.Cut(c, ".")
	n, err := strconv.ParseInt(idx, 10, 64)
	switch {
	case !ok || err != nil || n < -1 || len(inst) != 8:
		return 0, goumai.Fields{"after": goumai.M("游标格式不正确：请使用上一页返回的 next 值", "the cursor is malformed: use the next value a page returned")}.Err()
	case inst != s.feedInstance():
		return 0, goumai.Fields{"after": goumai.M("该游标来自另一个实例的日志，不能用于本实例", "the cursor comes from another instance's log and means nothing here")}.Err()
	case n >= watermark:
		return 0, goumai.Fields{"after": goumai.M(fmt.Sprintf("游标超出本实例已提交的日志位置（%d）", watermark), fmt.Sprintf("the cursor is beyond the log's committed position (%d)", watermark))}.Err()
	}
	return n, nil
}

func (s *Server) cursor(idx int64) string { return s.feedInstance() + "." + strconv.FormatInt(idx, 10) }

// apiOCDSFeed is the change feed: a release package of the releases after the
// cursor in log order, below the watermark (no release of a transaction still
// in flight, so a crawler never skips one that commits late). Each release's
// log index is listed (logIndices) for its inclusion proof in the signed log.
func (s *Server) apiOCDSFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	q := r.URL.Query()
	limit := feedDefault
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > feedMost {
			s.fail(w, r, goumai.Fields{"limit": goumai.M(fmt.Sprintf("每页条数应为 1 到 %d 的整数", feedMost), fmt.Sprintf("the page size is a whole number from 1 to %d", feedMost))}.Err())
			return
		}
		limit = n
	}
	watermark, err := s.store.Watermark(ctx)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	after, err := s.parseCursor(q.Get("after"), watermark)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var rels []json.RawMessage
	var idx []int64
	_, err = s.store.Releases(ctx, sqlstore.ReleaseFilter{After: after, Limit: limit}, func(rel sqlstore.StoredRelease) error {
		if rel.LogIndex < watermark { // the watermark read before the page
			rels, idx = append(rels, rel.Body), append(idx, rel.LogIndex)
		}
		return nil
	})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	next := after
	if len(idx) > 0 {
		next = idx[len(idx)-1]
	} else if len(idx) == 0 && after < watermark-1 {
		next = watermark - 1 // no release up to the watermark: skip the events that made none
	}
	meta := s.ocdsPackage(r)
	out := map[string]any{
		"uri": meta.URI, "publishedDate": meta.PublishedDate, "version": meta.Version, "publisher": meta.Publisher,
		"license": meta.License, "publicationPolicy": meta.PublicationPolicy, "extensions": meta.Extensions,
		"releases": nonNil(rels), "logIndices": nonNil(idx), "watermark": watermark,
	}
	if next >= 0 {
		out["next"] = s.cursor(next)
		out["links"] = map[string]string{"next": s.baseURL(r) + "/api/v1/ocds/releases?after=" + s.cursor(next) + "&limit=" + strconv.Itoa(limit)}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w) // compact: a page carries up to a thousand releases
	enc.SetEscapeHTML(false)
	_ = enc.Encode(out)
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// ocidReleases serves one process's release package.
func (s *Server) ocidReleases(w http.ResponseWriter, r *http.Request) {
	ocid := r.PathValue("ocid")
	var rels []json.RawMessage
	_, err := s.store.Releases(r.Context(), sqlstore.ReleaseFilter{After: -1, OCID: ocid}, func(rel sqlstore.StoredRelease) error {
		rels = append(rels, rel.Body)
		return nil
	})
	if err == nil && len(rels) == 0 {
		err = goumai.ErrNotFound("开放合同数据", "OCDS data")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	meta := s.ocdsPackage(r)
	writeJSON(w, http.StatusOK, map[string]any{
		"uri": meta.URI, "publishedDate": meta.PublishedDate, "version": meta.Version, "publisher": meta.Publisher,
		"license": meta.License, "publicationPolicy": meta.PublicationPolicy, "extensions": meta.Extensions, "releases": rels,
	})
}

// ocidRecord serves one process's record package: its releases and the
// compiled release, merged by goumai's own ocds.Merger.
func (s *Server) ocidRecord(w http.ResponseWriter, r *http.Request) {
	ocid := r.PathValue("ocid")
	var lines strings.Builder
	n := 0
	_, err := s.store.Releases(r.Context(), sqlstore.ReleaseFilter{After: -1, OCID: ocid}, func(rel sqlstore.StoredRelease) error {
		n++
		lines.Write(rel.Body)
		lines.WriteByte('\n')
		return nil
	})
	if err == nil && n == 0 {
		err = goumai.ErrNotFound("开放合同数据", "OCDS data")
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	pw := ocds.NewRecordPackageWriter(w, false, nil)
	if err := compileRecords(r.Context(), strings.NewReader(lines.String()), func(rec *ocds.Record) error { return pw.Write(rec) }); err != nil {
		s.fail(w, r, err)
		return
	}
	_ = pw.Close(s.ocdsPackage(r))
}

// compileRecords merges JSON Lines of releases grouped by ocid into records.
func compileRecords(ctx context.Context, in io.Reader, emit func(*ocds.Record) error) error {
	rules, err := ocds.RulesForVersion("1.1")
	if err != nil {
		return err
	}
	var problem error
	err = ocds.Compile(ctx, ocds.NewReader(in), ocds.NewMerger(rules), ocds.CompileOptions{Skipped: func(e error) {
		if problem == nil {
			problem = e
		}
	}}, func(rec *ocds.Record) error {
		if rec.Err != nil {
			return fmt.Errorf("compile %s: %w", rec.OCID, rec.Err)
		}
		return emit(rec)
	})
	if err == nil {
		err = problem
	}
	return err
}

// bulk serves a gzip-compressed JSON Lines file of releases. With a BulkDir
// the file is kept there and grown incrementally: each request appends, as
// one more gzip member, the releases published since the file's position
// (concatenated gzip members are one valid gzip stream, RFC 1952 §2.2).
func (s *Server) bulk(f func(r *http.Request) (sqlstore.ReleaseFilter, string, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		filter, name, err := f(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/gzip")
		w.Header().Set("Content-Disposition", `attachment; filename="`+filepath.Base(name)+`"`)
		if s.cfg.BulkDir == "" {
			zw := gzip.NewWriter(w)
			if _, err := s.store.Releases(r.Context(), filter, writeLine(zw)); err != nil {
				return // headers are sent: the truncated gzip stream tells the client
			}
			zw.Close()
			return
		}
		path, size, err := s.bulkFiles.grow(r.Context(), s.store, filepath.Join(s.cfg.BulkDir, name), filter)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		f, err := os.Open(path)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			s.fail(w, r, err)
			return
		}
		// Only the recorded length: a member another request is appending
		// meanwhile is not complete yet.
		http.ServeContent(w, r, filepath.Base(name), st.ModTime(), io.NewSectionReader(f, 0, size))
	}
}

func writeLine(w io.Writer) func(sqlstore.StoredRelease) error {
	return func(rel sqlstore.StoredRelease) error {
		if _, err := w.Write(rel.Body); err != nil {
			return err
		}
		_, err := w.Write([]byte{'\n'})
		return err
	}
}

// bulkFiles grows the kept bulk files, one at a time per file.
type bulkFiles struct {
	mu    sync.Mutex
	locks map[string]*sync.Mutex
}

func (b *bulkFiles) lock(path string) *sync.Mutex {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.locks == nil {
		b.locks = map[string]*sync.Mutex{}
	}
	if b.locks[path] == nil {
		b.locks[path] = &sync.Mutex{}
	}
	return b.locks[path]
}

// grow appends to the file at path the releases of f published since the
// position kept beside it ({path}.pos: the log index it covers up to) and
// returns the path and the file's complete length. The position is written after the data is synced, so a
// crash leaves at worst a member appended twice, never one missing: on start
// a file longer than its recorded length is cut back to it.
func (b *bulkFiles) grow(ctx context.Context, store *sqlstore.Store, path string, f sqlstore.ReleaseFilter) (string, int64, error) {
	l := b.lock(path)
	l.Lock()
	defer l.Unlock()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return "", 0, err
	}
	pos, size := int64(-1), int64(0)
	if raw, err := os.ReadFile(path + ".pos"); err == nil {
		fmt.Sscanf(string(raw), "%d %d", &pos, &size)
	}
	file, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o640)
	if err != nil {
		return "", 0, err
	}
	defer file.Close()
	if err := file.Truncate(size); err != nil { // drop a member whose position was never recorded
		return "", 0, err
	}
	if _, err := file.Seek(size, io.SeekStart); err != nil {
		return "", 0, err
	}
	bw := bufio.NewWriterSize(file, 1<<16)
	zw := gzip.NewWriter(bw)
	n := 0
	f.After = pos
	watermark, err := store.Releases(ctx, f, func(rel sqlstore.StoredRelease) error {
		n++
		return writeLine(zw)(rel)
	})
	if err != nil {
		return "", 0, err
	}
	if n == 0 && size > 0 {
		return path, size, nil // nothing new
	}
	if err := zw.Close(); err != nil {
		return "", 0, err
	}
	if err := bw.Flush(); err != nil {
		return "", 0, err
	}
	if err := file.Sync(); err != nil {
		return "", 0, err
	}
	end, err := file.Seek(0, io.SeekCurrent)
	if err != nil {
		return "", 0, err
	}
	if err := os.WriteFile(path+".pos.tmp", []byte(fmt.Sprintf("%d %d\n", watermark-1, end)), 0o640); err != nil {
		return "", 0, err
	}
	return path, end, os.Rename(path+".pos.tmp", path+".pos")
}

// recordsBulk serves every record (each process's releases and compiled
// release) as gzip-compressed JSON Lines, compiled as it streams.
func (s *Server) recordsBulk(w http.ResponseWriter, r *http.Request) {
	pr, pw := io.Pipe()
	go func() {
		pw.CloseWithError(s.store.ReleasesByOCID(r.Context(), writeLine(pw)))
	}()
	defer pr.Close()
	w.Header().Set("Content-Type", "application/gzip")
	w.Header().Set("Content-Disposition", `attachment; filename="records.jsonl.gz"`)
	zw := gzip.NewWriter(w)
	err := compileRecords(r.Context(), pr, func(rec *ocds.Record) error {
		b := append([]byte(`{"ocid":`), strconv.Quote(rec.OCID)...)
		b = append(b, `,"releases":[`...)
		for i, rel := range rec.Releases {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, rel.JSON...)
		}
		b = append(append(append(b, `],"compiledRelease":`...), rec.Compiled...), "}\n"...)
		_, err := zw.Write(b)
		return err
	})
	if err != nil {
		return // the truncated stream tells the client
	}
	zw.Close()
}

// bulkAll, bulkYear and bulkRegion name the bulk files and their filters.
func bulkAll(*http.Request) (sqlstore.ReleaseFilter, string, error) {
	return sqlstore.ReleaseFilter{After: -1}, "releases.jsonl.gz", nil
}

func bulkYear(r *http.Request) (sqlstore.ReleaseFilter, string, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < 2000 || y > 2200 {
		return sqlstore.ReleaseFilter{}, "", goumai.Fields{"year": goumai.M("年份应为四位数字", "the year is four digits")}.Err()
	}
	return sqlstore.ReleaseFilter{After: -1, Year: y}, fmt.Sprintf("years/%d/releases.jsonl.gz", y), nil
}

func (s *Server) bulkRegion(r *http.Request) (sqlstore.ReleaseFilter, string, error) {
	code := r.PathValue("code")
	if _, ok := s.store.Regions().Get(code); !ok {
		return sqlstore.ReleaseFilter{}, "", goumai.Fields{"region": goumai.M("没有这个行政区划代码", "no such region code")}.Err()
	}
	return sqlstore.ReleaseFilter{After: -1, Region: code}, "regions/" + code + "/releases.jsonl.gz", nil
}

// dataPage is the open data guide: how to get everything, under which licence.
func (s *Server) dataPage(w http.ResponseWriter, r *http.Request) {
	meta := s.ocdsPackage(r)
	var pub struct{ Name string }
	_ = json.Unmarshal(meta.Publisher, &pub)
	s.render(w, r, http.StatusOK, "data", map[string]any{
		"License": meta.License, "Publisher": pub.Name, "Prefix": s.store.OCIDPrefix(), "Extensions": meta.Extensions,
		"Base": s.baseURL(r), "Year": s.svc.Clock.Now().In(chinaZone).Year(),
	})
}
