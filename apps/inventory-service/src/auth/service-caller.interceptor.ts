import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Observable } from 'rxjs';

import { runAsServiceCaller, serviceCallerOf } from './service-caller';

/**
 * Runs a handler whose caller ServiceTokenGuard accepted (guards run before interceptors) with that
 * caller's client id in context, so the stock events it appends record who caused them (`actor`).
 */
@Injectable()
export class ServiceCallerInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const clientId = serviceCallerOf(context);
    if (clientId === undefined) return next.handle();
    return new Observable((subscriber) => {
      const subscription = runAsServiceCaller(clientId, () => next.handle().subscribe(subscriber));
      return () => {
        subscription.unsubscribe();
      };
    });
  }
}
