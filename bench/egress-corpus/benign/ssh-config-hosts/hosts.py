import os
import socket

CONFIG = os.path.expanduser("~/.ssh/config")


def hosts():
    out = []
    with open(CONFIG) as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and parts[0].lower() == "host" and "*" not in parts[1]:
                out.append(parts[1])
    return out


def reachable(host, port=22):
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


for h in hosts():
    print(f"{h:30} {'up' if reachable(h) else 'down'}")
