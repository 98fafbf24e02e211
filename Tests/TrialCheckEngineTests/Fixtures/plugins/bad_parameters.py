import json, sys

for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "hello":
        print(json.dumps({"type": "error", "message": "'max' must be a whole number, not %r" % message["parameters"].get("max")}),
              flush=True)
        sys.exit(1)
