"""The county's screens: dashboard and charts, villages and areas, enrolment and revocation,
county settings, reports."""
