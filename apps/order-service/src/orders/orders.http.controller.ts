import { ApiErrorResponses, ApiZodBody, ApiZodResponse, ZodValidationPipe } from '@commlab/service-kit';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';

import { AuthenticatedGuard, authQuerySchema, RequireOrderScope } from '../auth/authenticated.guard';
import { AUTH_MODES, Principal } from '../auth/principal';
import { SAGA_STYLES } from '@commlab/contracts';

import { RESERVE_TRANSPORTS } from '../inventory/stock-reserver';
import { decideSagaStyle } from './decide-saga-style';
import type { Order } from './order';
import { OrderRepository } from './order.repository';
import {
  listOrdersQuerySchema,
  orderIdParamSchema,
  orderListSchema,
  orderResponseSchema,
  orderWithCallbackSchema,
  type PlaceOrderBody,
  placeOrderBodySchema,
  type PlaceOrderQuery,
  placeOrderQuerySchema,
} from './order.schemas';
import { type DeliveryView, WebhookDeliveryRepository } from '../webhooks/webhook-delivery.repository';
import {
  IDEMPOTENCY_KEY_HEADER,
  IDEMPOTENT_REPLAYED_HEADER,
  parseIdempotencyKey,
} from '../idempotency/idempotency-key';
import { PlaceOrderIdempotently } from './place-order-idempotently.use-case';
import { CancelOrder, orderNotFound } from './cancel-order.use-case';

/** The part of Fastify's reply the controller touches. */
interface HeaderReply {
  status(code: number): unknown;
  header(name: string, value: string): unknown;
}

/** RFC 7240: `Prefer: respond-async` (among other preferences, any case). */
export function prefersAsync(prefer: string | undefined): boolean {
  return (prefer ?? '')
    .split(',')
    .some((preference) => preference.split(';')[0]?.trim().toLowerCase() === 'respond-async');
}

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
@UseGuards(AuthenticatedGuard)
export class OrdersHttpController {
  constructor(
    private readonly placement: PlaceOrderIdempotently,
    private readonly orders: OrderRepository,
    private readonly callbacks: WebhookDeliveryRepository,
    private readonly cancellation: CancelOrder,
  ) {}

  @Post()
  @RequireOrderScope('orders:write')
  @HttpCode(201)
  @ApiOperation({ summary: 'Place an order: verify the token, reserve the stock, store the order' })
  @ApiQuery({
    name: 'transport',
    enum: RESERVE_TRANSPORTS,
    required: false,
    description: 'order → inventory transport',
  })
  @ApiQuery({
    name: 'saga',
    enum: SAGA_STYLES,
    required: false,
    description:
      'async orders only (else 400 SAGA_REQUIRES_ASYNC): `orchestration` (default) — order-service sends ' +
      'inventory a ReserveStock command; `choreography` — it announces OrderAccepted and inventory reacts',
  })
  @ApiQuery({ name: 'auth', enum: AUTH_MODES, required: false, description: 'how the token is verified' })
  @ApiHeader({
    name: 'Prefer',
    required: false,
    description:
      '`respond-async` (RFC 7240): 202 Accepted with Location and the PENDING order; the stock is reserved ' +
      'through RabbitMQ and Kafka, and the result is POSTed to callbackUrl (signed) when given',
  })
  @ApiHeader({
    name: IDEMPOTENCY_KEY_HEADER,
    required: false,
    description:
      '1–255 printable ASCII characters, one per order, reused by its retries (IETF Idempotency-Key draft). A retry ' +
      'with the same key and request replays the first response (`Idempotent-Replayed: true`), with ' +
      'another request → 422 IDEMPOTENCY_KEY_REUSED, while the first is running → 409 ' +
      'IDEMPOTENCY_KEY_IN_PROGRESS with Retry-After. Keys are per user, kept IDEMPOTENCY_KEY_TTL_MS (24 h)',
  })
  @ApiZodBody(placeOrderBodySchema)
  @ApiZodResponse(201, orderResponseSchema, 'the CONFIRMED order (sync)')
  @ApiZodResponse(202, orderResponseSchema, 'the PENDING order (Prefer: respond-async)')
  @ApiErrorResponses(400, 401, 403, 409, 413, 422, 503)
  async place(
    @Principal() principal: Principal,
    @Headers('prefer') prefer: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Query(new ZodValidationPipe(placeOrderQuerySchema, 'query')) query: PlaceOrderQuery,
    @Body(new ZodValidationPipe(placeOrderBodySchema)) body: PlaceOrderBody,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<Order> {
    const mode = prefersAsync(prefer) ? 'async' : 'sync';
    const placement = await this.placement.execute(principal, parseIdempotencyKey(idempotencyKey), {
      mode,
      transport: query.transport,
      saga: decideSagaStyle(mode, query.saga),
      body,
    });
    if (placement.outcome !== 'placed') reply.header(IDEMPOTENT_REPLAYED_HEADER, 'true');
    if (placement.outcome === 'replayed-error') throw placement.error;
    reply.status(placement.status);
    if (placement.location !== null) reply.header('location', placement.location);
    if (placement.order.mode === 'async') reply.header('preference-applied', 'respond-async');
    return placement.order;
  }

  @Get(':id')
  @RequireOrderScope('orders:read')
  @ApiOperation({ summary: "One of the caller's orders (another user's order is a 404)" })
  @ApiQuery({ name: 'auth', enum: AUTH_MODES, required: false })
  @ApiZodResponse(200, orderWithCallbackSchema, 'the order, with its callback deliveries (async orders)')
  @ApiErrorResponses(400, 401, 403, 404, 503)
  async get(
    @Principal() principal: Principal,
    @Param('id', new ZodValidationPipe(orderIdParamSchema, 'order id')) id: string,
  ): Promise<Order & { callback?: DeliveryView }> {
    const order = await this.orders.findForUser(id, principal.userId);
    if (order === undefined) throw orderNotFound(id);
    const callback = await this.callbacks.view(order.id);
    return callback === null ? order : { ...order, callback };
  }

  @Post(':id/cancel')
  @RequireOrderScope('orders:write')
  @HttpCode(200)
  @ApiOperation({
    summary: "Cancel one of the caller's orders (sync or async); inventory releases its stock",
    description:
      'PENDING or CONFIRMED → CANCELLED, and OrderCancelled (commlab.order.cancelled.v1) goes out through the ' +
      'outbox; inventory releases the reservation, or refuses the ReserveStock command of an async order that ' +
      'arrives later. Idempotent: cancelling a CANCELLED order answers 200 with it again. A REJECTED order → ' +
      "409 ORDER_NOT_CANCELLABLE; an unknown order or another user's → 404 ORDER_NOT_FOUND.",
  })
  @ApiQuery({ name: 'auth', enum: AUTH_MODES, required: false, description: 'how the token is verified' })
  @ApiZodResponse(200, orderResponseSchema, 'the CANCELLED order')
  @ApiErrorResponses(400, 401, 403, 404, 409, 503)
  async cancel(
    @Principal() principal: Principal,
    @Param('id', new ZodValidationPipe(orderIdParamSchema, 'order id')) id: string,
  ): Promise<Order> {
    return this.cancellation.execute(principal, id);
  }

  @Get()
  @RequireOrderScope('orders:read')
  @ApiOperation({ summary: "The caller's orders, newest first, a page at a time" })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: '1 to 100, default 20' })
  @ApiQuery({ name: 'cursor', required: false, description: "the previous page's nextCursor" })
  @ApiZodResponse(200, orderListSchema, 'a page of orders and the cursor of the next one')
  @ApiErrorResponses(400, 401, 403, 503)
  async list(
    @Principal() principal: Principal,
    @Query(new ZodValidationPipe(listOrdersQuerySchema.extend(authQuerySchema.shape), 'query'))
    query: z.infer<typeof listOrdersQuerySchema> & z.infer<typeof authQuerySchema>,
  ): Promise<{ orders: Order[]; nextCursor: string | null }> {
    const page = await this.orders.listForUser(principal.userId, query.limit, query.cursor);
    return { orders: page.items, nextCursor: page.nextCursor };
  }
}
