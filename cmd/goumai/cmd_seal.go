package main

import (
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

func init() {
	commands["seal-key"] = command{summary: "make the key file that seals bids until opening (kept outside the database)", run: runSealKey}
}

// runSealKey writes a fresh seal key file: goumai seal-key new FILE. The key
// never enters the database, so a dump of it reveals no bid; lose the file
// and the sealed bids cannot be opened.
func runSealKey(e *env) int {
	if len(e.args) != 2 || e.args[0] != "new" {
		fmt.Fprintln(e.stderr, "usage: goumai seal-key new FILE")
		return 2
	}
	if err := writeSealKey(e.args[1]); err != nil {
		fmt.Fprintf(e.stderr, "goumai seal-key: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "wrote a new seal key to %s: keep it outside the database and back it up apart from it\n", e.args[1])
	return 0
}

// writeSealKey creates path with a fresh key, readable by its owner only; an
// existing file is never overwritten.
func writeSealKey(path string) error {
	text, err := goumai.NewSealKey(rand.Reader)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// sealKeyFlag adds --seal-key (also --seal-key-file; GOUMAI_SEAL_KEY_FILE):
// the key file that seals bids.
func sealKeyFlag(fs *flag.FlagSet) *string {
	p := new(string)
	fs.StringVar(p, "seal-key", "", "file holding the key that seals bids until opening (goumai seal-key new FILE); kept outside the database")
	fs.StringVar(p, "seal-key-file", "", "the same as --seal-key")
	return p
}

// loadSealer reads the seal key file at path. With demo set and no path, the
// key file sits next to the demo's SQLite database (goumai-data for
// PostgreSQL) and is made when missing. No path and no demo: nil (bids are
// refused) and a warning.
func loadSealer(e *env, cmd, path, dsnText string, demo bool) (*goumai.Sealer, bool) {
	if path == "" && demo {
		dir := filepath.Dir(defaultDB)
		if d, err := sqlstore.ParseDSN(dsnText); err == nil && d.Dialect == sqlstore.SQLite {
			dir = filepath.Dir(d.Path)
		}
		path = filepath.Join(dir, "seal.key")
		if err := writeSealKey(path); err != nil && !errors.Is(err, os.ErrExist) {
			fmt.Fprintf(e.stderr, "goumai %s: demo seal key: %v\n", cmd, err)
			return nil, false
		}
	}
	if path == "" {
		fmt.Fprintf(e.stderr, "goumai %s: no --seal-key: bids are refused until the server is started with one (goumai seal-key new FILE)\n", cmd)
		return nil, true
	}
	text, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai %s: --seal-key: %v\n", cmd, err)
		return nil, false
	}
	key, err := goumai.ParseSealKey(text)
	if err == nil {
		var sl *goumai.Sealer
		if sl, err = goumai.NewSealer(key); err == nil {
			return sl, true
		}
	}
	fmt.Fprintf(e.stderr, "goumai %s: --seal-key %s: %v\n", cmd, path, err)
	return nil, false
}
