import { selectTutorials, stepsUntilBackground } from './select-tutorials';
import type { TutorialStep } from './tutorial-steps';

const FILES = ['01-sync.md', '02-async.md', '12-sagas.md', '13-conflicts.md'];

describe('selectTutorials', () => {
  it('selects every tutorial when unset or blank', () => {
    expect(selectTutorials(FILES, undefined)).toEqual(FILES);
    expect(selectTutorials(FILES, ' ')).toEqual(FILES);
  });

  it('selects the numbered tutorials, in their own order', () => {
    expect(selectTutorials(FILES, '13, 02')).toEqual(['02-async.md', '13-conflicts.md']);
    expect(selectTutorials(FILES, '12')).toEqual(['12-sagas.md']);
  });

  it('refuses a number no tutorial has, or something that is not a number', () => {
    expect(() => selectTutorials(FILES, '14')).toThrow(/COMMLAB_DOC_TUTORIALS .* got "14"/);
    expect(() => selectTutorials(FILES, '12,x')).toThrow(/got "12,x"/);
    expect(() => selectTutorials(FILES, '1')).toThrow(/got "1"/);
  });
});

describe('stepsUntilBackground', () => {
  const run: TutorialStep = {
    kind: 'run',
    line: 1,
    script: 'echo',
    expectations: [],
    exitCode: 0,
    timeoutMs: 1,
    retryMs: undefined,
  };
  const stack: TutorialStep = {
    kind: 'background',
    line: 2,
    name: 'stack',
    script: 'pnpm start',
    ready: { kind: 'contains', text: 'up' },
    timeoutMs: 1,
  };

  it('keeps the steps up to and including the named background block', () => {
    expect(stepsUntilBackground([run, stack, { ...run, line: 3 }], 'stack')).toEqual([run, stack]);
  });

  it('fails when there is no such block', () => {
    expect(() => stepsUntilBackground([run], 'stack')).toThrow('no background block named stack');
  });
});
