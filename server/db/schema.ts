// The one drizzle schema object: drizzle-kit reads this file, and so do the drivers.

export * from './attachment-schema.ts';
export * from './auth-attempt-schema.ts';
export * from './auth-schema.ts';
export * from './chat-schema.ts';
export * from './key-schema.ts';
export * from './replicache-schema.ts';
export * from './share-schema.ts';
