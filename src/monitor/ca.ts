// The monitor's local CA (ECDSA P-256, created once in log_dir) and per-host leaf certificates cached by SNI.
import 'reflect-metadata';
import { webcrypto, X509Certificate as NodeX509 } from 'node:crypto';
import { lstat, mkdir, readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import * as x509 from '@peculiar/x509';
import { writeFileAtomic } from '../core/atomic.js';
import { ClawguardError, hasErrnoCode } from '../core/errors.js';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export const CA_CERT_FILE = 'ca.crt';
export const CA_KEY_FILE = 'ca.key';

const EC_ALG = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN_ALG = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;
/** Leaf validity; short, since leaves are re-minted on demand. */
const LEAF_DAYS = 30;
/** Re-mint a cached leaf this long before it expires. */
const LEAF_RENEW_MS = 2 * DAY_MS;
/** Hosts whose SecureContext stays cached (LRU). */
const LEAF_CACHE_MAX = 2000;

export interface LocalCa {
  certPath: string;
  keyPath: string;
  certPem: string;
  /** SHA-256 fingerprint of the CA certificate (colon-separated hex), for `monitor ca`. */
  fingerprint256: string;
  /** Whether this start created the CA. */
  created: boolean;
  /** Internal: the CA's signing key and parsed certificate. */
  readonly signingKey: CryptoKey;
  readonly cert: x509.X509Certificate;
}

/** The CA's file paths in `logDir`. */
export function caPaths(logDir: string): { certPath: string; keyPath: string } {
  return { certPath: join(logDir, CA_CERT_FILE), keyPath: join(logDir, CA_KEY_FILE) };
}

/**
 * Loads the CA from `logDir`, creating it on first use (key 0600). Refuses a key file readable by
 * group or others (CG_CA_KEY_PERMS) and a key that is a symlink.
 */
export async function ensureCa(logDir: string): Promise<LocalCa> {
  await mkdir(logDir, { recursive: true, mode: 0o700 });
  const { certPath, keyPath } = caPaths(logDir);
  let keyStat;
  try {
    keyStat = await lstat(keyPath);
  } catch (err) {
    if (!hasErrnoCode(err, 'ENOENT')) throw new ClawguardError('CG_IO', `Cannot read CA key ${keyPath}: ${(err as Error).message}`, { cause: err });
  }
  if (!keyStat) return createCa(certPath, keyPath);
  if (!keyStat.isFile()) throw new ClawguardError('CG_CA_KEY_PERMS', `Refusing CA key ${keyPath}: not a regular file (symlink?). Remove it to let the monitor create a new CA.`);
  if ((keyStat.mode & 0o077) !== 0) {
    throw new ClawguardError(
      'CG_CA_KEY_PERMS',
      `Refusing to start: CA key ${keyPath} is readable by group or others (mode ${(keyStat.mode & 0o777).toString(8)}). Run: chmod 600 ${keyPath}`,
    );
  }
  try {
    const [keyPem, certPem] = await Promise.all([readFile(keyPath, 'utf8'), readFile(certPath, 'utf8')]);
    const signingKey = await webcrypto.subtle.importKey('pkcs8', pemToDer(keyPem, 'PRIVATE KEY'), EC_ALG, false, ['sign']);
    const cert = new x509.X509Certificate(certPem);
    return { certPath, keyPath, certPem, fingerprint256: new NodeX509(certPem).fingerprint256, created: false, signingKey: signingKey as CryptoKey, cert };
  } catch (err) {
    if (err instanceof ClawguardError) throw err;
    throw new ClawguardError('CG_IO', `Cannot load the monitor CA from ${logDir}: ${(err as Error).message}. Remove ${CA_KEY_FILE} and ${CA_CERT_FILE} to create a new one.`, { cause: err });
  }
}

async function createCa(certPath: string, keyPath: string): Promise<LocalCa> {
  const keys = (await webcrypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=clawguard monitor CA (${hostname().replace(/[,=+<>#;"\\]/g, '_')}), O=clawguard`,
    notBefore: new Date(now - DAY_MS),
    notAfter: new Date(now + 3650 * DAY_MS),
    keys,
    signingAlgorithm: SIGN_ALG,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const keyDer = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as webcrypto.CryptoKey);
  const keyPem = derToPem(Buffer.from(keyDer), 'PRIVATE KEY');
  const certPem = cert.toString('pem');
  await writeFileAtomic(keyPath, keyPem, { mode: 0o600 });
  await writeFileAtomic(certPath, `${certPem}\n`, { mode: 0o644 });
  return { certPath, keyPath, certPem, fingerprint256: new NodeX509(certPem).fingerprint256, created: true, signingKey: keys.privateKey, cert };
}

interface CachedLeaf {
  context: tls.SecureContext;
  renewAt: number;
}

/** Mints and caches one TLS server context per host, all sharing one ECDSA P-256 leaf key. */
export class LeafCertCache {
  private readonly cache = new Map<string, CachedLeaf>();
  private readonly pending = new Map<string, Promise<tls.SecureContext>>();
  private leafKeys: Promise<{ pair: CryptoKeyPair; pem: string }> | null = null;
  /** The CA's key identifier extension, computed once (it hashes the CA key). */
  private authorityKeyId: Promise<x509.AuthorityKeyIdentifierExtension> | null = null;
  /** Number of certificates minted (for status and the bench). */
  minted = 0;

  constructor(private readonly ca: LocalCa) {}

  /** The server context for `host`, minted on first use and cached until shortly before expiry. */
  getContext(host: string): Promise<tls.SecureContext> {
    const key = host.toLowerCase();
    const hit = this.cache.get(key);
    if (hit && hit.renewAt > Date.now()) {
      // LRU: move to the end.
      this.cache.delete(key);
      this.cache.set(key, hit);
      return Promise.resolve(hit.context);
    }
    const inflight = this.pending.get(key);
    if (inflight) return inflight;
    const p = this.mint(key).finally(() => this.pending.delete(key));
    this.pending.set(key, p);
    return p;
  }

  /** Mints a leaf PEM pair for `host` (exposed for tests and the bench). */
  async mintPem(host: string): Promise<{ certPem: string; keyPem: string }> {
    const { pair, pem } = await this.keys();
    const now = Date.now();
    const ip = isIP(host) !== 0;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: `CN=${ip ? host : host.replace(/[,=+<>#;"\\]/g, '_')}`,
      issuer: this.ca.cert.subject,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + LEAF_DAYS * DAY_MS),
      signingKey: this.ca.signingKey,
      publicKey: pair.publicKey,
      signingAlgorithm: SIGN_ALG,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension([ip ? { type: 'ip', value: host } : { type: 'dns', value: host }]),
        await (this.authorityKeyId ??= x509.AuthorityKeyIdentifierExtension.create(this.ca.cert)),
      ],
    });
    this.minted++;
    return { certPem: `${cert.toString('pem')}\n${this.ca.certPem}`, keyPem: pem };
  }

  private async mint(host: string): Promise<tls.SecureContext> {
    const { certPem, keyPem } = await this.mintPem(host);
    const context = tls.createSecureContext({ cert: certPem, key: keyPem, minVersion: 'TLSv1.2' });
    this.cache.set(host, { context, renewAt: Date.now() + LEAF_DAYS * DAY_MS - LEAF_RENEW_MS });
    if (this.cache.size > LEAF_CACHE_MAX) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    return context;
  }

  private keys(): Promise<{ pair: CryptoKeyPair; pem: string }> {
    this.leafKeys ??= (async () => {
      const pair = (await webcrypto.subtle.generateKey(EC_ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
      const der = await webcrypto.subtle.exportKey('pkcs8', pair.privateKey as webcrypto.CryptoKey);
      return { pair, pem: derToPem(Buffer.from(der), 'PRIVATE KEY') };
    })();
    return this.leafKeys;
  }
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive
  return Buffer.from(bytes).toString('hex');
}

function derToPem(der: Buffer, label: string): string {
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

function pemToDer(pem: string, label: string): Buffer {
  const m = new RegExp(`-----BEGIN ${label}-----([\\s\\S]+?)-----END ${label}-----`).exec(pem);
  if (!m?.[1]) throw new Error(`no ${label} block`);
  return Buffer.from(m[1].replace(/\s+/g, ''), 'base64');
}

/**
 * Trust anchors for upstream TLS: Node's bundled roots, the system bundle (Debian/RHEL paths, so CAs added
 * with update-ca-certificates count), NODE_EXTRA_CA_CERTS and the configured file. Passing `ca` replaces
 * Node's defaults, which is why all of them are listed here (the gap of openclaw/openclaw#135955).
 */
export async function loadUpstreamTrust(env: NodeJS.ProcessEnv, upstreamCaFile: string | null): Promise<{ ca: string[]; sources: string[] }> {
  const getCa = (tls as unknown as { getCACertificates?: (kind: string) => string[] }).getCACertificates;
  const ca: string[] = getCa ? [...getCa('default')] : [...tls.rootCertificates];
  const sources = [getCa ? 'node default (bundled + extra)' : 'node bundled roots'];
  for (const sys of ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt']) {
    try {
      ca.push(await readFile(sys, 'utf8'));
      sources.push(sys);
      break;
    } catch {
      // not this distribution's path
    }
  }
  const extra = env.NODE_EXTRA_CA_CERTS;
  if (extra && !getCa) {
    try {
      ca.push(await readFile(extra, 'utf8'));
      sources.push(`NODE_EXTRA_CA_CERTS=${extra}`);
    } catch (err) {
      throw new ClawguardError('CG_IO', `Cannot read NODE_EXTRA_CA_CERTS file ${extra}: ${(err as Error).message}`, { cause: err });
    }
  }
  if (upstreamCaFile) {
    let pem: string;
    try {
      pem = await readFile(upstreamCaFile, 'utf8');
    } catch (err) {
      throw new ClawguardError('CG_CONFIG_INVALID', `upstream_ca_file ${upstreamCaFile} cannot be read: ${(err as Error).message}`, { cause: err });
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new ClawguardError('CG_CONFIG_INVALID', `upstream_ca_file ${upstreamCaFile} holds no PEM certificate.`);
    }
    ca.push(pem);
    sources.push(upstreamCaFile);
  }
  return { ca, sources };
}
