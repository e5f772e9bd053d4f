package workflow

import (
	"fmt"

	"github.com/goumai/goumai"
)

// Lists narrow what they show by region. A region code that does not exist,
// or one outside the subtree the actor may list, is refused with an error on
// the field "region" — never replaced silently by another region.

// CheckRegion refuses a region code that does not exist ("" means none asked).
func (s *Service) CheckRegion(code string) error {
	if code == "" {
		return nil
	}
	if _, ok := s.Store.Regions().Get(code); !ok {
		return goumai.Fields{"region": goumai.M("行政区划代码不存在", "unknown region code")}.Err()
	}
	return nil
}

// ScopeRegion returns the region a list of root's subtree shows: asked if it
// lies in the subtree, root if none was asked; a region outside it is
// forbidden (EForbidden with the field "region"), an unknown one invalid.
func (s *Service) ScopeRegion(root, asked string) (string, error) {
	if err := s.CheckRegion(asked); err != nil || asked == "" {
		return root, err
	}
	if !s.Store.Regions().Contains(root, asked) {
		rs := s.Store.Regions()
		return "", &goumai.Error{Code: goumai.EForbidden,
			Message: goumai.M(fmt.Sprintf("无权查看「%s」的数据：您可查看「%s」及其下级区划", rs.FullName(asked), rs.FullName(root)),
				fmt.Sprintf("region %s is outside the area you may list (%s and the regions below it)", asked, root)),
			Fields: map[string]goumai.Msg{"region": goumai.M("不在您可查看的区划范围内", "outside the area you may list")}}
	}
	return asked, nil
}

// publicStatuses checks a public list's statuses: only published states may
// be asked for; none asked means all of them.
func publicStatuses(asked []goumai.ProjectStatus) ([]goumai.ProjectStatus, error) {
	if len(asked) == 0 {
		return []goumai.ProjectStatus{goumai.ProjectApproved}, nil
	}
	for _, st := range asked {
		switch {
		case !st.Valid():
			return nil, goumai.Fields{"status": goumai.M("未知的项目状态", "unknown project status")}.Err()
		case !st.Public():
			return nil, goumai.Fields{"status": goumai.M("只能查询已公开的项目（已批准）", "only published projects (approved) can be listed")}.Err()
		}
	}
	return asked, nil
}
