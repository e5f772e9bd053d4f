package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

// maxCheckpointRead bounds what --checkpoint reads: a checkpoint with a dozen
// cosignatures is under 2 KiB, and translog refuses more than 64 KiB.
const maxCheckpointRead = 1 << 20

// readCheckpoint reads a signed checkpoint from a file or an http(s) URL.
func readCheckpoint(ctx context.Context, src string) ([]byte, error) {
	if !strings.HasPrefix(src, "http://") && !strings.HasPrefix(src, "https://") {
		f, err := os.Open(src)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		return io.ReadAll(io.LimitReader(f, maxCheckpointRead))
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, src, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", src, resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxCheckpointRead))
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", src, err)
	}
	return b, nil
}
