package sqlstore

// RetryAttempts is how many times Update runs a transaction that keeps failing for contention.
var RetryAttempts = defaultRetry.attempts
