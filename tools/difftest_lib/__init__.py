"""Differential test of `auditlog check` against the independent reference evaluator.

Modules: `calendar` (dates, periods, durations), `history` (a generated history and its fixture
form), `world` and `facts` (the seeded generator of valid v1 histories), `runner` (appends a
history to a fresh log and runs both evaluators), `compare` (what must agree), `shrink` (the
smallest failing history), `main` (the `tools/difftest` command).
"""
