package goumai

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// A supplier's profile (承接主体档案): who heads it and who controls or
// manages it — what ENG-A6 needs to find related bidders (GPL-IR Art. 18) —
// edited by its administrator and versioned (each change is an event).
//
// People are personal data (《个人信息保护法》): their ID numbers are never
// stored or shown, only PersonDigest of them, which is enough to tell that two
// suppliers share a head. The digest is a pseudonym, not anonymity (an ID
// number has little entropy), so profiles are private: the supplier itself,
// finance departments and auditors see them.

// Person is a natural person on a profile: a name and the digest of their ID number.
type Person struct {
	Name     string `json:"name"`
	IDDigest string `json:"id_digest,omitempty"`
}

// Party is who controls a supplier: an organisation by its unified social
// credit code, or a natural person by the digest of their ID number.
type Party struct {
	Name         string `json:"name,omitempty"`
	CreditCode   string `json:"credit_code,omitempty"`
	PersonDigest string `json:"person_digest,omitempty"`
}

// Empty reports whether no party is named.
func (p Party) Empty() bool { return p.CreditCode == "" && p.PersonDigest == "" }

// SupplierProfile is what ENG-A6 compares between two bidders.
type SupplierProfile struct {
	OrgID       int64     `json:"org_id"`
	Name        string    `json:"name"`                // the organisation's, from its record
	CreditCode  string    `json:"credit_code"`         // the organisation's, from its record
	Head        Person    `json:"head"`                // 单位负责人 (法定代表人 or principal)
	Shareholder Party     `json:"shareholder"`         // 控股股东
	Controller  Party     `json:"controller"`          // 实际控制人
	ManagedBy   []Party   `json:"managed_by"`          // organisations with a management relation over it (主管单位、上级单位): by credit code
	Version     int       `json:"version"`             // 1 for the first; each edit adds one
	UpdatedAt   time.Time `json:"updated_at,omitzero"` // absent before the first edit
}

// MaxManagedBy bounds the organisations that manage one supplier.
const MaxManagedBy = 10

// ProfileInput is what a supplier's administrator enters. ID numbers arrive in
// clear only here and are digested at once; an empty ID keeps the digest on
// record (the page cannot show it back).
type ProfileInput struct {
	HeadName    string     `json:"head_name"`
	HeadID      string     `json:"head_id,omitempty"`
	Shareholder PartyInput `json:"shareholder"`
	Controller  PartyInput `json:"controller"`
	ManagedBy   []string   `json:"managed_by"` // credit codes
	Version     int        `json:"version"`    // the version edited (0 before the first): a stale edit is refused
}

// PartyInput names a controlling party: a credit code for an organisation, or a
// person's ID number (in clear, digested at once); both empty for none.
type PartyInput struct {
	Name       string `json:"name"`
	CreditCode string `json:"credit_code"`
	PersonID   string `json:"person_id,omitempty"`
}

// PersonDigest is the pseudonym of an ID number: the hex SHA-256 of the
// normalised number (upper case, no spaces) under a fixed label.
func PersonDigest(id string) string {
	sum := sha256.Sum256([]byte("goumai person id v1\x00" + normaliseID(id)))
	return hex.EncodeToString(sum[:])
}

func normaliseID(id string) string {
	return strings.ToUpper(strings.Join(strings.Fields(id), ""))
}

// residentIDWeights are the weights of GB 11643-1999 (ISO 7064 MOD 11-2).
var residentIDWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// CheckPersonID checks an ID number: an 18-character resident ID (公民身份号码,
// GB 11643-1999) must have its check character; another document (passport,
// 港澳台居民证件) is 6 to 32 letters and digits.
func CheckPersonID(id string) *Msg {
	id = normaliseID(id)
	for _, r := range id {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			m := M("证件号码只能包含字母和数字", "an ID number has only letters and digits")
			return &m
		}
	}
	if len(id) < 6 || len(id) > 32 {
		m := M("证件号码应为6至32位", "an ID number has 6 to 32 characters")
		return &m
	}
	if len(id) == 18 && isDigits(id[:17], 17) {
		sum := 0
		for i := 0; i < 17; i++ {
			sum += int(id[i]-'0') * residentIDWeights[i]
		}
		if "10X98765432"[sum%11] != id[17] {
			m := M("居民身份证号码校验位错误", "the check character of the resident ID number is wrong")
			return &m
		}
	}
	return nil
}

// Apply validates in and returns the profile it makes from the previous one
// (the zero profile before the first edit) for organisation o.
func (in ProfileInput) Apply(o Org, prev SupplierProfile) (SupplierProfile, error) {
	f := Fields{}
	p := SupplierProfile{OrgID: o.ID, Name: o.Name, CreditCode: o.CreditCode, Version: prev.Version + 1}
	p.Head.Name = strings.TrimSpace(in.HeadName)
	switch n := utf8.RuneCountInString(p.Head.Name); {
	case n == 0:
		f.Add("head_name", "请填写单位负责人姓名", "the head's name is required")
	case n > MaxDisplayName:
		f.Add("head_name", "姓名不能超过50个字", "a name has at most 50 characters")
	}
	switch {
	case strings.TrimSpace(in.HeadID) != "":
		if m := CheckPersonID(in.HeadID); m != nil {
			f["head_id"] = *m
		}
		p.Head.IDDigest = PersonDigest(in.HeadID)
	case prev.Head.IDDigest != "":
		p.Head.IDDigest = prev.Head.IDDigest
	default:
		f.Add("head_id", "请填写单位负责人证件号码（只保存其摘要）", "the head's ID number is required (only its digest is kept)")
	}
	p.Shareholder = in.Shareholder.party(f, "shareholder", prev.Shareholder)
	p.Controller = in.Controller.party(f, "controller", prev.Controller)
	if len(in.ManagedBy) > MaxManagedBy {
		f.Add("managed_by", "管理单位最多10个", "at most 10 managing organisations")
	}
	for i, code := range in.ManagedBy {
		code = strings.ToUpper(strings.TrimSpace(code))
		if code == "" {
			continue
		}
		key := "managed_by." + strconv.Itoa(i)
		if m := CheckCreditCode(code); m != nil {
			f[key] = *m
		} else if code == o.CreditCode {
			f.Add(key, "不能填写本单位", "not the organisation itself")
		} else if !slices.ContainsFunc(p.ManagedBy, func(q Party) bool { return q.CreditCode == code }) {
			p.ManagedBy = append(p.ManagedBy, Party{CreditCode: code})
		}
	}
	if in.Version != prev.Version {
		return p, Errorf(EStale, "档案已被他人修改，请刷新后重试", "the profile changed since you read it: reload and try again")
	}
	return p, f.Err()
}

// party validates a controlling party; an empty ID number keeps the previous
// person's digest when the name is unchanged.
func (in PartyInput) party(f Fields, field string, prev Party) Party {
	p := Party{Name: strings.TrimSpace(in.Name), CreditCode: strings.ToUpper(strings.TrimSpace(in.CreditCode))}
	id := strings.TrimSpace(in.PersonID)
	switch {
	case p.CreditCode != "" && id != "":
		f.Add(field+".credit_code", "请填写单位的统一社会信用代码或个人的证件号码，二者择一", "give an organisation's credit code or a person's ID number, not both")
	case p.CreditCode != "":
		if m := CheckCreditCode(p.CreditCode); m != nil {
			f[field+".credit_code"] = *m
		}
	case id != "":
		if m := CheckPersonID(id); m != nil {
			f[field+".person_id"] = *m
		}
		p.PersonDigest = PersonDigest(id)
	case p.Name != "" && prev.PersonDigest != "" && p.Name == prev.Name:
		p.PersonDigest = prev.PersonDigest
	case p.Name != "":
		f.Add(field+".credit_code", "请填写统一社会信用代码（单位）或证件号码（个人）", "give the credit code (organisation) or the ID number (person)")
	}
	if utf8.RuneCountInString(p.Name) > MaxOrgName {
		f.Add(field+".name", "名称不能超过100个字", "a name has at most 100 characters")
	}
	return p
}
