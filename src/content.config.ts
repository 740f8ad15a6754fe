import { defineCollection, reference } from 'astro:content';
import { createIncidentSchema, playbookSchema } from './schema/index.ts';
import { contentRoot, loadConfig } from './lib/config.ts';
import { kbGlob } from './lib/loader.ts';

const root = contentRoot();
const config = loadConfig(root);

const incidents = defineCollection({
  loader: kbGlob('incident', `${root}/incidents`),
  schema: createIncidentSchema({ ref: (c) => reference(c), config }),
});

const playbooks = defineCollection({
  loader: kbGlob('playbook', `${root}/playbooks`),
  schema: playbookSchema,
});

export const collections = { incidents, playbooks };
