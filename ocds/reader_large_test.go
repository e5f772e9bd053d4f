package ocds

import (
	"errors"
	"io"
	"strings"
	"testing"
)

// fill is a reader of n bytes of one character, generated on the fly.
type fill struct {
	n int64
	c byte
}

func (f *fill) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(p)) > f.n {
		p = p[:f.n]
	}
	for i := range p {
		p[i] = f.c
	}
	f.n -= int64(len(p))
	return len(p), nil
}

// A 1 GB single line holding one release stops at MaxReleaseSize with a located error, after
// reading about that much, instead of buffering the gigabyte.
func TestReaderHugeSingleLine(t *testing.T) {
	in := io.MultiReader(strings.NewReader(`{"releases":[{"ocid":"a","x":"`), &fill{n: 1 << 30, c: 'a'}, strings.NewReader(`"}]}`))
	r := NewReader(in)
	_, err := r.Next()
	var ie *InputError
	if !errors.As(err, &ie) || ie.Skipped || !strings.Contains(err.Error(), "larger than 64 MiB") {
		t.Fatalf("got %v, want a fatal located error about the release size", err)
	}
	if r.count.n > MaxReleaseSize+4<<20 {
		t.Errorf("read %d bytes before failing", r.count.n)
	}
}

// In JSON Lines, a line longer than MaxLineSize is skipped and reported with its number.
func TestReaderLongLineSkipped(t *testing.T) {
	in := io.MultiReader(strings.NewReader("{\"ocid\":\"a\"}\n"), &fill{n: MaxLineSize + 1000, c: 'x'},
		strings.NewReader("\n{\"ocid\":\"b\"}\n"))
	r := NewReader(in)
	var got []string
	for {
		rel, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			got = append(got, err.Error())
			continue
		}
		got = append(got, rel.OCID)
	}
	want := []string{"a", "line 2: line longer than 64 MiB (skipped)", "b"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}
