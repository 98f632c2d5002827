/**
 * How JSON text starts, after whitespace: an object, an array, a string or a number — or it is exactly
 * `true`, `false` or `null`. (`\s` is wider than JSON's whitespace: that only lets more text through.)
 */
const JSON_VALUE_START = /^[\s]*(?:[{["\-0-9]|(?:true|false|null)[\s]*$)/;

/**
 * Whether `JSON.parse(text)` would certainly throw, decided without calling it. `false` means it may
 * parse. For code on a per-message path that tries JSON.parse and falls back to the text itself: a
 * thrown SyntaxError (with its stack) costs far more than this test.
 */
export function certainlyNotJson(text: string): boolean {
  return !JSON_VALUE_START.test(text);
}
