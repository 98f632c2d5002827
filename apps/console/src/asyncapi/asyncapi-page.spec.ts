import { escapeHtml, renderAsyncApiPage } from './asyncapi-page';

describe('renderAsyncApiPage', () => {
  it('escapes everything it shows from the document', () => {
    const html = renderAsyncApiPage({
      asyncapi: '3.0.0',
      info: { title: '<script>alert(1)</script>', version: '1', description: 'a `code` & more' },
      channels: { c: { address: 'a<b', messages: { m: { $ref: '#/components/messages/m' } } } },
      components: { messages: { m: { name: 'm"x', payload: { type: 'string', pattern: '<' } } } },
    });
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('a <code>code</code> &amp; more');
    expect(html).toContain('<code>a&lt;b</code>');
    expect(html).toContain('m&quot;x');
  });

  it('resolves a message payload $ref to the schema it names', () => {
    const html = renderAsyncApiPage({
      asyncapi: '3.0.0',
      info: { title: 't', version: '1' },
      components: {
        schemas: { s: { type: 'object', properties: { orderId: { type: 'string' } } } },
        messages: { m: { payload: { $ref: '#/components/schemas/s' } } },
      },
    });
    expect(html).toContain('&quot;orderId&quot;');
  });

  it('escapeHtml covers the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
