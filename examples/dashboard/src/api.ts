import { reactive } from 'vue';

/** The signed-in member as `/api/session` tells it. */
export interface SessionInfo {
  member: {
    id: string;
    name: string;
    roles: string[];
    roleLabels: string[];
    orgUnit: string;
    unitName: string;
    unitKind: string | null;
  };
  csrfToken: string;
  now: string;
}

/** An error answer of the API: its typed code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const session = reactive<{ info: SessionInfo | null }>({ info: null });

const ERROR_WORDS: Record<string, string> = {
  FORBIDDEN: '无权操作',
  CASE_NOT_FOUND: '案件不存在或无权查看',
  EVENT_NOT_ACCEPTED: '当前状态不接受该操作',
  VALIDATION_FAILED: '填写有误',
  UNAUTHENTICATED: '请先登录',
  CSRF_REJECTED: '请求校验失败，请刷新页面',
  VERSION_CONFLICT: '案件已被他人更新，请重试',
  IDEMPOTENCY_KEY_REUSED: '重复提交',
};

/** The Chinese words for an API error code. */
export function errorWords(error: unknown): string {
  if (error instanceof ApiError)
    return `${ERROR_WORDS[error.code] ?? '出错了'}（${error.code}）：${error.message}`;
  return String(error);
}

/** Call the API as the signed-in member; state-changing calls carry the session's CSRF token. */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.method && init.method !== 'GET' && session.info) headers['x-csrf-token'] = session.info.csrfToken;
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers,
    credentials: 'same-origin',
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
  if (!response.ok) {
    if (response.status === 401) window.location.assign('/auth/sign-in');
    throw new ApiError(
      response.status,
      body.error?.code ?? 'HTTP',
      body.error?.message ?? response.statusText,
    );
  }
  return body as T;
}

/** Load the session, or go to the sign-in page. */
export async function loadSession(): Promise<SessionInfo> {
  session.info = await api<SessionInfo>('/api/session');
  return session.info;
}

/** Whether the member sits in the command centre (调度员、督查员). */
export const isCommandCentre = () =>
  !!session.info?.member.roles.some((r) => r === 'dispatcher' || r === 'supervisor');
export const isResident = () => !!session.info?.member.roles.includes('resident');
