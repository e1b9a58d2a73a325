-- Figures counted over placements (docs/statistics.md): persons into each
-- kind of placement and into qualification-adequate employment, dropouts
-- (placements, not persons), and the sustainably integrated.
--
-- Parameters: start, end, part_starts and part_ends as in cases.sql; today,
-- the current day: a six-month day after it does not count yet.
--
-- One row per (dimension, key), as in cases.sql, with the breakdown by the
-- sector of the employer ('' for a placement without an employer) as well.
WITH periods (part, p_start, p_end) AS (
    SELECT 0, %(start)s::date, %(end)s::date
    UNION ALL
    SELECT t.part::int, t.p_start, t.p_end
    FROM unnest(%(part_starts)s::date[], %(part_ends)s::date[])
        WITH ORDINALITY AS t (p_start, p_end, part)
),

-- The placements that start or end in P, or whose six-month day may lie in
-- it, with their person's data.
placement_rows AS (
    SELECT
        c.mentee_id,
        p.kind,
        p.start_on,
        p.ended_on,
        p.end_reason,
        p.qualification_adequate,
        -- PostgreSQL keeps the day, or takes the month's last day where
        -- there is no such day: 31 August gives 28 or 29 February.
        (p.start_on + INTERVAL '6 months')::date AS six_month_day,
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
        m.residence_status,
        coalesce(e.sector, '') AS sector
    FROM cases_placement AS p
    JOIN cases_case AS c ON c.id = p.case_id
    JOIN cases_mentee AS m ON m.id = c.mentee_id
    LEFT JOIN cases_region AS r ON r.id = m.region_id
    LEFT JOIN employers_employer AS e ON e.id = p.employer_id
    WHERE p.start_on BETWEEN %(start)s::date AND %(end)s::date
       OR p.ended_on BETWEEN %(start)s::date AND %(end)s::date
       -- six months are 181 to 184 days: a range of starts that holds all
       -- whose six-month day lies in P, and that the index can serve
       OR (p.kind IN ('employment', 'vocational_training')
           AND p.start_on BETWEEN %(start)s::date - 184 AND %(end)s::date - 181)
),

-- Each placement once per period it starts or ends in, or whose six-month
-- day lies in it.
counted AS (
    SELECT
        pr.part,
        p.kind,
        p.qualification_adequate,
        p.project,
        p.district,
        p.gender,
        p.age_group,
        p.country_of_origin,
        p.residence_status,
        p.sector,
        CASE WHEN p.start_on BETWEEN pr.p_start AND pr.p_end
            THEN p.mentee_id END AS starter,
        CASE WHEN p.ended_on BETWEEN pr.p_start AND pr.p_end
                AND p.kind IN ('employment', 'vocational_training', 'qualification')
                AND p.end_reason IN ('dropout', 'terminated_by_employer')
            THEN 1 END AS dropout,
        -- six months over by today, and not ended before the six-month day
        CASE WHEN p.kind IN ('employment', 'vocational_training')
                AND p.six_month_day BETWEEN pr.p_start
                    AND least(pr.p_end, %(today)s::date)
                AND (p.ended_on IS NULL OR p.ended_on >= p.six_month_day)
            THEN p.mentee_id END AS sustained
    FROM placement_rows AS p
    JOIN periods AS pr
        ON p.start_on BETWEEN pr.p_start AND pr.p_end
        OR p.ended_on BETWEEN pr.p_start AND pr.p_end
        OR p.six_month_day BETWEEN pr.p_start AND pr.p_end
)

SELECT
    'part' AS dimension,
    part::text AS key,
    count(DISTINCT starter) FILTER (WHERE kind = 'employment') AS employment,
    count(DISTINCT starter)
        FILTER (WHERE kind = 'employment' AND qualification_adequate)
        AS employment_adequate,
    count(DISTINCT starter)
        FILTER (WHERE kind = 'vocational_training') AS vocational_training,
    count(DISTINCT starter) FILTER (WHERE kind = 'qualification') AS qualification,
    count(DISTINCT starter)
        FILTER (WHERE kind = 'entry_qualification') AS entry_qualification,
    count(DISTINCT starter) FILTER (WHERE kind = 'internship') AS internship,
    count(DISTINCT starter)
        FILTER (WHERE kind = 'marginal_employment') AS marginal_employment,
    count(DISTINCT starter)
        FILTER (WHERE kind = 'self_employment') AS self_employment,
    count(dropout) AS dropouts,
    count(DISTINCT sustained) AS sustainably_integrated
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
        WHEN GROUPING(residence_status) = 0 THEN 'residence_status'
        ELSE 'sector'
    END,
    -- only the grouped column is not null
    coalesce(
        project, district, gender, age_group, country_of_origin,
        residence_status, sector
    ),
    count(DISTINCT starter) FILTER (WHERE kind = 'employment'),
    count(DISTINCT starter)
        FILTER (WHERE kind = 'employment' AND qualification_adequate),
    count(DISTINCT starter) FILTER (WHERE kind = 'vocational_training'),
    count(DISTINCT starter) FILTER (WHERE kind = 'qualification'),
    count(DISTINCT starter) FILTER (WHERE kind = 'entry_qualification'),
    count(DISTINCT starter) FILTER (WHERE kind = 'internship'),
    count(DISTINCT starter) FILTER (WHERE kind = 'marginal_employment'),
    count(DISTINCT starter) FILTER (WHERE kind = 'self_employment'),
    count(dropout),
    count(DISTINCT sustained)
FROM counted
WHERE part = 0
GROUP BY GROUPING SETS (
    (project), (district), (gender), (age_group), (country_of_origin),
    (residence_status), (sector)
)
