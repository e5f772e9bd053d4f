package sqlstore

import (
	"context"
	"fmt"
	"sort"

	"github.com/goumai/goumai"
	"github.com/goumai/goumai/regiondata"
)

// loadRegions loads the shipped GB/T 2260 divisions into an empty regions table
// (each as a public event), then reads the table into memory.
func (s *Store) loadRegions(ctx context.Context) error {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM regions`).Scan(&n); err != nil {
		return fmt.Errorf("count regions: %w", err)
	}
	if n == 0 {
		list, err := regiondata.Regions()
		if err != nil {
			return err
		}
		sort.SliceStable(list, func(i, j int) bool { return list[i].Level < list[j].Level })
		err = s.Update(ctx, func(tx *Tx) error {
			for _, g := range list {
				var parent any
				if g.Parent != "" {
					parent = g.Parent
				}
				if _, err := tx.tx.ExecContext(ctx, `INSERT INTO regions (code, name, level, parent) VALUES ($1, $2, $3, $4)`,
					g.Code, g.Name, int(g.Level), parent); err != nil {
					return fmt.Errorf("insert region %s: %w", g.Code, err)
				}
				if _, err := tx.Record(ctx, Change{Actor: goumai.System, Action: "region.load", Table: "regions", Key: g.Code, Region: g.Code, Public: true}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("load regions: %w", err)
		}
	}
	return s.readRegions(ctx)
}

func (s *Store) readRegions(ctx context.Context) error {
	rows, err := s.r.QueryContext(ctx, `SELECT code, name, level, parent FROM regions ORDER BY code`)
	if err != nil {
		return fmt.Errorf("read regions: %w", err)
	}
	defer rows.Close()
	var list []goumai.Region
	for rows.Next() {
		var g goumai.Region
		var parent *string
		var level int
		if err := rows.Scan(&g.Code, &g.Name, &level, &parent); err != nil {
			return err
		}
		g.Level = goumai.RegionLevel(level)
		if parent != nil {
			g.Parent = *parent
		}
		list = append(list, g)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	r, err := goumai.NewRegions(list)
	if err != nil {
		return fmt.Errorf("regions table: %w", err)
	}
	s.regions = r
	return nil
}
