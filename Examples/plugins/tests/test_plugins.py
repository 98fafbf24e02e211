"""Tests of the Python helper (sdk/trialcheck_plugin.py) and the ECOG example plugin.

Standard library only: python3 -m unittest discover -s Examples/plugins/tests
(the CLI tests run this too).
"""

import io
import json
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(HERE, "..", "sdk"))

import ecog_check  # noqa: E402
import trialcheck_plugin as tc  # noqa: E402


def session(judge, messages, **options):
    """Runs a plugin over `messages`; returns its exit status and answers."""
    source = io.BytesIO(b"".join(json.dumps(m).encode() + b"\n" for m in messages))
    sink = io.BytesIO()
    status = tc.run(judge, input_stream=source, output_stream=sink, **options)
    return status, [json.loads(line) for line in sink.getvalue().splitlines()]


HELLO = {"type": "hello", "protocol_version": 1, "parameters": {"max": 2}, "batch_size": 2}


def patient(identifier, *scores, enrolled="2026-01-20"):
    return {"id": identifier, "enrollment": {"date": enrolled},
            "events": [{"type": "performance-status", "date": date, "scale": "ECOG", "score": score}
                       for date, score in scores]}


class HelperTests(unittest.TestCase):
    def test_handshake_batches_and_end(self):
        status, answers = session(
            lambda p, config: tc.deviation("too high", [("score", 3, 0)], date="2026-01")
            if p["id"] == "B" else tc.passed("fine"),
            [HELLO, {"type": "batch", "batch": 1, "patients": [{"id": "A"}, {"id": "B"}]}, {"type": "end"}],
            name="n", version="1", description="d", max_batch_size=8)
        self.assertEqual(status, 0)
        self.assertEqual(answers[0], {"type": "ready", "protocol_version": 1, "name": "n", "version": "1",
                                      "description": "d", "max_batch_size": 8})
        self.assertEqual(answers[1], {"type": "verdict", "batch": 1, "patient": "A", "status": "pass",
                                      "message": "fine", "evidence": []})
        self.assertEqual(answers[2]["evidence"], [{"name": "score", "value": "3", "event": 0}])
        self.assertEqual(answers[2]["date"], "2026-01")

    def test_rejected_parameters(self):
        def configure(parameters):
            raise tc.ParameterError("'max' is missing")
        status, answers = session(lambda p, c: tc.passed("x"), [HELLO], configure=configure)
        self.assertEqual(status, 1)
        self.assertEqual(answers, [{"type": "error", "message": "bad parameters: 'max' is missing"}])

    def test_an_exception_makes_one_patient_not_evaluable(self):
        def judge(p, config):
            if p["id"] == "B":
                raise KeyError("events")
            return tc.passed("ok")
        stderr, sys.stderr = sys.stderr, io.StringIO()
        try:
            _, answers = session(judge, [HELLO, {"type": "batch", "batch": 1, "patients": [{"id": "A"}, {"id": "B"}, {"id": "C"}]}])
        finally:
            sys.stderr = stderr
        self.assertEqual([a["status"] for a in answers[1:]], ["pass", "not-evaluable", "pass"])
        self.assertIn("KeyError", answers[2]["message"])

    def test_another_protocol_version(self):
        status, answers = session(lambda p, c: tc.passed("x"), [dict(HELLO, protocol_version=2)])
        self.assertEqual(status, 1)
        self.assertEqual(answers[0]["type"], "error")

    def test_date_spans(self):
        self.assertEqual(str(tc.date_span("2024-02")[1]), "2024-02-29")
        self.assertEqual(str(tc.date_span("2026")[0]), "2026-01-01")
        self.assertEqual(str(tc.date_span("2026-01-20T09:30")[0]), "2026-01-20")
        self.assertIsNone(tc.date_span("2025-02-30"))
        self.assertIsNone(tc.date_span("20 Jan"))


class ECOGTests(unittest.TestCase):
    config = ecog_check.configure({"max": 2})

    def status(self, record):
        return ecog_check.judge(record, self.config)["status"]

    def test_latest_on_or_before_enrollment(self):
        self.assertEqual(self.status(patient("P", ("2026-01-12", 1))), "pass")
        self.assertEqual(self.status(patient("P", ("2026-01-12", 3))), "deviation")
        self.assertEqual(self.status(patient("P", ("2025-11-02", 3), ("2026-01-20", 2))), "pass")
        self.assertEqual(self.status(patient("P", ("2026-01-05", 1), ("2026-01-18", 3), ("2026-01-25", 1))), "deviation")

    def test_missing_or_unusable(self):
        self.assertEqual(self.status(patient("P")), "not-evaluable")
        self.assertEqual(self.status(patient("P", ("2026-02-01", 1))), "not-evaluable")
        self.assertEqual(self.status(patient("P", ("2026-01-12", "two"))), "not-evaluable")

    def test_partial_dates(self):
        # January 2026 may be before or after enrollment on 2026-01-20.
        self.assertEqual(self.status(patient("P", ("2026-01", 1))), "indeterminate")
        # Either assessment may be the latest, and they disagree.
        self.assertEqual(self.status(patient("P", ("2025-12", 1), ("2025-12-15", 3))), "indeterminate")
        # They agree.
        self.assertEqual(self.status(patient("P", ("2025-12", 1), ("2025-12-15", 0))), "pass")

    def test_evidence_names_the_event(self):
        verdict = ecog_check.judge(patient("P", ("2026-01-12", 3)), self.config)
        self.assertEqual(verdict["evidence"][0], {"name": "ECOG score", "value": "3", "event": 0})
        self.assertEqual(verdict["date"], "2026-01-12")

    def test_parameters(self):
        for bad in ({}, {"max": 6}, {"max": "2"}, {"max": True}, {"max": 2, "scale": ""}):
            with self.assertRaises(tc.ParameterError):
                ecog_check.configure(bad)


if __name__ == "__main__":
    unittest.main()
