"""Run by karrio's own Python (tests/support/karrio.py VENV): karrio's real UPS connector buys a label for the
shipment JSON on stdin, its UPS server URL pointed at argv[1] (a local endpoint that records the requests,
as karrio's own tests do). Prints karrio's messages as JSON. Not imported by Floor."""

import json
import sys

import karrio.providers.ups.utils as ups_utils
import karrio.sdk as karrio

ups_utils.Settings.server_url = property(lambda self: sys.argv[1])
payload = json.load(sys.stdin)
gateway = karrio.gateway["ups"].create({"client_id": "floor-test", "client_secret": "floor-test-secret",
                                        "account_number": "F1O2O3", "test_mode": True})
shipment, messages = karrio.Shipment.create(payload).from_(gateway).parse()
print(json.dumps({"tracking_number": getattr(shipment, "tracking_number", None),
                  "messages": [m.message for m in messages]}, default=str))
