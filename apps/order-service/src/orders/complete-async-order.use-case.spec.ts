import { sampleMessages, STOCK_REJECTED_V1, STOCK_RESERVED_V1 } from '@commlab/contracts';
import type { EventPublisher } from '@commlab/messaging';

import type { StockReserver } from '../inventory/stock-reserver';
import type { WebhookDeliveryRepository } from '../webhooks/webhook-delivery.repository';
import type { WebhookDispatcher } from '../webhooks/webhook-dispatcher';
import { CompleteAsyncOrder } from './complete-async-order.use-case';
import type { Order } from './order';
import type { OrderRepository } from './order.repository';
import { SyncOrderIds } from './sync-order-ids';

const reserved = sampleMessages()[STOCK_RESERVED_V1];
const rejected = sampleMessages()[STOCK_REJECTED_V1];

/** CompleteAsyncOrder over fakes that record the reads and transactions it makes. */
function completion(status: Order['status'] | undefined) {
  const syncOrders = new SyncOrderIds();
  const reads: string[] = [];
  const orders = {
    statusOf: (orderId: string) => {
      reads.push(orderId);
      return Promise.resolve(status);
    },
  } as unknown as OrderRepository;
  const transactions: string[] = [];
  const events = {
    transactionOnce: (inbox: { messageId: string }) => {
      transactions.push(inbox.messageId);
      return Promise.resolve({ status: 'processed', result: 'ignored' });
    },
    announce: () => undefined,
  } as unknown as EventPublisher;
  const releaser = { transport: 'grpc' } as StockReserver;
  const complete = new CompleteAsyncOrder(
    orders,
    events,
    {} as WebhookDeliveryRepository,
    {} as WebhookDispatcher,
    [releaser],
    syncOrders,
  );
  return { complete, syncOrders, reads, transactions };
}

describe('CompleteAsyncOrder', () => {
  it('acknowledges the answer about a sync order it placed without reading the order', async () => {
    const { complete, syncOrders, reads, transactions } = completion('CONFIRMED');
    syncOrders.add(reserved.data.orderId);
    expect(await complete.execute(reserved)).toBe('ignored');
    expect(reads).toEqual([]);
    expect(transactions).toEqual([]);
  });

  it('reads the order for an answer about any other order (here: a final one, no transaction)', async () => {
    const { complete, syncOrders, reads, transactions } = completion('CONFIRMED');
    syncOrders.add('another-sync-order');
    expect(await complete.execute(rejected)).toBe('ignored');
    expect(reads).toEqual([rejected.data.orderId]);
    expect(transactions).toEqual([]);
  });

  it('reads the order again for a second delivery of a sync order’s answer', async () => {
    const { complete, syncOrders, reads } = completion(undefined);
    syncOrders.add(reserved.data.orderId);
    await complete.execute(reserved);
    expect(reads).toEqual([]);
    await complete.execute(reserved);
    expect(reads).toEqual([reserved.data.orderId]);
  });
});
