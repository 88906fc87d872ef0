// OpenClaw plugin entry: contributes one security audit collector (run by `openclaw security audit --deep`).
// The object has the shape `definePluginEntry` from `openclaw/plugin-sdk/plugin-entry` returns; it is written out
// so the plugin needs no dependency and no build step (OpenClaw 2026.9 reads `securityAuditCollectors` from the
// entry definition, src/plugins/loader: `ownedDefinition.securityAuditCollectors`).
import { collectClawguardFindings, PLUGIN_ID } from './collector.js';

export default {
  id: PLUGIN_ID,
  name: 'clawguard',
  description: "Adds clawguard's findings (plaintext secrets in config, credentials and logs; egress risks in skills) to `openclaw security audit --deep`.",
  securityAuditCollectors: [collectClawguardFindings],
  /** Nothing to register at runtime: the plugin only contributes the audit collector. */
  register() {},
};
