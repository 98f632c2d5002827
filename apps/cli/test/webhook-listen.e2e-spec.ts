import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';

import { processEnv } from '@commlab/config';
import { freePort, waitFor } from '@commlab/testing';
import { deliverWebhook, generateWebhookSecret, signWebhook } from '@commlab/webhooks';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..', '..');

/** `pnpm webhook:listen` as a user runs it: a child process that verifies and prints callbacks. */
describe('pnpm webhook:listen', () => {
  const secret = generateWebhookSecret();
  let child: ChildProcessWithoutNullStreams;
  let output = '';
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}/hooks`;
    const { PATH, HOME } = processEnv();
    child = spawn(
      process.execPath,
      [
        '--conditions=@commlab/source',
        '--import',
        'tsx',
        'apps/cli/src/main.ts',
        'webhook-listen',
        '--port',
        String(port),
        '--secret',
        secret,
        '--respond',
        '503',
      ],
      { cwd: ROOT, env: { PATH, HOME } },
    );
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    await waitFor(() => output.includes('listening on') || child.exitCode !== null, {
      timeoutMs: 30_000,
      description: '"listening on"',
    });
    expect(child.exitCode).toBeNull();
  });

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('announces where it listens and which secret it verifies with', () => {
    expect(output).toContain(`listening on http://127.0.0.1:${url.split(':')[2]!.split('/')[0]!}/`);
    expect(output).toContain('verifying with the --secret given');
    expect(output).not.toContain(secret);
  });

  it('verifies a signed callback, answering the scripted 503 then 200, and prints one line each', async () => {
    const result = await deliverWebhook({
      url,
      secret,
      id: 'msg_e2e_valid',
      payload: { type: 'order.confirmed', orderId: 'ord-e2e' },
      policy: { allowLoopback: true, allowPrivate: false },
      timeoutMs: 5_000,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50, jitter: 0 },
    });
    expect(result.attempts.map((a) => a.statusCode)).toEqual([503, 200]);
    expect(result.status).toBe('delivered');
    await waitFor(() => output.includes('msg_e2e_valid  valid  → 200'), { description: 'the second line' });
    expect(output).toMatch(
      /\d{4}-\d\d-\d\dT[\d:.]+Z {2}msg_e2e_valid {2}valid {2}→ 503 {2}\{"type":"order.confirmed","orderId":"ord-e2e"\}/,
    );
  });

  it('refuses a tampered callback with 400 and prints INVALID with the reason', async () => {
    const body = JSON.stringify({ type: 'order.confirmed', orderId: 'ord-e2e', total: '25.00' });
    const headers = signWebhook({ secret, id: 'msg_e2e_tampered', timestamp: new Date(), body });
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: body.replace('25.00', '0.01'),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'WEBHOOK_SIGNATURE_INVALID',
      reason: 'No matching signature found',
    });
    await waitFor(() => output.includes('msg_e2e_tampered'), { description: 'the INVALID line' });
    expect(output).toContain(
      'msg_e2e_tampered  INVALID (No matching signature found)  → 400  {"type":"order.confirmed","orderId":"ord-e2e","total":"0.01"}',
    );
  });

  it('refuses an unsigned POST', async () => {
    const response = await fetch(url, { method: 'POST', body: '{}' });
    expect(response.status).toBe(400);
    await waitFor(() => output.includes('(no webhook-id)  INVALID (Missing required headers)'));
  });
});
