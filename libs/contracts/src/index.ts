export * from './events';
export * from './names';
