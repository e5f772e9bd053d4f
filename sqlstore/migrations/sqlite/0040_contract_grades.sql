-- The published result of each contract's performance evaluation (绩效评价,
-- ENG-J1, issue 10 items 5 and 6): one row per contract, written by the
-- evaluation use case when it publishes, read by the final payment (which
-- may deduct by grade) and by later panels and budget planning. Score in
-- hundredths of a point.
CREATE TABLE contract_grades (
    contract_id   INTEGER PRIMARY KEY REFERENCES contracts (id),
    evaluation_id INTEGER NOT NULL,
    score         INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10000),
    grade         TEXT NOT NULL CHECK (grade IN ('excellent', 'good', 'fair', 'poor')),
    published_at  TEXT NOT NULL
);
