// A play's vars_prompt, answered once when the play starts: by -e when it names the variable,
// else by whoever the run can ask (the CLI asks on a terminal), else by the default, as
// ansible-playbook does when it is not interactive.
import type { PlayDef } from '../playbook/model.js';
import type { RunContext } from './run-context.js';

export async function askVarsPrompt(run: RunContext, play: PlayDef): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  let warned = false;
  for (const question of play.varsPrompt) {
    if (Object.prototype.hasOwnProperty.call(run.options.extraVars, question.name)) continue;
    const answer = run.prompt ? await run.prompt(question) : undefined;
    if (answer === undefined && !warned) {
      run.events.warning?.('Not prompting as we are not in interactive mode');
      warned = true;
    }
    // No answer and no default: None, as in Ansible.
    answers[question.name] = answer === undefined || answer === '' ? (question.default ?? null) : answer;
  }
  return answers;
}
