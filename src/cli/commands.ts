// The command registry: one line per command module, in help order.
import { registerEgress } from './egress.js';
import { registerEgressGate } from './egress-gate.js';
import { registerAudit } from './audit.js';
import { registerCloud } from './cloud.js';
import { registerReport } from './report.js';
import { registerMonitor } from './monitor.js';
import { registerForensics } from './forensics.js';
import { registerIncident } from './incident.js';
import type { RegisterCommand } from './program.js';

export const COMMANDS: RegisterCommand[] = [registerAudit, registerEgress, registerEgressGate, registerMonitor, registerForensics, registerIncident, registerCloud, registerReport];
