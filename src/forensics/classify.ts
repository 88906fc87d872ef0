// Classifies one tool call or tool result: credential reads, download-and-run, reverse shells, persistence, self-tampering, sends.
import {
  CONFIG_TAMPER,
  CREDENTIAL_READ,
  DESTRUCTIVE,
  DOWNLOAD_AND_RUN,
  PERSISTENCE,
  PROMPT_INJECTION,
  REVERSE_SHELL,
  SCHEDULED_SELF,
  type ForensicsRule,
} from './rules.js';

/** A tool call reduced to what forensics reasons about. */
export interface Action {
  /** Tool name as recorded (`exec`, `Bash`, `web_fetch`…). */
  tool: string;
  kind: 'exec' | 'read' | 'write' | 'fetch' | 'send' | 'config' | 'cron' | 'other';
  command?: string;
  path?: string;
  url?: string;
  /** Content written, or text sent. */
  content?: string;
  /** Every string argument, joined (for tools we do not model). */
  argsText: string;
}

export interface Hit {
  rule: ForensicsRule;
  /** The part of the input that triggered it (redacted by the caller before output). */
  match: string;
  /** A more specific severity than the rule's default. */
  severity?: ForensicsRule['severity'];
}

// ---------------------------------------------------------------------------------------------
// Paths. Sources: OpenClaw state layout (reference §5), common CLI credential stores.

const CREDENTIAL_PATH =
  /(?:^|[\s"'=:(/~])(?:[^\s"'|;&<>]*\/)?(?:\.ssh\/id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?\b(?!\.pub)|\.ssh\/[^\s"'|;&<>]*\.pem\b|\.aws\/credentials\b|\.env(?!\.(?:example|sample|template|dist|defaults)\b)(?:\.[\w-]+)?(?=$|[\s"'|;&<>)])|\.netrc\b|\.git-credentials\b|\.docker\/config\.json\b|\.kube\/config\b|\.config\/gh\/hosts\.yml\b|\.npmrc\b|\.pypirc\b|\.config\/gcloud\/(?:credentials\.db|application_default_credentials\.json|access_tokens\.db)\b|\.gnupg\/|\.claude\/\.credentials\.json\b|\.codex\/auth\.json\b|\.openclaw[^\s"'|;&<>]*\/(?:credentials\/[^\s"'|;&<>]*|auth-profiles\.json|auth\.json|secrets\.json|\.env)|auth-profiles\.json\b|etc\/shadow\b|etc\/sudoers\b|Library\/Keychains\/)/;

const ENV_DUMP = /(?:^|[;&|(]\s*|\s)(?:printenv|env|export\s+-p|set)\s*(?:$|[|;>&)])|\/proc\/(?:self|\d+|\$\$)\/environ\b|\bdeclare\s+-x\b/;

const NETWORK_CLIENT =
  /(?:^|[\s;&|(`$])(?:curl|wget|nc|ncat|netcat|socat|scp|sftp|rsync|ssh|ftp|tftp|telnet|http|https|httpie|xh|aria2c|Invoke-WebRequest|Invoke-RestMethod|iwr|irm)\b|\/dev\/(?:tcp|udp)\/|\brequests\.(?:get|post|put)\b|\burllib\.request\b|\bfetch\(\s*['"]https?:|\bhttp\.request\(|\bnew\s+WebSocket\(/;

/** Commands that only show or move a file somewhere local are still reads; these are the read verbs. */
const READS_FILE =
  /\b(?:cat|tac|less|more|head|tail|nl|od|xxd|hexdump|strings|base64|base32|gpg|openssl|cp|scp|rsync|tar|zip|7z|gzip|grep|rg|awk|sed|sort|uniq|jq|python3?|node|perl|ruby|curl|wget|nc|ncat|socat|source)\b|(?:^|[;&|]\s*)\.\s+\S|<\s*[~/.$]/;

const DOWNLOAD_PIPE_SHELL =
  /\b(?:curl|wget|fetch|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b[^\n|;&]*\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+\S+\s+)*(?:ba|z|k|da|fi)?sh\b|\b(?:curl|wget)\b[^\n|;&]*\|\s*(?:sudo\s+)?(?:python3?|perl|ruby|node|php)\b(?!\s+-m\s+json\.tool)/;
const SHELL_OF_DOWNLOAD = /\b(?:ba|z|k|da)?sh\s+(?:-\w+\s+)*(?:-c\s+)?["']?(?:\$\(|<\(|`)\s*(?:curl|wget)\b|\b(?:source|\.)\s+<\(\s*(?:curl|wget)\b|\beval\s+["']?\$\(\s*(?:curl|wget)\b/;
const DOWNLOAD_THEN_RUN =
  /\b(?:curl|wget)\b[^\n;&|]*(?:-o|-O|--output|>)\s*["']?([^\s"';&|]+)[^\n]*?(?:&&|;|\n)\s*(?:(?:sudo\s+)?chmod\s+(?:[+ug]*x|[0-7]*[157][0-7]*)\s+[^\n;&|]*(?:&&|;)\s*)?(?:sudo\s+)?(?:(?:ba|z)?sh\s+|python3?\s+|node\s+|perl\s+|\.\/|\/tmp\/|~\/)/;
const DECODE_AND_RUN = /\b(?:base64|base32|xxd)\s+(?:-d|--decode|-D|-r\s+-p)\b[^\n]*\|\s*(?:sudo\s+)?(?:ba|z|k|da)?sh\b|\becho\s+[A-Za-z0-9+/=]{40,}\s*\|\s*(?:base64\s+(?:-d|--decode)|openssl\s+base64\s+-d)\s*\|\s*(?:ba)?sh\b/;
const POWERSHELL_CRADLE = /\b(?:iex|Invoke-Expression)\b[^\n]*\b(?:DownloadString|iwr|Invoke-WebRequest|irm|Invoke-RestMethod|Net\.WebClient)\b|\bDownloadString\(/i;

const REVERSE_SHELL_PATTERNS: readonly RegExp[] = [
  /\b(?:ba|z|k)?sh\s+-i\s*[^\n]*[<>]&?\s*\/dev\/tcp\/[^\s/]+\/\d+/,
  /\/dev\/tcp\/[^\s/]+\/\d+[^\n]*0>&1/,
  /\b(?:nc|ncat|netcat)\b[^\n|;]*\s-(?:e|c)\s+["']?(?:\/bin\/)?(?:ba|z)?sh\b/,
  /\bncat\b[^\n]*--(?:exec|sh-exec)\b/,
  /\bsocat\b[^\n]*\bexec:[^\n]*(?:sh|bash)\b[^\n]*\btcp(?:4|6)?:/i,
  /\bsocat\b[^\n]*\btcp(?:4|6)?:[^\n]*\bexec:[^\n]*(?:sh|bash)\b/i,
  /\bmkfifo\s+\S+[^\n]*\b(?:nc|ncat|netcat|telnet)\b[^\n]*\d{2,5}/,
  /\bpython3?\s+-c\s+["'][^\n]*socket[^\n]*(?:subprocess|pty\.spawn|os\.dup2)/,
  /\bperl\s+-e\s+["'][^\n]*socket[^\n]*(?:exec|open\(STDIN)/i,
  /\bphp\s+-r\s+["'][^\n]*fsockopen/,
  /\bruby\s+-rsocket\s+-e\b/,
];

const DESTRUCTIVE_PATTERNS: ReadonlyArray<readonly [RegExp, ForensicsRule['severity']]> = [
  [/\brm\s+(?:-[a-zA-Z]*[rR][a-zA-Z]*\s+|-[a-zA-Z]*f[a-zA-Z]*\s+|--recursive\s+|--force\s+|--no-preserve-root\s+)+(?:["']?(?:\/|\/\*|~|~\/|~\/\*|\$HOME|\$HOME\/|\$HOME\/\*|\*|\.\.?\/?|\/(?:etc|usr|var|home|root|boot|opt|srv|bin|lib|lib64|sbin)\/?\*?)["']?)(?=$|[\s;&|)])/, 'high'],
  [/\brm\s+-[a-zA-Z]*[rRf][a-zA-Z]*\s+[^\n;&|]*(?:\.openclaw|\.ssh|\.git|\.aws|\.config)(?:\/[^\s;&|]*)?(?=$|[\s;&|)"'])/, 'high'],
  [/\bmkfs(?:\.\w+)?\s+\/dev\//, 'critical'],
  [/\bdd\s+[^\n]*\bof=\/dev\/(?:sd|nvme|hd|vd|xvd|mmcblk|disk)\w*/, 'critical'],
  [/\bwipefs\s+-a\b|\bshred\s+(?:-\w+\s+)*\/dev\//, 'critical'],
  [/:\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:/, 'high'],
  [/\bfind\s+(?:\/|~|\$HOME)\s+[^\n]*-delete\b/, 'high'],
  [/\bchmod\s+-R\s+0?777\s+(?:\/|~|\$HOME)(?=$|[\s;&|])/, 'high'],
  [/\bgit\s+push\s+[^\n]*--force\b[^\n]*\b(?:main|master)\b/, 'warning'],
  [/\b(?:DROP\s+(?:DATABASE|TABLE|SCHEMA)|TRUNCATE\s+TABLE)\b/i, 'warning'],
];

const PERSISTENCE_PATH =
  /(?:^|[\s"'=:(/~>])(?:[^\s"'|;&<>]*\/)?(?:\.(?:bashrc|bash_profile|bash_login|profile|zshrc|zprofile|zshenv|zlogin|kshrc|cshrc|tcshrc)|\.config\/fish\/config\.fish|\.ssh\/(?:authorized_keys2?|rc)|etc\/(?:cron(?:tab|\.d|\.daily|\.hourly|\.weekly|\.monthly)?|rc\.local|init\.d|profile\.d|systemd\/system|ld\.so\.preload|sudoers(?:\.d)?)|var\/spool\/cron|\.config\/systemd\/user|lib\/systemd\/system|Library\/Launch(?:Agents|Daemons)|\.config\/autostart|\.git\/hooks)\b/;
const PERSISTENCE_COMMAND: readonly RegExp[] = [
  /(?:^|[\s;&|(])crontab\s+(?!-l\b)(?:-[eu]\b|-\s*$|-\s*[;&|]|[^\s-][^\s;&|]*|-r\b)/,
  /\|\s*crontab\b/,
  /\bsystemctl\s+(?:--user\s+)?(?:enable|link|daemon-reload)\b/,
  /\blaunchctl\s+(?:load|bootstrap|enable|submit)\b/,
  /\bssh-copy-id\b/,
  /\bat\s+(?:now|midnight|noon|teatime|\d)/,
  /\bschtasks\s+\/create\b|\breg\s+add\s+[^\n]*\\Run\b/i,
  /\bupdate-rc\.d\s+\S+\s+(?:defaults|enable)\b|\bchkconfig\s+\S+\s+on\b/,
];
/** A command writes (not only reads) when it redirects, tees, copies, moves, edits in place, or appends. */
const WRITES = /(?:>>?|\btee\b|\bcp\b|\bmv\b|\binstall\b|\bln\s+-s|\bsed\s+-i|\bperl\s+-pi|\becho\b[^\n]*>|\bprintf\b[^\n]*>|\bcat\b[^\n]*>|\bchmod\b|\bchown\b|\btouch\b|\bdd\b|\bwriteFile|\bopen\([^)]*['"][wa]['"])/;

const OPENCLAW_CONFIG_PATH =
  /(?:^|[\s"'=:(/~>])(?:[^\s"'|;&<>]*\/)?(?:openclaw\.json5?\b|\.openclaw[^\s"'|;&<>]*\/(?:[^\s"'|;&<>]+\.json5?|credentials\/[^\s"'|;&<>]*allowFrom\.json|exec-approvals\.json)|[\w-]+-allowFrom\.json\b|exec-approvals\.json\b)/;
const OPENCLAW_CLI_TAMPER =
  /\bopenclaw\s+(?:--[\w-]+(?:[= ]\S+)?\s+)*(?:config\s+(?:set|unset|apply|patch|edit|import)|approvals\s+(?:add|allow|set|approve|grant)|pairing\s+approve|sandbox\s+(?:off|disable|set)|channels\s+(?:add|allow)|security\s+audit\s+[^\n]*--fix|plugins\s+(?:install|enable)|skills\s+install|hooks\s+(?:add|enable|install)|doctor\s+[^\n]*--(?:fix|repair))\b/;
/** Keys whose change weakens the sandbox (critical rather than high). */
const SENSITIVE_KEY = /\b(?:tools|exec|elevated|sandbox|approvals?|allowFrom|groupAllowFrom|dmPolicy|groupPolicy|auth|trustedProxies|controlUi|hooks|plugins|security|bind|gateway)\b/;

// ---------------------------------------------------------------------------------------------
// Prompt injection in content the agent read. Sources: OpenClaw's own `SUSPICIOUS_PATTERNS`
// (src/security/external-content.ts), trimmed of the shell ones (the engine covers those), plus the
// usual imperative hijacks seen in indirect-injection corpora.

const INJECTION_PATTERNS: readonly RegExp[] = [
  /\bignore\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier|preceding)\s+(?:instructions?|prompts?|directions?|rules?|messages?)/i,
  /\bdisregard\s+(?:all\s+|any\s+|the\s+|your\s+)?(?:previous|prior|above|earlier|system)\s+(?:instructions?|prompts?|rules?|guidelines?)/i,
  /\bforget\s+(?:everything|all|your)\s+(?:instructions?|rules?|guidelines?|you\s+were\s+told)/i,
  /\byou\s+are\s+now\s+(?:a|an|in)\s+(?:unrestricted|developer|jailbroken|DAN|root|admin)/i,
  /\bnew\s+(?:system\s+)?instructions?\s*:/i,
  /\bsystem\s*(?:prompt\s+)?override\b/i,
  /<\/?(?:system|system_prompt|instructions)>/i,
  /\[\s*(?:SYSTEM\s*MESSAGE|SYSTEM|INTERNAL|ADMIN)\s*\]\s*:?/,
  /\b(?:AI|assistant|agent|LLM|model)s?\b[^\n.]{0,40}\b(?:must|should|need to)\s+(?:now\s+|first\s+|immediately\s+)?(?:run|execute|send|post|upload|curl|read|cat)\b/i,
  /\bdo\s+not\s+(?:tell|inform|mention\s+(?:this\s+)?to|alert|notify)\s+the\s+user\b/i,
  /\bwithout\s+(?:telling|informing|asking)\s+the\s+user\b/i,
  /\b(?:send|post|upload|forward|exfiltrate|email)\s+(?:the\s+|your\s+|all\s+)?(?:contents?\s+of\s+)?[^\n]{0,40}?(?:id_rsa|id_ed25519|\.env\b|api[_ -]?keys?|credentials|secrets?|tokens?|private\s+keys?|auth-profiles|openclaw\.json)/i,
  /\b(?:run|execute)\s+(?:the\s+following|this)\s+(?:command|script)\s+(?:first|now|immediately|silently|before)/i,
];

/** OpenClaw wraps fetched pages in a warning and random-id markers; neither is the attacker's text. */
const OPENCLAW_WRAPPER = /SECURITY NOTICE: The following content is from an EXTERNAL, UNTRUSTED source[\s\S]*?Send messages to third parties|<<<(?:END_)?EXTERNAL_UNTRUSTED_CONTENT id="[0-9a-f]*">>>/g;

export function stripOpenClawWrapper(text: string): string {
  return text.includes('EXTERNAL') ? text.replace(OPENCLAW_WRAPPER, ' ') : text;
}

// ---------------------------------------------------------------------------------------------

function first(re: RegExp, text: string): string | undefined {
  const m = re.exec(text);
  return m ? m[0].trim() : undefined;
}

/** Whether the command talks to the network (a send channel for exfiltration). */
export function usesNetwork(command: string): boolean {
  return NETWORK_CLIENT.test(command);
}

/** The command sends a credential file over the network (not merely uses a key with `ssh -i`). */
export function sendsCredentialFile(command: string): string | undefined {
  const cred = credentialPathIn(command);
  if (!cred || !usesNetwork(command)) return undefined;
  const withoutIdentityFlags = command.replace(/\s-(?:i|-identity-file|-key)[= ]\s*\S+/g, ' ');
  return credentialPathIn(withoutIdentityFlags) ? cred : undefined;
}

export function credentialPathIn(text: string): string | undefined {
  return first(CREDENTIAL_PATH, text)?.replace(/^[\s"'=:(]+/, '');
}

/** Classifies one tool call. */
export function classifyAction(action: Action): Hit[] {
  const hits: Hit[] = [];
  const add = (rule: ForensicsRule, match: string | undefined, severity?: ForensicsRule['severity']) => {
    if (match !== undefined) hits.push({ rule, match, severity });
  };
  if (action.kind === 'exec' && action.command) {
    const cmd = action.command;
    const cred = credentialPathIn(cmd);
    if (cred && READS_FILE.test(cmd)) add(CREDENTIAL_READ, cred);
    else if (ENV_DUMP.test(cmd)) add(CREDENTIAL_READ, first(ENV_DUMP, cmd), 'warning');
    add(
      DOWNLOAD_AND_RUN,
      first(DOWNLOAD_PIPE_SHELL, cmd) ?? first(SHELL_OF_DOWNLOAD, cmd) ?? first(DOWNLOAD_THEN_RUN, cmd) ?? first(DECODE_AND_RUN, cmd) ?? first(POWERSHELL_CRADLE, cmd),
    );
    for (const re of REVERSE_SHELL_PATTERNS) {
      const m = first(re, cmd);
      if (m) {
        add(REVERSE_SHELL, m);
        break;
      }
    }
    for (const [re, severity] of DESTRUCTIVE_PATTERNS) {
      const m = first(re, cmd);
      if (m) {
        add(DESTRUCTIVE, m, severity);
        break;
      }
    }
    const persistPath = first(PERSISTENCE_PATH, cmd);
    const persistCmd = PERSISTENCE_COMMAND.map((re) => first(re, cmd)).find(Boolean);
    if (persistCmd) add(PERSISTENCE, persistCmd);
    else if (persistPath && WRITES.test(cmd)) add(PERSISTENCE, persistPath);
    const tamperCli = first(OPENCLAW_CLI_TAMPER, cmd);
    const configPath = first(OPENCLAW_CONFIG_PATH, cmd);
    if (tamperCli) add(CONFIG_TAMPER, tamperCli, SENSITIVE_KEY.test(cmd) || !/\bconfig\b/.test(tamperCli) ? 'critical' : 'high');
    else if (configPath && WRITES.test(cmd)) add(CONFIG_TAMPER, configPath);
  } else if (action.kind === 'read' && action.path) {
    add(CREDENTIAL_READ, credentialPathIn(` ${action.path}`));
  } else if (action.kind === 'write' && action.path) {
    const p = ` ${action.path}`;
    add(PERSISTENCE, first(PERSISTENCE_PATH, p));
    add(CONFIG_TAMPER, first(OPENCLAW_CONFIG_PATH, p));
    if (/(?:^|\/)(?:SOUL|IDENTITY|AGENTS)\.md$/.test(action.path)) add(CONFIG_TAMPER, action.path, 'warning');
  } else if (action.kind === 'config') {
    add(CONFIG_TAMPER, action.argsText.slice(0, 200), SENSITIVE_KEY.test(action.argsText) ? 'critical' : 'high');
  } else if (action.kind === 'cron') {
    if (/\b(?:add|create|update|schedule)\b/i.test(action.argsText)) add(SCHEDULED_SELF, action.argsText.slice(0, 200));
  }
  return hits;
}

/** Prompt-injection phrases in text the agent read (a fetched page, a file, an email). */
export function findInjection(text: string): Hit | undefined {
  const body = stripOpenClawWrapper(text);
  for (const re of INJECTION_PATTERNS) {
    const m = re.exec(body);
    if (m) return { rule: PROMPT_INJECTION, match: m[0] };
  }
  return undefined;
}
