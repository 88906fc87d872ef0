// Skill checks: workspace SKILL.md symlinks that escape the workspace (real id), and dangerous skill content through the shared detection engine.
import { promises as fs } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { isInside } from '../../core/safe-path.js';
import { loadDetect } from '../secret-scan.js';
import type { AuditContext, Check, Hit } from '../types.js';
import { outcome, PASS, skip } from './helpers.js';

const MAX_SKILL_FILES = 2000;
const CODE_EXT = new Set(['.js', '.ts', '.mjs', '.cjs', '.mts', '.cts', '.jsx', '.tsx', '.sh', '.bash', '.py']);

/** Skill roots OpenClaw loads, highest precedence first (workspace, managed). */
function skillRoots(ctx: AuditContext): string[] {
  return [join(ctx.workspaceDir, 'skills'), join(ctx.workspaceDir, '.agents', 'skills'), join(ctx.paths.stateDir, 'skills')];
}

async function skillMarkdownLinks(root: string): Promise<Array<{ path: string; target?: string }>> {
  const out: Array<{ path: string; target?: string }> = [];
  let dirs: string[];
  try {
    dirs = (await fs.readdir(root)).map((d) => join(root, d));
  } catch {
    return out;
  }
  for (const dir of dirs.slice(0, MAX_SKILL_FILES)) {
    for (const candidate of [dir, join(dir, 'SKILL.md')]) {
      try {
        const l = await fs.lstat(candidate);
        if (!l.isSymbolicLink()) continue;
        let target: string | undefined;
        try {
          target = await fs.realpath(candidate);
        } catch {
          target = undefined;
        }
        out.push({ path: candidate, target });
      } catch {
        /* missing */
      }
    }
  }
  return out;
}

export const SKILLS_CHECKS: Check[] = [
  {
    id: 'skills.workspace.symlink_escape',
    openclawId: 'skills.workspace.symlink_escape',
    severity: 'warning',
    area: 'skills',
    title: 'Workspace skill resolves outside the workspace',
    why: 'A skill folder or SKILL.md that is a symlink to elsewhere loads instructions the workspace owner never reviewed, and changes whenever the target changes.',
    remediation: 'Replace the symlink with a real copy, or allow the target explicitly in skills.load.allowSymlinkTargets.',
    async run(ctx) {
      const root = join(ctx.workspaceDir, 'skills');
      let realRoot: string;
      try {
        realRoot = await fs.realpath(ctx.workspaceDir);
      } catch {
        return skip('no workspace');
      }
      const hits: Hit[] = [];
      for (const link of await skillMarkdownLinks(root)) {
        if (link.target && isInside(realRoot, link.target)) continue;
        hits.push({ message: `${relative(ctx.workspaceDir, link.path)} -> ${link.target ?? '(dangling)'} resolves outside ${ctx.workspaceDir}.`, location: { file: link.path } });
      }
      return outcome(hits);
    },
  },
  {
    id: 'skills.code_safety',
    openclawId: 'skills.code_safety',
    severity: 'warning',
    severities: ['critical'],
    area: 'skills',
    title: 'Installed skill contains dangerous instructions or code',
    why: 'Skills are instructions the model follows with your tools: pipe-to-shell installers, reverse shells, reads of ~/.ssh or .env sent to the network, hard-coded keys. The real audit scans skills only with --deep and only five text patterns; clawguard runs the shared detection engine on every skill file on each run.',
    remediation: 'Remove or quarantine the skill (`clawguard egress quarantine`), and review what it already ran.',
    async run(ctx) {
      const detect = await loadDetect();
      if (!detect) return skip('the detection engine (src/detect) is not available in this build');
      const hits: Hit[] = [];
      for (const root of skillRoots(ctx)) {
        const files = (await ctx.listFiles(root, { maxDepth: 6, maxFiles: MAX_SKILL_FILES })).filter((f) => f.endsWith('SKILL.md') || f.endsWith('.md') || CODE_EXT.has(extname(f)));
        for (const file of files) {
          let text: string;
          try {
            const st = await fs.stat(file);
            if (st.size > 1 << 20) continue;
            text = await fs.readFile(file, 'utf8');
          } catch {
            continue;
          }
          const ext = extname(file);
          const kind = ext === '.md' ? 'markdown' : ext === '.py' ? 'code-py' : ext === '.sh' || ext === '.bash' ? 'shell' : 'code-js';
          const matches = detect.scanText(text, { kind, path: file }).filter((m) => m.category === 'injection' || m.category === 'exfil' || m.category === 'secret');
          for (const m of matches) {
            const sev = (m as { severity?: string }).severity;
            hits.push({ severity: sev === 'critical' ? 'critical' : 'warning', message: `${m.title} (${m.ruleId}) in skill ${relative(root, file)}.`, evidence: m.evidence, location: { file, line: m.line, column: m.column } });
          }
        }
      }
      return hits.length ? outcome(hits) : PASS;
    },
  },
];
