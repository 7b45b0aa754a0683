-- The number of distinct conversations active in each unit, per grain and assistant. A bin that is one unit (an hour
-- in hourly bins, a UTC day in daily ones) or a bin's first unit counts every conversation active in it; only the
-- later units of a bin need analytics_active's previous quarter, to skip conversations counted earlier in the bin.
-- Without this table a year in daily bins read every (day, previous quarter) row: a million rows at size L.
CREATE TABLE analytics_active_units (
    grain         BIGINT NOT NULL,
    bucket        BIGINT NOT NULL,
    assistant     TEXT   NOT NULL,
    conversations BIGINT NOT NULL,
    PRIMARY KEY (grain, bucket, assistant)
);

-- Kept by the fold of migration 016 (PendingAnalytics), from the rows analytics_active already holds.
INSERT INTO analytics_active_units (grain, bucket, assistant, conversations)
SELECT grain, bucket, assistant, SUM(conversations) FROM analytics_active
GROUP BY grain, bucket, assistant
HAVING SUM(conversations) <> 0;

-- Named events are summed per hour and per day only. Per quarter hour the sums held nearly a row per fact row (few
-- conversations share a quarter and a name), so keeping them cost as much as the facts again; a read takes the few
-- quarters at a range's ends from conversation_bucket_names itself.
DELETE FROM statistics_names WHERE grain = 1;

-- The planner had never seen analytics_grains' three rows and guessed thousands, which made the fold's plans look
-- costly enough to compile.
ANALYZE analytics_grains;
