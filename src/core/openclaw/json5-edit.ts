// In-place JSON5 edits that keep comments, quoting and indentation (a concrete syntax tree, not re-serialisation).
import { JsonArrayNode, JsonObjectNode, JsonParser } from '@croct/json5-parser';
import JSON5 from 'json5';
import { ConfigParseError } from '../errors.js';
import type { JsonValue } from './config.js';

export interface Json5Edit {
  /** Key path from the root, e.g. ['gateway', 'auth', 'token']. Numbers index arrays. */
  path: ReadonlyArray<string | number>;
  /** New value; `undefined` deletes the key. */
  value: JsonValue | undefined;
}

type Container = JsonObjectNode | JsonArrayNode;

function child(node: Container, seg: string | number, create: boolean): Container | undefined {
  if (node instanceof JsonObjectNode && typeof seg === 'string') {
    if (!node.has(seg)) {
      if (!create) return undefined;
      node.set(seg, {});
    }
    const next = node.get(seg);
    return next instanceof JsonObjectNode || next instanceof JsonArrayNode ? next : undefined;
  }
  if (node instanceof JsonArrayNode && typeof seg === 'number') {
    const next = node.get(seg);
    return next instanceof JsonObjectNode || next instanceof JsonArrayNode ? next : undefined;
  }
  return undefined;
}

/**
 * Applies edits to JSON5 text and returns the new text. Missing parent objects are created;
 * deleting a missing key is a no-op. The result is re-parsed to prove it is still valid JSON5.
 */
export function editJson5(text: string, edits: readonly Json5Edit[], file = '<config>'): string {
  let root: JsonObjectNode;
  try {
    root = JsonParser.parse(text, JsonObjectNode);
  } catch (err) {
    throw new ConfigParseError(file, `cannot edit: ${(err as Error).message}`, undefined, undefined, { cause: err });
  }
  for (const edit of edits) {
    const parents = edit.path.slice(0, -1);
    const last = edit.path[edit.path.length - 1];
    if (last === undefined) continue;
    let node: Container | undefined = root;
    for (const seg of parents) {
      node = child(node, seg, edit.value !== undefined);
      if (!node) break;
    }
    if (!node) continue;
    if (edit.value === undefined) {
      if (node instanceof JsonObjectNode && typeof last === 'string' && node.has(last)) node.delete(last);
      else if (node instanceof JsonArrayNode && typeof last === 'number') node.delete(last);
    } else if (node instanceof JsonObjectNode && typeof last === 'string') {
      node.set(last, edit.value);
    } else if (node instanceof JsonArrayNode && typeof last === 'number') {
      node.set(last, edit.value);
    }
  }
  const out = root.toString();
  JSON5.parse(out);
  return out;
}
