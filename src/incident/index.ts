// `clawguard incident`: contain (stop the gateway, lock the config down), rotate (new gateway token + what to rotate by hand), and the incident record.
export { containIncident, containSucceeded, assertPort, CONTAIN_BACKUP_LABEL, type ContainOptions, type ContainResult, type StoppedProcess } from './contain.js';
export { planLockdown, LOCKDOWN_DENIED_TOOLS, type ConfigChange } from './lockdown.js';
export { rotateCredentials, ROTATE_BACKUP_LABEL, type RotateOptions, type RotateResult } from './rotate.js';
export { renderIncidentRecord, type IncidentRecordInput, type Part } from './record.js';
export type { CredentialEntry } from '../core/openclaw/credentials.js';
