"""Moving data between laptops: export to a stick, import, enrolment and setup files, the
slips printed with them, removable drives."""
