import {
  type CommlabMessage,
  MESSAGE_TYPES,
  ORDER_ACCEPTED_V1,
  type OrderAcceptedV1Message,
  sampleMessages,
} from '@commlab/contracts';

import { decideOrderEvent } from './decide-order-event';

function accepted(saga: 'orchestration' | 'choreography'): OrderAcceptedV1Message {
  const sample = sampleMessages()[ORDER_ACCEPTED_V1];
  return { ...sample, data: { ...sample.data, saga } };
}

describe('decideOrderEvent', () => {
  it("reserves a choreographed order's items under its reservation id", () => {
    const message = accepted('choreography');
    expect(decideOrderEvent(message)).toEqual({
      action: 'reserve',
      request: {
        reservationId: message.data.reservationId,
        orderId: message.data.orderId,
        items: message.data.items,
      },
    });
  });

  it('ignores an orchestrated order (its ReserveStock command does the work)', () => {
    expect(decideOrderEvent(accepted('orchestration'))).toEqual({ action: 'ignore' });
  });

  it.each(MESSAGE_TYPES.filter((type) => type !== ORDER_ACCEPTED_V1))('ignores %s', (type) => {
    const message: CommlabMessage = sampleMessages()[type];
    expect(decideOrderEvent(message)).toEqual({ action: 'ignore' });
  });
});
