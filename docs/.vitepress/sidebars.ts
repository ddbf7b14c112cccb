import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DefaultTheme } from 'vitepress';
import { flowPages } from './flow-pages';

type Sidebar = DefaultTheme.SidebarItem[];

const API_SIDEBAR = fileURLToPath(new URL('../api/typedoc-sidebar.json', import.meta.url));

/** The API reference's sidebar, written by `pnpm docs:api`; empty (with a hint) before the first run. */
export function apiSidebar(): Sidebar {
  if (!existsSync(API_SIDEBAR)) return [{ text: 'Run `pnpm docs:api` first', link: '/api/' }];
  return JSON.parse(readFileSync(API_SIDEBAR, 'utf8')) as Sidebar;
}

function diagrams(prefix: string): Sidebar {
  return flowPages().map((page) => ({
    text: page.title.replace(/`/g, ''),
    link: `${prefix}guide/diagrams/${page.name}`,
  }));
}

/** The guide sidebar of one locale; `t` names the sections in its language. */
export function guideSidebar(prefix: string, t: Record<string, string>): Sidebar {
  const l = (text: string, path: string) => ({ text, link: `${prefix}${path}` });
  return [
    {
      text: t.start!,
      items: [l(t.gettingStarted!, 'guide/getting-started'), l(t.concepts!, 'guide/concepts')],
    },
    {
      text: t.flows!,
      items: [
        l(t.builtInFlows!, 'guide/flows'),
        { text: t.diagrams!, collapsed: true, items: diagrams(prefix) },
        l(t.writingFlows!, 'guide/writing-flows'),
        l(t.sla!, 'guide/sla-calendar'),
        l(t.escalation!, 'guide/escalation'),
        l(t.notifications!, 'guide/notifications'),
        l(t.intake!, 'guide/intake'),
        l(t.metrics!, 'guide/metrics'),
      ],
    },
    {
      text: t.adapters!,
      items: [
        l(t.adaptersOverview!, 'adapters/'),
        l(t.storage!, 'adapters/storage'),
        l(t.postgres!, 'adapters/postgres'),
        l(t.wecom!, 'adapters/wecom'),
        l(t.hotline!, 'adapters/hotline'),
        l(t.open311!, 'adapters/open311'),
      ],
    },
    {
      text: t.running!,
      items: [
        l(t.server!, 'guide/district-server'),
        l(t.operations!, 'operations/'),
        l(t.migration!, 'operations/migration'),
        l(t.growth!, 'operations/growth'),
        l(t.benchmarks!, 'operations/benchmarks'),
        l(t.architecture!, 'reference/architecture'),
      ],
    },
  ];
}
