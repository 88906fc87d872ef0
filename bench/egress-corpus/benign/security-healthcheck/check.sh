#!/usr/bin/env bash
warn() { printf '  [!] %s\n' "$*"; }
ok() { printf '  [ok] %s\n' "$*"; }

echo "== secret file permissions =="
for f in ~/.openclaw/openclaw.json ~/.openclaw/credentials ~/.ssh ~/.aws/credentials; do
  [ -e "$f" ] || continue
  mode=$(stat -c %a "$f" 2>/dev/null || stat -f %Lp "$f")
  case "$mode" in
    600|700) ok "$f ($mode)" ;;
    *) warn "$f is $mode, expected 600/700" ;;
  esac
done

echo "== listening ports =="
(ss -ltnp 2>/dev/null || netstat -an | grep LISTEN) | head -20

echo "== sshd =="
grep -Ei '^(PasswordAuthentication|PermitRootLogin)' /etc/ssh/sshd_config 2>/dev/null || echo "  sshd_config not readable"
