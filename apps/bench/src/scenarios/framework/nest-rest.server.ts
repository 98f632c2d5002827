import type { AddressInfo } from 'node:net';

import type { ReserveStockResponse } from '@commlab/contracts';
import { Body, Controller, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';

import type { RunningServer } from '../../servers/server-kinds';
import { REPLY_MESSAGE } from '../payload';
import { requestIdOf } from './reserve-stock-work';

/**
 * `POST /reservations` doing the raw REST server's fixed work: Fastify has parsed the JSON body, the
 * handler takes its id and returns the fixed reservation, which NestJS answers with 201 (the default
 * status of `@Post`) as JSON.
 */
@Controller('reservations')
export class BenchReservationsController {
  @Post()
  reserve(@Body() body: unknown): ReserveStockResponse {
    requestIdOf(body);
    return REPLY_MESSAGE;
  }
}

/** The whole REST app of `rr.rest.nest*`: the one controller. */
@Module({ controllers: [BenchReservationsController] })
export class BenchRestModule {}

/**
 * Starts BenchRestModule on NestJS's Fastify adapter (as commlab's services run), without logging, on
 * 127.0.0.1 and a free port. Node's HTTP server turns TCP_NODELAY on for every accepted connection.
 */
export async function startNestRestServer(): Promise<RunningServer<{ port: number }>> {
  const app = await NestFactory.create<NestFastifyApplication>(BenchRestModule, new FastifyAdapter(), {
    logger: false,
  });
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    // Closing the app closes idle keep-alive connections with it.
    return { ready: { port }, close: () => app.close() };
  } catch (error) {
    await app.close();
    throw error;
  }
}
