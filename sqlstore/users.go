package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/goumai/goumai"
)

var userWhat = goumai.M("用户", "user")

// InsertUser inserts an account and returns its id.
func (tx *Tx) InsertUser(ctx context.Context, u goumai.User) (int64, error) {
	key, err := tx.writeRow(ctx, "users", `INSERT INTO users (username, display_name, active, created_at) VALUES ($1, $2, $3, $4)`,
		u.Username, u.DisplayName, u.Active, formatTime(tx.now))
	if err != nil {
		err = interpretError(err, userWhat)
		if e, ok := err.(*goumai.Error); ok && e.Code == goumai.EConflict {
			e.Fields = map[string]goumai.Msg{"username": goumai.M("该用户名已被使用", "this username is taken")}
		}
		return 0, err
	}
	return strconv.ParseInt(key, 10, 64)
}

// UpdateUser writes an account's display name and active flag.
func (tx *Tx) UpdateUser(ctx context.Context, u goumai.User) error {
	_, err := tx.writeRow(ctx, "users", `UPDATE users SET display_name = $1, active = $2 WHERE id = $3`, u.DisplayName, u.Active, u.ID)
	return interpretError(err, userWhat)
}

// SetPasswordHash stores a user's password hash (argon2id, PHC string).
func (tx *Tx) SetPasswordHash(ctx context.Context, userID int64, hash string) error {
	_, err := tx.writeRow(ctx, "credentials", `INSERT INTO credentials (user_id, password_hash, changed_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash, changed_at = excluded.changed_at`, userID, hash, formatTime(tx.now))
	return interpretError(err, userWhat)
}

const userCols = `id, username, display_name, active`

func scanUser(sc scanner) (goumai.User, error) {
	var u goumai.User
	err := sc.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Active)
	return u, err
}

// User returns one account.
func (s *Store) User(ctx context.Context, id int64) (goumai.User, error) {
	return getUser(ctx, s.r, "id", id)
}

// User returns one account.
func (tx *Tx) User(ctx context.Context, id int64) (goumai.User, error) {
	return getUser(ctx, tx.tx, "id", id)
}

// UserByUsername returns one account by its (lower-case) username.
func (tx *Tx) UserByUsername(ctx context.Context, username string) (goumai.User, error) {
	return getUser(ctx, tx.tx, "username", username)
}

// getUser reads one account by a unique column (id or username).
func getUser(ctx context.Context, q querier, col string, v any) (goumai.User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE `+col+` = $1`, v))
	return u, interpretError(err, userWhat)
}

// Credentials returns an account and its password hash by username.
func (s *Store) Credentials(ctx context.Context, username string) (goumai.User, string, error) {
	var hash sql.NullString
	var u goumai.User
	err := s.r.QueryRowContext(ctx, `SELECT u.id, u.username, u.display_name, u.active, c.password_hash
		FROM users u LEFT JOIN credentials c ON c.user_id = u.id WHERE u.username = $1`, username).
		Scan(&u.ID, &u.Username, &u.DisplayName, &u.Active, &hash)
	return u, hash.String, interpretError(err, userWhat)
}

// UserFilter selects accounts.
type UserFilter struct {
	OrgID   int64 // members of this organisation
	Region  string
	Query   string
	AfterID int64
	Limit   int
}

// FindUsers lists accounts by id.
func (s *Store) FindUsers(ctx context.Context, f UserFilter) ([]goumai.User, error) {
	query, args := s.usersSQL(f)
	return queryList(ctx, s.r, listUsers, scanUser, query, args...)
}

var listUsers = registerList("FindUsers", func(s *Store) []listSample {
	return []listSample{
		sample(s.usersSQL(UserFilter{OrgID: 7, Limit: 100})).sorted("one organisation's members"),
		sample(s.usersSQL(UserFilter{Region: "330106", Limit: 100})).sorted("the members of a county's organisations"),
		sample(s.usersSQL(UserFilter{OrgID: 7, Query: "xihu", AfterID: 900, Limit: 100})).sorted("one organisation's members, searched"),
	}
})

// usersSQL builds FindUsers' query.
func (s *Store) usersSQL(f UserFilter) (string, []any) {
	var w where
	if f.OrgID != 0 {
		w.add("id IN (SELECT user_id FROM memberships WHERE org_id = $%d)", f.OrgID)
	} else if f.Region != "" && f.Region != goumai.NationalCode {
		w.region(s, "o.region", f.Region)
		last := len(w.conds) - 1
		w.conds[last] = "id IN (SELECT m.user_id FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE " + w.conds[last] + ")"
	}
	if f.Query != "" {
		w.contains(f.Query, "username", "display_name")
	}
	if f.AfterID > 0 {
		w.add("id > $%d", f.AfterID)
	}
	limit := w.limit(f.Limit, 100, 1000)
	return `SELECT ` + userCols + ` FROM users WHERE ` + w.sql() + ` ORDER BY id LIMIT ` + limit, w.args
}

// InsertMembership gives a user a role in an organisation.
func (tx *Tx) InsertMembership(ctx context.Context, m goumai.Membership) (int64, error) {
	key, err := tx.writeRow(ctx, "memberships", `INSERT INTO memberships (user_id, org_id, role) VALUES ($1, $2, $3)`,
		m.UserID, m.OrgID, string(m.Role))
	if err != nil {
		err = interpretError(err, goumai.M("角色", "membership"))
		if e, ok := err.(*goumai.Error); ok && e.Code == goumai.EConflict {
			e.Fields = map[string]goumai.Msg{"role": goumai.M("该用户在此单位已有此角色", "the user already has this role here")}
		}
		return 0, err
	}
	return strconv.ParseInt(key, 10, 64)
}

// DeleteMembership removes a membership.
func (tx *Tx) DeleteMembership(ctx context.Context, id int64) error {
	err := tx.deleteRow(ctx, "memberships", id)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.ErrNotFound("角色", "membership")
	}
	return err
}

// Membership returns one membership.
func (tx *Tx) Membership(ctx context.Context, id int64) (goumai.Membership, error) {
	m, err := scanMembership(tx.tx.QueryRowContext(ctx, `SELECT id, user_id, org_id, role FROM memberships WHERE id = $1`, id))
	return m, interpretError(err, goumai.M("角色", "membership"))
}

// MembershipView is a membership with its organisation.
type MembershipView struct {
	goumai.Membership
	Org goumai.Org
}

// Memberships lists a user's memberships with their organisations.
func (s *Store) Memberships(ctx context.Context, userID int64) ([]MembershipView, error) {
	return queryList(ctx, s.r, listMemberships, func(sc scanner) (MembershipView, error) {
		var v MembershipView
		var role string
		o, err := scanOrg(scanFunc(func(dest ...any) error { return sc.Scan(append([]any{&v.ID, &v.UserID, &role}, dest...)...) }))
		v.Org, v.OrgID, v.Role = o, o.ID, goumai.Role(role)
		return v, err
	}, membershipsSQL, userID)
}

var membershipsSQL = `SELECT m.id, m.user_id, m.role, ` + prefixed("o.", orgCols) + `
	FROM memberships m JOIN orgs o ON o.id = m.org_id WHERE m.user_id = $1 ORDER BY o.id, m.role`

var listMemberships = registerList("Memberships", func(s *Store) []listSample {
	return []listSample{sample(membershipsSQL, []any{7}).sorted("one user's memberships")}
})

// OrgMember is a membership of an organisation with its user.
type OrgMember struct {
	goumai.Membership
	User goumai.User
}

// OrgMembers lists the memberships of an organisation with user names.
func (s *Store) OrgMembers(ctx context.Context, orgID int64) ([]OrgMember, error) {
	return queryList(ctx, s.r, listOrgMembers, func(sc scanner) (OrgMember, error) {
		var v OrgMember
		var role string
		err := sc.Scan(&v.ID, &role, &v.User.ID, &v.User.Username, &v.User.DisplayName, &v.User.Active)
		v.Role, v.UserID, v.OrgID = goumai.Role(role), v.User.ID, orgID
		return v, err
	}, orgMembersSQL, orgID)
}

const orgMembersSQL = `SELECT m.id, m.role, u.id, u.username, u.display_name, u.active
	FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 ORDER BY u.username, m.role`

var listOrgMembers = registerList("OrgMembers", func(s *Store) []listSample {
	return []listSample{sample(orgMembersSQL, []any{7}).sorted("one organisation's members, by name")}
})

// prefixed qualifies a comma-separated column list with a table alias.
func prefixed(p, cols string) string {
	parts := strings.Split(cols, ",")
	for i, c := range parts {
		parts[i] = p + strings.TrimSpace(c)
	}
	return strings.Join(parts, ", ")
}

func scanMembership(sc scanner) (goumai.Membership, error) {
	var m goumai.Membership
	var role string
	err := sc.Scan(&m.ID, &m.UserID, &m.OrgID, &role)
	m.Role = goumai.Role(role)
	return m, err
}

// UserMemberships lists a user's memberships by organisation and role.
func (tx *Tx) UserMemberships(ctx context.Context, userID int64) ([]goumai.Membership, error) {
	return queryList(ctx, tx.tx, listUserMemberships, scanMembership, userMembershipsSQL, userID)
}

const (
	userMembershipsSQL = `SELECT id, user_id, org_id, role FROM memberships WHERE user_id = $1 ORDER BY org_id, role`
	orgMembershipsSQL  = `SELECT id, user_id, org_id, role FROM memberships WHERE org_id = $1 ORDER BY user_id, role`
)

var (
	listUserMemberships = registerList("UserMemberships", func(s *Store) []listSample {
		return []listSample{sample(userMembershipsSQL, []any{7})}
	})
	listOrgMemberships = registerList("OrgMemberships", func(s *Store) []listSample {
		return []listSample{sample(orgMembershipsSQL, []any{7}).sorted("one organisation's memberships")}
	})
)

// OrgMemberships lists an organisation's memberships by user and role.
func (tx *Tx) OrgMemberships(ctx context.Context, orgID int64) ([]goumai.Membership, error) {
	return queryList(ctx, tx.tx, listOrgMemberships, scanMembership, orgMembershipsSQL, orgID)
}
