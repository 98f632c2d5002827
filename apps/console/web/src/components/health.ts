import type { Health } from '../../../src/common/api';

/** The colour class of a health: green up, amber paused / not answering / starting, red down or stopped. */
export function healthTone(health: Health | 'unknown'): 'ok' | 'warn' | 'bad' | 'unknown' {
  switch (health) {
    case 'up':
      return 'ok';
    case 'paused':
    case 'not-answering':
    case 'starting':
    case 'unhealthy':
      return 'warn';
    case 'down':
    case 'stopped':
      return 'bad';
    default:
      return 'unknown';
  }
}

/** `inventory-service` → `inventory`. */
export function shortName(service: string): string {
  return service.replace(/-service$/, '');
}
