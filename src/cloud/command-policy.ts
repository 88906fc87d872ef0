// Which shell commands clawguard refuses to send through Cloud Assistant, even when the operator passed --yes.
import { scanText } from '../detect/index.js';
import { isSameOrSubdomain } from '../core/allowlist.js';

export interface CommandVerdict {
  allowed: boolean;
  /** One reason per rule that refused the command. */
  reasons: string[];
}

export interface PolicyOptions {
  /** Hosts whose installers may be piped to a shell (the vendor's own guardrail installer). */
  trustedInstallerHosts?: readonly string[];
}

interface PolicyRule {
  id: string;
  reason: string;
  test: RegExp;
}

const SHELLS = '(?:ba|z|k|da|c|tc|fi)?sh|python[0-9.]*|perl|ruby|node';
/** A command word at the start of a command: line start, after ; & | ( or after sudo/doas/xargs. */
const CMD = '(?:^|[;&|(]\\s*|\\b(?:sudo|doas|xargs|exec)\\s+)';
const SYSTEM_DIRS = '(?:/|/\\*|~/?|/(?:etc|usr|var|boot|bin|sbin|lib|lib64|home|root|opt|srv|dev|proc|sys)/?\\*?)';

/** Rules run on the command with whitespace collapsed and quotes/backslashes removed, case-insensitive. */
const RULES: readonly PolicyRule[] = [
  { id: 'rm-root', reason: 'recursive delete of / or a system directory', test: new RegExp(`\\brm\\s+(?:-[a-z]*\\s+)*(?:-[a-z]*r[a-z]*|--recursive)(?:\\s+-[a-z-]+)*\\s+(?:--\\s+)?${SYSTEM_DIRS}(?:\\s|$|;|&|\\|)`, 'i') },
  { id: 'rm-no-preserve-root', reason: 'rm --no-preserve-root', test: /--no-preserve-root/i },
  { id: 'rm-logs', reason: 'deleting system logs (/var/log)', test: /\brm\s+(?:-[a-z]+\s+)*\/var\/log\b/i },
  { id: 'mkfs', reason: 'formatting a file system (mkfs, wipefs)', test: /\b(?:mkfs(?:\.[a-z0-9]+)?|mke2fs|mkswap|wipefs)\b/i },
  { id: 'dd-disk', reason: 'dd writing to a block device', test: /\bdd\b[^;|&]*\bof=\/dev\/(?!null\b|zero\b|stdout\b|stderr\b)/i },
  { id: 'write-disk', reason: 'writing directly to a block device', test: />\s*\/dev\/(?:[sv]d[a-z]|xvd[a-z]|nvme\d|hd[a-z]|mmcblk\d)/i },
  { id: 'partition', reason: 'changing disk partitions (fdisk, parted, sfdisk)', test: /\b(?:fdisk|sfdisk|parted|gdisk)\b/i },
  { id: 'shred-disk', reason: 'shredding a device', test: /\bshred\b[^;|&]*\/dev\//i },
  { id: 'power', reason: 'shutdown, reboot, halt or poweroff', test: /(?:^|[;&|(]\s*|\bsudo\s+)(?:shutdown|reboot|halt|poweroff)\b|\b(?:systemctl|loginctl)\s+(?:reboot|poweroff|halt|kexec|emergency|rescue)\b|\b(?:init|telinit)\s+[06]\b/i },
  { id: 'pipe-to-shell', reason: 'downloading and executing a script (curl|wget piped to a shell)', test: new RegExp(`\\b(?:curl|wget|fetch)\\b[^;&]*\\|\\s*(?:sudo\\s+)?(?:${SHELLS})\\b|(?:${SHELLS})\\s+<\\(\\s*(?:curl|wget)|(?:${SHELLS})\\s+-c\\s+\\$\\(\\s*(?:curl|wget)`, 'i') },
  { id: 'fork-bomb', reason: 'a fork bomb', test: /:\s*\(\s*\)\s*\{[^}]*:\s*\|\s*:/ },
  { id: 'chmod-root', reason: 'recursive permission or owner change on / or a system directory', test: new RegExp(`\\b(?:chmod|chown|chgrp)\\s+(?:-[a-z]*\\s+)*-[a-z]*r[a-z]*\\s+(?:\\S+\\s+)?${SYSTEM_DIRS}(?:\\s|$|;|&)`, 'i') },
  { id: 'chmod-777-root', reason: 'chmod 777 on /', test: /\bchmod\s+(?:-[a-z]+\s+)*0?777\s+\/(?:\s|$)/i },
  { id: 'suid-shell', reason: 'setting SUID on a shell', test: /\bchmod\s+(?:[ugoa]*\+s|[2467][0-7]{3})\s+\S*\/(?:ba|z|da)?sh\b/i },
  { id: 'user-change', reason: 'creating, deleting or changing a user account or password', test: new RegExp(`${CMD}(?:useradd|userdel|usermod|adduser|deluser|passwd|chpasswd|groupadd|gpasswd|vipw|newusers)\\b`, 'i') },
  { id: 'auth-files', reason: 'writing to /etc/passwd, /etc/shadow, /etc/sudoers or PAM', test: /(?:>|\btee\b[^;|&]*|\bsed\s+-i[^;|&]*|\bcp\b[^;|&]*|\bmv\b[^;|&]*|\becho\b[^;|&]*>)\s*\/etc\/(?:passwd|shadow|group|gshadow|sudoers(?:\.d\/\S*)?|pam\.d\/\S*)\b|\bvisudo\b/i },
  { id: 'ssh-keys', reason: 'changing SSH keys or the SSH daemon configuration', test: /authorized_keys2?\b[^;|&]*$|(?:>|\btee\b|\bsed\s+-i|\bcp\b|\bmv\b)[^;|&]*(?:authorized_keys|\/etc\/ssh\/sshd_config)|\bssh-copy-id\b/i },
  { id: 'firewall-off', reason: 'stopping or flushing the firewall', test: /\b(?:systemctl|service)\s+(?:stop|disable|mask)\s+(?:iptables|ip6tables|firewalld|nftables|ufw)\b|\b(?:service)\s+(?:iptables|firewalld|ufw)\s+stop\b|\bufw\s+disable\b|\biptables\s+(?:-[a-z]*\s+)*-f\b|\bnft\s+flush\s+ruleset\b/i },
  { id: 'security-agent-off', reason: 'stopping or removing the Cloud Assistant or Security Center agent', test: /\b(?:systemctl|service|kill(?:all)?|pkill)\b[^;|&]*\b(?:aliyun[_-]?assist|cloud[_-]?agent|aegis|aliyundun|aliyun\.service)\b|\b(?:uninstall|remove)[^;|&]*\b(?:aegis|aliyun[_-]?assist)\b/i },
  { id: 'reverse-shell', reason: 'a reverse shell (/dev/tcp, nc -e, socat exec)', test: /\/dev\/(?:tcp|udp)\/|\b(?:nc|ncat|netcat)\b[^;|&]*\s-[a-z]*[ec]\b|\bsocat\b[^;|&]*\bexec:|\bbash\s+-i\s*>&/i },
  { id: 'kill-all', reason: 'killing every process or init', test: /\bkill\s+(?:-[a-z0-9]+\s+)*(?:-1|1)(?:\s|$)|\bkillall5\b/i },
  { id: 'crontab-remove', reason: 'removing every cron job', test: /\bcrontab\s+(?:-[a-z]*\s+)*-r\b/i },
  { id: 'history-wipe', reason: 'erasing shell history or logs', test: /\bhistory\s+-c\b|(?:>|\btruncate\b[^;|&]*)\s*\/var\/log\//i },
];

function normalize(command: string): string {
  return command.replace(/\\\n/g, ' ').replace(/["'`\\]/g, '').replace(/\s+/g, ' ').trim();
}

function downloadHosts(command: string): string[] {
  const hosts: string[] = [];
  for (const m of command.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)) hosts.push((m[1] as string).toLowerCase());
  return hosts;
}

function hostTrusted(host: string, trusted: readonly string[]): boolean {
  return trusted.some((t) => isSameOrSubdomain(host, t));
}

/**
 * Rules of the shared detection engine that refuse a command too: it decodes base64/hex and sees through
 * obfuscation (`echo <base64> | base64 -d | sh`) that the literal rules above cannot.
 */
const DETECT_REFUSING_RULES = new Set(['injection.pipe-to-shell', 'injection.reverse-shell', 'injection.destructive-rm', 'injection.ssh-key-inject']);

/** Decides whether a command may be sent at all; a refused command is never run, confirmation or not. */
export function assessCommand(command: string, options: PolicyOptions = {}): CommandVerdict {
  const text = normalize(command);
  const reasons: string[] = [];
  if (text.length === 0) return { allowed: false, reasons: ['the command is empty'] };
  for (const rule of RULES) {
    if (!rule.test.test(text)) continue;
    if (rule.id === 'pipe-to-shell' && options.trustedInstallerHosts) {
      const hosts = downloadHosts(text);
      if (hosts.length > 0 && hosts.every((h) => hostTrusted(h, options.trustedInstallerHosts ?? []))) continue;
    }
    reasons.push(`${rule.reason} [${rule.id}]`);
  }
  let matches: ReturnType<typeof scanText>;
  try {
    matches = scanText(command, { kind: 'shell' });
  } catch {
    // Fail closed: a command the engine cannot judge is not sent.
    return { allowed: false, reasons: [...reasons, 'the detection engine could not analyse the command'] };
  }
  for (const m of matches) {
    if (!DETECT_REFUSING_RULES.has(m.ruleId)) continue;
    if (m.ruleId === 'injection.pipe-to-shell' && options.trustedInstallerHosts && m.decodedBy.length === 0) {
      const hosts = downloadHosts(text);
      if (hosts.length > 0 && hosts.every((h) => hostTrusted(h, options.trustedInstallerHosts ?? []))) continue;
    }
    const reason = `${m.title.replace(/\.$/, '').toLowerCase()}${m.decodedBy.length > 0 ? ` (hidden in ${m.decodedBy.join(' → ')})` : ''} [${m.ruleId}]`;
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  return { allowed: reasons.length === 0, reasons };
}

/** The rule ids, for docs and the parity test. */
export const COMMAND_POLICY_RULE_IDS: readonly string[] = RULES.map((r) => r.id);
