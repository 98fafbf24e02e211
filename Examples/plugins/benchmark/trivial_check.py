#!/usr/bin/env python3
"""The cheapest possible external check: every patient passes. Measures the route's overhead."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "sdk"))

import trialcheck_plugin as tc  # noqa: E402

if __name__ == "__main__":
    sys.exit(tc.run(lambda patient, config: tc.passed("ok"), name="trivial", version="1.0.0",
                    description="Every patient passes (a benchmark of the plugin route)."))
