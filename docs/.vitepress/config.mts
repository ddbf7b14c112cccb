import { defineConfig } from 'vitepress';
import { withMermaid } from 'vitepress-plugin-mermaid';
import { apiSidebar, guideSidebar } from './sidebars';

const zh = {
  start: '开始',
  gettingStarted: '快速上手',
  concepts: '核心概念',
  flows: '流程',
  builtInFlows: '内置流程',
  diagrams: '状态图',
  writingFlows: '编写流程',
  sla: '时限与工作日历',
  escalation: '升级（难事联办）',
  notifications: '通知',
  intake: '外部工单接入',
  metrics: '考核指标',
  adapters: '适配器',
  adaptersOverview: '概览与自定义适配器',
  storage: '存储适配器',
  postgres: 'Postgres',
  wecom: '企业微信',
  hotline: '12345 热线',
  open311: 'Open311',
  running: '部署与运维',
  server: '区级服务与看板',
  operations: '运维',
  migration: '流程版本迁移',
  growth: '超出单个 Postgres',
  benchmarks: '性能测试',
  architecture: '架构参考',
};

const en = {
  start: 'Start',
  gettingStarted: 'Getting started',
  concepts: 'Concepts',
  flows: 'Flows',
  builtInFlows: 'Built-in flows',
  diagrams: 'Diagrams',
  writingFlows: 'Writing flows',
  sla: 'SLAs and the calendar',
  escalation: 'Escalation',
  notifications: 'Notifications',
  intake: 'Intake',
  metrics: 'Metrics',
  adapters: 'Adapters',
  adaptersOverview: 'Overview and your own',
  storage: 'Storage adapters',
  postgres: 'Postgres',
  wecom: 'WeCom',
  hotline: '12345 hotline',
  open311: 'Open311',
  running: 'Running it',
  server: 'District server and dashboard',
  operations: 'Operations',
  migration: 'Migrating flow versions',
  growth: 'Past one Postgres',
  benchmarks: 'Benchmarks',
  architecture: 'Architecture reference',
};

export default withMermaid(
  defineConfig({
    title: 'gridflow',
    cleanUrls: false,
    lastUpdated: false,
    // Not pages: the sample checker and screenshot scripts, and the raw generated diagram pages (rendered
    // through guide/diagrams/[flow] in each locale instead).
    srcExclude: ['scripts/**', 'screenshots/**', 'flows/**', 'package.json'],
    // Dead links fail the build (VitePress's default); keep it so.
    ignoreDeadLinks: false,
    themeConfig: {
      search: {
        provider: 'local',
        options: {
          locales: {
            root: {
              translations: {
                button: { buttonText: '搜索文档', buttonAriaLabel: '搜索文档' },
                modal: {
                  noResultsText: '没有结果',
                  resetButtonTitle: '清除查询',
                  footer: { selectText: '选择', navigateText: '切换', closeText: '关闭' },
                },
              },
            },
          },
        },
      },
      socialLinks: [],
    },
    locales: {
      root: {
        label: '简体中文',
        lang: 'zh-CN',
        description: '网格化管理的持久化、可版本化工作流引擎（XState v5）',
        themeConfig: {
          nav: [
            { text: '指南', link: '/guide/getting-started' },
            { text: '适配器', link: '/adapters/' },
            { text: '运维', link: '/operations/' },
            { text: 'API（英文）', link: '/api/' },
          ],
          sidebar: { '/api/': apiSidebar(), '/': guideSidebar('/', zh) },
          outline: { label: '本页目录', level: [2, 3] },
          docFooter: { prev: '上一页', next: '下一页' },
          langMenuLabel: '语言',
          returnToTopLabel: '回到顶部',
          sidebarMenuLabel: '菜单',
          darkModeSwitchLabel: '外观',
        },
      },
      en: {
        label: 'English',
        lang: 'en-US',
        link: '/en/',
        description: 'A durable, versioned XState workflow engine for grid governance',
        themeConfig: {
          nav: [
            { text: 'Guide', link: '/en/guide/getting-started' },
            { text: 'Adapters', link: '/en/adapters/' },
            { text: 'Operations', link: '/en/operations/' },
            { text: 'API', link: '/api/' },
          ],
          sidebar: { '/en/': guideSidebar('/en/', en) },
          outline: { level: [2, 3] },
        },
      },
    },
    mermaid: { securityLevel: 'strict' },
  }),
);
