"""The PySide6 desktop app, by what the user does: `shell` (start-up, window, the worker that
owns the store), `capture` (a village's households), `transfer` (sticks, enrolment), `review`
(the queues), `county` (the county's screens), `widgets` (shared). This module imports no Qt:
the command line (`cli`) reads the version here."""

__version__ = "0.1.0"
