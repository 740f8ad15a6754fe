import { defineCollection, reference } from 'astro:content';
import { createIncidentSchema, playbookSchema } from './schema/index.ts';
import { contentRoot, loadConfig } from './core/config.ts';
import { kbLoader } from './build/loader/loader.ts';

const root = contentRoot();
const config = loadConfig(root);

const incidents = defineCollection({
  loader: kbLoader('incident', root),
  schema: createIncidentSchema({ ref: (c) => reference(c), config }),
});

const playbooks = defineCollection({
  loader: kbLoader('playbook', root),
  schema: playbookSchema,
});

export const collections = { incidents, playbooks };
