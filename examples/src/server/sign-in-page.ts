import type { Member, OrgUnit } from '@gridflow/engine';
import { ROLE_LABELS } from './labels.js';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!,
  );

/**
 * The demo-only sign-in page: the district's people by unit, each a button that signs in as them. The form
 * carries a one-time token that must match the `gf_login` cookie (login CSRF).
 *
 * @example
 * ```ts
 * c.html(signInPage({ units, members, token, wecom: true }));
 * ```
 */
export function signInPage(options: {
  units: readonly OrgUnit[];
  members: readonly Member[];
  token: string;
  wecom: boolean;
  demo: boolean;
}): string {
  const byUnit = new Map<string, Member[]>();
  for (const m of options.members) byUnit.set(m.orgUnit, [...(byUnit.get(m.orgUnit) ?? []), m]);
  const sections = options.demo
    ? options.units
        .filter((u) => byUnit.has(u.id))
        .map(
          (u) =>
            `<section><h2>${escapeHtml(u.name)}</h2>${byUnit
              .get(u.id)!
              .map(
                (m) =>
                  `<button name="memberId" value="${escapeHtml(m.id)}" data-member="${escapeHtml(m.id)}">${escapeHtml(m.name)}<small>${escapeHtml(
                    m.roles.map((r) => ROLE_LABELS[r] ?? r).join('、'),
                  )}</small></button>`,
              )
              .join('')}</section>`,
        )
        .join('')
    : '';
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>登录 · 滨江区城运中心</title>
<style>body{font-family:system-ui,"WenQuanYi Micro Hei",sans-serif;margin:2rem;background:#f4f6f9}h1{color:#1d3b6a}
section{background:#fff;border-radius:6px;padding:.5rem 1rem;margin:.5rem 0}h2{font-size:1rem;margin:.4rem 0}
button{margin:.2rem;padding:.3rem .6rem;border:1px solid #c8d1de;border-radius:4px;background:#fff;cursor:pointer}
button small{display:block;color:#718096;font-size:.7rem}.wecom{display:inline-block;padding:.6rem 1.2rem;background:#2b6de0;color:#fff;border-radius:4px;text-decoration:none}</style>
</head><body><h1>滨江区城市运行管理平台 · 登录</h1>
${options.wecom ? '<p><a class="wecom" href="/auth/wecom">企业微信登录</a></p>' : ''}
${options.demo ? `<p>演示用：选择模拟区中的一位人员登录（仅演示环境提供）。</p><form method="post" action="/auth/demo"><input type="hidden" name="token" value="${escapeHtml(options.token)}">${sections}</form>` : ''}
</body></html>`;
}
