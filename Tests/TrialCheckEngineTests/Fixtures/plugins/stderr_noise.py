import json, sys

for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "hello":
        print("starting up", file=sys.stderr)
        print(json.dumps({"type": "ready", "protocol_version": 1}), flush=True)
    elif message["type"] == "batch":
        for patient in message["patients"]:
            for number in range(2000):
                print("noise %d about %s %s" % (number, patient["id"], "." * 200), file=sys.stderr)
            print(json.dumps({"type": "verdict", "patient": patient["id"], "status": "pass", "message": "ok"}), flush=True)
