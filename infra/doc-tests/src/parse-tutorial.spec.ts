import { parseTutorial, TutorialSyntaxError } from './parse-tutorial';

const TUTORIAL = `# A tutorial

Some prose.

<!-- test: background stack ready="commlab is up" timeout=3m -->

\`\`\`sh
pnpm start
\`\`\`

\`\`\`sh
curl -s localhost:3002/stock/mug-red
\`\`\`

\`\`\`output
{"sku":"mug-red",…"available":…}
\`\`\`

<!-- test: expect "mug-red" -->
<!-- test: expect /"available":\\d+/ -->

<!-- test: retry 20s -->

\`\`\`bash
curl -s localhost:3000/orders/1
\`\`\`

<!-- test: exit 1 -->
<!-- test: absent "CONFIRMED" -->

<!-- test: wait stack "ready" timeout=5s -->

\`\`\`json
{"not": "run"}
\`\`\`

<!-- test: skip "needs Docker" -->

\`\`\`sh
docker compose up
\`\`\`

<!-- test: stop stack -->
`;

describe('parseTutorial', () => {
  it('reads shell blocks, their checks and options, and the standalone steps, in order', async () => {
    const steps = await parseTutorial(TUTORIAL);
    expect(steps.map((step) => [step.kind, step.line])).toEqual([
      ['background', 7],
      ['run', 11],
      ['run', 24],
      ['wait', 31],
      ['skip', 39],
      ['stop', 43],
    ]);
    expect(steps[0]).toMatchObject({
      name: 'stack',
      script: 'pnpm start',
      ready: { kind: 'contains', text: 'commlab is up' },
      timeoutMs: 180_000,
    });
    expect(steps[1]).toMatchObject({
      script: 'curl -s localhost:3002/stock/mug-red',
      exitCode: 0,
      retryMs: undefined,
      expectations: [
        { kind: 'output', lines: ['{"sku":"mug-red",…"available":…}'] },
        { kind: 'contains', text: 'mug-red' },
        { kind: 'matches', pattern: /"available":\d+/ },
      ],
    });
    expect(steps[2]).toMatchObject({
      retryMs: 20_000,
      exitCode: 1,
      expectations: [{ kind: 'absent', text: 'CONFIRMED' }],
    });
    expect(steps[3]).toMatchObject({
      name: 'stack',
      until: { kind: 'contains', text: 'ready' },
      timeoutMs: 5_000,
    });
    expect(steps[4]).toMatchObject({ reason: 'needs Docker', script: 'docker compose up' });
  });

  it('names the line of a directive it cannot follow', async () => {
    await expect(parseTutorial('text\n\n<!-- test: expect "x" -->\n')).rejects.toThrow(
      new TutorialSyntaxError(3, 'expect must follow a shell block'),
    );
    await expect(parseTutorial('```sh\nls\n```\n\n<!-- test: frobnicate -->\n')).rejects.toThrow(
      'line 5: unknown test directive "frobnicate"',
    );
    await expect(parseTutorial('<!-- test: retry soon -->\n\n```sh\nls\n```\n')).rejects.toThrow(
      'line 1: bad duration "soon"',
    );
    await expect(parseTutorial('<!-- test: retry 5s -->\n\nno block follows\n')).rejects.toThrow(
      'line 1: a block option with no shell block after it',
    );
    await expect(parseTutorial('- step\n\n  ```sh\n  ls\n  ```\n')).rejects.toThrow(/must not be nested/);
  });

  it('leaves ordinary comments and other code blocks alone', async () => {
    expect(await parseTutorial('<!-- a note -->\n\n```ts\nconst a = 1;\n```\n')).toEqual([]);
  });
});
