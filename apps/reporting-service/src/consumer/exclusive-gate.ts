/**
 * Runs tasks one at a time, in call order. The event handler and the rebuild's wipe-and-rewind share one,
 * so a rebuild never interleaves with an event being applied.
 */
export class ExclusiveGate {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task, task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
