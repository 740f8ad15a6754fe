/**
 * Fields the body fills in (the timeline, the 5 whys, playbook steps, the
 * headings): written in frontmatter they would be silently replaced, so the
 * check reports them (`schema/body-field`) and the editors' JSON Schemas leave
 * them out. Each maps to where it is authored instead.
 */
export const BODY_FIELDS = {
  incident: { timeline: 'the `## Timeline` section', five_whys: 'the `## 5 Whys` section', sections: 'the body headings' },
  playbook: {
    causes: 'the `## Causes` section',
    diagnosis: 'the `## Diagnosis` section',
    fixes: 'the `## Fixes` section',
    sections: 'the body headings',
  },
} as const;
