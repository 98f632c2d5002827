export * from './asyncapi-document';
export * from './document-path';
