-- Forked logs seen from trusted instances (issue 12, DESIGN §8). The consumer
-- keeps the last verified checkpoint of each publisher (fed_peers) and checks
-- every newer one against it with an RFC 6962 consistency proof: a signed
-- checkpoint that is not an extension of the one seen (the publisher rewrote
-- its history and re-signed it) is refused, nothing of it applied, and kept
-- here as the evidence of the attack: both signed trees and why.
CREATE TABLE fed_forks (
    publisher  TEXT NOT NULL,
    old_size   BIGINT NOT NULL,   -- the checkpoint verified before
    old_root   TEXT NOT NULL,     -- base64
    new_size   BIGINT NOT NULL,   -- the signed checkpoint refused
    new_root   TEXT NOT NULL,     -- base64
    checkpoint TEXT NOT NULL,     -- the refused signed checkpoint, as received
    reason     TEXT NOT NULL,
    seen_at    TEXT NOT NULL,
    PRIMARY KEY (publisher, new_size, new_root)
);
