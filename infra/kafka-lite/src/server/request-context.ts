import type { RequestHeader } from '../protocol/header';

/** What a request handler knows about the connection a request came in on. */
export interface RequestContext {
  header: RequestHeader;
  clientHost: string;
  /** Host and port the client reached us on (advertised in Metadata and FindCoordinator). */
  advertisedHost: string;
  advertisedPort: number;
  /** Bytes of the shared memory budget free now; a Fetch answer shrinks to it (keeping one batch). */
  replyBudget(): number;
  /** Registers cleanup for when the connection closes; returns an unregister function. */
  onClose(fn: () => void): () => boolean;
}
