package main

import (
	"context"
	"io"
	"os"
	"strings"
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
	return httpGet(ctx, src, maxCheckpointRead)
}
