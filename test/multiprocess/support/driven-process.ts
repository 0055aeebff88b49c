import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { once } from 'node:events';
import { waitFor } from '../../support/wait-for';

/** A child process driven by lines on stdin, answering on stdout. */
export class DrivenProcess {
  private output = '';
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(script: string, execArgv: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, [...execArgv, script], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    });
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    });
    // The stdin pipe may close under a write when the child exits; that is the test's business.
    this.child.stdin.on('error', () => {});
    process.once('exit', () => this.child.kill('SIGKILL'));
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** Sends a line and waits for an answer line starting with `expect`. */
  async send(line: string, expect = 'ok'): Promise<string> {
    const before = this.output.length;
    this.child.stdin.write(`${line}\n`);
    return waitFor(
      async () =>
        this.output
          .slice(before)
          .split('\n')
          .find((l) => l.startsWith(expect)),
      {
        what: `"${expect}" after "${line}"`,
        timeoutMs: 20_000,
        giveUp: () => (this.exited() ? 'it exited' : undefined),
      },
      () => this.output,
    );
  }

  ready(): Promise<string> {
    return waitFor(
      async () => this.output.split('\n').find((l) => l.startsWith('ready')),
      {
        what: 'the process to start',
        timeoutMs: 20_000,
        giveUp: () => (this.exited() ? 'it exited' : undefined),
      },
      () => this.output,
    );
  }

  exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Sends a signal and waits for the process to end (a stopped process is not waited for). */
  async signal(signal: NodeJS.Signals): Promise<void> {
    const ended = this.exited() ? Promise.resolve() : once(this.child, 'exit');
    this.child.kill(signal);
    if (signal !== 'SIGSTOP' && signal !== 'SIGCONT') await ended;
  }

  async exit(line = 'exit'): Promise<void> {
    const ended = once(this.child, 'exit');
    this.child.stdin.write(`${line}\n`);
    await ended;
  }

  kill(): void {
    if (!this.exited()) this.child.kill('SIGKILL');
  }
}
