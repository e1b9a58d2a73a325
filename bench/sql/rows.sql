-- The rows every breakdown by project and by district lists, even where
-- all its figures are zero: all projects (by id) and all districts (by
-- official key).
SELECT 'project' AS dimension, id::text AS key FROM cases_project
UNION ALL
SELECT 'district', key FROM cases_region
