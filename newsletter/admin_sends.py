"""Admin for sends: start or schedule, pause, resume, cancel, progress, history."""
