#!/usr/bin/env python3
"""ECOG performance status at enrollment, as an external trialcheck plugin.

The latest ECOG assessment dated on or before enrollment must have a score of at most
`max` (parameters: `max`, required; `scale`, default ECOG). No such assessment, or a
score that is not a whole number from 0 to 5, is not evaluable. Where partial dates
leave open which assessment is the latest, or whether it precedes enrollment, and the
possible answers differ, the verdict is indeterminate.

Protocol file entry:

    - id: ecog-python
      kind: external
      criterion: "Inclusion 7: latest ECOG score on or before enrollment is <= 2"
      severity: major
      command: [python3, ecog_check.py]
      parameters: {max: 2}
"""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "sdk"))

import trialcheck_plugin as tc  # noqa: E402


def configure(parameters):
    maximum = parameters.get("max")
    if isinstance(maximum, bool) or not isinstance(maximum, int) or not 0 <= maximum <= 5:
        raise tc.ParameterError("'max' must be an ECOG score, a whole number from 0 to 5")
    scale = parameters.get("scale", "ECOG")
    if not isinstance(scale, str) or not scale.strip():
        raise tc.ParameterError("'scale' must be text, such as ECOG")
    return {"max": maximum, "scale": scale.strip()}


def judge(patient, config):
    scale, maximum = config["scale"], config["max"]
    enrollment_text = (patient.get("enrollment") or {}).get("date")
    enrollment = tc.date_span(enrollment_text)
    enrolled = tc.evidence("enrollment date", enrollment_text)
    if enrollment is None:
        return tc.not_evaluable("The enrollment date is missing or unreadable.", [enrolled])

    # Assessments on the scale, dated, that may fall on or before enrollment.
    assessments = []
    for index, event in tc.events(patient, "performance-status"):
        if str(event.get("scale", "")).strip().lower() != scale.lower():
            continue
        written = event.get("date") or event.get("start")
        span = tc.date_span(written)
        if span is None or span[0] > enrollment[1]:
            continue
        assessments.append((index, event, written, span))
    if not assessments:
        return tc.not_evaluable("No %s assessment is dated on or before enrollment." % scale, [enrolled])

    # Those that may be the latest: no other assessment surely before enrollment surely follows them.
    surely_before = [a for a in assessments if a[3][1] <= enrollment[0]]
    candidates = [a for a in assessments
                  if not any(other[3][0] > a[3][1] for other in surely_before if other is not a)]

    verdicts = [assess(candidate, scale, maximum) for candidate in candidates]
    statuses = {verdict["status"] for verdict in verdicts}
    if not surely_before:
        statuses.add("not-evaluable")  # every assessment may also fall after enrollment
    if len(statuses) == 1:
        latest = max(range(len(candidates)), key=lambda position: candidates[position][3][1])
        chosen = verdicts[latest]
        chosen["evidence"].append(enrolled)
        return chosen
    labels = ", ".join("%s %s on %s" % (scale, c[1].get("score"), c[2]) for c in candidates)
    return tc.indeterminate(
        "Partial dates leave open which %s assessment is the latest on or before enrollment (%s); "
        "they give different verdicts." % (scale, labels),
        [tc.evidence("%s assessment" % scale, "%s on %s" % (c[1].get("score"), c[2]), c[0]) for c in candidates]
        + [enrolled])


def assess(assessment, scale, maximum):
    index, event, written, _ = assessment
    score = event.get("score")
    dated = tc.evidence("%s assessment date" % scale, written, index)
    if isinstance(score, bool) or not isinstance(score, int) or not 0 <= score <= 5:
        return tc.not_evaluable("The %s score %r of %s is not a whole number from 0 to 5." % (scale, score, written),
                                [tc.evidence("%s score" % scale, score, index), dated])
    found = [tc.evidence("%s score" % scale, score, index), dated]
    if score > maximum:
        return tc.deviation("%s %d on %s, the latest assessment on or before enrollment, is above the allowed "
                            "maximum of %d." % (scale, score, written, maximum), found, date=written)
    return tc.passed("%s %d on %s is within the allowed range (at most %d)." % (scale, score, written, maximum),
                     found)


if __name__ == "__main__":
    sys.exit(tc.run(judge, configure=configure, name="ecog-check", version="1.0.0",
                    description="The latest ECOG performance status on or before enrollment is at most `max`."))
