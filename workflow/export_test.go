package workflow

// SetBidHook makes every bid transaction call f after its reads, before its
// writes and its checks at commit: a test advances the clock there to play a
// request that began before the deadline and commits after it.
func SetBidHook(s *Service, f func()) { s.bidHook = f }

// SetPreparedHook makes every submission call f between the work it does
// before its transaction and the transaction: a test changes the supplier
// data there.
func SetPreparedHook(s *Service, f func()) { s.preparedHook = f }

// SetTakenHook makes every submission call f when its transaction takes the
// supplier data read before it.
func SetTakenHook(s *Service, f func()) { s.takenHook = f }
