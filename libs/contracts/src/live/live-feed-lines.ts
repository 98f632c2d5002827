import type { z } from 'zod';

import type { ServiceName } from '../names/ports';
import { STOCK_CONTENTION_EVENT, stockContentionFieldsSchema } from './stock-contention.line';

/** A live-feed line with typed fields: who posts it and what its fields are (besides service, event, at). */
export interface TypedLiveFeedLine {
  event: string;
  publisher: ServiceName;
  title: string;
  summary: string;
  fields: z.ZodObject;
}

/**
 * The live-feed lines whose fields are a contract (a tool reads them, not only a person): the AsyncAPI
 * document lists each as a message of `commlab.live`. Every other line is a plain `live-feed-line`.
 */
export const TYPED_LIVE_FEED_LINES: readonly TypedLiveFeedLine[] = [
  {
    event: STOCK_CONTENTION_EVENT,
    publisher: 'inventory-service',
    title: 'Stock contention (live feed line)',
    summary:
      'A stock append lost the race for a stream version (optimistic concurrency): the command rolled back ' +
      'and runs again on fresh state, or gave up with STOCK_CONTENTION.',
    fields: stockContentionFieldsSchema,
  },
];
