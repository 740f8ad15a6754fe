import { remarkFiveWhys } from './remark-five-whys.ts';
import { remarkSections } from './remark-sections.ts';
import { remarkTimeline } from './remark-timeline.ts';

export { remarkFiveWhys, remarkSections, remarkTimeline };

/** The project's remark plugins, in order: the section wrapper goes last. */
export const remarkPlugins = [remarkTimeline, remarkFiveWhys, remarkSections];
