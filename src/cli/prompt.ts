// Questions on the terminal: a secret without echoing it (for -K), and a play's vars_prompt.
import { createInterface } from 'node:readline';
import type { VarsPrompt } from '../engine/playbook/model.js';

/**
 * A play's vars_prompt question, on the terminal (`Question [default]: `), not echoed when it is
 * private. Without a terminal there is no one to ask: undefined, and the run takes the default.
 */
export async function askVarsPrompt(question: VarsPrompt): Promise<string | undefined> {
  if (!process.stdin.isTTY) return undefined;
  const value = question.default;
  const shownDefault = value === undefined || value === null ? '' : ` [${typeof value === 'string' ? value : JSON.stringify(value)}]`;
  const text = `${question.prompt}${shownDefault}: `;
  if (question.private) return askHidden(text);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await new Promise<string>((resolve) => rl.question(text, resolve));
  } finally {
    rl.close();
  }
}

export async function askHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY) {
    const rl = createInterface({ input, terminal: false });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    return '';
  }
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    input.setRawMode(true);
    input.resume();
    input.setEncoding('utf8');
    const onData = (chunk: string): void => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') {
          cleanup();
          process.stderr.write('\n');
          resolve(value);
          return;
        }
        if (ch === '\u0003') {
          cleanup();
          reject(new Error('interrupted'));
          return;
        }
        if (ch === '\u007f') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const cleanup = (): void => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
    };
    input.on('data', onData);
  });
}
