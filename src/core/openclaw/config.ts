// Loads openclaw.json (JSON5) with `$include` resolution, keeping each source file for perms checks and in-place edits.
import { promises as fs } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import JSON5 from 'json5';
import { ClawguardError, ConfigParseError, hasErrnoCode } from '../errors.js';

export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

export interface ConfigSource {
  /** Absolute path of the file. */
  path: string;
  /** Raw text, kept for in-place edits. */
  text: string;
  /** The file's own parsed content (before merging includes). */
  value: JsonObject;
  /** Paths of the files this one includes. */
  includes: string[];
}

export interface LoadedConfig {
  /** Main config path. */
  path: string;
  /** Whether the main config file exists (a missing one means OpenClaw's defaults). */
  exists: boolean;
  /** The merged effective config. */
  config: JsonObject;
  /** Main file first, then includes in load order. */
  sources: ConfigSource[];
}

const MAX_INCLUDE_DEPTH = 10;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep merge where `over` wins; arrays are replaced, not concatenated. */
export function deepMerge(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prev = out[key];
    out[key] = isObject(prev) && isObject(value) ? deepMerge(prev, value) : value;
  }
  return out;
}

/** Parses JSON5 text, turning a syntax error into a ConfigParseError with file:line:column. */
export function parseJson5(text: string, file: string): JsonValue {
  try {
    return JSON5.parse(text) as JsonValue;
  } catch (err) {
    const e = err as { lineNumber?: number; columnNumber?: number; message?: string };
    const detail = (e.message ?? 'invalid JSON5').replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, '');
    throw new ConfigParseError(file, detail, e.lineNumber, e.columnNumber, { cause: err });
  }
}

async function readSource(path: string): Promise<string> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (err) {
    if (hasErrnoCode(err, 'EACCES', 'EPERM')) throw new ClawguardError('CG_IO', `Cannot read ${path}: permission denied.`, { cause: err });
    if (hasErrnoCode(err, 'EISDIR')) throw new ClawguardError('CG_IO', `Cannot read ${path}: it is a directory.`, { cause: err });
    throw err;
  }
}

async function loadFile(path: string, sources: ConfigSource[], stack: string[]): Promise<JsonObject> {
  if (stack.includes(path)) throw new ConfigParseError(path, `$include cycle (${[...stack, path].join(' -> ')})`);
  if (stack.length > MAX_INCLUDE_DEPTH) throw new ConfigParseError(path, `$include nested deeper than ${MAX_INCLUDE_DEPTH}`);
  let text: string;
  try {
    text = await readSource(path);
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT') && stack.length > 0) throw new ConfigParseError(stack[stack.length - 1] as string, `$include target ${path} does not exist`);
    throw err;
  }
  const parsed = parseJson5(text, path);
  if (!isObject(parsed)) throw new ConfigParseError(path, 'the top level must be an object');
  const source: ConfigSource = { path, text, value: parsed, includes: [] };
  sources.push(source);
  const raw = parsed.$include;
  const targets = typeof raw === 'string' ? [raw] : Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : [];
  let merged: JsonObject = {};
  for (const target of targets) {
    const full = isAbsolute(target) ? target : resolve(dirname(path), target);
    source.includes.push(full);
    merged = deepMerge(merged, await loadFile(full, sources, [...stack, path]));
  }
  const { $include: _ignored, ...own } = parsed;
  return deepMerge(merged, own);
}

/** Loads the config; a missing main file yields an empty config with `exists: false`. */
export async function loadOpenClawConfig(configPath: string): Promise<LoadedConfig> {
  const sources: ConfigSource[] = [];
  try {
    const config = await loadFile(configPath, sources, []);
    return { path: configPath, exists: true, config, sources };
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT') && sources.length === 0) return { path: configPath, exists: false, config: {}, sources: [] };
    throw err;
  }
}

/** Reads a nested value by key path; `undefined` when any segment is missing. */
export function getPath(root: JsonValue | undefined, path: ReadonlyArray<string | number>): JsonValue | undefined {
  let cur: JsonValue | undefined = root;
  for (const seg of path) {
    if (cur === null || cur === undefined) return undefined;
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isObject(cur) && typeof seg === 'string') cur = cur[seg];
    else return undefined;
  }
  return cur;
}

/** The source file that defines `path` last (the one an edit must change), or the main file. */
export function findKeyOwner(loaded: LoadedConfig, path: ReadonlyArray<string | number>): ConfigSource | undefined {
  for (let i = loaded.sources.length - 1; i >= 0; i--) {
    const src = loaded.sources[i] as ConfigSource;
    if (src.path === loaded.path) continue;
    if (getPath(src.value, path) !== undefined) {
      // The main file's own keys win over includes, so it owns the key when it defines it too.
      const main = loaded.sources.find((s) => s.path === loaded.path);
      if (main && getPath(main.value, path) !== undefined) return main;
      return src;
    }
  }
  return loaded.sources.find((s) => s.path === loaded.path);
}
