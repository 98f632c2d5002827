export { type OrderConfig, orderConfigSchema } from './config/order.config';
export {
  type RunningOrderService,
  startOrderService,
  type StartOrderServiceOptions,
} from './start-order-service';
export { RESERVE_TRANSPORTS, type ReserveTransport } from './inventory/stock-reserver';
