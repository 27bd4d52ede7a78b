"""Schemathesis checks of our own (SCHEMATHESIS_HOOKS=tests.e2e.schemathesis_hooks): every error answer is
RFC 9457 problem details with Floor's stable code, whatever the schema says."""

from __future__ import annotations

import schemathesis


@schemathesis.check
def problem_details(ctx, response, case):
    """A 4xx or 5xx under /api is application/problem+json with type, title, status, detail and error."""
    if response.status_code < 400 or not case.path.startswith("/api/"):
        return None
    kind = (response.headers.get("content-type") or [""])[0]
    assert kind.startswith("application/problem+json"), f"an error answered as {kind!r}"
    body = response.json()
    assert {"type", "title", "status", "detail", "error"} <= set(body), f"not problem details: {body}"
    assert body["status"] == response.status_code, f"status {body['status']} in a {response.status_code} answer"
    assert body["type"] == "urn:floor:problem:" + body["error"], body
    if response.status_code == 401:
        assert (response.headers.get("www-authenticate") or [""])[0].startswith("Bearer"), "401 without Bearer"
    return None
