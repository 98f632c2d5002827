import type { TutorialStep } from './tutorial-steps';

/**
 * The tutorials `COMMLAB_DOC_TUTORIALS` names — a comma-separated list of their numbers (`12,13`) — in
 * their own order; unset or blank: all of them. A number no tutorial has is an error, never a silent
 * empty run.
 */
export function selectTutorials(files: readonly string[], filter: string | undefined): string[] {
  if (filter === undefined || filter.trim() === '') return [...files];
  const numbers = filter.split(',').map((part) => part.trim());
  for (const number of numbers) {
    if (!/^\d\d$/.test(number) || !files.some((file) => file.startsWith(`${number}-`))) {
      throw new Error(
        `COMMLAB_DOC_TUTORIALS takes tutorial numbers such as 12,13 (of ${files.map((file) => file.slice(0, 2)).join(', ')}); got "${filter}"`,
      );
    }
  }
  return files.filter((file) => numbers.includes(file.slice(0, 2)));
}

/**
 * The steps of a tutorial up to and including the background block named `name` — tutorial 1's
 * "Start the stack", which a run of later tutorials alone begins with.
 */
export function stepsUntilBackground(steps: readonly TutorialStep[], name: string): TutorialStep[] {
  const index = steps.findIndex((step) => step.kind === 'background' && step.name === name);
  if (index < 0) throw new Error(`no background block named ${name}`);
  return steps.slice(0, index + 1);
}
