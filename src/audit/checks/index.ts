// The check registry: every area's checks, concatenated and sorted by id (no filesystem discovery).
import { isObject } from '../../core/openclaw/config.js';
import { get } from '../model.js';
import type { Check } from '../types.js';
import { ENVIRONMENT_CHECKS } from './environment.js';
import { FILESYSTEM_CHECKS } from './filesystem.js';
import { GATEWAY_CHECKS } from './gateway.js';
import { HARDENING_CHECKS } from './hardening.js';
import { fail, PASS } from './helpers.js';
import { HOST_CHECKS } from './host.js';
import { SANDBOX_CHECKS } from './sandbox.js';
import { SECRETS_CHECKS } from './secrets.js';
import { SKILLS_CHECKS } from './skills.js';
import { TOOLS_CHECKS } from './tools.js';

/** OpenClaw's own marker that suppressions are in force; never suppressible. */
export const SUPPRESSIONS_ACTIVE_ID = 'security.audit.suppressions.active';

const SUPPRESSIONS_ACTIVE: Check = {
  id: SUPPRESSIONS_ACTIVE_ID,
  openclawId: SUPPRESSIONS_ACTIVE_ID,
  severity: 'info',
  area: 'config',
  title: 'Security audit suppressions configured',
  why: 'Accepted risks should stay visible: this line says how many OpenClaw suppressions are in force.',
  remediation: 'Review suppressed findings and remove suppressions when the accepted risk no longer applies.',
  run(ctx) {
    const list = get(ctx.config, 'security.audit.suppressions');
    const n = Array.isArray(list) ? list.filter(isObject).length : 0;
    return n > 0 ? fail({ message: `security.audit.suppressions has ${n} configured suppression(s).`, location: { keyPath: 'security.audit.suppressions' } }) : PASS;
  },
};

export const CHECKS: readonly Check[] = [...GATEWAY_CHECKS, ...FILESYSTEM_CHECKS, ...TOOLS_CHECKS, ...SANDBOX_CHECKS, ...SECRETS_CHECKS, ...ENVIRONMENT_CHECKS, ...HARDENING_CHECKS, ...SKILLS_CHECKS, ...HOST_CHECKS, SUPPRESSIONS_ACTIVE].sort((a, b) => a.id.localeCompare(b.id));

export function getCheck(id: string): Check | undefined {
  return CHECKS.find((c) => c.id === id);
}
