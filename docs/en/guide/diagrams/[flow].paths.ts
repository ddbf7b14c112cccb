import { flowPages } from '../../../.vitepress/flow-pages';

// One page per built-in flow version, from the Markdown `pnpm diagrams` generates into docs/flows/.
export default {
  paths: () =>
    flowPages().map((page) => ({
      params: { flow: page.name, title: page.title.replace(/`/g, '') },
      content: page.body,
    })),
};
