"""What the server counts as it works (prometheus-client): scans by result and how long each took, print
and webhook failures. /metrics (app/api/metrics.py) serves these with the process's own figures (memory,
CPU, open files, garbage collection) and the gauges it reads from the database at each scrape."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

SCANS = Counter("floor_scans", "Scans handled at the stations, by result: ok, refused (the screen said no, "
                "e.g. a wrong item), error (not saved: retried), ignored (a screen that takes no scans).",
                ["result"])
SCAN_SECONDS = Histogram("floor_scan_duration_seconds", "From the scanner's Enter to the answer on the station "
                         "(the server's part: queueing, the service, the database).",
                         buckets=(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0))
PRINT_FAILURES = Counter("floor_print_failures", "Print attempts that failed, by printer; final=\"true\" when "
                         "the job gave up (it is then an exception on the board).", ["printer", "final"])
WEBHOOK_FAILURES = Counter("floor_webhook_failures", "Webhook deliveries to a seller that failed (retried with "
                           "back-off), by seller.", ["seller"])

for result in ("ok", "refused", "error", "ignored"):
    SCANS.labels(result)   # every series from the start: a rate() over a missing series is no alert
