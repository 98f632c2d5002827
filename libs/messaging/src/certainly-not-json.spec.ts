import { certainlyNotJson } from './certainly-not-json';

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('certainlyNotJson', () => {
  it.each([
    'inventory.reserve-stock',
    'commlab.orders.v1',
    'notifications.send',
    'nullable',
    'trueish',
    'f',
    '',
    ' ',
    'x{"a":1}',
  ])('%p: certainly not JSON, and JSON.parse does throw', (text) => {
    expect(certainlyNotJson(text)).toBe(true);
    expect(parses(text)).toBe(false);
  });

  it.each(['{"cmd":"sum"}', ' [1,2]', '"quoted"', '42', '-1.5', 'true', 'false', 'null', '\n null \t'])(
    '%p: may be JSON (and is)',
    (text) => {
      expect(certainlyNotJson(text)).toBe(false);
      expect(parses(text)).toBe(true);
    },
  );

  it('never says "not JSON" of text that parses (every 1- and 2-character text of a JSON-ish alphabet)', () => {
    const alphabet = ['{', '}', '[', ']', '"', '-', ...'0123456789tfnaeulrs.,:'.split(''), ' ', '\n', '\t'];
    const texts = [...alphabet, ...alphabet.flatMap((a) => alphabet.map((b) => a + b))];
    const wrong = texts.filter((text) => certainlyNotJson(text) && parses(text));
    expect(wrong).toEqual([]);
  });
});
