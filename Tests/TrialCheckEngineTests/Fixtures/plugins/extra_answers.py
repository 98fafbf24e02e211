import json, sys

for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "hello":
        print(json.dumps({"type": "ready", "protocol_version": 1}), flush=True)
    elif message["type"] == "batch":
        answers = [json.dumps({"type": "verdict", "patient": patient["id"], "status": "pass", "message": "ok"})
                   for patient in message["patients"]]
        # One answer too many, in the same write as the others.
        sys.stdout.write("\n".join(answers + [answers[-1]]) + "\n")
        sys.stdout.flush()
