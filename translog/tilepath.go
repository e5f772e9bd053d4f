package translog

import (
	"fmt"
	"strconv"
	"strings"
)

// TilePath identifies a C2SP tlog-tiles resource below the log's URL prefix:
// a hash tile "tile/<L>/<N>[.p/<W>]" or an entry bundle
// "tile/entries/<N>[.p/<W>]".
type TilePath struct {
	Level   int   // tree level of the tile, 0..63 (0 for entry bundles)
	Index   int64 // tile number within the level
	Width   int   // number of hashes or entries: 1..255 for partial tiles, TileWidth for full ones
	Entries bool  // an entry bundle rather than a hash tile
}

const (
	maxTileLevel = 63
	// maxTileIndex keeps (Index+1)*TileWidth within int64. No tree of int64
	// size has a tile beyond it, so larger numbers are refused as malformed.
	maxTileIndex = (1<<63-1)/TileWidth - 1
	// maxIndexElems is the number of 3-digit elements needed for maxTileIndex
	// (36028797018963967 has 17 digits); longer paths are refused unread.
	maxIndexElems = 6
)

// Partial reports whether the tile is narrower than a full tile.
func (p TilePath) Partial() bool { return p.Width < TileWidth }

// String returns the canonical path, for example "tile/0/x001/234.p/7".
func (p TilePath) String() string {
	var b strings.Builder
	b.WriteString("tile/")
	if p.Entries {
		b.WriteString("entries")
	} else {
		b.WriteString(strconv.Itoa(p.Level))
	}
	// Three digits per element, most significant first; all but the last
	// element carry an "x" so that files and directories never collide.
	n := p.Index
	var elems []string
	for {
		elems = append(elems, fmt.Sprintf("%03d", n%1000))
		n /= 1000
		if n == 0 {
			break
		}
	}
	for i := len(elems) - 1; i >= 0; i-- {
		b.WriteByte('/')
		if i > 0 {
			b.WriteByte('x')
		}
		b.WriteString(elems[i])
	}
	if p.Partial() {
		fmt.Fprintf(&b, ".p/%d", p.Width)
	}
	return b.String()
}

// ParseTilePath parses a C2SP tlog-tiles path relative to the log prefix
// ("tile/..."). Only the canonical form is accepted: levels and widths without
// leading zeros, the index in 3-digit elements with no leading "x000", widths
// 1..255 after ".p/". Anything else, including over-long paths and indexes no
// tree of int64 size reaches, is an error.
func ParseTilePath(path string) (TilePath, error) {
	bad := func(why string) (TilePath, error) {
		return TilePath{}, fmt.Errorf("tile path %.80q: %s", path, why)
	}
	// The longest canonical path is well under 64 bytes; refuse to split more.
	if len(path) > 64 {
		return bad("too long")
	}
	elems := strings.Split(path, "/")
	if len(elems) < 3 || elems[0] != "tile" {
		return bad(`want "tile/<L>/<N>[.p/<W>]" or "tile/entries/<N>[.p/<W>]"`)
	}
	var p TilePath
	if elems[1] == "entries" {
		p.Entries = true
	} else {
		level, ok := parseDecimal(elems[1], maxTileLevel)
		if !ok {
			return bad("level must be a decimal 0..63 without leading zeros")
		}
		p.Level = int(level)
	}
	elems = elems[2:]

	p.Width = TileWidth
	if last := elems[len(elems)-1]; len(elems) >= 2 && strings.HasSuffix(elems[len(elems)-2], ".p") {
		w, ok := parseDecimal(last, TileWidth-1)
		if !ok || w == 0 {
			return bad("partial width must be a decimal 1..255 without leading zeros")
		}
		p.Width = int(w)
		elems = elems[:len(elems)-1]
		elems[len(elems)-1] = strings.TrimSuffix(elems[len(elems)-1], ".p")
	}

	if len(elems) > maxIndexElems {
		return bad("index has too many elements")
	}
	var n int64
	for i, e := range elems {
		if i < len(elems)-1 {
			if !strings.HasPrefix(e, "x") {
				return bad(`all index elements but the last must start with "x"`)
			}
			e = e[1:]
		}
		if len(e) != 3 || !isDigits(e) {
			return bad("index elements must be three decimal digits")
		}
		if i == 0 && e == "000" && len(elems) > 1 {
			return bad(`index has a leading "x000" element`)
		}
		d, _ := strconv.Atoi(e)
		n = n*1000 + int64(d)
	}
	if n > maxTileIndex {
		return bad("index is beyond any tree of 2^63 leaves")
	}
	p.Index = n
	return p, nil
}

// parseDecimal parses s as a canonical decimal in 0..max: digits only, no
// sign, no leading zeros.
func parseDecimal(s string, max int64) (int64, bool) {
	if s == "" || len(s) > 19 || !isDigits(s) || (len(s) > 1 && s[0] == '0') {
		return 0, false
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil || v > max {
		return 0, false
	}
	return v, true
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
