"""Following the plan through execution: measurements against trajectories
(``measures``), the forecast of every milestone as of a week (``forecast``), the
status report (``status_report``) and the baseline, proposed or approved by a person,
with what changed since (``baseline``). Pure functions over the needs graph, like the
rules."""
