// The command registry: one line per command module, in help order.
import { registerEgress } from './egress.js';
import type { RegisterCommand } from './program.js';

export const COMMANDS: RegisterCommand[] = [registerEgress];
