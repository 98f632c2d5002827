export * from './kafka';
export * from './ports';
export * from './rabbitmq';
export * from './redis';
export * from './http';
