import json, sys

# Answers far past trialcheck's limits: a 100,000-character message and 200 pieces of
# evidence of 1,000 characters each, for every patient but P1 (a short answer).
for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "hello":
        print(json.dumps({"type": "ready", "protocol_version": 1}), flush=True)
    elif message["type"] == "batch":
        for patient in message["patients"]:
            if patient["id"] == "P1":
                answer = {"type": "verdict", "patient": "P1", "status": "pass", "message": "short"}
            else:
                answer = {"type": "verdict", "patient": patient["id"], "status": "deviation", "message": "m" * 100000,
                          "evidence": [{"name": "n%d" % i, "value": "v" * 1000} for i in range(200)]}
            print(json.dumps(answer))
        sys.stdout.flush()
    elif message["type"] == "end":
        break
