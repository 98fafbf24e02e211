import json, sys

for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "hello":
        print(json.dumps({"type": "ready", "protocol_version": 1}), flush=True)
    elif message["type"] == "batch":
        hoard = bytearray(4 << 30)
        print(json.dumps({"type": "verdict", "patient": "never", "status": "pass", "message": str(len(hoard))}), flush=True)
