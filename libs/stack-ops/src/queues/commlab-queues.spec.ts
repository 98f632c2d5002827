import { allQueueNames, commlabQueues } from './commlab-queues';

describe("commlab's queues", () => {
  it('lists the work queues with companions, the RPC queue and the subscriber queues', () => {
    expect(allQueueNames(commlabQueues())).toEqual([
      'notifications.send',
      'notifications.send.retry',
      'notifications.send.dlq',
      'inventory.commands',
      'inventory.commands.retry',
      'inventory.commands.dlq',
      'inventory.rpc',
      'notification.order-events',
      'notification.order-events.retry',
      'notification.order-events.dlq',
      'inventory.order-cancellations',
      'inventory.order-cancellations.retry',
      'inventory.order-cancellations.dlq',
    ]);
  });
});
