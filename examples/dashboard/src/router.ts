import { reactive } from 'vue';

/** The current path and query, kept in the URL so filters can be saved and shared. */
export const route = reactive({
  path: window.location.pathname,
  query: new URLSearchParams(window.location.search),
});

window.addEventListener('popstate', () => {
  route.path = window.location.pathname;
  route.query = new URLSearchParams(window.location.search);
});

/** Go to `path` (with its query), adding a history entry unless `replace`. */
export function navigate(path: string, replace = false): void {
  const url = new URL(path, window.location.origin);
  if (replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  route.path = url.pathname;
  route.query = new URLSearchParams(url.search);
}
