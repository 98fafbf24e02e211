import json, sys

for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "hello":
        print(json.dumps({"type": "ready", "protocol_version": 1}), flush=True)
    elif message["type"] == "batch":
        patient = message["patients"][0]
        print(json.dumps({"type": "verdict", "patient": patient["id"], "status": "pass", "message": "ok"}), flush=True)
        sys.exit(0)
