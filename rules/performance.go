package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goumai/goumai"
)

// Performance evaluation (ENG-J1, ENG-J2): the indicator system's checks,
// its seeding from the application's targets, the weighted result, and the
// survey's flood and outlier flags.

// Bounds of an indicator system and a survey.
const (
	MaxIndicators    = 40
	MaxSurveyComment = 500 // characters
	// BurstSize identical answers within BurstWindow flag each other (a flood).
	BurstSize   = 5
	BurstWindow = 10 * time.Minute
	// OutlierPoints away from the median satisfaction flag an answer once
	// there are at least OutlierMinResponses.
	OutlierPoints       = 50
	OutlierMinResponses = 5
)

// CheckIndicators applies ENG-J2 to an indicator system: at least one
// indicator, each named, with a first-level indicator (决策/过程/产出/效益)
// and a category of the template, a weight of 1–100, the weights summing to
// 100; for an external evaluation, output and benefit weights together at
// least minOutputBenefit of the 100 (ENG-J2 [M], default 60).
func CheckIndicators(inds []goumai.Indicator, external bool, minOutputBenefit int) error {
	var ps Problems
	if len(inds) == 0 {
		ps.add("indicators", "ENG-J2", "请至少设定一项绩效指标", "give at least one indicator")
		return ps.Err()
	}
	if len(inds) > MaxIndicators {
		ps.add("indicators", "", fmt.Sprintf("绩效指标不能超过%d项", MaxIndicators), fmt.Sprintf("at most %d indicators", MaxIndicators))
	}
	sum, ob := 0, 0
	for i, in := range inds {
		f := fmt.Sprintf("indicators.%d", i)
		switch n := utf8.RuneCountInString(strings.TrimSpace(in.Name)); {
		case n == 0:
			ps.add(f+".name", "ENG-J2", "请填写指标名称", "name the indicator")
		case n > MaxProjectTitle:
			ps.add(f+".name", "", "指标名称不能超过200个字", "the name has at most 200 characters")
		}
		if !slices.Contains(goumai.IndicatorLevels, in.Level) {
			ps.add(f+".level", "ENG-J2", "一级指标须为决策、过程、产出或效益", "the first-level indicator is decision, process, output or benefit")
		}
		if !slices.Contains(goumai.TargetCategories, in.Category) {
			ps.add(f+".category", "ENG-J2", "指标类别须为产出、效益、满意度或预算执行", "the category is output, benefit, satisfaction or cost")
		}
		if in.Weight < 1 || in.Weight > 100 {
			ps.add(f+".weight", "ENG-J2", "权重须为1至100分", "a weight is 1 to 100 points")
		}
		if utf8.RuneCountInString(in.Evidence) > MaxProjectText || utf8.RuneCountInString(in.Target) > MaxProjectTitle {
			ps.add(f+".evidence", "", "佐证说明不能超过5000个字", "the evidence has at most 5000 characters")
		}
		if in.Score != nil && (*in.Score < 0 || *in.Score > 100) {
			ps.add(f+".score", "ENG-J2", "得分须为权重的0%至100%", "a score is 0 to 100 per cent of the weight")
		}
		sum += in.Weight
		if in.Category == goumai.CategoryOutput || in.Category == goumai.CategoryBenefit {
			ob += in.Weight
		}
	}
	if sum != 100 {
		ps.add("indicators", "ENG-J2", fmt.Sprintf("各项指标权重之和须为100分（现为%d分）", sum), fmt.Sprintf("the weights must sum to 100 (they sum to %d)", sum))
	}
	if external && sum == 100 && ob < minOutputBenefit {
		ps.add("indicators", "ENG-J2", fmt.Sprintf("第三方评价中产出和效益指标的权重合计须不低于%d%%（现为%d%%）", minOutputBenefit, ob),
			fmt.Sprintf("in an external evaluation the output and benefit weights must be at least %d%% (they are %d%%)", minOutputBenefit, ob))
	}
	return ps.Err()
}

// CheckScored requires every indicator scored, before publishing.
func CheckScored(inds []goumai.Indicator) error {
	var ps Problems
	for i, in := range inds {
		if in.Score == nil {
			ps.add(fmt.Sprintf("indicators.%d.score", i), "ENG-J1", "公开前须对每项指标评分", "score every indicator before publishing")
		}
	}
	return ps.Err()
}

// WeightedScore is the evaluation's result in hundredths of a point: the sum
// of each weight times its score in per cent (weights summing to 100, the
// result is 0–10000). Unscored indicators count zero.
func WeightedScore(inds []goumai.Indicator) int {
	total := 0
	for _, in := range inds {
		if in.Score != nil {
			total += in.Weight * *in.Score
		}
	}
	return total
}

// levelOf is the first-level indicator a target category belongs to
// (财预〔2020〕10号: satisfaction under 效益, budget execution under 过程).
func levelOf(category string) goumai.IndicatorLevel {
	switch category {
	case goumai.CategoryOutput:
		return goumai.LevelOutput
	case goumai.CategoryCost:
		return goumai.LevelProcess
	}
	return goumai.LevelBenefit
}

// SeedIndicators builds a contract's indicator system from a template and
// the application's performance targets: each category of the template keeps
// its weight; the project's targets of that category replace the template's
// indicators of it and share its weight in proportion to their own weights
// (equally when they give none; the remainder to the first). Categories the
// project does not name keep the template's indicators.
func SeedIndicators(template []goumai.Indicator, targets []goumai.PerformanceTarget) []goumai.Indicator {
	byCat := map[string][]goumai.PerformanceTarget{}
	for _, t := range targets {
		if strings.TrimSpace(t.Indicator) != "" && slices.Contains(goumai.TargetCategories, t.Category) {
			byCat[t.Category] = append(byCat[t.Category], t)
		}
	}
	var out []goumai.Indicator
	done := map[string]bool{}
	for _, in := range template {
		ts := byCat[in.Category]
		if len(ts) == 0 {
			in.Score = nil
			out = append(out, in)
			continue
		}
		if done[in.Category] {
			continue
		}
		done[in.Category] = true
		weight := 0
		for _, tpl := range template {
			if tpl.Category == in.Category {
				weight += tpl.Weight
			}
		}
		out = append(out, share(weight, in.Level, ts)...)
	}
	return out
}

// share splits weight over a category's targets.
func share(weight int, level goumai.IndicatorLevel, ts []goumai.PerformanceTarget) []goumai.Indicator {
	own := 0
	for _, t := range ts {
		own += max(t.Weight, 0)
	}
	out := make([]goumai.Indicator, len(ts))
	given := 0
	for i, t := range ts {
		w := weight / len(ts)
		if own > 0 {
			w = weight * max(t.Weight, 0) / own
		}
		out[i] = goumai.Indicator{Level: level, Category: t.Category, Name: strings.TrimSpace(t.Indicator), Target: strings.TrimSpace(t.Target),
			Unit: strings.TrimSpace(t.Unit), Weight: w}
		given += w
	}
	out[0].Weight += weight - given
	// A target with no weight of its own would get 0: give it one point from the first.
	for i := range out {
		if out[i].Weight == 0 && out[0].Weight > 1 {
			out[i].Weight, out[0].Weight = 1, out[0].Weight-1
		}
	}
	if level == "" {
		for i := range out {
			out[i].Level = levelOf(out[i].Category)
		}
	}
	return out
}

// PickTemplate returns the template in force on day for a contract in
// region (its path from the national level down, as codes) and catalogue
// code: the deepest region's, then the longest catalogue prefix, then the
// latest effective date; false: none applies (the ENG-J2 default).
func PickTemplate(ts []goumai.IndicatorTemplate, path []string, catalog, day string) (goumai.IndicatorTemplate, bool) {
	best, depth, found := goumai.IndicatorTemplate{}, -1, false
	for _, t := range ts {
		d := slices.Index(path, t.Region)
		if d < 0 || t.EffectiveFrom > day || !strings.HasPrefix(catalog, t.CatalogCode) {
			continue
		}
		better := !found || d > depth ||
			d == depth && (len(t.CatalogCode) > len(best.CatalogCode) ||
				len(t.CatalogCode) == len(best.CatalogCode) && t.EffectiveFrom > best.EffectiveFrom)
		if better {
			best, depth, found = t, d, true
		}
	}
	return best, found
}

// Satisfaction is a survey answer's ratings (1–5) on 0–100.
func Satisfaction(ratings []int) int {
	if len(ratings) == 0 {
		return 0
	}
	sum := 0
	for _, r := range ratings {
		sum += r - 1
	}
	return (sum*100 + 2*len(ratings)) / (4 * len(ratings))
}

// CheckSurveyAnswer requires a rating of 1–5 for each question and a
// comment of at most MaxSurveyComment characters.
func CheckSurveyAnswer(ratings []int, comment string, questions int) error {
	var ps Problems
	if len(ratings) != questions {
		ps.add("ratings", "", fmt.Sprintf("请回答全部%d个问题", questions), fmt.Sprintf("answer all %d questions", questions))
	}
	for i, r := range ratings {
		if r < 1 || r > 5 {
			ps.add(fmt.Sprintf("ratings.%d", i), "", "请选择1至5分", "choose 1 to 5")
		}
	}
	if utf8.RuneCountInString(comment) > MaxSurveyComment {
		ps.add("comment", "", fmt.Sprintf("意见不能超过%d个字", MaxSurveyComment), fmt.Sprintf("the comment has at most %d characters", MaxSurveyComment))
	}
	return ps.Err()
}

// personal matches what looks like a mobile or telephone number, an
// identity-card number or an e-mail address in a comment.
var personal = regexp.MustCompile(`\d{17}[\dXx]|\d{15}|1[3-9]\d{9}|0\d{2,3}-?\d{7,8}|[\w.+-]+@[\w-]+\.[\w.]+`)

// Pseudonymise removes personal identifiers from a survey comment (REQ-W19):
// telephone, identity-card numbers and e-mail addresses become "***".
func Pseudonymise(comment string) string {
	return personal.ReplaceAllString(strings.TrimSpace(comment), "***")
}

// FlagSurvey sets the flags of a contract's survey responses (in order of
// submission): FlagBurst on each of BurstSize or more identical answers
// submitted within BurstWindow; FlagOutlier on each answer OutlierPoints or
// more from the median satisfaction of the answers outside bursts, once
// there are OutlierMinResponses of them.
// Responses already excluded by review take no part.
func FlagSurvey(rs []goumai.SurveyResponse) {
	key := func(r goumai.SurveyResponse) string { return fmt.Sprint(r.Ratings) }
	for i := range rs {
		rs[i].Flags = nil
	}
	for i := range rs {
		if rs[i].Excluded {
			continue
		}
		// the identical answers in a window around this one
		var same []int
		for j := range rs {
			if !rs[j].Excluded && key(rs[j]) == key(rs[i]) && absDur(rs[j].SubmittedAt.Sub(rs[i].SubmittedAt)) <= BurstWindow {
				same = append(same, j)
			}
		}
		if len(same) >= BurstSize {
			rs[i].Flags = append(rs[i].Flags, goumai.FlagBurst)
		}
	}
	// The median of the answers that are not part of a burst: a flood does not move it.
	var sats []int
	for _, r := range rs {
		if !r.Excluded && len(r.Flags) == 0 {
			sats = append(sats, r.Satisfaction)
		}
	}
	if len(sats) >= OutlierMinResponses {
		m := median(sats)
		for i := range rs {
			if !rs[i].Excluded && abs(rs[i].Satisfaction-m) >= OutlierPoints {
				rs[i].Flags = append(rs[i].Flags, goumai.FlagOutlier)
			}
		}
	}
}

// SurveyScore is the mean satisfaction (0–100) of the responses counted (not
// excluded); false when there are none.
func SurveyScore(rs []goumai.SurveyResponse) (int, bool) {
	sum, n := 0, 0
	for _, r := range rs {
		if !r.Excluded {
			sum, n = sum+r.Satisfaction, n+1
		}
	}
	if n == 0 {
		return 0, false
	}
	return (sum + n/2) / n, true
}

func median(xs []int) int {
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func absDur(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}
