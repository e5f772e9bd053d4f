package redflag

// Cardinal's indicators are registered in the order in which Cardinal runs
// them, which is the order in which results are written. They are in force
// without date limits: they are analytical, not legal, rules.
func init() {
	for _, reg := range []Registration{
		{Rule: r003Rule, New: newR003},
		{Rule: r018Rule, New: newR018},
		{Rule: r024Rule, New: newR024},
		{Rule: r025Rule, New: newR025},
		{Rule: r028Rule, New: newR028},
		{Rule: r030Rule, New: newR030},
		{Rule: r035Rule, New: newR035},
		{Rule: r036Rule, New: newR036},
		{Rule: r038Rule, New: newR038},
		{Rule: r048Rule, New: newR048},
		{Rule: r058Rule, New: newR058},
	} {
		mustRegister(reg)
	}
}
