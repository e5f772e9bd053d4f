package validate

// collector gathers problems into a Result, keeping at most max of them
// listed (the rest are counted in Omitted) so memory stays bounded whatever
// the input. Aggregated problems are merged by key into one entry with a count.
type collector struct {
	res  *Result
	max  int
	aggs map[string]int // key → index in res.Problems, or -1 when not listed
}

func newCollector(res *Result, max int) *collector {
	return &collector{res: res, max: max, aggs: map[string]int{}}
}

func (c *collector) count(s Severity) {
	switch s {
	case Error:
		c.res.Errors++
	case Warning:
		c.res.Warnings++
	default:
		c.res.Infos++
	}
}

// add records one problem.
func (c *collector) add(p Problem) {
	c.count(p.Severity)
	if len(c.res.Problems) >= c.max {
		c.res.Omitted++
		return
	}
	c.res.Problems = append(c.res.Problems, p)
}

// addAgg records one occurrence of an aggregated problem identified by key.
// The listed Path is the smallest of the occurrences' paths, so the result
// does not depend on the order in which objects' members are visited.
func (c *collector) addAgg(key string, p Problem) {
	if i, ok := c.aggs[key]; ok {
		if i >= 0 {
			q := &c.res.Problems[i]
			q.Count++
			if comparePaths(p.Path, q.Path) < 0 {
				q.Path = p.Path
			}
		}
		return
	}
	c.count(p.Severity)
	if len(c.res.Problems) >= c.max {
		c.res.Omitted++
		if len(c.aggs) < 16*c.max { // else count each occurrence: keys may be unbounded
			c.aggs[key] = -1
		}
		return
	}
	p.Count = 1
	c.aggs[key] = len(c.res.Problems)
	c.res.Problems = append(c.res.Problems, p)
}

// finish sorts the problems and drops counts of 1.
func (c *collector) finish() {
	for i := range c.res.Problems {
		if c.res.Problems[i].Count == 1 {
			c.res.Problems[i].Count = 0
		}
	}
	sortProblems(c.res.Problems)
	if c.res.Problems == nil {
		c.res.Problems = []Problem{}
	}
}
