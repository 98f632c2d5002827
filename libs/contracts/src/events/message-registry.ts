import type { z } from 'zod';

import {
  NOTIFICATION_REQUESTED_V1,
  type NotificationRequestedV1Message,
  notificationRequestedV1Schema,
} from './notification-requested/notification-requested.v1';
import {
  ORDER_ACCEPTED_V1,
  type OrderAcceptedV1Message,
  orderAcceptedV1Schema,
} from './order-accepted/order-accepted.v1';
import {
  ORDER_CANCELLED_V1,
  type OrderCancelledV1Message,
  orderCancelledV1Schema,
} from './order-cancelled/order-cancelled.v1';
import {
  ORDER_CONFIRMED_V1,
  type OrderConfirmedV1Message,
  orderConfirmedV1Schema,
} from './order-confirmed/order-confirmed.v1';
import {
  ORDER_PLACED_V1,
  type OrderPlacedV1Message,
  orderPlacedV1Schema,
} from './order-placed/order-placed.v1';
import {
  ORDER_PLACED_V2,
  type OrderPlacedV2Message,
  orderPlacedV2Schema,
} from './order-placed/order-placed.v2';
import {
  ORDER_REJECTED_V1,
  type OrderRejectedV1Message,
  orderRejectedV1Schema,
} from './order-rejected/order-rejected.v1';
import {
  RESERVE_STOCK_V1,
  type ReserveStockV1Message,
  reserveStockV1Schema,
} from './reserve-stock/reserve-stock.v1';
import {
  STOCK_REJECTED_V1,
  type StockRejectedV1Message,
  stockRejectedV1Schema,
} from './stock-rejected/stock-rejected.v1';
import {
  STOCK_RELEASED_V1,
  type StockReleasedV1Message,
  stockReleasedV1Schema,
} from './stock-released/stock-released.v1';
import {
  STOCK_RESERVED_V1,
  type StockReservedV1Message,
  stockReservedV1Schema,
} from './stock-reserved/stock-reserved.v1';

/** Every message type commlab knows, with the schema of its `data`. Add a version here to accept it. */
export const MESSAGE_DATA_SCHEMAS = {
  [ORDER_PLACED_V1]: orderPlacedV1Schema,
  [ORDER_PLACED_V2]: orderPlacedV2Schema,
  [ORDER_ACCEPTED_V1]: orderAcceptedV1Schema,
  [ORDER_CONFIRMED_V1]: orderConfirmedV1Schema,
  [ORDER_REJECTED_V1]: orderRejectedV1Schema,
  [ORDER_CANCELLED_V1]: orderCancelledV1Schema,
  [RESERVE_STOCK_V1]: reserveStockV1Schema,
  [STOCK_RESERVED_V1]: stockReservedV1Schema,
  [STOCK_REJECTED_V1]: stockRejectedV1Schema,
  [STOCK_RELEASED_V1]: stockReleasedV1Schema,
  [NOTIFICATION_REQUESTED_V1]: notificationRequestedV1Schema,
} as const satisfies Record<string, z.ZodType>;

export type MessageType = keyof typeof MESSAGE_DATA_SCHEMAS;

export const MESSAGE_TYPES = Object.keys(MESSAGE_DATA_SCHEMAS) as MessageType[];

/** Any valid commlab message; narrow it with `message.type`. */
export type CommlabMessage =
  | OrderPlacedV1Message
  | OrderPlacedV2Message
  | OrderAcceptedV1Message
  | OrderConfirmedV1Message
  | OrderRejectedV1Message
  | OrderCancelledV1Message
  | ReserveStockV1Message
  | StockReservedV1Message
  | StockRejectedV1Message
  | StockReleasedV1Message
  | NotificationRequestedV1Message;

export type MessageOf<Type extends MessageType> = Extract<CommlabMessage, { type: Type }>;

export function isMessageType(type: string): type is MessageType {
  return Object.hasOwn(MESSAGE_DATA_SCHEMAS, type);
}
