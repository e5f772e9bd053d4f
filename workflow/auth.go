package workflow

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/sqlstore"
)

// Session lifetimes.
const (
	WebSessionTTL = 8 * time.Hour
	APITokenTTL   = 24 * time.Hour
)

var wrongLogin = goumai.M("用户名或密码错误", "wrong username or password")

// Login checks a username and password and opens a session of kind "web" or
// "api", returning the bearer token (shown once; only its hash is stored).
// Attempts go through the throttle (throttle.go), which may refuse them with
// ERateLimited (its cause a *Throttled saying until when). A wrong password and
// an unknown username cost the same: one throttle transaction, one argon2id
// check at the service's parameters, one failure transaction.
func (s *Service) Login(ctx context.Context, username, password, client, kind, lang string) (string, sqlstore.Session, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	keys := loginKeys(username, client)
	if err := s.admitLogin(ctx, keys); err != nil {
		return "", sqlstore.Session{}, err
	}
	u, hash, ok, err := s.checkLogin(ctx, username, password)
	if err != nil {
		return "", sqlstore.Session{}, err
	}
	if !ok {
		if err := s.loginFailed(ctx, keys, u.ID); err != nil {
			return "", sqlstore.Session{}, err
		}
		return "", sqlstore.Session{}, &goumai.Error{Code: goumai.EUnauthorized, Message: wrongLogin}
	}
	ms, err := s.Store.Memberships(ctx, u.ID)
	if err != nil {
		return "", sqlstore.Session{}, err
	}
	var org goumai.Org
	for _, m := range ms {
		if m.Org.Active {
			org = m.Org
			break
		}
	}
	// A hash made with other parameters than the service's is remade, so that
	// every account's check costs what the unknown-user path costs.
	var rehash string
	if !sameParams(hash, s.PasswordParams) {
		if rehash, err = HashPassword(password, s.PasswordParams); err != nil {
			return "", sqlstore.Session{}, err
		}
	}
	err = s.Store.Update(ctx, func(tx *sqlstore.Tx) error {
		if err := s.loginSucceeded(ctx, tx, keys); err != nil || rehash == "" {
			return err
		}
		if err := tx.SetPasswordHash(ctx, u.ID, rehash); err != nil {
			return err
		}
		_, err := tx.Record(ctx, sqlstore.Change{Actor: goumai.Actor{UserID: u.ID, Username: u.Username, Name: u.DisplayName, Org: org},
			Action: "user.password_rehash", Table: "credentials", Key: u.ID, Region: org.Region})
		return err
	})
	if err != nil {
		return "", sqlstore.Session{}, err
	}
	ttl := WebSessionTTL
	if kind == "api" {
		ttl = APITokenTTL
	}
	if lang != "en" {
		lang = "zh"
	}
	now := s.Clock.Now()
	token := randomToken()
	ss := sqlstore.Session{ID: TokenID(token), Kind: kind, UserID: u.ID, OrgID: org.ID, CSRF: randomToken(), Lang: lang, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	if err := s.Store.CreateSession(ctx, ss); err != nil {
		return "", ss, err
	}
	return token, ss, nil
}

// checkLogin reports whether password is the active account username's. It
// checks the password against the account's hash, or against a dummy hash at
// the service's parameters when there is no such account (or no password), so
// that both paths cost one argon2id check. u.ID is the account's id if it
// exists, 0 otherwise.
func (s *Service) checkLogin(ctx context.Context, username, password string) (u goumai.User, hash string, ok bool, err error) {
	u, hash, err = s.Store.Credentials(ctx, username)
	if err != nil && goumai.ErrorCode(err) != goumai.ENotFound {
		return u, "", false, err
	}
	found := err == nil && hash != ""
	if !found {
		hash = dummyHash(s.PasswordParams)
	}
	match := checkHash(password, hash) // always run: no short circuit before it
	return u, hash, match && found && u.Active, nil
}

// TokenID is the stored identifier of a token: its SHA-256 in hex.
func TokenID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func randomToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Authenticate resolves a token to its session and the actor it stands for: the
// user acting for the session's organisation in the roles held there.
func (s *Service) Authenticate(ctx context.Context, token string) (goumai.Actor, sqlstore.Session, error) {
	a, ss, _, err := s.AuthenticateWithMemberships(ctx, token)
	return a, ss, err
}

// AuthenticateWithMemberships is Authenticate that also returns all the user's
// memberships (the organisations they may switch to), read once.
func (s *Service) AuthenticateWithMemberships(ctx context.Context, token string) (goumai.Actor, sqlstore.Session, []sqlstore.MembershipView, error) {
	if token == "" {
		return goumai.Actor{}, sqlstore.Session{}, nil, goumai.Errorf(goumai.EUnauthorized, "请先登录", "please sign in")
	}
	ss, err := s.Store.Session(ctx, TokenID(token), s.Clock.Now())
	if err != nil {
		return goumai.Actor{}, ss, nil, err
	}
	a, ms, err := s.actorFor(ctx, ss.UserID, ss.OrgID)
	return a, ss, ms, err
}

func (s *Service) actorFor(ctx context.Context, userID, orgID int64) (goumai.Actor, []sqlstore.MembershipView, error) {
	u, err := s.Store.User(ctx, userID)
	if err != nil {
		return goumai.Actor{}, nil, err
	}
	if !u.Active {
		return goumai.Actor{}, nil, goumai.Errorf(goumai.EUnauthorized, "账号已停用", "this account is disabled")
	}
	a := goumai.Actor{UserID: u.ID, Username: u.Username, Name: u.DisplayName}
	ms, err := s.Store.Memberships(ctx, u.ID)
	if err != nil {
		return a, nil, err
	}
	for _, m := range ms {
		if m.Org.ID == orgID && m.Org.Active {
			a.Org = m.Org
			a.Roles = append(a.Roles, m.Role)
		}
	}
	return a, ms, nil
}

// SwitchOrg changes the organisation a session acts for; the user must hold a
// role there.
func (s *Service) SwitchOrg(ctx context.Context, ss sqlstore.Session, orgID int64) error {
	a, _, err := s.actorFor(ctx, ss.UserID, orgID)
	if err != nil {
		return err
	}
	if len(a.Roles) == 0 {
		return goumai.ErrForbidden()
	}
	ss.OrgID = orgID
	return s.Store.UpdateSession(ctx, ss)
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, TokenID(token))
}
