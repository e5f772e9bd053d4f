package redflag

import (
	"math"
	"slices"
)

// quantile returns the tau-quantile of sorted data as statrs 0.16's
// Data::quantile does (Hyndman–Fan type 8); NaN for empty data or tau outside
// [0, 1]. The explicit float64 conversions stop the compiler from fusing a
// multiply and an add into one FMA, which Rust does not do here.
func quantile(sorted []float64, tau float64) float64 {
	n := len(sorted)
	if tau < 0 || tau > 1 || n == 0 {
		return math.NaN()
	}
	h := float64((float64(n)+1.0/3.0)*tau) + 1.0/3.0
	k := int64(h)
	if k <= 0 || tau == 0 {
		return sorted[0]
	}
	if k >= int64(n) || tau == 1 {
		return sorted[n-1]
	}
	a, b := sorted[k-1], sorted[k]
	return a + float64((h-float64(k))*(b-a))
}

// sortedCopy returns the values sorted ascending.
func sortedCopy(values []float64) []float64 {
	s := slices.Clone(values)
	slices.Sort(s)
	return s
}

// quartiles returns Q1 and Q3 of the values.
func quartiles(values []float64) (q1, q3 float64) {
	s := sortedCopy(values)
	return quantile(s, 0.25), quantile(s, 0.75)
}

// lowerFence is Q1 − 1.5·IQR, computed as Rust's (q3 - q1).mul_add(-1.5, q1).
func lowerFence(q1, q3 float64) float64 { return math.FMA(q3-q1, -1.5, q1) }

// upperFence is Q3 + 1.5·IQR, computed as Rust's (q3 - q1).mul_add(1.5, q3).
func upperFence(q1, q3 float64) float64 { return math.FMA(q3-q1, 1.5, q3) }
