import json, sys, time

# Answers every patient, then, a moment later (in a write of its own), answers the last
# patient again.
for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "hello":
        print(json.dumps({"type": "ready", "protocol_version": 1}), flush=True)
    elif message["type"] == "batch":
        answers = [json.dumps({"type": "verdict", "patient": patient["id"], "status": "pass", "message": "ok"})
                   for patient in message["patients"]]
        print("\n".join(answers), flush=True)
        time.sleep(0.3)
        print(answers[-1], flush=True)
    elif message["type"] == "end":
        break
