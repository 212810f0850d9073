"""The review queues: conflicts, duplicate ID numbers, quarantined revisions, ownership claims,
and the alert banner that points at them."""
