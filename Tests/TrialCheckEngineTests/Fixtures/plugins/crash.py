import json, os, signal, sys

for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "hello":
        print(json.dumps({"type": "ready", "protocol_version": 1}), flush=True)
    elif message["type"] == "batch":
        for patient in message["patients"]:
            if patient["id"] == "CRASH":
                print("about to crash on", patient["id"], file=sys.stderr, flush=True)
                os.kill(os.getpid(), signal.SIGSEGV)
            print(json.dumps({"type": "verdict", "patient": patient["id"], "status": "pass", "message": "ok"}), flush=True)
