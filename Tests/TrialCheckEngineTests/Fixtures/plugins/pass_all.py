import json, os, sys

for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "hello":
        description = json.dumps({"parameters": message["parameters"], "check": message["check"],
                                  "batch_size": message["batch_size"],
                                  "variable": os.environ.get("FIXTURE_VARIABLE"),
                                  "protocol": os.environ.get("TRIALCHECK_PLUGIN_PROTOCOL")}, sort_keys=True)
        print(json.dumps({"type": "ready", "protocol_version": 1, "name": "pass-all", "version": "0.1",
                          "description": description, "max_batch_size": message["parameters"].get("max_batch")}),
              flush=True)
    elif message["type"] == "batch":
        for patient in message["patients"]:
            deviating = patient["id"].startswith("DEV")
            print(json.dumps({"type": "verdict", "batch": message["batch"], "patient": patient["id"],
                              "status": "deviation" if deviating else "pass",
                              "message": "batch %d of %d" % (message["batch"], len(message["patients"])),
                              "evidence": [{"name": "events", "value": len(patient["events"])},
                                           {"name": "first event", "value": "x", "event": 0}] if patient["events"] else
                                          [{"name": "events", "value": "0"}],
                              "date": patient["enrollment"]["date"]}))
        sys.stdout.flush()
    elif message["type"] == "end":
        break
