"""A village's capture: the household list and dashboard, the questionnaire editor and its
field widgets, drafts, history, deletion, the list's kept facts."""
