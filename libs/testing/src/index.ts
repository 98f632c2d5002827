export { freePort } from './free-port';
export { waitFor, WaitForTimeoutError, type WaitForOptions } from './wait-for';
