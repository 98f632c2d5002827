/** Producer ids are reserved in blocks, so the durable record is written once per block. */
const BLOCK = 1000;

/**
 * Hands out producer ids for InitProducerId. Before an id from a new block is handed out, the end of
 * the block is written down (`reserve`), so ids are never handed out twice across restarts.
 */
export class ProducerIds {
  private blockEnd: number;

  constructor(
    private next: number,
    private readonly reserve: (blockEnd: number) => void = () => undefined,
  ) {
    this.blockEnd = next;
  }

  allocate(): number {
    if (this.next >= this.blockEnd) {
      this.blockEnd = this.next + BLOCK;
      this.reserve(this.blockEnd);
    }
    return this.next++;
  }
}
