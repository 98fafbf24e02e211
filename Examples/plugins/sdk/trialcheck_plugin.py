"""Write a trialcheck external check in Python: one file, standard library only.

A plugin is a program that trialcheck starts once per audit and talks to over its
standard input and output (protocol version 1, docs/plugin-protocol.md). This module
speaks the protocol; you write one function that judges one patient:

    import trialcheck_plugin as tc

    def configure(parameters):
        # The check's `parameters:` from the protocol file, as a dict. Raise
        # tc.ParameterError to reject them (the check then reports the message).
        return int(parameters.get("max", 2))

    def judge(patient, maximum):
        # `patient` is one patient-history v1 record (a dict): id, enrollment, events...
        return tc.passed("Nothing to see.")

    if __name__ == "__main__":
        tc.run(judge, configure=configure, name="my-check", version="1.0.0",
               description="What the check checks, in a sentence.")

A verdict is made with passed(), deviation(), indeterminate() or not_evaluable(): a
sentence a monitor understands, the evidence it rests on (name, value, and the index of
the event it comes from, if any) and, optionally, the date the deviation happened.

An exception raised by judge() makes that patient not evaluable (with the exception in
the message, the traceback on standard error); the plugin goes on with the next patient.
Write logs to standard error (log()), never to standard output.
"""

import calendar
import datetime
import json
import sys
import traceback

PROTOCOL_VERSION = 1

__all__ = [
    "PROTOCOL_VERSION", "ParameterError", "passed", "deviation", "indeterminate", "not_evaluable",
    "evidence", "date_span", "events", "log", "run",
]


class ParameterError(Exception):
    """The check's parameters are wrong: the message says which and why."""


def evidence(name, value, event=None):
    """One fact a verdict rests on; `event` is the index of the patient's event it comes from."""
    item = {"name": str(name), "value": str(value)}
    if event is not None:
        item["event"] = int(event)
    return item


def _verdict(status, message, evidence_items, date):
    items = []
    for item in evidence_items or ():
        if isinstance(item, dict):
            items.append(item)
        else:
            items.append(evidence(*item))
    verdict = {"status": status, "message": str(message), "evidence": items}
    if date is not None:
        verdict["date"] = str(date)
    return verdict


def passed(message, evidence=(), date=None):
    """The criterion is met."""
    return _verdict("pass", message, evidence, date)


def deviation(message, evidence=(), date=None):
    """The criterion is not met."""
    return _verdict("deviation", message, evidence, date)


def indeterminate(message, evidence=(), date=None):
    """Partial dates leave both answers possible."""
    return _verdict("indeterminate", message, evidence, date)


def not_evaluable(message, evidence=(), date=None):
    """Data the check needs are missing or unusable; the message says which."""
    return _verdict("not-evaluable", message, evidence, date)


def date_span(text):
    """The first and last day an ISO 8601 date may be: '2026-01-20', '2026-01' or '2026'.

    A partial date stands for every day it could be. Returns None for anything else.
    """
    if not isinstance(text, str):
        return None
    text = text.split("T", 1)[0]
    try:
        parts = [int(part) for part in text.split("-")]
        if len(parts) == 1 and len(text) == 4:
            return datetime.date(parts[0], 1, 1), datetime.date(parts[0], 12, 31)
        if len(parts) == 2 and len(text) == 7:
            last = calendar.monthrange(parts[0], parts[1])[1]
            return datetime.date(parts[0], parts[1], 1), datetime.date(parts[0], parts[1], last)
        if len(parts) == 3 and len(text) == 10:
            day = datetime.date(parts[0], parts[1], parts[2])
            return day, day
    except ValueError:
        return None
    return None


def events(patient, event_type):
    """The patient's events of one type, as (index, event) pairs in record order."""
    return [(index, event) for index, event in enumerate(patient.get("events") or [])
            if event.get("type") == event_type]


def log(*parts):
    """Writes a line to standard error (trialcheck keeps it in the report's diagnostics)."""
    print(*parts, file=sys.stderr, flush=True)


def _write(stream, message):
    stream.write(json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")


def run(judge, configure=None, name=None, version=None, description=None, max_batch_size=None,
        input_stream=None, output_stream=None):
    """Serves trialcheck until the end of the audit; returns the exit status (0 when all went well).

    `judge(patient, config)` judges one patient; `configure(parameters)` turns the check's
    parameters into `config` (without it, `config` is the parameters dict).
    """
    source = input_stream if input_stream is not None else sys.stdin.buffer
    sink = output_stream if output_stream is not None else sys.stdout.buffer
    config = None
    for raw in source:
        if not raw.strip():
            continue
        message = json.loads(raw)
        kind = message.get("type")
        if kind == "hello":
            if message.get("protocol_version") != PROTOCOL_VERSION:
                _write(sink, {"type": "error", "message": "this plugin speaks protocol version %d, not %r"
                              % (PROTOCOL_VERSION, message.get("protocol_version"))})
                sink.flush()
                return 1
            parameters = message.get("parameters") or {}
            try:
                config = configure(parameters) if configure is not None else parameters
            except ParameterError as error:
                _write(sink, {"type": "error", "message": "bad parameters: %s" % error})
                sink.flush()
                return 1
            ready = {"type": "ready", "protocol_version": PROTOCOL_VERSION}
            for key, value in (("name", name), ("version", version), ("description", description),
                               ("max_batch_size", max_batch_size)):
                if value is not None:
                    ready[key] = value
            _write(sink, ready)
            sink.flush()
        elif kind == "batch":
            number = message.get("batch")
            for patient in message.get("patients") or []:
                try:
                    verdict = judge(patient, config)
                    if not isinstance(verdict, dict) or "status" not in verdict:
                        raise TypeError("judge() must return passed(), deviation(), indeterminate() "
                                        "or not_evaluable(), not %r" % (verdict,))
                except Exception as error:  # one patient's error must not end the audit
                    traceback.print_exc(file=sys.stderr)
                    verdict = not_evaluable("The plugin raised %s: %s" % (type(error).__name__, error),
                                            evidence=[("error", type(error).__name__)])
                answer = {"type": "verdict", "batch": number, "patient": patient.get("id")}
                answer.update(verdict)
                _write(sink, answer)
            sink.flush()
        elif kind == "end":
            return 0
        else:
            log("trialcheck_plugin: ignoring a message of type %r" % (kind,))
    return 0
