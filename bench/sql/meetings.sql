-- Figures counted over meetings (docs/statistics.md): meetings, their
-- minutes (sql.py turns them into hours), and the persons in follow-up: with
-- a meeting in the period dated on or after the start of one of their
-- employment or vocational-training placements, in whichever case or
-- project.
--
-- Parameters: start, end, part_starts and part_ends as in cases.sql.
--
-- One row per (dimension, key), as in cases.sql. A meeting counts in the
-- project of its case. Meetings and minutes are meant for the breakdowns by
-- project and district only (sql.py ignores them in the others).
WITH periods (part, p_start, p_end) AS (
    SELECT 0, %(start)s::date, %(end)s::date
    UNION ALL
    SELECT t.part::int, t.p_start, t.p_end
    FROM unnest(%(part_starts)s::date[], %(part_ends)s::date[])
        WITH ORDINALITY AS t (p_start, p_end, part)
),

-- Each person's first start of an employment or vocational training: a
-- meeting is on or after one such start if it is on or after the first.
first_starts AS (
    SELECT c.mentee_id, min(p.start_on) AS first_start
    FROM cases_placement AS p
    JOIN cases_case AS c ON c.id = p.case_id
    WHERE p.kind IN ('employment', 'vocational_training')
      AND p.start_on <= %(end)s::date
    GROUP BY c.mentee_id
),

-- The meetings per case and period, before any join: their number, their
-- minutes and the last one's date (the latest meeting decides follow-up).
per_case AS (
    SELECT
        pr.part,
        mt.case_id,
        count(*) AS meetings,
        sum(mt.duration_minutes) AS minutes,
        max(mt.date) AS last_meeting
    FROM periods AS pr
    JOIN cases_meeting AS mt ON mt.date BETWEEN pr.p_start AND pr.p_end
    GROUP BY pr.part, mt.case_id
),

counted AS (
    SELECT
        pc.part,
        pc.meetings,
        pc.minutes,
        CASE WHEN pc.last_meeting >= f.first_start
            THEN c.mentee_id END AS in_follow_up,
        c.project_id::text AS project,
        coalesce(r.key, '') AS district,
        m.gender,
        -- the age in full years on the first day of P: under 30 if born
        -- after the same day 30 years earlier (28 February for a 29th)
        CASE
            WHEN m.date_of_birth > %(start)s::date - INTERVAL '30 years'
                THEN 'under_30'
            WHEN m.date_of_birth > %(start)s::date - INTERVAL '55 years'
                THEN '30_54'
            ELSE '55_plus'
        END AS age_group,
        m.country_of_origin,
        m.residence_status
    FROM per_case AS pc
    JOIN cases_case AS c ON c.id = pc.case_id
    JOIN cases_mentee AS m ON m.id = c.mentee_id
    LEFT JOIN cases_region AS r ON r.id = m.region_id
    LEFT JOIN first_starts AS f ON f.mentee_id = c.mentee_id
)

SELECT
    'part' AS dimension,
    part::text AS key,
    sum(meetings) AS meetings,
    sum(minutes) AS meeting_minutes,
    count(DISTINCT in_follow_up) AS follow_up
FROM counted
GROUP BY part

UNION ALL

SELECT
    CASE
        WHEN GROUPING(project) = 0 THEN 'project'
        WHEN GROUPING(district) = 0 THEN 'district'
        WHEN GROUPING(gender) = 0 THEN 'gender'
        WHEN GROUPING(age_group) = 0 THEN 'age_group'
        WHEN GROUPING(country_of_origin) = 0 THEN 'country_of_origin'
        ELSE 'residence_status'
    END,
    -- only the grouped column is not null
    coalesce(
        project, district, gender, age_group, country_of_origin, residence_status
    ),
    sum(meetings),
    sum(minutes),
    count(DISTINCT in_follow_up)
FROM counted
WHERE part = 0
GROUP BY GROUPING SETS (
    (project), (district), (gender), (age_group), (country_of_origin),
    (residence_status)
)
