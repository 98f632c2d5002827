/**
 * The AsyncAPI document as one static HTML page: servers, channels (with their bindings and messages),
 * operations by service, and every message's headers and payload as JSON Schema. Rendered on the server
 * from the committed document, no script and nothing fetched: it works offline. A pure function, so a
 * unit test reads what it shows.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = Record<string, Json>;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(value: Json | undefined): JsonObject {
  return isObject(value) ? value : {};
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** `#/components/messages/x` → `x`; anything else as is. */
function refName(value: Json | undefined): string {
  const ref = text(objectAt(value).$ref);
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** Inline backticks of the generated descriptions as <code>. */
function prose(value: Json | undefined): string {
  return escapeHtml(text(value)).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function jsonBlock(value: Json | undefined): string {
  return `<pre>${escapeHtml(JSON.stringify(value ?? null, null, 2))}</pre>`;
}

/** Resolves a local `$ref` (`#/a/b`) against the document, once, for display. */
function resolveRef(document: JsonObject, value: Json | undefined): Json | undefined {
  const ref = text(objectAt(value).$ref);
  if (!ref.startsWith('#/')) return value;
  let node: Json | undefined = document;
  for (const part of ref.slice(2).split('/')) node = objectAt(node)[part];
  return node;
}

const anchor = (kind: string, id: string): string => `${kind}-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;

const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 4rem; color: #1d2330; }
  h1 { margin-bottom: 0.25rem; } h2 { border-bottom: 1px solid #ccd; padding-top: 1rem; }
  table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
  th, td { border: 1px solid #ccd; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
  th { background: #eef0f6; }
  code, pre { font: 13px/1.4 ui-monospace, monospace; }
  h3 code { font-size: 1.05em; }
  pre { background: #f4f5f9; border: 1px solid #dde; padding: 0.5rem; overflow-x: auto; }
  details { margin: 0.25rem 0 0.75rem; } summary { cursor: pointer; }
  .tag { display: inline-block; padding: 0 0.4rem; border-radius: 0.3rem; background: #e3e8ff; }
  .send { background: #e2f6e9; } .receive { background: #fff1d6; }
`;

export function renderAsyncApiPage(document: JsonObject): string {
  const info = objectAt(document.info);
  const servers = objectAt(document.servers);
  const channels = objectAt(document.channels);
  const operations = objectAt(document.operations);
  const components = objectAt(document.components);
  const messages = objectAt(components.messages);
  const title = text(info.title) || 'AsyncAPI';

  const serverRows = Object.entries(servers)
    .map(([id, server]) => {
      const s = objectAt(server);
      return `<tr><td><code>${escapeHtml(id)}</code></td><td>${escapeHtml(text(s.protocol))}</td><td><code>${escapeHtml(text(s.host))}</code></td><td>${prose(s.description)}</td></tr>`;
    })
    .join('\n');

  const channelSections = Object.entries(channels)
    .map(([id, channel]) => {
      const c = objectAt(channel);
      const server = (Array.isArray(c.servers) ? c.servers : []).map(refName).join(', ');
      const messageLinks = Object.values(objectAt(c.messages))
        .map(
          (ref) => `<li><a href="#${anchor('message', refName(ref))}">${escapeHtml(refName(ref))}</a></li>`,
        )
        .join('');
      const users = Object.entries(operations)
        .filter(([, operation]) => refName(objectAt(operation).channel) === id)
        .map(([operationId, operation]) => {
          const action = text(objectAt(operation).action);
          return `<li><span class="tag ${escapeHtml(action)}">${escapeHtml(action)}</span> <a href="#${anchor('operation', operationId)}">${escapeHtml(operationId)}</a></li>`;
        })
        .join('');
      return `<section id="${anchor('channel', id)}" aria-label="channel ${escapeHtml(id)}">
<h3><code>${escapeHtml(text(c.address))}</code> <small>(${escapeHtml(server)}, <code>${escapeHtml(id)}</code>)</small></h3>
<p>${prose(c.description)}</p>
<p>Messages:</p><ul>${messageLinks}</ul>
<p>Operations:</p><ul>${users}</ul>
${c.bindings === undefined ? '' : `<details><summary>Bindings</summary>${jsonBlock(c.bindings)}</details>`}
</section>`;
    })
    .join('\n');

  const byService = new Map<string, [string, JsonObject][]>();
  for (const [operationId, operation] of Object.entries(operations)) {
    const o = objectAt(operation);
    const tags = Array.isArray(o.tags) ? o.tags : [];
    const service = text(objectAt(tags[0]).name) || 'other';
    byService.set(service, [...(byService.get(service) ?? []), [operationId, o]]);
  }
  const operationSections = [...byService.entries()]
    .map(([service, list]) => {
      const rows = list
        .map(([operationId, o]) => {
          const action = text(o.action);
          const channelId = refName(o.channel);
          const address = text(objectAt(channels[channelId]).address);
          const sent = (Array.isArray(o.messages) ? o.messages : [])
            .map((ref) => `<a href="#${anchor('message', refName(ref))}">${escapeHtml(refName(ref))}</a>`)
            .join('<br>');
          return `<tr id="${anchor('operation', operationId)}"><td><span class="tag ${escapeHtml(action)}">${escapeHtml(action)}</span></td><td><a href="#${anchor('channel', channelId)}"><code>${escapeHtml(address)}</code></a></td><td>${sent}</td><td>${prose(o.description)}${o.bindings === undefined ? '' : `<details><summary>Bindings</summary>${jsonBlock(o.bindings)}</details>`}</td></tr>`;
        })
        .join('\n');
      return `<h3>${escapeHtml(service)}</h3>
<table><thead><tr><th>Action</th><th>Channel</th><th>Messages</th><th>Notes</th></tr></thead><tbody>
${rows}
</tbody></table>`;
    })
    .join('\n');

  const messageSections = Object.entries(messages)
    .map(([id, message]) => {
      const m = objectAt(message);
      const correlation = resolveRef(document, m.correlationId);
      return `<section id="${anchor('message', id)}" aria-label="message ${escapeHtml(id)}">
<h3>${escapeHtml(text(m.title) || id)} <small><code>${escapeHtml(id)}</code></small></h3>
<p>Name: <code>${escapeHtml(text(m.name))}</code>. ${prose(m.summary)} Content type: <code>${escapeHtml(text(m.contentType))}</code>.</p>
${correlation === undefined ? '' : `<p>Correlation id: <code>${escapeHtml(text(objectAt(correlation).location))}</code></p>`}
<details open><summary>Payload (JSON Schema)</summary>${jsonBlock(resolveRef(document, m.payload))}</details>
${m.headers === undefined ? '' : `<details><summary>Headers (JSON Schema)</summary>${jsonBlock(expandHeaders(document, m.headers))}</details>`}
${m.bindings === undefined ? '' : `<details><summary>Bindings</summary>${jsonBlock(m.bindings)}</details>`}
</section>`;
    })
    .join('\n');

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — AsyncAPI ${escapeHtml(text(document.asyncapi))}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)} <small>${escapeHtml(text(info.version))}</small></h1>
<p>AsyncAPI ${escapeHtml(text(document.asyncapi))} · <a href="/asyncapi.json">the document (JSON)</a> · <a href="/">the console</a></p>
<p>${prose(info.description)}</p>
<nav aria-label="sections"><a href="#servers">Servers</a> · <a href="#channels">Channels</a> · <a href="#operations">Operations</a> · <a href="#messages">Messages</a></nav>
</header>
<main>
<h2 id="servers">Servers</h2>
<table><thead><tr><th>Id</th><th>Protocol</th><th>Host</th><th>Description</th></tr></thead><tbody>
${serverRows}
</tbody></table>
<h2 id="channels">Channels</h2>
${channelSections}
<h2 id="operations">Operations by service</h2>
${operationSections}
<h2 id="messages">Messages</h2>
${messageSections}
</main>
</body>
</html>
`;
}

/** A message's headers with its `allOf` parts' `$ref`s resolved, so the page shows the header names. */
function expandHeaders(document: JsonObject, headers: Json): Json | undefined {
  const allOf = objectAt(headers).allOf;
  if (!Array.isArray(allOf)) return resolveRef(document, headers);
  return { allOf: allOf.map((part) => resolveRef(document, part) ?? null) };
}
