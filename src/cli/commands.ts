// The command registry, in help order. Modules load lazily: running one command loads only its own code.
import type { RegisterCommand } from './program.js';

export interface CommandModule {
  /** The top-level command name the module registers. */
  name: string;
  load: () => Promise<RegisterCommand[]>;
}

export const COMMAND_MODULES: CommandModule[] = [
  { name: 'audit', load: async () => [(await import('./audit.js')).registerAudit] },
  {
    name: 'egress',
    load: async () => {
      const [egress, gate] = await Promise.all([import('./egress.js'), import('./egress-gate.js')]);
      return [egress.registerEgress, gate.registerEgressGate];
    },
  },
  { name: 'monitor', load: async () => [(await import('./monitor.js')).registerMonitor] },
  { name: 'forensics', load: async () => [(await import('./forensics.js')).registerForensics] },
  { name: 'incident', load: async () => [(await import('./incident.js')).registerIncident] },
  { name: 'cloud', load: async () => [(await import('./cloud.js')).registerCloud] },
  { name: 'report', load: async () => [(await import('./report.js')).registerReport] },
];

const GLOBAL_FLAGS = new Set(['--debug']);

/** The modules needed for `argv` (node, script, ...args): the invoked command's, or all for help and unknown input. */
export async function loadCommands(argv: readonly string[]): Promise<RegisterCommand[]> {
  const first = argv.slice(2).find((a) => !GLOBAL_FLAGS.has(a));
  // The version needs no command at all (scripts and health checks call it often).
  if (first === '-V' || first === '--version') return [];
  const wanted = COMMAND_MODULES.filter((m) => m.name === first);
  const modules = wanted.length > 0 ? wanted : COMMAND_MODULES;
  return (await Promise.all(modules.map((m) => m.load()))).flat();
}
