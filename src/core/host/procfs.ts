// Linux procfs probes: listening TCP sockets, the processes that own them, OpenClaw gateway processes, a process's user and environment.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { hasErrnoCode } from '../errors.js';

/** Where procfs and the passwd file live; tests point these at a fake tree. */
export interface HostRoots {
  /** Default `/proc`. */
  proc?: string;
  /** Default `/etc/passwd`. */
  passwd?: string;
}

/** One TCP socket in LISTEN state, from /proc/net/tcp or /proc/net/tcp6. */
export interface ListeningSocket {
  family: 'ipv4' | 'ipv6';
  /** Local address in canonical text form (`127.0.0.1`, `::`, `::1`, `::ffff:10.0.0.5`). */
  address: string;
  port: number;
  /** Owning uid as the kernel reports it. */
  uid: number;
  /** Socket inode; joins with `/proc/<pid>/fd/* -> socket:[inode]`. */
  inode: string;
  /** True for 127.0.0.0/8, ::1 and ::ffff:127.x.y.z. */
  loopback: boolean;
  /** True for 0.0.0.0 and :: (every interface). */
  wildcard: boolean;
}

/** A process seen in /proc. */
export interface HostProcess {
  pid: number;
  /** argv joined by spaces (NULs replaced). */
  cmdline: string;
  /** Real uid from /proc/<pid>/status. */
  uid?: number;
  /** User name from the passwd file, when known. */
  user?: string;
}

const TCP_LISTEN = '0A';

function procRoot(roots?: HostRoots): string {
  return roots?.proc ?? '/proc';
}

/** Decodes the kernel's hex IPv4 (one little-endian 32-bit word). */
function decodeIpv4(hex: string): string {
  const n = Number.parseInt(hex, 16);
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join('.');
}

/** Decodes the kernel's hex IPv6 (four 32-bit words, each in little-endian byte order). */
function decodeIpv6(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hex.slice(w * 8, w * 8 + 8);
    for (let b = 3; b >= 0; b--) bytes.push(Number.parseInt(word.slice(b * 2, b * 2 + 2), 16));
  }
  const isV4Mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  if (isV4Mapped) return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
  // RFC 5952: compress the longest run (length >= 2) of zero groups.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hexGroups = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hexGroups.join(':');
  return `${hexGroups.slice(0, bestStart).join(':')}::${hexGroups.slice(bestStart + bestLen).join(':')}`;
}

export function isLoopbackAddress(address: string): boolean {
  return address === '::1' || /^127\./.test(address) || /^::ffff:127\./.test(address);
}

export function isWildcardAddress(address: string): boolean {
  return address === '0.0.0.0' || address === '::';
}

/** Parses the text of /proc/net/tcp or tcp6, keeping LISTEN sockets only. */
export function parseProcNetTcp(text: string, family: 'ipv4' | 'ipv6'): ListeningSocket[] {
  const out: ListeningSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10 || cols[3] !== TCP_LISTEN) continue;
    const [addrHex, portHex] = (cols[1] as string).split(':') as [string, string];
    const address = family === 'ipv4' ? decodeIpv4(addrHex) : decodeIpv6(addrHex);
    out.push({
      family,
      address,
      port: Number.parseInt(portHex, 16),
      uid: Number.parseInt(cols[7] as string, 10),
      inode: cols[9] as string,
      loopback: isLoopbackAddress(address),
      wildcard: isWildcardAddress(address),
    });
  }
  return out;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT', 'EACCES', 'EPERM', 'ESRCH', 'ENOTDIR')) return undefined;
    throw err;
  }
}

/** Every TCP listener of this network namespace (IPv4 and IPv6), optionally only on `port`. */
export async function listListeningSockets(options: { port?: number; roots?: HostRoots } = {}): Promise<ListeningSocket[]> {
  const root = procRoot(options.roots);
  const [v4, v6] = await Promise.all([readOptional(join(root, 'net/tcp')), readOptional(join(root, 'net/tcp6'))]);
  const all = [...parseProcNetTcp(v4 ?? '', 'ipv4'), ...parseProcNetTcp(v6 ?? '', 'ipv6')];
  return options.port === undefined ? all : all.filter((s) => s.port === options.port);
}

async function listPids(root: string): Promise<number[]> {
  try {
    return (await fs.readdir(root)).filter((n) => /^\d+$/.test(n)).map(Number);
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT', 'EACCES')) return [];
    throw err;
  }
}

/** Map of socket inode → pids holding it, for the inodes asked (fds of other users' processes are unreadable and skipped). */
export async function findSocketOwners(inodes: Iterable<string>, roots?: HostRoots): Promise<Map<string, number[]>> {
  const wanted = new Set(inodes);
  const owners = new Map<string, number[]>();
  if (wanted.size === 0) return owners;
  const root = procRoot(roots);
  await Promise.all(
    (await listPids(root)).map(async (pid) => {
      let fds: string[];
      try {
        fds = await fs.readdir(join(root, String(pid), 'fd'));
      } catch {
        return;
      }
      for (const fd of fds) {
        let target: string;
        try {
          target = await fs.readlink(join(root, String(pid), 'fd', fd));
        } catch {
          continue;
        }
        const m = /^socket:\[(\d+)\]$/.exec(target);
        if (!m || !wanted.has(m[1] as string)) continue;
        const list = owners.get(m[1] as string) ?? [];
        if (!list.includes(pid)) list.push(pid);
        owners.set(m[1] as string, list);
      }
    }),
  );
  return owners;
}

/** Parses /etc/passwd into uid → name. */
export async function readUserNames(roots?: HostRoots): Promise<Map<number, string>> {
  const text = (await readOptional(roots?.passwd ?? '/etc/passwd')) ?? '';
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    const cols = line.split(':');
    if (cols.length >= 3 && /^\d+$/.test(cols[2] as string)) names.set(Number(cols[2]), cols[0] as string);
  }
  return names;
}

/** Reads one process's command line and real uid; undefined when it vanished or is unreadable. */
export async function readProcess(pid: number, roots?: HostRoots, names?: Map<number, string>): Promise<HostProcess | undefined> {
  const root = procRoot(roots);
  const [cmd, status] = await Promise.all([readOptional(join(root, String(pid), 'cmdline')), readOptional(join(root, String(pid), 'status'))]);
  if (cmd === undefined && status === undefined) return undefined;
  const uidLine = /^Uid:\s+(\d+)/m.exec(status ?? '');
  const uid = uidLine ? Number(uidLine[1]) : undefined;
  const userNames = names ?? (await readUserNames(roots));
  return {
    pid,
    cmdline: (cmd ?? '').replace(/\0+$/, '').replace(/\0/g, ' '),
    uid,
    user: uid === undefined ? undefined : (userNames.get(uid) ?? String(uid)),
  };
}

/** The processes listening on `port`, with the sockets they hold. */
export async function processesOnPort(port: number, roots?: HostRoots): Promise<Array<{ socket: ListeningSocket; processes: HostProcess[] }>> {
  const sockets = await listListeningSockets({ port, roots });
  const owners = await findSocketOwners(
    sockets.map((s) => s.inode),
    roots,
  );
  const names = await readUserNames(roots);
  return Promise.all(
    sockets.map(async (socket) => {
      const pids = owners.get(socket.inode) ?? [];
      const processes = (await Promise.all(pids.map((pid) => readProcess(pid, roots, names)))).filter((p): p is HostProcess => p !== undefined);
      return { socket, processes };
    }),
  );
}

/** `openclaw gateway <sub>` commands that are short-lived clients, not the gateway server itself. */
const GATEWAY_CLIENT_SUBCOMMANDS = new Set(['status', 'install', 'uninstall', 'stop', 'restart', 'call', 'health', 'probe', 'discover', 'usage-cost', 'help']);

/**
 * Whether a command line is an OpenClaw gateway: `openclaw gateway …` (bin or `node …/openclaw… gateway`)
 * or the process title `openclaw-gateway`. Other openclaw subcommands (`security audit`) do not count.
 */
export function isGatewayCmdline(cmdline: string): boolean {
  if (/(^|[\s/])openclaw-gateway(\s|$)/.test(cmdline)) return true;
  const args = cmdline.split(/\s+/);
  const i = args.findIndex((a) => /(^|\/)openclaw(\.m?js)?$/.test(a) || /\/openclaw\/(dist\/)?(cli|index|entry|openclaw)[^/]*\.m?js$/.test(a));
  if (i < 0) return false;
  const rest = args.slice(i + 1).filter((a) => !a.startsWith('-'));
  return rest[0] === 'gateway' && (rest[1] === undefined || !GATEWAY_CLIENT_SUBCOMMANDS.has(rest[1]));
}

/** Running OpenClaw gateway processes, found by command line. */
export async function findGatewayProcesses(roots?: HostRoots): Promise<HostProcess[]> {
  const root = procRoot(roots);
  const names = await readUserNames(roots);
  const found = await Promise.all(
    (await listPids(root)).map(async (pid) => {
      const cmd = await readOptional(join(root, String(pid), 'cmdline'));
      if (!cmd || !isGatewayCmdline(cmd.replace(/\0+$/, '').replace(/\0/g, ' '))) return undefined;
      return readProcess(pid, roots, names);
    }),
  );
  return found.filter((p): p is HostProcess => p !== undefined).sort((a, b) => a.pid - b.pid);
}

/** A process's environment from /proc/<pid>/environ; undefined when unreadable (another user's process). */
export async function readProcessEnviron(pid: number, roots?: HostRoots): Promise<Record<string, string> | undefined> {
  const text = await readOptional(join(procRoot(roots), String(pid), 'environ'));
  if (text === undefined) return undefined;
  const env: Record<string, string> = {};
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}
