/**
 * inventory-service runs one NestJS RabbitMQ server per queue it consumes (a ServerRMQ reads one queue).
 * Each server has its own transport id and each handler names the one it belongs to, so the RPC handler
 * never sees a command and the command handler never sees an RPC request.
 */
export const INVENTORY_RPC_TRANSPORT = Symbol('rmq:inventory.rpc');
export const INVENTORY_COMMANDS_TRANSPORT = Symbol('rmq:inventory.commands');
export const INVENTORY_ORDER_CANCELLATIONS_TRANSPORT = Symbol('rmq:inventory.order-cancellations');
