import json, signal, sys, time

signal.signal(signal.SIGTERM, signal.SIG_IGN)
for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "hello":
        print(json.dumps({"type": "ready", "protocol_version": 1}), flush=True)
    elif message["type"] == "batch":
        for patient in message["patients"]:
            print(json.dumps({"type": "verdict", "patient": patient["id"], "status": "pass", "message": "ok"}))
        sys.stdout.flush()
    elif message["type"] == "end":
        time.sleep(3600)
