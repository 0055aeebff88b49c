import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, symlinkSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export function git(args: string[], cwd: string): string {
  return execFileSync('git', ['-c', 'user.name=promkit', '-c', 'user.email=promkit@localhost', ...args], {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/**
 * A clean clone in `scratch` whose last commit is this working tree, as it is
 * (committed or not), with the shared node_modules linked in.
 */
export function cloneWorkingTree(scratch: string): string {
  const clone = join(scratch, 'promkit');
  git(['clone', '--quiet', '--no-hardlinks', ROOT, clone], scratch);
  const files = git(['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT)
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    const target = join(clone, file);
    if (existsSync(join(ROOT, file))) {
      mkdirSync(dirname(target), { recursive: true });
      copyFileSync(join(ROOT, file), target);
    } else if (existsSync(target)) {
      unlinkSync(target);
    }
  }
  appendFileSync(join(clone, '.git', 'info', 'exclude'), '/node_modules\n');
  symlinkSync(join(ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
  git(['add', '--all'], clone);
  git(['commit', '--quiet', '--allow-empty', '-m', 'working tree'], clone);
  return clone;
}
