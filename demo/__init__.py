"""Demo data for `manage.py demo_data`: a plausible programme to click through,
and with --history the programme since 2016 with the published figures.

plan.py says what to build, people.py samples one mentee and their placements,
activity.py their meetings and integration steps, build.py puts it together
and writes the rows, load.py runs it against the database, cast.py creates
the projects and logins, reference.py holds names, places and texts.
"""
