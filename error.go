package goumai

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Code classifies an Error. The web layer maps each code to one HTTP status.
type Code string

// The error codes. Keep this set small: callers branch on codes, never on text.
const (
	EInvalid      Code = "invalid"            // bad input; Fields says which fields
	ENotFound     Code = "not_found"          // no such object (or not visible to the actor)
	EConflict     Code = "conflict"           // duplicate, or the object is in the wrong state for the action
	EStale        Code = "stale"              // the object changed since the client read it (optimistic concurrency): reload and retry
	EFunds        Code = "insufficient_funds" // the budget line cannot cover the amount (the ledger's guard)
	EBusy         Code = "busy"               // contention outlasted the store's retries; nothing changed, try again
	EUnauthorized Code = "unauthorized"       // not signed in, or wrong credentials
	EForbidden    Code = "forbidden"          // signed in, but not allowed
	ERateLimited  Code = "rate_limited"       // too many attempts
	EInternal     Code = "internal"           // a bug or an unavailable dependency
)

// Codes lists every error code; the web layer gives each one HTTP status.
var Codes = []Code{EInvalid, ENotFound, EConflict, EStale, EFunds, EUnauthorized, EForbidden, ERateLimited, EBusy, EInternal}

// Msg is a message in Chinese (the default) and English.
type Msg struct {
	ZH string `json:"zh"`
	EN string `json:"en"`
}

// In returns the message in lang ("en" or anything else for Chinese).
func (m Msg) In(lang string) string {
	if lang == "en" && m.EN != "" {
		return m.EN
	}
	return m.ZH
}

// M builds a Msg.
func M(zh, en string) Msg { return Msg{ZH: zh, EN: en} }

// Error is goumai's one error type. Message is shown to the user; Fields holds
// per-field messages for EInvalid; Rule names the ENG- rule that refused the action.
type Error struct {
	Code    Code
	Message Msg
	Fields  map[string]Msg
	Rule    string
	Err     error // the cause, for EInternal; never shown to users
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", e.Code, e.Message.EN)
	if e.Rule != "" {
		fmt.Fprintf(&b, " [%s]", e.Rule)
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "; %s: %s", k, e.Fields[k].EN)
	}
	if e.Err != nil {
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an Error with the given code and message.
func Errorf(code Code, zh, en string) *Error { return &Error{Code: code, Message: M(zh, en)} }

// ErrorCode returns the code of the first *Error in err's chain, EInternal otherwise,
// and "" for nil.
func ErrorCode(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// AsError returns err's *Error, or an EInternal Error wrapping it.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: EInternal, Message: M("系统内部错误", "internal error"), Err: err}
}

// Fields collects field-level validation errors.
type Fields map[string]Msg

// Add records a problem with field.
func (f Fields) Add(field, zh, en string) { f[field] = M(zh, en) }

// Err returns an EInvalid Error if any field has a problem, nil otherwise.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: EInvalid, Message: M("输入有误，请检查标出的字段", "invalid input: see the marked fields"), Fields: map[string]Msg(f)}
}

// ErrNotFound returns an ENotFound error naming what was looked for.
func ErrNotFound(whatZH, whatEN string) *Error {
	return Errorf(ENotFound, "未找到"+whatZH, whatEN+" not found")
}

// ErrForbidden is returned when the actor may not perform the action.
func ErrForbidden() *Error {
	return Errorf(EForbidden, "无权执行此操作", "you are not allowed to do this")
}
