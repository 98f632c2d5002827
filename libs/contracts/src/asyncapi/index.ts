export * from './asyncapi-document';
export * from './document-path';
export * from './json-schema';
