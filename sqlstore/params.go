package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/rules"
)

// The regulation parameters' audited table (migration 0010): dated sets of
// rules.Params per region and category, never rewritten (see the migration).
func init() {
	registerTable(table{name: "param_sets", key: "id", cols: []column{{"id", colInt}, {"region", colText}, {"category", colText},
		{"effective_from", colText}, {"effective_to", colNullText}, {"source", colText}, {"illustrative", colBool}, {"params", colJSON}}})
}

var paramSetWhat = goumai.M("该区划、该类别在该日生效的采购规则参数", "a parameter set of this region and category from that day")

const paramSetCols = `id, region, category, effective_from, effective_to, source, illustrative, params`

// paramsMeta are the keys of rules.Params kept in their own columns rather than
// in the params JSON.
var paramsMeta = []string{"jurisdiction", "category", "effective_from", "source", "illustrative"}

// paramsJSON encodes the values of p (not which values they are) for the params column.
func paramsJSON(p rules.Params) (string, error) {
	b, err := json.Marshal(p)
	if err != nil {
		return "", fmt.Errorf("encode parameters: %w", err)
	}
	v, err := decodeJSONValue(string(b))
	if err != nil {
		return "", fmt.Errorf("encode parameters: %w", err)
	}
	m, _ := v.(map[string]any)
	for _, k := range paramsMeta {
		delete(m, k)
	}
	return jsonText(m)
}

func scanParamSet(sc scanner) (rules.ParamSet, error) {
	var s rules.ParamSet
	var region, category, from, source, params string
	var to sql.NullString
	var illustrative bool
	if err := sc.Scan(&s.ID, &region, &category, &from, &to, &source, &illustrative, &params); err != nil {
		return s, err
	}
	// A value the set does not hold (a parameter added after it was stored)
	// is the law's.
	s.Params = rules.NationalDefaults(rules.Category(category))
	if err := json.Unmarshal([]byte(params), &s.Params); err != nil {
		return s, fmt.Errorf("parameter set %d: stored values: %w", s.ID, err)
	}
	s.Jurisdiction, s.Category, s.Source, s.Illustrative = region, rules.Category(category), source, illustrative
	t, err := parseTime(from)
	if err != nil {
		return s, err
	}
	s.EffectiveFrom = t.In(goumai.Shanghai)
	if s.EffectiveTo, err = parseNullTime(to); err != nil {
		return s, err
	}
	if s.EffectiveTo != nil {
		end := s.EffectiveTo.In(goumai.Shanghai)
		s.EffectiveTo = &end
	}
	return s, nil
}

// InsertParamSet stores a new parameter set and returns its id. A second set
// of the same region, category and first day is a conflict.
func (tx *Tx) InsertParamSet(ctx context.Context, s rules.ParamSet) (int64, error) {
	params, err := paramsJSON(s.Params)
	if err != nil {
		return 0, err
	}
	key, err := tx.writeRow(ctx, "param_sets", `INSERT INTO param_sets (region, category, effective_from, effective_to, source, illustrative, params)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		s.Jurisdiction, string(s.Category), formatTime(s.EffectiveFrom), nullTime(s.EffectiveTo), s.Source, s.Illustrative, params)
	if err != nil {
		return 0, interpretError(err, paramSetWhat)
	}
	return strconv.ParseInt(key, 10, 64)
}

// ParamSet returns one parameter set, inside the transaction.
func (tx *Tx) ParamSet(ctx context.Context, id int64) (rules.ParamSet, error) {
	s, err := scanParamSet(tx.queryRow(ctx, `SELECT `+paramSetCols+` FROM param_sets WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, goumai.ErrNotFound("采购规则参数", "parameter set")
	}
	if err != nil {
		return s, fmt.Errorf("parameter set %d: %w", id, err)
	}
	return s, nil
}

// EndParamSet sets the first day a set is no longer in force, provided its end
// is still was (nil: open), as the caller read it: a set ended or replaced
// meanwhile by someone else is stale. Nothing else of a set ever changes.
func (tx *Tx) EndParamSet(ctx context.Context, id int64, was *time.Time, to time.Time) error {
	q, args := `UPDATE param_sets SET effective_to = $1 WHERE id = $2 AND effective_to IS NULL`, []any{formatTime(to), id}
	if was != nil {
		q, args = `UPDATE param_sets SET effective_to = $1 WHERE id = $2 AND effective_to = $3`, append(args, formatTime(*was))
	}
	_, err := tx.writeRow(ctx, "param_sets", q, args...)
	if goumai.ErrorCode(err) == goumai.ENotFound {
		return goumai.Errorf(goumai.EStale, "该采购规则参数已被他人修改，请刷新后重试", "the parameter set was changed meanwhile: reload and try again")
	}
	return interpretError(err, paramSetWhat)
}

// ParamSets returns the parameter sets of the given regions (e.g. a region's
// path from the national level down), every category, by region, category and
// first day; withdrawn and ended sets included.
func (s *Store) ParamSets(ctx context.Context, regions []string) ([]rules.ParamSet, error) {
	if len(regions) == 0 {
		return nil, nil
	}
	query, args := paramSetsSQL(regions)
	return queryList(ctx, s.r, listParamSets, scanParamSet, query, args...)
}

func paramSetsSQL(regions []string) (string, []any) {
	var w where
	w.in("region", anys(regions)...)
	return `SELECT ` + paramSetCols + ` FROM param_sets WHERE ` + w.sql() + ` ORDER BY region, category, effective_from, id`, w.args
}

var listParamSets = registerList("ParamSets", func(s *Store) []listSample {
	return []listSample{sample(paramSetsSQL([]string{"100000", "330000", "330100", "330106"})).sorted("the sets of a region's path (a few per region and category)")}
})

// ParamSetInForce returns the set in force at at for region and category (its
// own, else the nearest region's above it), or false when the national
// defaults apply (rules.InForce). An unknown region or category is invalid.
func (s *Store) ParamSetInForce(ctx context.Context, region string, c rules.Category, at time.Time) (rules.ParamSet, bool, error) {
	return paramSetInForce(ctx, s.r, s.regions, region, c, at)
}

// ParamSetInForce is Store.ParamSetInForce inside the transaction.
func (tx *Tx) ParamSetInForce(ctx context.Context, region string, c rules.Category, at time.Time) (rules.ParamSet, bool, error) {
	return paramSetInForce(ctx, tx.tx, tx.s.regions, region, c, at)
}

// ParamsAt returns the regulation parameters in force at at for a region and
// category: the newest set of the region itself begun by then and not ended,
// else the nearest region's above it (county → prefecture → province →
// national), else rules.NationalDefaults(c). Params.Jurisdiction and
// EffectiveFrom say where they come from. A procedure asks with the time it
// started and gets the same values forever: sets are never rewritten, and new
// ones only take effect after they are made.
func (s *Store) ParamsAt(ctx context.Context, region string, c rules.Category, at time.Time) (rules.Params, error) {
	return paramsAt(ctx, s.r, s.regions, region, c, at)
}

// ParamsAt is Store.ParamsAt inside the transaction.
func (tx *Tx) ParamsAt(ctx context.Context, region string, c rules.Category, at time.Time) (rules.Params, error) {
	return paramsAt(ctx, tx.tx, tx.s.regions, region, c, at)
}

func paramsAt(ctx context.Context, q querier, regions *goumai.Regions, region string, c rules.Category, at time.Time) (rules.Params, error) {
	set, ok, err := paramSetInForce(ctx, q, regions, region, c, at)
	if err != nil || !ok {
		return rules.NationalDefaults(c), err
	}
	return set.Params, nil
}

func paramSetInForce(ctx context.Context, q querier, regions *goumai.Regions, region string, c rules.Category, at time.Time) (rules.ParamSet, bool, error) {
	f := goumai.Fields{}
	var path []string
	for _, g := range regions.Path(region) {
		path = append(path, g.Code)
	}
	if len(path) == 0 {
		f.Add("region", "行政区划代码不存在", "unknown region code")
	}
	if !c.Valid() {
		f.Add("category", "采购品目类别须为货物（goods）、工程（works）或服务（services）", "the category must be goods, works or services")
	}
	if err := f.Err(); err != nil {
		return rules.ParamSet{}, false, err
	}
	query, args := paramsPathSQL(path, c, at)
	sets, err := queryList(ctx, q, listParamsPath, scanParamSet, query, args...)
	if err != nil {
		return rules.ParamSet{}, false, err
	}
	set, ok := rules.InForce(sets, path, c, at)
	return set, ok, nil
}

// paramsPathSQL selects the sets of one category on a region's path begun by at.
func paramsPathSQL(path []string, c rules.Category, at time.Time) (string, []any) {
	var w where
	w.in("region", anys(path)...)
	w.add("category = $%d", string(c))
	w.add("effective_from <= $%d", formatTime(at))
	return `SELECT ` + paramSetCols + ` FROM param_sets WHERE ` + w.sql() + ` ORDER BY region, effective_from, id`, w.args
}

var listParamsPath = registerList("ParamsAt", func(s *Store) []listSample {
	at := time.Date(2026, 7, 1, 0, 0, 0, 0, goumai.Shanghai)
	return []listSample{sample(paramsPathSQL([]string{"100000", "330000", "330100", "330106"}, rules.Services, at)).
		sorted("the sets of one category on a region's path, begun by a day (a few per region)")}
})
