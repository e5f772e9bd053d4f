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

// Session lifetimes and the login rate limit (等保: lock out after repeated failures).
const (
	WebSessionTTL   = 8 * time.Hour
	APITokenTTL     = 24 * time.Hour
	LoginWindow     = 15 * time.Minute
	MaxLoginFailure = 5
)

// Login checks a username and password and opens a session of kind "web" or
// "api", returning the bearer token (shown once; only its hash is stored).
// Failures are counted per username and per client address; past
// MaxLoginFailure in LoginWindow further attempts are refused with ERateLimited.
func (s *Service) Login(ctx context.Context, username, password, client, kind, lang string) (string, sqlstore.Session, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	now := s.Clock.Now()
	since := now.Add(-LoginWindow)
	keys := []string{"user:" + username, "client:" + client}
	for _, k := range keys {
		n, err := s.Store.LoginFailures(ctx, k, since)
		if err != nil {
			return "", sqlstore.Session{}, err
		}
		if n >= MaxLoginFailure {
			return "", sqlstore.Session{}, goumai.Errorf(goumai.ERateLimited, "登录失败次数过多，请15分钟后再试", "too many failed sign-ins; try again in 15 minutes")
		}
	}
	u, hash, err := s.Store.Credentials(ctx, username)
	if err != nil && goumai.ErrorCode(err) != goumai.ENotFound {
		return "", sqlstore.Session{}, err
	}
	if hash == "" {
		hash = dummyHash() // same work for unknown users
	}
	if err != nil || !CheckPassword(password, hash) || !u.Active {
		for _, k := range keys {
			if err := s.Store.AddLoginFailure(ctx, k, now, since); err != nil {
				return "", sqlstore.Session{}, err
			}
		}
		return "", sqlstore.Session{}, goumai.Errorf(goumai.EUnauthorized, "用户名或密码错误", "wrong username or password")
	}
	for _, k := range keys {
		if err := s.Store.ClearLoginFailures(ctx, k); err != nil {
			return "", sqlstore.Session{}, err
		}
	}
	ms, err := s.Store.Memberships(ctx, u.ID)
	if err != nil {
		return "", sqlstore.Session{}, err
	}
	var orgID int64
	for _, m := range ms {
		if m.Org.Active {
			orgID = m.Org.ID
			break
		}
	}
	ttl := WebSessionTTL
	if kind == "api" {
		ttl = APITokenTTL
	}
	if lang != "en" {
		lang = "zh"
	}
	token := randomToken()
	ss := sqlstore.Session{ID: TokenID(token), Kind: kind, UserID: u.ID, OrgID: orgID, CSRF: randomToken(), Lang: lang, CreatedAt: now, ExpiresAt: now.Add(ttl)}
	if err := s.Store.CreateSession(ctx, ss); err != nil {
		return "", ss, err
	}
	return token, ss, nil
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
