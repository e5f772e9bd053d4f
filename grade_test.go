package goumai_test

import (
	"testing"

	"github.com/goumai/goumai"
)

func TestGradeFor(t *testing.T) {
	for _, c := range []struct {
		score int
		want  goumai.Grade
	}{{10000, goumai.GradeExcellent}, {9000, goumai.GradeExcellent}, {8999, goumai.GradeGood}, {8000, goumai.GradeGood}, {7999, goumai.GradeFair}, {6000, goumai.GradeFair}, {5999, goumai.GradePoor}, {0, goumai.GradePoor}} {
		if got := goumai.GradeFor(c.score); got != c.want {
			t.Errorf("goumai.GradeFor(%d) = %s, want %s (ENG-J2)", c.score, got, c.want)
		}
	}
}
