/** Why an export request was refused (answered 400 with this message). */
export class OtlpDecodeError extends Error {
  override readonly name = 'OtlpDecodeError';
}
