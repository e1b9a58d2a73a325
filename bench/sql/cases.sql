-- Figures counted over cases (docs/statistics.md): first conversations,
-- participants, new participants, women, and the average length of support
-- with the number of closed cases behind it.
--
-- Parameters: start and end, the first and last day of the period P;
-- part_starts and part_ends, the first and last days of the rows of its
-- trend (empty arrays when there is no trend).
--
-- One row per (dimension, key): dimension 'part' is P itself (key '0') and
-- each row of the trend (keys '1', '2', ...); the other dimensions are the
-- breakdowns of P. A case counts in the project it belongs to; district,
-- gender, origin and residence status are the person's current ones, the
-- age group is the age in full years on the first day of P.
WITH periods (part, p_start, p_end) AS (
    SELECT 0, %(start)s::date, %(end)s::date
    UNION ALL
    SELECT t.part::int, t.p_start, t.p_end
    FROM unnest(%(part_starts)s::date[], %(part_ends)s::date[])
        WITH ORDINALITY AS t (p_start, p_end, part)
),

-- The cases open at some time in P, with their person's data.
case_rows AS (
    SELECT
        c.mentee_id,
        c.opened_on,
        c.admitted_on,
        c.closed_on,
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
    FROM cases_case AS c
    JOIN cases_mentee AS m ON m.id = c.mentee_id
    LEFT JOIN cases_region AS r ON r.id = m.region_id
    WHERE c.opened_on <= %(end)s::date
      AND (c.closed_on IS NULL OR c.closed_on >= %(start)s::date)
),

-- Each case once per period it is open in, with the person where the case
-- counts for a figure in that period.
counted AS (
    SELECT
        pr.part,
        c.project,
        c.district,
        c.gender,
        c.age_group,
        c.country_of_origin,
        c.residence_status,
        CASE WHEN c.opened_on BETWEEN pr.p_start AND pr.p_end
            THEN c.mentee_id END AS first_conversation,
        CASE WHEN c.admitted_on <= pr.p_end
                AND (c.closed_on IS NULL OR c.closed_on >= pr.p_start)
            THEN c.mentee_id END AS participant,
        CASE WHEN c.admitted_on BETWEEN pr.p_start AND pr.p_end
            THEN c.mentee_id END AS new_participant,
        -- days of support of an admitted case closed in the period
        CASE WHEN c.admitted_on IS NOT NULL
                AND c.closed_on BETWEEN pr.p_start AND pr.p_end
            THEN c.closed_on - c.admitted_on END AS support_days
    FROM case_rows AS c
    JOIN periods AS pr
        ON c.opened_on <= pr.p_end
       AND (c.closed_on IS NULL OR c.closed_on >= pr.p_start)
)

SELECT
    'part' AS dimension,
    part::text AS key,
    count(DISTINCT first_conversation) AS first_conversations,
    count(DISTINCT participant) AS participants,
    count(DISTINCT new_participant) AS new_participants,
    count(DISTINCT participant) FILTER (WHERE gender = 'female') AS women,
    avg(support_days) AS average_support_days,
    count(support_days) AS closed_cases
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
    count(DISTINCT first_conversation),
    count(DISTINCT participant),
    count(DISTINCT new_participant),
    count(DISTINCT participant) FILTER (WHERE gender = 'female'),
    avg(support_days),
    count(support_days)
FROM counted
WHERE part = 0
GROUP BY GROUPING SETS (
    (project), (district), (gender), (age_group), (country_of_origin),
    (residence_status)
)
