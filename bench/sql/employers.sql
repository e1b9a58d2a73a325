-- Employers accompanied (docs/statistics.md): distinct employers with a
-- consultation dated in the period, or with a placement starting in it.
--
-- Parameters: start, end, part_starts and part_ends as in cases.sql.
--
-- One row per (dimension, key), as in cases.sql, broken down by project (of
-- the consultation, or of the placement's case), by the employer's own
-- district and by its sector.
WITH periods (part, p_start, p_end) AS (
    SELECT 0, %(start)s::date, %(end)s::date
    UNION ALL
    SELECT t.part::int, t.p_start, t.p_end
    FROM unnest(%(part_starts)s::date[], %(part_ends)s::date[])
        WITH ORDINALITY AS t (p_start, p_end, part)
),

-- Every consultation and every start of a placement with an employer in P.
contacts AS (
    SELECT ec.employer_id, ec.date AS day, ec.project_id
    FROM employers_employerconsultation AS ec
    WHERE ec.date BETWEEN %(start)s::date AND %(end)s::date
    UNION ALL
    SELECT p.employer_id, p.start_on, c.project_id
    FROM cases_placement AS p
    JOIN cases_case AS c ON c.id = p.case_id
    WHERE p.employer_id IS NOT NULL
      AND p.start_on BETWEEN %(start)s::date AND %(end)s::date
),

counted AS (
    SELECT
        pr.part,
        ct.employer_id,
        ct.project_id::text AS project,
        coalesce(r.key, '') AS district,
        e.sector
    FROM contacts AS ct
    JOIN periods AS pr ON ct.day BETWEEN pr.p_start AND pr.p_end
    JOIN employers_employer AS e ON e.id = ct.employer_id
    LEFT JOIN cases_region AS r ON r.id = e.region_id
)

SELECT
    'part' AS dimension,
    part::text AS key,
    count(DISTINCT employer_id) AS employers
FROM counted
GROUP BY part

UNION ALL

SELECT
    CASE
        WHEN GROUPING(project) = 0 THEN 'project'
        WHEN GROUPING(district) = 0 THEN 'district'
        ELSE 'sector'
    END,
    -- only the grouped column is not null
    coalesce(project, district, sector),
    count(DISTINCT employer_id)
FROM counted
WHERE part = 0
GROUP BY GROUPING SETS ((project), (district), (sector))
