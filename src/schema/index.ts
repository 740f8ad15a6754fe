export * from './config.ts';
export * from './common.ts';
export * from './incident.ts';
export * from './playbook.ts';
export * from './body-fields.ts';
export * from './json-schema.ts';
export * from './action-items.ts';
