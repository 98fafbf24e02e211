import json, os, subprocess, sys

# Starts a child that stays in the plugin's process group, holds the plugin's output and
# standard error open and sleeps, and writes its pid to parameters.pid_file. Mode
# "answer": answers every patient and exits at the end; mode "exit": exits with status 3
# on the first batch, before answering; mode "setsid": like "answer", but the child leaves
# the plugin's process group and session (setsid) and holds none of its pipes.
for line in sys.stdin:
    message = json.loads(line)
    if message["type"] == "hello":
        parameters = message["parameters"]
        if parameters["mode"] == "setsid":
            child = subprocess.Popen(["sleep", "60"], start_new_session=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        else:
            child = subprocess.Popen(["sleep", "60"])
        with open(parameters["pid_file"], "w") as pid_file:
            pid_file.write(str(child.pid))
        print(json.dumps({"type": "ready", "protocol_version": 1}), flush=True)
    elif message["type"] == "batch":
        if parameters["mode"] == "exit":
            os._exit(3)
        for patient in message["patients"]:
            print(json.dumps({"type": "verdict", "patient": patient["id"], "status": "pass", "message": "ok"}))
        sys.stdout.flush()
    elif message["type"] == "end":
        break
