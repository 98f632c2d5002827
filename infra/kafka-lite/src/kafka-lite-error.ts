/** Errors of startKafkaLite(); `code` is stable. */
export class KafkaLiteError extends Error {
  constructor(
    readonly code: 'INVALID_OPTION' | 'LISTEN_FAILED' | 'DATA_DIR_FAILED',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'KafkaLiteError';
  }
}
