package main

import (
	"fmt"

	"github.com/goumai/goumai/workflow"
)

// maxReceipt bounds a receipt file: a leaf, a proof of a few dozen hashes and a checkpoint.
const maxReceipt = 1 << 20

// runLogVerifyReceipt checks a bid receipt offline: goumai log verify-receipt
// [--key VKEY] RECEIPT.json. With --key (the log's verifier key, obtained
// from a source the bidder trusts) the checkpoint must be signed by it;
// without, the key in the receipt is used and the output says so.
func runLogVerifyReceipt(e *env, args []string) int {
	fs := newFlags(e, "log verify-receipt")
	key := fs.String("key", "", "the log's verifier key (note format), from a source you trust")
	if !parseFlags(e, fs, args) {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(e.stderr, "usage: goumai log verify-receipt [--key VKEY] RECEIPT.json")
		return 2
	}
	b, err := readBounded(fs.Arg(0), e.stdin, maxReceipt)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai log verify-receipt: %v\n", err)
		return 1
	}
	r, err := workflow.ParseBidReceipt(b)
	if err != nil {
		fmt.Fprintf(e.stderr, "goumai log verify-receipt: %s is not a receipt: %v\n", fs.Arg(0), err)
		return 1
	}
	vkey, trusted := *key, true
	if vkey == "" {
		vkey, trusted = r.LogKey, false
	}
	if err := r.Verify(vkey); err != nil {
		fmt.Fprintf(e.stderr, "goumai log verify-receipt: BAD: %v\n", err)
		return 1
	}
	fmt.Fprintf(e.stdout, "OK: commitment %s is leaf %d of the log, in the signed tree of %d leaves\n", r.Commitment, r.Inclusion.LeafIndex, r.Inclusion.TreeSize)
	if !trusted {
		fmt.Fprintln(e.stdout, "note: checked with the key inside the receipt; give --key with the log's key from a source you trust")
	}
	return 0
}
