// The egress capability: scan skills for outbound risk, then block, quarantine and protect.
export { scanEgress } from './scan.js';
export {
  blockSkill,
  egressStatus,
  manageAllowlist,
  protectWorkspace,
  quarantineSkillByName,
  unquarantineSkillByName,
  type AllowlistResult,
  type BlockedFile,
  type BlockOptions,
  type BlockResult,
  type ManualReviewItem,
  type ProtectResult,
  type QuarantineResult,
  type StatusResult,
} from './actions.js';
export { BLOCK_MARKER } from './block.js';
export { EGRESS_RULE_IDS } from './findings.js';
export { QUARANTINE_DIR, WORKSPACE_SKILL_ROOTS } from './workspace.js';
export type { DomainUse, EgressLocateOptions, EgressScanOptions, EgressScanResult, EgressScanStats, SkillInfo } from './types.js';
