package sqlstore

import (
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/goumai/goumai"
)

// interpretError turns driver errors into goumai error codes by driver error
// code, never by message text: no rows → ENotFound, unique → EConflict,
// foreign key or check → EInvalid. Anything else is returned unchanged.
func interpretError(err error, what goumai.Msg) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return &goumai.Error{Code: goumai.ENotFound, Message: goumai.M("未找到"+what.ZH, what.EN+" not found")}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
			return conflict(what, err)
		case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY, sqlite3.SQLITE_CONSTRAINT_CHECK, sqlite3.SQLITE_CONSTRAINT_NOTNULL:
			return invalidRef(what, err)
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return conflict(what, err)
		case "23503", "23514", "23502":
			return invalidRef(what, err)
		}
	}
	return err
}

// contention classifies an error of a transaction attempt.
type contention int

const (
	noContention contention = iota
	retryable               // PostgreSQL deadlock_detected (40P01) or serialization_failure (40001): run it again
	busyNow                 // SQLite busy or locked past the busy timeout (another process holds the writer): report EBusy
)

// contentionOf tells, by driver error code, whether err means that the
// transaction lost a race with another one rather than failed on its own.
func contentionOf(err error) contention {
	if err == nil {
		return noContention
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001") {
		return retryable
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
			return busyNow
		}
	}
	return noContention
}

// isTriggerAbort reports whether err is SQLite's RAISE(ABORT) from a trigger
// (the log's head check).
func isTriggerAbort(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_TRIGGER
}

func conflict(what goumai.Msg, err error) error {
	return &goumai.Error{Code: goumai.EConflict, Message: goumai.M(what.ZH+"已存在", what.EN+" already exists"), Err: err}
}

func invalidRef(what goumai.Msg, err error) error {
	return &goumai.Error{Code: goumai.EInvalid, Message: goumai.M(what.ZH+"的数据不符合约束", what.EN+" violates a constraint"), Err: err}
}
