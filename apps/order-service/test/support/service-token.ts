import { DEV_SERVICE_CLIENTS } from '@commlab/access-tokens';

/** A service token from auth's client credentials grant, for one of the DEV-ONLY clients. */
export async function serviceToken(authUrl: string, clientId: string, scope: string): Promise<string> {
  const client = DEV_SERVICE_CLIENTS.find((candidate) => candidate.id === clientId);
  if (client === undefined) throw new Error(`no DEV-ONLY client ${clientId}`);
  const basic = Buffer.from(`${client.id}:${client.secret}`).toString('base64');
  const response = await fetch(`${authUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    body: new URLSearchParams({ grant_type: 'client_credentials', scope }),
  });
  if (response.status !== 200) throw new Error(`client credentials for ${clientId}: HTTP ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}
