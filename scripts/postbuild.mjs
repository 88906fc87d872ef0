// Copies non-TypeScript assets (rule data, templates, schemas) from src/ to dist/ and marks the CLI executable.
import { chmodSync, copyFileSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const SRC = 'src';
const OUT = 'dist';
const ASSET = /\.(json|txt|md|html|css|wasm|pem)$/;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) walk(full);
    else if (ASSET.test(name)) {
      const target = join(OUT, relative(SRC, full));
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(full, target);
    }
  }
}
walk(SRC);
chmodSync(join(OUT, 'cli', 'main.js'), 0o755);
